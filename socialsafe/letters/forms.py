from django import forms
from django.db.models import Q

from socialsafe.incidents.models import Incident
from socialsafe.letters import merge
from socialsafe.letters.models import LetterTemplate
from socialsafe.letters.services import letter_values
from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.registers.models import PremisesBan
from socialsafe.schools.fields import GuardianChoiceField, MemberChoiceField
from socialsafe.schools.models import Guardian, Member
from socialsafe.schools.roles import STAFF_ROLES


class BanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PremisesBan) -> str:
        return f"{obj.name}: {obj.starts_on:%-d %b %Y} to {obj.ends_on:%-d %b %Y}"


class IssueForm(ClearErrorsMixin, forms.Form):
    template = forms.ModelChoiceField(queryset=LetterTemplate.objects.none(), widget=forms.HiddenInput)
    recipient = GuardianChoiceField(
        queryset=Guardian.objects.none(),
        required=False,
        label="Parent or carer it is addressed to",
        empty_label="Someone else (type their name below)",
    )
    recipient_name = forms.CharField(label="Or someone else: their name", required=False, max_length=300)
    recipient_address = forms.CharField(
        label="Address (for a posted letter)", required=False, widget=forms.Textarea, max_length=1000
    )
    names = forms.CharField(
        label="Names after ‘Dear’",
        required=False,
        max_length=300,
        help_text="For example Mr and Mrs Poster. Leave empty to use the name of the parent or carer chosen above.",
    )
    note_taker = MemberChoiceField(
        queryset=Member.objects.none(), required=False, label="Colleague who will take notes", empty_label="Nobody"
    )
    premises_ban = BanChoiceField(
        queryset=PremisesBan.objects.none(), required=False, label="Premises register entry", empty_label="None"
    )
    meeting_date = forms.DateField(
        label="Date of the meeting",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date."},
    )
    event_words = forms.ChoiceField(
        label="The comments are about",
        choices=[("an event", "an event"), ("events", "events")],
        initial="an event",
        widget=forms.RadioSelect,
        required=False,
    )
    raise_with = forms.ChoiceField(
        label="Concerns should be raised with",
        choices=[("me", "me"), ("me or the class teacher", "me or the class teacher")],
        initial="me",
        widget=forms.RadioSelect,
        required=False,
    )
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(
        label="The letter",
        widget=forms.Textarea,
        max_length=merge.MAX_LENGTH,
        help_text="Edit the wording for this letter. Merge fields such as {{ parent_names }} are filled in from the "
        "case and the choices above.",
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        school = incident.school
        self.fields["template"].queryset = LetterTemplate.objects.filter(school=school)
        self.fields["recipient"].queryset = Guardian.objects.filter(school=school).prefetch_related(
            "links__pupil__school_class"
        )
        self.fields["note_taker"].queryset = (
            Member.objects.filter(school=school, is_active=True, roles__role__in=STAFF_ROLES)
            .exclude(exclusion_filter(incident))
            .prefetch_related("roles")
            .distinct()
        )
        self.fields["premises_ban"].queryset = PremisesBan.objects.filter(incident=incident).select_related("guardian")
        self.filled_subject = self.filled_text = ""
        self.values: dict[str, str] = {}

    @property
    def recipient_display(self) -> str:
        data = self.cleaned_data
        return data["recipient"].display_name if data.get("recipient") else (data.get("recipient_name") or "").strip()

    def clean(self):
        data = super().clean()
        if not data.get("recipient") and not (data.get("recipient_name") or "").strip():
            self.add_error("recipient", "Choose the parent or carer the letter is addressed to, or type a name.")
            return data
        if self.errors:
            return data
        names = (data.get("names") or "").strip() or (dear_name(data["recipient"]) if data.get("recipient") else "")
        self.values = letter_values(
            incident=self.incident,
            names=names,
            recipient_name=self.recipient_display,
            note_taker=data.get("note_taker"),
            premises_ban=data.get("premises_ban"),
            meeting_date=data.get("meeting_date"),
            event_words=data.get("event_words") or "an event",
            raise_with=data.get("raise_with") or "me",
        )
        for field, attr in (("subject", "filled_subject"), ("body", "filled_text")):
            try:
                setattr(self, attr, merge.render(data[field], self.values))
            except merge.MergeError as exc:
                for problem in exc.problems:
                    self.add_error(field, problem)
        return data


def dear_name(guardian: Guardian) -> str:
    """How a letter greets a parent: Mrs Robinson, or the full name when there is no title."""
    return f"{guardian.title} {guardian.last_name}" if guardian.title else f"{guardian.first_name} {guardian.last_name}"


def exclusion_filter(incident: Incident):
    """People named in the case cannot take notes at a meeting about it."""
    return Q(user_id__in=incident.exclusions.values("user_id"))


class TemplateForm(ClearErrorsMixin, forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        labels = {"body": "Wording"}
        widgets = {"body": forms.Textarea}

    def clean_subject(self) -> str:
        return self._check("subject")

    def clean_body(self) -> str:
        return self._check("body")

    def _check(self, name: str) -> str:
        try:
            merge.check(self.cleaned_data[name])
        except merge.MergeError as exc:
            raise forms.ValidationError(exc.problems) from None
        return self.cleaned_data[name]

    def preview(self) -> tuple[str, str]:
        """The subject and text filled in with sample values, to show how the wording reads."""
        return merge.render(self.cleaned_data["subject"], merge.SAMPLE), merge.render(
            self.cleaned_data["body"], merge.SAMPLE
        )


class SendForm(ClearErrorsMixin, forms.Form):
    to = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address to send the letter to.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
