from django import forms

from socialsafe.schools.roster import KINDS


class RosterImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file list?",
        choices=[(k.name, k.label) for k in KINDS.values()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file lists."},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Save the spreadsheet as 'CSV UTF-8'. The first row names the columns.",
        error_messages={"required": "Choose a CSV file to upload.", "empty": "The file is empty."},
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(f"The file is larger than {self.max_bytes // (1024 * 1024)} MB.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file (its name ends in .csv).")
        return upload


class PupilSearchForm(forms.Form):
    q = forms.CharField(label="Name or pupil number", required=False, max_length=100)
    school_class = forms.ChoiceField(label="Class", required=False)

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].choices = [("", "All classes")] + [(str(c.pk), c.name) for c in classes]
