from django import forms

from socialsafe.audit.words import KINDS
from socialsafe.lib.forms import ClearErrorsMixin, DateInput

INVALID = "Enter a real date."


class AuditFilterForm(ClearErrorsMixin, forms.Form):
    who = forms.ModelChoiceField(label="Who", queryset=None, required=False, empty_label="Anyone")
    case = forms.CharField(label="Case reference", required=False, max_length=20)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Everything")] + [(k, v[0]) for k, v in KINDS.items()]
    )
    since = forms.DateField(
        label="From", required=False, widget=DateInput(), error_messages={"invalid": "Enter a real date."}
    )
    until = forms.DateField(
        label="To", required=False, widget=DateInput(), error_messages={"invalid": "Enter a real date."}
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].queryset = people
        self.fields["who"].label_from_instance = lambda user: user.get_full_name() or user.email

    def clean(self):
        d = super().clean()
        if d.get("since") and d.get("until") and d["until"] < d["since"]:
            self.add_error("until", "The end date must be the same as or after the start date.")
        return d
