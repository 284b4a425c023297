from django import forms

from socialsafe.lib.forms import ClearErrorsMixin

STALE = "This page was out of date. Read the current staff guidance, then confirm."


class AttestForm(ClearErrorsMixin, forms.Form):
    # Which version the page showed: a page left open while a new version was published is refused, not counted.
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=dict.fromkeys(("required", "invalid"), STALE))
    privacy_checked = forms.BooleanField(
        label="I have checked the privacy and security settings of my personal social media accounts",
        error_messages={
            "required": "Tick the box to confirm that you have checked your privacy and security settings."
        },
    )
    guidance_read = forms.BooleanField(
        label="I have read the current staff guidance",
        error_messages={"required": "Tick the box to confirm that you have read the current staff guidance."},
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["version"].initial = version.pk
            self.fields["guidance_read"].label = f"I have read the current staff guidance (version {version.label})"
