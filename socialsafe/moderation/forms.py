from decimal import Decimal

from django import forms

from socialsafe.lib.forms import ClearErrorsMixin
from socialsafe.moderation.models import DEFAULT_THRESHOLDS, LABEL_NAMES


class DismissForm(ClearErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it dismissed?",
        max_length=500,
        error_messages={"required": "Say why the suggestion is dismissed."},
    )


class ThresholdsForm(ClearErrorsMixin, forms.Form):
    """One score per label between 0.05 and 0.99: lower suggests more, higher suggests less."""

    def __init__(self, *args, thresholds, **kwargs):
        super().__init__(*args, **kwargs)
        for label in DEFAULT_THRESHOLDS:
            self.fields[label] = forms.DecimalField(
                label=f"Suggest ‘{LABEL_NAMES[label]}’ from a score of",
                min_value=Decimal("0.05"),
                max_value=Decimal("0.99"),
                decimal_places=2,
                initial=thresholds.for_label(label),
                help_text=f"Default {DEFAULT_THRESHOLDS[label]:.2f}.",
                error_messages={
                    "min_value": "Use a score of at least 0.05.",
                    "max_value": "Use a score of 0.99 or less.",
                    "invalid": "Enter a number such as 0.6.",
                },
            )

    def values(self) -> dict[str, float]:
        return {label: float(self.cleaned_data[label]) for label in DEFAULT_THRESHOLDS}
