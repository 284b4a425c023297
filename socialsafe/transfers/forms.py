from django import forms
from django.utils.timezone import localdate

from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.schools.models import Pupil, School, SchoolClass

MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024


class LeaverForm(ClearErrorsMixin, forms.Form):
    pupil = forms.ModelChoiceField(queryset=Pupil.objects.none(), label="Pupil who has left")
    left_on = forms.DateField(
        label="Date they left",
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 23 3 2027."},
    )

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = Pupil.objects.current().filter(school=school).select_related("school_class")
        self.fields["pupil"].label_from_instance = lambda p: f"{p.full_name} ({p.school_class.name}, {p.reference})"

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > localdate():
            raise forms.ValidationError("The date they left cannot be in the future.")
        return left_on


class PackageForm(ClearErrorsMixin, forms.Form):
    recipient_school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        required=False,
        label="New school, if it uses this SocialSafe",
        empty_label="It does not: I will type its name",
    )
    recipient_name = forms.CharField(max_length=200, required=False, label="Or the new school's name")

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_school"].queryset = School.objects.exclude(pk=school.pk)

    def clean(self):
        data = super().clean()
        if not data.get("recipient_school") and not (data.get("recipient_name") or "").strip():
            raise forms.ValidationError("Choose the new school, or type its name if it does not use this SocialSafe.")
        return data


class PupilChoiceForm(ClearErrorsMixin, forms.Form):
    pupil = forms.ModelChoiceField(
        queryset=Pupil.objects.none(),
        required=False,
        label="Pupil on your roll",
        empty_label="Match by name and date of birth",
    )
    add_to_class = forms.ModelChoiceField(
        queryset=SchoolClass.objects.none(),
        required=False,
        label="Or add them to the roll in class",
        empty_label="Do not add them: they are on the roll",
    )
    reference = forms.CharField(max_length=40, required=False, label="Their pupil number here (when adding them)")

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = Pupil.objects.current().filter(school=school).select_related("school_class")
        self.fields["pupil"].label_from_instance = lambda p: f"{p.full_name}, born {p.date_of_birth:%-d %b %Y}"
        self.fields["add_to_class"].queryset = SchoolClass.objects.filter(school=school)

    def clean(self):
        data = super().clean()
        if data.get("pupil") and data.get("add_to_class"):
            raise forms.ValidationError("Choose a pupil on your roll or a class to add them to, not both.")
        if data.get("add_to_class") and not (data.get("reference") or "").strip():
            self.add_error("reference", "Enter the pupil number to give them here.")
        return data


class ImportForm(PupilChoiceForm):
    package = forms.FileField(label="Transfer file (.sstransfer)")
    code = forms.CharField(max_length=100, label="Transfer code", help_text="As the sending school gave it to you.")

    fingerprint = forms.CharField(
        max_length=40,
        required=False,
        label="Sender's key fingerprint (optional)",
        help_text="If the sending school read it to you by phone, type it: a file signed by any other key is refused.",
    )

    field_order = ["package", "code", "fingerprint", "pupil", "add_to_class", "reference"]

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if upload.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError("The file is larger than 2 GB: ask the sending school to check it.")
        return upload


class ReceiptForm(ClearErrorsMixin, forms.Form):
    receipt = forms.FileField(label="Receipt file (.ssreceipt)")

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        if upload.size > 64 * 1024:
            raise forms.ValidationError("That file is too large to be a receipt.")
        return upload.read()
