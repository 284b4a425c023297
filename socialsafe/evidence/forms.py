import datetime as dt

from django import forms
from django.utils.timezone import localdate, make_aware, now

from socialsafe.incidents.models import Platform
from socialsafe.lib.forms import ClearErrorsMixin, DateInput, TimeInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    input_type = "file"


class EvidenceForm(ClearErrorsMixin, forms.Form):
    """What the policy asks to be kept with a screenshot: when, by whom, where, and on what legitimate grounds."""

    files = forms.FileField(
        label="Screenshots, PDFs or chat exports",
        help_text="PNG, JPEG, WebP or HEIC images, PDFs, or a chat exported as text. You can choose several at once.",
        widget=MultipleFileInput(attrs={"multiple": True, "accept": "image/*,.heic,.pdf,.txt"}),
        required=False,  # files arrive through the vault's own upload handler, checked in the view
    )
    posted_on = forms.DateField(label="Date the messages were posted (if known)", required=False, widget=DateInput())
    posted_time = forms.TimeField(label="Time posted (if known)", required=False, widget=TimeInput())
    captured_on = forms.DateField(label="Date the screenshot was taken", widget=DateInput(), initial=localdate)
    captured_time = forms.TimeField(label="Time the screenshot was taken", widget=TimeInput())
    captured_by = forms.CharField(label="Who took the screenshots", max_length=150)
    platform = forms.ChoiceField(label="Platform", choices=[("", "Choose a platform"), *Platform.choices])
    url = forms.URLField(
        label="Link (if there is one)",
        required=False,
        max_length=1000,
        error_messages={"invalid": "Enter the full link, starting with https://"},
    )
    author_shown = forms.CharField(label="Author's name or handle, as shown", required=False, max_length=200)
    grounds = forms.CharField(
        label="Legitimate grounds for collecting it",
        help_text="The policy asks that screenshots be taken only when there are legitimate grounds. For example: "
        "evidence of threats against a member of staff, needed for the school's response and a possible PSNI report.",
        widget=forms.Textarea,
        max_length=2000,
    )

    def clean(self):
        d = super().clean()
        captured = self._when(d.get("captured_on"), d.get("captured_time"))
        posted = self._when(d.get("posted_on"), d.get("posted_time")) if d.get("posted_on") else None
        if d.get("posted_time") and not d.get("posted_on"):
            self.add_error("posted_on", "Enter the date the messages were posted, or leave the time empty.")
        if captured and d.get("captured_time") and captured > now() + dt.timedelta(minutes=5):
            self.add_error("captured_on", "The screenshot cannot have been taken in the future.")
        if posted and captured and posted > captured:
            self.add_error("posted_on", "The messages must have been posted before the screenshot was taken.")
        d["captured_at"], d["posted_at"] = captured, posted
        return d

    @staticmethod
    def _when(day, time):
        if day is None:
            return None
        return make_aware(dt.datetime.combine(day, time or dt.time(12, 0)))


class BundleForm(ClearErrorsMixin, forms.Form):
    recipient = forms.ChoiceField(
        label="Who is the bundle for?",
        widget=forms.RadioSelect,
        choices=[
            ("PSNI", "The PSNI"),
            ("Education Authority Legal Department", "The Education Authority Legal Department"),
            ("Other", "Someone else (say who in the summary)"),
        ],
    )
    signed_off_by = forms.CharField(
        label="Your full name, to sign off the summary",
        max_length=150,
        help_text="You confirm the files are the originals as received, with their custody log.",
    )
