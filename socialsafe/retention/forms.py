from django import forms
from django.utils.timezone import localdate

from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.retention.models import Action
from socialsafe.retention.schedule import OVERRIDABLE

CONFIRM_WORD = "destroy"


class ReasonForm(ClearErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=2000, error_messages={"required": "Enter the reason."}, widget=forms.Textarea
    )


class HoldForm(ReasonForm):
    reference = forms.CharField(
        label="Case reference", max_length=20, error_messages={"required": "Enter the case reference."}
    )


class KeepForm(ReasonForm):
    next_review_on = forms.DateField(
        label="Review it again on",
        widget=DateInput(),
        error_messages={"required": "Enter the next review date.", "invalid": "Enter a real date."},
    )

    def clean_next_review_on(self):
        day = self.cleaned_data["next_review_on"]
        if day <= localdate():
            raise forms.ValidationError("The next review date must be in the future.")
        return day


class DestroyForm(ClearErrorsMixin, forms.Form):
    confirm = forms.CharField(
        label=f"Type {CONFIRM_WORD} to confirm", max_length=20, error_messages={"required": "Type destroy to confirm."}
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != CONFIRM_WORD:
            raise forms.ValidationError(f"Type {CONFIRM_WORD} to confirm.")
        return CONFIRM_WORD


class OverrideForm(ClearErrorsMixin, forms.Form):
    record_class = forms.ChoiceField(
        label="Record class",
        choices=[(c.key, c.label) for c in OVERRIDABLE],
        error_messages={"required": "Choose a record class.", "invalid_choice": "Choose a record class."},
    )
    years = forms.IntegerField(
        label="Years",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the years.",
            "invalid": "Enter a whole number of years.",
            "min_value": "Years cannot be negative.",
            "max_value": "Enter 100 years or fewer.",
        },
    )
    months = forms.IntegerField(
        label="and months",
        min_value=0,
        max_value=11,
        required=False,
        error_messages={
            "invalid": "Enter a whole number of months.",
            "min_value": "Months cannot be negative.",
            "max_value": "Enter 11 months or fewer.",
        },
    )
    action = forms.ChoiceField(
        label="Then",
        choices=[(Action.REVIEW, "Review"), (Action.DESTROY, "Destroy")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose review or destroy.", "invalid_choice": "Choose review or destroy."},
    )
    note = forms.CharField(
        label="Why (shown to schools)", max_length=500, error_messages={"required": "Say why the rule differs."}
    )
