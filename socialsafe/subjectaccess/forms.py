from django import forms

from socialsafe.lib.forms import ClearErrorsMixin, DateInput
from socialsafe.schools.fields import GuardianChoiceField, MemberChoiceField, PupilChoiceField
from socialsafe.schools.models import Guardian, Member, Pupil
from socialsafe.subjectaccess.deadlines import MAX_EXTENSION_MONTHS
from socialsafe.subjectaccess.models import SarStatus, SubjectAccessRequest, SubjectKind


class RequestForm(ClearErrorsMixin, forms.ModelForm):
    subject_pupil = PupilChoiceField(queryset=Pupil.objects.none(), required=False, label="The pupil")
    subject_guardian = GuardianChoiceField(
        queryset=Guardian.objects.none(), required=False, label="The parent or carer"
    )
    subject_member = MemberChoiceField(queryset=Member.objects.none(), required=False, label="The member of staff")

    class Meta:
        model = SubjectAccessRequest
        fields = [
            "requester_name",
            "requester_relationship",
            "received_via",
            "received_on",
            "subject_kind",
            "subject_pupil",
            "subject_guardian",
            "subject_member",
        ]
        widgets = {
            "received_on": DateInput(),
            "subject_kind": forms.RadioSelect,
            "received_via": forms.RadioSelect,
        }
        help_texts = {"received_on": "The due date is counted from this day (the ICO: one calendar month)."}
        error_messages = {"received_on": {"invalid": "Enter a real date, for example 23 3 2027."}}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["subject_kind"].choices = SubjectKind.choices
        self.fields["received_via"].choices = SubjectAccessRequest._meta.get_field("received_via").choices
        self.fields["subject_pupil"].queryset = Pupil.objects.filter(school=school).select_related("school_class")
        self.fields["subject_guardian"].queryset = Guardian.objects.filter(school=school).prefetch_related(
            "links__pupil__school_class"
        )
        self.fields["subject_member"].queryset = Member.objects.filter(school=school).prefetch_related("roles")
        for name in ("subject_pupil", "subject_guardian", "subject_member"):
            self.fields[name].error_messages["invalid_choice"] = "Choose a person of this school from the list."

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        field = {
            SubjectKind.PUPIL: "subject_pupil",
            SubjectKind.GUARDIAN: "subject_guardian",
            SubjectKind.MEMBER: "subject_member",
        }.get(kind)
        for other in ("subject_pupil", "subject_guardian", "subject_member"):
            if other != field:
                data[other] = None  # only the person of the chosen kind counts
        return data

    def _post_clean(self):
        self.instance.school = self.school
        super()._post_clean()


class ExtendForm(ClearErrorsMixin, forms.Form):
    months = forms.TypedChoiceField(
        label="Extend by",
        coerce=int,
        choices=[(n, f"{n} month{'s' if n > 1 else ''}") for n in range(1, MAX_EXTENSION_MONTHS + 1)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why is the request complex?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Kept with the request and in the audit log. Tell the requester within the first month.",
    )
    id_prefix = "extend"


class MoveForm(ClearErrorsMixin, forms.Form):
    to = forms.ChoiceField(label="Mark the request as", widget=forms.RadioSelect)
    id_prefix = "move"

    def __init__(self, *args, sar: SubjectAccessRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in SarStatus if sar.can_move_to(s)]


class RedactionForm(forms.Form):
    withheld_staff = forms.TypedMultipleChoiceField(
        label="Staff who asked not to be named",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each one ticked is shown as “a member of staff”.",
    )
    include_evidence = forms.BooleanField(
        label="Include the evidence files and photos as they are (I have reviewed them by hand for other people's "
        "details)",
        required=False,
    )

    def __init__(self, *args, staff: list[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withheld_staff"].choices = [(m.pk, m.display_name) for m in staff]
