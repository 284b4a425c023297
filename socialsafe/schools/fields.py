"""Form fields that pick one of a school's people, labelled the same way on every form."""

from django import forms

from socialsafe.schools.models import Guardian, Member, Pupil


class PupilChoiceField(forms.ModelChoiceField):
    """'Quinn, Aoife (P4)': select_related("school_class") on the queryset."""

    def label_from_instance(self, obj: Pupil) -> str:
        return f"{obj.last_name}, {obj.first_name} ({obj.school_class.name})"


class GuardianChoiceField(forms.ModelChoiceField):
    """A parent or carer with their children, so that two parents of one name differ."""

    def label_from_instance(self, obj: Guardian) -> str:
        return obj.label_with_children


class MemberChoiceField(forms.ModelChoiceField):
    """Staff and governors with their job or roles: 'Mrs Alison McCann, P6 teacher'. prefetch_related("roles")."""

    def label_from_instance(self, obj: Member) -> str:
        role = obj.job_title or ", ".join(obj.role_labels)
        return f"{obj.display_name}, {role}" if role else obj.display_name
