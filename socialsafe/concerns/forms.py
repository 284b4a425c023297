import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate, localtime

from socialsafe.concerns.models import Concern, ReplyTemplate, Topic
from socialsafe.incidents.models import Ground, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.schools.fields import PupilChoiceField
from socialsafe.schools.models import Member, Pupil, Relationship, SchoolClass
from socialsafe.schools.roles import GOVERNOR_ROLES, STAFF_ROLES

# Control characters other than tab and newlines: never typed by a person, often a sign of a hostile tool.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value: str) -> None:
    if _CONTROL.search(value):
        raise ValidationError("Remove the unusual characters from your text (they may come from copying and pasting).")


def _text(label: str, max_length: int, *, help_text: str = "", required: bool = True, rows: bool = True):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea if rows else forms.TextInput,
        validators=[no_control_characters],
        error_messages={"max_length": f"Keep this to {max_length:,} characters or fewer."},
    )


class ConcernForm(ClearErrorsMixin, forms.Form):
    """The public form: no account needed."""

    name = _text("Your name", 100, rows=False)
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will email you a link to check that the address is yours. "
        "Your concern is sent once you have used the link.",
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )
    relationship = forms.ChoiceField(
        label="How are you related to the child? (optional)",
        choices=[("", "Prefer not to say"), *Relationship.choices],
        required=False,
    )
    school_class = forms.ModelChoiceField(
        label="Your child's class (optional)",
        queryset=SchoolClass.objects.none(),
        required=False,
        empty_label="Not given",
    )
    topic = forms.ChoiceField(label="What is it about?", choices=Topic.choices, widget=forms.RadioSelect)
    what_happened = _text(
        "What happened?",
        5000,
        help_text="Say what happened, when and who was involved, as far as you know. Please do not paste other "
        "children's photos or personal details.",
    )
    wanted_outcome = _text("What would you like to happen?", 2000)
    # A field people never see: software that fills in every box gives itself away.
    website = forms.CharField(label="Leave this blank", required=False, max_length=200)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(school=school)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def concern_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"].strip().lower(),
            "relationship": data["relationship"],
            "school_class": data["school_class"],
            "topic": data["topic"],
            "what_happened": data["what_happened"].strip(),
            "wanted_outcome": data["wanted_outcome"].strip(),
        }


class ReplyForm(ClearErrorsMixin, forms.Form):
    text = _text("Your reply", 10000, help_text="The parent sees it on their status page and by email.")


class TemplatePickForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Start from a reply template", queryset=ReplyTemplate.objects.none(), empty_label="Choose a template"
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(school=school)


class CaseForm(ClearErrorsMixin, forms.Form):
    """The few facts a case needs that a parent's concern does not give. Nothing is chosen for the Principal: the
    concern's words are the parent's, and the facts the policy's rules read are the school's to decide."""

    kind = forms.ChoiceField(
        label="What kind of incident is it?",
        choices=[("", "Choose the kind of incident"), *Kind.choices],
        error_messages={"required": "Choose what kind of incident it is."},
    )
    summary = _text("In a sentence, what happened?", 200, rows=False)
    occurred_on = forms.DateField(label="Date it happened", widget=DateInput)
    out_of_hours = forms.ChoiceField(
        label="Did it happen outside school hours?",
        choices=[("no", "No, during the school day"), ("yes", "Yes, outside school hours")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it happened outside school hours."},
    )
    grounds = forms.MultipleChoiceField(
        label="If outside school hours: the school's grounds to act",
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The policy lets the school act on something outside school hours only on one of these grounds.",
    )
    platform = forms.ChoiceField(
        label="Where was it posted?",
        choices=[("", "Choose where it was posted"), *Platform.choices],
        error_messages={"required": "Choose where it was posted."},
    )
    target_kind = forms.ChoiceField(label="Who was targeted?", choices=TargetKind.choices)
    target_pupil = PupilChoiceField(
        label="If a pupil: who?", queryset=Pupil.objects.none(), required=False, empty_label="Choose the pupil"
    )
    target_member = forms.ModelChoiceField(
        label="If a member of staff or a governor: who?",
        queryset=Member.objects.none(),
        required=False,
        help_text="They will not be able to see the case.",
    )
    responsible_kind = forms.ChoiceField(
        label="Who is responsible?", choices=ResponsibleKind.choices, initial=ResponsibleKind.UNKNOWN
    )

    def __init__(self, *args, concern: Concern, **kwargs):
        children = list(concern.guardian.pupils.all()) if concern.guardian_id else []
        initial = {
            "summary": f"Parent's concern {concern.reference}: {concern.get_topic_display()}"[:200],
            # As text: the shared field template prints the value as it is, and a date input needs ISO dates.
            "occurred_on": (
                localtime(concern.confirmed_at).date() if concern.confirmed_at else localdate()
            ).isoformat(),
            "target_kind": TargetKind.PUPIL if concern.topic in ("bullying", "photos", "online_safety") else "school",
            # A parent writing about their only child is most likely writing about that child.
            "target_pupil": children[0].pk if len(children) == 1 else None,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["target_member"].queryset = (
            Member.objects.filter(school=concern.school, is_active=True, roles__role__in=STAFF_ROLES | GOVERNOR_ROLES)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["target_pupil"].queryset = (
            Pupil.objects.filter(school=concern.school)
            .current()
            .select_related("school_class")
            .order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if data.get("target_kind") in (TargetKind.STAFF, TargetKind.GOVERNOR) and not data.get("target_member"):
            self.add_error("target_member", "Choose the member of staff or governor who is targeted.")
        if data.get("target_kind") == TargetKind.PUPIL and not data.get("target_pupil"):
            self.add_error("target_pupil", "Choose the pupil who is targeted.")
        if data.get("out_of_hours") != "yes":
            data["grounds"] = []
        data["out_of_hours"] = data.get("out_of_hours") == "yes"
        return data

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > localdate():
            raise ValidationError("The date it happened cannot be in the future.")
        return day


class NoteForm(forms.Form):
    note = _text("Note (optional)", 2000, required=False)


class ReplyTemplateForm(ClearErrorsMixin, forms.Form):
    title = _text("Title", 100, rows=False, help_text="Only the school sees it.")
    text = _text("Text of the reply", 5000)


class SettingsForm(ClearErrorsMixin, forms.Form):
    response_days = forms.IntegerField(
        label="We answer within how many school days?",
        min_value=1,
        max_value=30,
        help_text="Parents are told this when their concern arrives.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class PublishForm(ClearErrorsMixin, forms.Form):
    label = _text("Version", 20, rows=False, help_text="For example 2.0, or September 2026.")
    published_on = forms.DateField(label="Publish date", widget=DateInput, initial=lambda: localdate().isoformat())
    text = _text("The text of this version", 60000, help_text="Parents or staff read this text and acknowledge it.")


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read this version and I understand it",
        error_messages={"required": "Tick the box to confirm that you have read it."},
    )


class ConsentForm(ClearErrorsMixin, forms.Form):
    may_publish = forms.ChoiceField(
        label="May the school publish photos or videos of your child?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="For example on the school website, its official social media accounts and in newsletters.",
    )


# --- Part "public" (issue 18): the parent's answer, the school's crest ---


class AnswerForm(ClearErrorsMixin, forms.Form):
    """The parent's answer to the school's reply, on their status page."""

    text = _text(
        "Your answer",
        5000,
        help_text="The Principal reads it with the rest of your concern. You can write up to 5,000 characters.",
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Write your answer.")
        return text


class CrestForm(ClearErrorsMixin, forms.Form):
    crest = forms.FileField(
        label="Upload the school's crest",
        help_text="A PNG or JPEG image, 1 MB or smaller. It is shown on the school's public pages.",
        error_messages={"required": "Choose an image of the crest.", "empty": "The file you chose is empty."},
    )
