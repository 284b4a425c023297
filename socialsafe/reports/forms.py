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


# --- The Governors' termly report (reports.termly) ---


class TermChoiceField(forms.ChoiceField):
    """The recent terms are offered; any real term that has begun is accepted (to produce an old report again)."""

    def valid_value(self, value) -> bool:
        from django.utils.timezone import localdate

        from socialsafe.reports.terms import Term

        try:
            return Term.from_key(value).start <= localdate()
        except ValueError:
            return False


def recent_terms(count: int = 6) -> list:
    """The term now under way and the ones before it, newest first."""
    from django.utils.timezone import localdate

    from socialsafe.reports.terms import previous_term, term_for

    terms = [term_for(localdate())]
    while len(terms) < count:
        terms.append(previous_term(terms[-1]))
    return terms


class TermlyReportForm(ClearErrorsMixin, forms.Form):
    TERM, RANGE = "term", "range"
    period = forms.ChoiceField(
        label="What should the report cover?",
        choices=[(TERM, "A term"), (RANGE, "A range of dates")],
        widget=forms.RadioSelect,
        initial=TERM,
        error_messages={
            "required": "Choose a term or a range of dates.",
            "invalid_choice": "Choose a term or a range of dates.",
        },
    )
    term = TermChoiceField(
        label="Term",
        required=False,
        help_text="Autumn runs from 1 September to 31 December, Spring to 31 March, "
        "Summer from 1 April to 31 August (with the holidays).",
        error_messages={"invalid_choice": "Choose one of the terms listed."},
    )
    start = forms.DateField(label="From", required=False, widget=DateInput(), error_messages={"invalid": INVALID})
    end = forms.DateField(label="To", required=False, widget=DateInput(), error_messages={"invalid": INVALID})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(t.key, t.label) for t in recent_terms()]

    def clean(self):
        from django.utils.timezone import localdate

        from socialsafe.reports.termly import LONGEST_RANGE_DAYS, Period
        from socialsafe.reports.terms import Term

        d = super().clean()
        if d.get("period") == self.TERM:
            if self.errors.get("term"):
                return d
            if not d.get("term"):
                self.add_error("term", "Choose a term.")
            else:
                d["the_period"] = Period.of_term(Term.from_key(d["term"]))
        elif d.get("period") == self.RANGE:
            start, end = d.get("start"), d.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", "Enter the first day the report covers.")
            if end is None and "end" not in self.errors:
                self.add_error("end", "Enter the last day the report covers.")
            if start and end:
                if end < start:
                    self.add_error("end", "The end date must be the same as or after the start date.")
                elif (end - start).days + 1 > LONGEST_RANGE_DAYS:
                    self.add_error(
                        "end", "A report covers a year at most: choose an end date within a year of the start."
                    )
                elif start > localdate():
                    self.add_error("start", "The start date must be today or earlier.")
                else:
                    d["the_period"] = Period.of_range(start, end)
        return d
