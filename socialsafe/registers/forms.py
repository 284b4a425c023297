from django import forms
from django.utils.timezone import localdate

from socialsafe.incidents import rules
from socialsafe.incidents.models import Incident
from socialsafe.lib.dates import add_months
from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.registers.models import (
    AccountReport,
    IctBan,
    PremisesBan,
    TeachingAccount,
    four_month_error,
)
from socialsafe.schools.fields import GuardianChoiceField, PupilChoiceField
from socialsafe.schools.models import Guardian, Pupil, SchoolClass

_DATE_ERRORS = {"invalid": "Enter a real date, for example 23 3 2027."}


class PremisesBanForm(ClearErrorsMixin, forms.ModelForm):
    guardian = GuardianChoiceField(
        queryset=Guardian.objects.none(),
        required=False,
        label="Parent or carer",
        empty_label="Someone else (type their name below)",
    )

    class Meta:
        model = PremisesBan
        fields = ["guardian", "person_name", "reason", "starts_on", "ends_on", "review_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "review_on": DateInput()}
        labels = {"person_name": "Or the name of someone else", "reason": "Reason"}
        help_texts = {
            "ends_on": "At least four months after the start: the policy bars a parent or carer for a minimum of "
            "four months.",
            "review_on": "You will be reminded by email before this date and before the end date.",
        }
        error_messages = {f: _DATE_ERRORS for f in ("starts_on", "ends_on", "review_on")}

    def __init__(self, *args, incident: Incident, **kwargs):
        today = localdate()
        kwargs.setdefault(
            "initial",
            {
                "guardian": incident.responsible_guardian_id,
                # ISO strings: a date object would be shown in the British format, which <input type=date> refuses.
                "starts_on": today.isoformat(),
                "ends_on": add_months(today, rules.PREMISES_BAR_MINIMUM_MONTHS).isoformat(),
                "review_on": add_months(today, rules.PREMISES_BAR_MINIMUM_MONTHS - 1).isoformat(),
                "reason": f"{incident.get_kind_display()} (case {incident.reference}).",
            },
        )
        kwargs.setdefault("instance", PremisesBan(school=incident.school, incident=incident))
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = Guardian.objects.filter(school=incident.school).prefetch_related(
            "links__pupil__school_class"
        )

    def clean(self):
        data = super().clean()
        if message := four_month_error(data.get("starts_on"), data.get("ends_on")):
            self.add_error("ends_on", message)
        return data


class LiftForm(ClearErrorsMixin, forms.Form):
    reason = forms.CharField(label="Why is the bar lifted early?", widget=forms.Textarea, max_length=2000)


class ReceptionCheckForm(ClearErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Full name of the adult at reception",
        max_length=200,
        help_text="First name and surname, for example Dana Poster. A surname alone also finds possible matches.",
        error_messages={"required": "Enter the person's name."},
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class IctBanForm(ClearErrorsMixin, forms.ModelForm):
    pupil = PupilChoiceField(queryset=Pupil.objects.none(), label="Pupil")

    class Meta:
        model = IctBan
        fields = ["pupil", "reason", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        error_messages = {f: _DATE_ERRORS for f in ("starts_on", "ends_on")}

    def __init__(self, *args, incident: Incident, **kwargs):
        kwargs.setdefault("initial", {"pupil": incident.responsible_pupil_id, "starts_on": localdate().isoformat()})
        kwargs.setdefault("instance", IctBan(school=incident.school, incident=incident))
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = (
            Pupil.objects.current().filter(school=incident.school).select_related("school_class")
        )


class ReinstateForm(forms.Form):
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea, max_length=2000)


class AccountRequestForm(ClearErrorsMixin, forms.ModelForm):
    class Meta:
        model = TeachingAccount
        fields = ["service", "name", "url", "purpose", "school_class", "audience", "moderation"]
        labels = {"service": "Service", "purpose": "What it is for"}
        help_texts = {
            "purpose": "The educational work the account is for.",
            "moderation": "Who checks posts and comments, and how often.",
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(school=school)
        self.fields["school_class"].empty_label = "Not for one class"
        self.fields["url"].assume_scheme = "https"


class OfficialAccountForm(AccountRequestForm):
    review_on = forms.DateField(label="Review date", widget=DateInput(), error_messages=_DATE_ERRORS)

    def clean_review_on(self):
        if self.cleaned_data["review_on"] <= localdate():
            raise forms.ValidationError("The review date must be in the future.")
        return self.cleaned_data["review_on"]


class DecisionForm(ClearErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approved", "Approve it"), ("declined", "Decline it")],
        widget=forms.RadioSelect,
    )
    review_on = forms.DateField(
        label="Review date (if approved)", required=False, widget=DateInput(), error_messages=_DATE_ERRORS
    )
    note = forms.CharField(label="Note to the member of staff", required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approved":
            if not data.get("review_on"):
                self.add_error("review_on", "Set a review date for the approved account.")
            elif data["review_on"] <= localdate():
                self.add_error("review_on", "The review date must be in the future.")
        if data.get("decision") == "declined" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the request is declined.")
        return data


class UsedBeforeApprovalForm(ClearErrorsMixin, forms.Form):
    details = forms.CharField(
        label="How was the account used before approval?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say how the account was used before approval."},
    )


class AccountReportForm(ClearErrorsMixin, forms.ModelForm):
    # A field people never see: bots fill it in, and their posts are thrown away.
    website = forms.CharField(required=False, label="Leave this empty")

    class Meta:
        model = AccountReport
        fields = ["service", "account", "details", "reporter_name", "reporter_email"]
        labels = {
            "service": "Which service is it on?",
            "account": "The account's name or web address",
            "details": "What made you think it is not the school's (optional)",
            "reporter_name": "Your name (optional)",
            "reporter_email": "Your email address (optional)",
        }
        help_texts = {
            "service": "For example Facebook, Instagram, TikTok.",
            "reporter_email": "Only if you would like a reply.",
        }
        widgets = {"details": forms.Textarea}

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
