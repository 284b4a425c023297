from django import forms

from socialsafe.schools.roles import MEMBER_ROLES, PRIVILEGED_ROLES, Role
from socialsafe.schools.roster import KINDS

# What each role opens, shown beside its checkbox so that whoever grants it knows what they are giving.
ROLE_HINTS = {
    Role.PRINCIPAL: "Every case except those about the Principal, the evidence, letters, registers and the audit log.",
    Role.VICE_PRINCIPAL: "Every case except those about the Principal; the registers, concerns and policies.",
    Role.DESIGNATED_TEACHER: "Every case about a pupil, with its evidence and child-protection records.",
    Role.DEPUTY_DESIGNATED_TEACHER: "Every case about a pupil, with its evidence and child-protection records.",
    Role.CLASS_TEACHER: "The pupils of their class and the cases about them.",
    Role.ICT_COORDINATOR: "Cases about attempts to breach the firewall, and the ICT ban register.",
    Role.OFFICE: "Pupils and parents, the roster import, parent invitations and the reception check.",
    Role.STAFF: "Reporting an incident and the cases they reported.",
    Role.CHAIR_OF_GOVERNORS: "Every case in which the Principal is the target.",
    Role.GOVERNOR: "The school's numbers and the staff list.",
}


class RolesForm(forms.Form):
    """The roles of one member. Only the roles the signed-in person may change can be ticked or unticked."""

    roles = forms.MultipleChoiceField(label="Roles", required=False, widget=forms.CheckboxSelectMultiple, choices=[])

    def __init__(self, *args, current: set[str], changeable: frozenset[str], **kwargs):
        super().__init__(*args, initial={"roles": sorted(current)}, **kwargs)
        self.current, self.changeable = current, changeable
        self.fields["roles"].choices = [(r.value, r.label) for r in Role if r in MEMBER_ROLES and r in changeable]

    def chosen(self) -> set[str]:
        """The roles to give: what was ticked among those changeable, and the others as they are."""
        return set(self.cleaned_data["roles"]) | (self.current - self.changeable)

    def rows(self) -> list[dict]:
        """Every member role with its hint, whether it is ticked, and whether this person may change it."""
        ticked = set(self["roles"].value() or []) if self.is_bound else self.current
        return [
            {
                "value": r.value,
                "label": r.label,
                "hint": ROLE_HINTS[r],
                "held": r.value in (ticked if r in self.changeable else self.current),
                "changeable": r in self.changeable,
                "privileged": r in PRIVILEGED_ROLES,
            }
            for r in Role
            if r in MEMBER_ROLES
        ]


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
