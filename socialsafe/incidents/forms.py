import datetime as dt

from django import forms
from django.utils.timezone import localdate, make_aware

from socialsafe.audit.words import ACCESS_KINDS
from socialsafe.incidents import rules
from socialsafe.incidents.choices import (
    BullyingJudgement,
    BullyingMethod,
    BullyingMotivation,
    BullyingOutcome,
    Intervention,
    InterventionLevel,
)
from socialsafe.incidents.models import (
    ActionKind,
    Ground,
    Helpline,
    Incident,
    Kind,
    Outcome,
    Platform,
    ResponsibleKind,
    Status,
    TakedownStage,
    TargetKind,
)
from socialsafe.incidents.services import Completion
from socialsafe.lib.forms import ClearErrorsMixin, DateInput, TimeInput
from socialsafe.schools.fields import GuardianChoiceField, MemberChoiceField, PupilChoiceField
from socialsafe.schools.models import Guardian, Member, Pupil
from socialsafe.schools.roles import GOVERNOR_ROLES, STAFF_ROLES

YES_NO = [("no", "No, during the school day"), ("yes", "Yes, outside school hours")]


def _fact_fields() -> dict[str, forms.BooleanField]:
    """One checkbox per fact of the policy's table, labelled as the policy puts it."""
    return {
        fact.name: forms.BooleanField(label=fact.label[0].upper() + fact.label[1:], help_text=fact.hint, required=False)
        for fact in rules.FACTS
    }


# The staff conduct questions (rules.CONDUCT_FACTS), asked only of a staff conduct concern, as yes/no radios.
CONDUCT_QUESTIONS = {
    "pupil_contact": (
        "Is this about online contact between the member of staff and a pupil (friend requests, messages, following)?",
        "Say whether it is about online contact between the member of staff and a pupil.",
    ),
    "suitability_allegation": (
        "Does it call into question the member of staff's suitability to work with pupils (an allegation)?",
        "Say whether it calls into question the member of staff's suitability to work with pupils.",
    ),
}
CONDUCT_YES_NO = [("yes", "Yes"), ("no", "No")]


def _conduct_fields() -> dict[str, forms.ChoiceField]:
    return {
        fact.name: forms.ChoiceField(
            label=CONDUCT_QUESTIONS[fact.name][0],
            help_text=fact.hint,
            choices=CONDUCT_YES_NO,
            widget=forms.RadioSelect,
            required=False,
        )
        for fact in rules.CONDUCT_FACTS
    }


def _conduct_errors(form: forms.Form, data: dict, kind: str) -> None:
    """The conduct questions are answered for a staff conduct concern, and only for one."""
    for name in rules.CONDUCT_FACT_FIELDS:
        if name not in form.fields:
            continue
        if kind == Kind.STAFF_CONDUCT and not data.get(name):
            form.add_error(name, CONDUCT_QUESTIONS[name][1])
        elif kind != Kind.STAFF_CONDUCT and data.get(name) == "yes":
            form.add_error(
                name,
                "Only a staff conduct concern asks this. Choose ‘A staff conduct concern’ as the kind of incident, "
                "or answer No.",
            )


class FactFieldsMixin:
    """The form's fact checkboxes, in the order of FACT_FIELDS, for the shared template."""

    @property
    def fact_fields(self) -> list:
        return [self[fact.name] for fact in rules.FACTS if fact.name in self.fields]

    @property
    def conduct_fields(self) -> list:
        return [self[name] for name in rules.CONDUCT_FACT_FIELDS if name in self.fields]


class ReportForm(FactFieldsMixin, ClearErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of incident is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of incident it is."},
    )
    summary = forms.CharField(
        label="In a sentence, what happened?",
        max_length=200,
        help_text="For example: Abusive comments about Mr Burns in the P4 parents' WhatsApp group.",
        error_messages={"required": "Write a sentence saying what happened."},
    )
    description = forms.CharField(
        label="What happened, in detail",
        widget=forms.Textarea,
        help_text="Who, what, where and when, as you know it. Copy the words of the post if you can.",
        error_messages={"required": "Describe what happened."},
    )
    occurred_on = forms.DateField(
        label="Date it happened",
        widget=DateInput(),
        error_messages={"required": "Enter the date it happened.", "invalid": "Enter a real date, like 25/11/2026."},
    )
    occurred_time = forms.TimeField(
        label="Time (if known)",
        required=False,
        widget=TimeInput(),
        error_messages={"invalid": "Enter a time like 19:30."},
    )
    out_of_hours = forms.ChoiceField(
        label="Did it happen outside school hours?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it happened outside school hours."},
    )
    grounds = forms.MultipleChoiceField(
        label="Which of the policy's grounds lets the school act?",
        choices=Ground.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for incidents outside school hours. Choose all that apply.",
    )
    platform = forms.ChoiceField(
        label="Where was it posted?",
        choices=[("", "Choose a platform"), *Platform.choices],
        error_messages={"required": "Choose where it was posted."},
    )
    url = forms.URLField(
        label="Link to the post (if there is one)",
        required=False,
        max_length=1000,
        error_messages={"invalid": "Enter the full link, starting with https://"},
    )
    target_kind = forms.ChoiceField(
        label="Who is targeted?",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is targeted."},
    )
    target_pupil = PupilChoiceField(
        label="Which pupil?", queryset=Pupil.objects.none(), required=False, empty_label="Choose the pupil"
    )
    target_member = MemberChoiceField(
        label="Which member of staff?",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Choose the member of staff",
        help_text="They will not be able to see the case.",
    )
    target_governor = MemberChoiceField(
        label="Which governor?",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Choose the governor",
        help_text="They will not be able to see the case.",
    )
    responsible_kind = forms.ChoiceField(
        label="Who is responsible?",
        choices=ResponsibleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is responsible, or 'Not known'."},
    )
    responsible_pupil = PupilChoiceField(
        label="Which pupil, if known?", queryset=Pupil.objects.none(), required=False, empty_label="Not known"
    )
    responsible_guardian = GuardianChoiceField(
        label="If a parent or carer: who, if known?",
        queryset=Guardian.objects.none(),
        required=False,
        empty_label="Not known",
        help_text="Each parent is shown with their children, so two parents of one name can be told apart.",
    )
    responsible_member = MemberChoiceField(
        label="Which member of staff or governor, if known?",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Not known",
    )
    responsible_name = forms.CharField(label="Their name, as far as you know it", max_length=200, required=False)
    unknown_name = forms.CharField(
        label="The name or account shown online, if any",
        max_length=200,
        required=False,
        help_text="For example: a number saved as 'Mum of twins'.",
    )
    on_behalf_of = PupilChoiceField(
        label="Are you reporting for a pupil? Which one",
        queryset=Pupil.objects.none(),
        required=False,
        help_text="Pupils have no sign-in: staff report for them.",
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        pupils = Pupil.objects.filter(school=school).current().select_related("school_class")
        active = (
            Member.objects.filter(school=school, is_active=True)
            .prefetch_related("roles")
            .order_by("last_name", "first_name")
        )
        members = active.filter(roles__role__in=STAFF_ROLES | GOVERNOR_ROLES).distinct()
        for name in ("target_pupil", "responsible_pupil", "on_behalf_of"):
            self.fields[name].queryset = pupils
        self.fields["target_member"].queryset = active.filter(roles__role__in=STAFF_ROLES).distinct()
        self.fields["target_governor"].queryset = active.filter(roles__role__in=GOVERNOR_ROLES).distinct()
        self.fields["responsible_member"].queryset = members
        self.fields["responsible_guardian"].queryset = Guardian.objects.filter(school=school).prefetch_related(
            "links__pupil__school_class"
        )
        for name, field in _fact_fields().items():
            if name != "removal_refused":
                self.fields[name] = field
        self.fields.update(_conduct_fields())

    def clean(self):
        data = super().clean()
        _conduct_errors(self, data, data.get("kind", ""))
        if (
            data.get("kind") == Kind.STAFF_CONDUCT
            and data.get("suitability_allegation") == "yes"
            and not (data.get("responsible_kind") == ResponsibleKind.COLLEAGUE and data.get("responsible_member"))
        ):
            # The person it is about must be named, so that they are kept out of the case.
            self.add_error(
                "responsible_member",
                "Choose the member of staff the allegation is about (under ‘Who is responsible?’, ‘A member of "
                "staff or governor’). They will not be able to see the case.",
            )
        if data.get("occurred_on") and data["occurred_on"] > localdate():
            self.add_error("occurred_on", "The date cannot be in the future.")
        if (
            data.get("out_of_hours") == "yes"
            and not data.get("grounds")
            and rules.out_of_hours_needs_grounds(data.get("kind", ""))
        ):
            self.add_error(
                "grounds",
                "Choose which of the policy's grounds lets the school act. If none applies, the school cannot act "
                "on it: speak to the Principal instead.",
            )
        target = data.get("target_kind")
        if target == TargetKind.PUPIL and not data.get("target_pupil"):
            self.add_error("target_pupil", "Choose the pupil who is targeted.")
        if target == TargetKind.STAFF and not data.get("target_member"):
            self.add_error("target_member", "Choose the member of staff who is targeted.")
        if target == TargetKind.GOVERNOR and not data.get("target_governor"):
            self.add_error("target_governor", "Choose the governor who is targeted.")
        return data

    # The long lists, which also search as you type (incidents.views.picker_options).
    SEARCHABLE = ("target_pupil", "responsible_pupil", "responsible_guardian")

    # Which picker each answer reveals: only the one that fits the answer shows (every one shows without JavaScript).
    REVEALS = {
        "target_kind": {
            TargetKind.PUPIL: "target_pupil",
            TargetKind.STAFF: "target_member",
            TargetKind.GOVERNOR: "target_governor",
        },
        "responsible_kind": {
            ResponsibleKind.PUPIL: "responsible_pupil",
            ResponsibleKind.PARENT: "responsible_guardian",
            ResponsibleKind.COLLEAGUE: "responsible_member",
            ResponsibleKind.OUTSIDER: "responsible_name",
            ResponsibleKind.UNKNOWN: "unknown_name",
        },
    }

    def reveal_choices(self, name: str) -> list[tuple]:
        """(radio, the picker it reveals or None) for each answer of a radio question."""
        reveals = self.REVEALS[name]
        return [
            (choice, self[reveals[choice.data["value"]]] if choice.data["value"] in reveals else None)
            for choice in self[name]
        ]

    @property
    def target_choices(self) -> list[tuple]:
        return self.reveal_choices("target_kind")

    @property
    def responsible_choices(self) -> list[tuple]:
        return self.reveal_choices("responsible_kind")

    def incident_fields(self) -> dict:
        """The cleaned answers as Incident fields: only the person that matches each choice is kept."""
        d = self.cleaned_data
        at = dt.datetime.combine(d["occurred_on"], d.get("occurred_time") or dt.time(12, 0))
        target, responsible = d["target_kind"], d["responsible_kind"]
        fields = {
            "kind": d["kind"],
            "summary": d["summary"],
            "description": d["description"],
            "occurred_at": make_aware(at),
            "out_of_hours": d["out_of_hours"] == "yes",
            "grounds": sorted(d["grounds"]) if d["out_of_hours"] == "yes" else [],
            "platform": d["platform"],
            "url": d["url"],
            "target_kind": target,
            "target_pupil": d["target_pupil"] if target == TargetKind.PUPIL else None,
            "target_member": {TargetKind.STAFF: d["target_member"], TargetKind.GOVERNOR: d["target_governor"]}.get(
                target
            ),
            "responsible_kind": responsible,
            "responsible_pupil": d["responsible_pupil"] if responsible == ResponsibleKind.PUPIL else None,
            "responsible_guardian": d["responsible_guardian"] if responsible == ResponsibleKind.PARENT else None,
            "responsible_member": d["responsible_member"] if responsible == ResponsibleKind.COLLEAGUE else None,
            "responsible_name": {
                ResponsibleKind.OUTSIDER: d["responsible_name"],
                ResponsibleKind.UNKNOWN: d["unknown_name"],
            }.get(responsible, ""),
            "on_behalf_of": d["on_behalf_of"],
        }
        fields.update({name: d[name] for name in rules.FACT_FIELDS if name in d})
        conduct = d["kind"] == Kind.STAFF_CONDUCT
        fields.update({name: conduct and d.get(name) == "yes" for name in rules.CONDUCT_FACT_FIELDS})
        return fields


class FactsForm(FactFieldsMixin, ClearErrorsMixin, forms.Form):
    id_prefix = "facts"
    note = forms.CharField(label="Note (optional)", required=False, max_length=1000, widget=forms.Textarea)

    def __init__(self, *args, incident: Incident | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = incident.kind if incident else ""
        for name, field in _fact_fields().items():
            field.initial = getattr(incident, name) if incident else False
            self.fields[name] = field
        if self.kind == Kind.STAFF_CONDUCT:  # the conduct questions: asked of a staff conduct concern only
            for name, field in _conduct_fields().items():
                field.initial = "yes" if getattr(incident, name) else "no"
                self.fields[name] = field
        self.order_fields([*rules.FACT_FIELDS, *rules.CONDUCT_FACT_FIELDS, "note"])

    def clean(self):
        data = super().clean()
        _conduct_errors(self, data, self.kind)
        # A conduct answer posted for another kind of case is not a field of this form: it is never read.
        return data

    def facts(self) -> dict[str, bool]:
        facts = {name: self.cleaned_data[name] for name in rules.FACT_FIELDS}
        facts.update({f.name: self.cleaned_data[f.name] == "yes" for f in self.conduct_fields})
        return facts


class MoveForm(ClearErrorsMixin, forms.Form):
    id_prefix = "move"
    to = forms.ChoiceField(choices=[(s, s.label) for s in Status if s != Status.TRIAGED], widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Outcome", choices=[("", "Choose the outcome"), *Outcome.choices], required=False)
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea)


class ActionAddForm(ClearErrorsMixin, forms.Form):
    id_prefix = "action"
    kind = forms.ChoiceField(label="Kind of action", choices=ActionKind.choices)
    title = forms.CharField(label="What needs doing", max_length=200)
    owner = forms.ModelChoiceField(label="Who will do it", queryset=Member.objects.none())
    due_on = forms.DateField(label="Due by", widget=DateInput(), error_messages={"invalid": "Enter a real date."})
    rule_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        excluded = incident.exclusions.values("user_id")
        allegation = incident.kind == Kind.STAFF_CONDUCT and incident.suitability_allegation
        roles = rules.ALLEGATION_ROLES if allegation else STAFF_ROLES | GOVERNOR_ROLES
        self.fields["owner"].queryset = (
            Member.objects.filter(school=incident.school, is_active=True, roles__role__in=roles)
            .exclude(user_id__in=excluded)
            .distinct()
            .order_by("last_name")
        )

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due


class WithdrawForm(ClearErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it no longer needed?",
        max_length=500,
        error_messages={"required": "Say why the action is no longer needed."},
    )


class NoteForm(ClearErrorsMixin, forms.Form):
    id_prefix = "note"
    text = forms.CharField(
        label="Add a note to the timeline",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Write the note."},
    )
    corrects = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TakedownForm(ClearErrorsMixin, forms.Form):
    id_prefix = "takedown"
    stage = forms.ChoiceField(label="Step", choices=TakedownStage.choices, widget=forms.RadioSelect)
    on = forms.DateField(label="Date", widget=DateInput(), error_messages={"required": "Enter the date of this step."})
    reference = forms.CharField(label="Reference (from the platform or helpline)", required=False, max_length=100)
    helpline = forms.ChoiceField(label="Helpline", choices=[("", "Not a helpline"), *Helpline.choices], required=False)
    follow_up_on = forms.DateField(label="Follow up on", required=False, widget=DateInput())
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea)

    def clean(self):
        d = super().clean()
        if d.get("on") and d["on"] > localdate():
            self.add_error("on", "The date cannot be in the future.")
        if d.get("stage") == TakedownStage.HELPLINE and not d.get("helpline"):
            self.add_error("helpline", "Choose the helpline.")
        if d.get("stage") == TakedownStage.REPORTED_PLATFORM and not d.get("reference"):
            self.add_error("reference", "Enter the platform's report reference (write 'none given' if there was none).")
        return d


class FilterForm(ClearErrorsMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Reference, words or a name")
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Kind.choices])
    status = forms.ChoiceField(
        label="State", required=False, choices=[("", "Any state"), ("open", "Open"), *Status.choices]
    )
    platform = forms.ChoiceField(label="Platform", required=False, choices=[("", "Any platform"), *Platform.choices])
    since = forms.DateField(label="Reported from", required=False, widget=DateInput())
    until = forms.DateField(label="Reported until", required=False, widget=DateInput())
    mine = forms.BooleanField(label="Only cases I handle", required=False)


class ActionFilterForm(forms.Form):
    """The actions list's filter, as the dashboard's figures link to it: ?due=overdue|week[&owner=<member>]."""

    due = forms.ChoiceField(choices=[("overdue", "Overdue"), ("week", "Due this week")])
    owner = forms.IntegerField(required=False, min_value=1)


# Typed records, one form per kind of action. Each returns a Completion for action_complete().


class RecordForm(ClearErrorsMixin, forms.Form):
    done_on = forms.DateField(
        label="Date done",
        widget=DateInput(),
        initial=localdate,
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date."},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=5000, widget=forms.Textarea)
    confirm_name = None  # set on escalation forms

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return done_on

    def completion(self) -> Completion:
        record = {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v) if v is not None else "")
            for k, v in self.cleaned_data.items()
            if k != "confirmed_by"
        }
        return Completion(record=record, summary=self.summary())

    def summary(self) -> str:
        return f"done on {self.cleaned_data['done_on']:%d %b %Y}."


class MeetingForm(RecordForm):
    time = forms.TimeField(
        label="Time of the meeting",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input govuk-input--width-5"}),
        error_messages={"invalid": "Enter the time as hours and minutes, such as 15:30."},
    )
    chair_attended = forms.BooleanField(
        label="The Chair of Governors attended",
        required=False,
        help_text="The policy: the Principal and, on occasion, the Chair of Governors.",
    )
    attendees = forms.CharField(
        label="Who attended",
        max_length=500,
        help_text="The Principal, on occasion the Chair of Governors, the person invited and anyone with them.",
    )
    note_taker = forms.CharField(label="Note-taker (name and role)", max_length=200)
    outcome = forms.CharField(label="Outcome of the meeting", widget=forms.Textarea, max_length=5000)

    def summary(self) -> str:
        d = self.cleaned_data
        at = f" at {d['time']:%H:%M}" if d.get("time") else ""
        chair = " (the Chair of Governors attended)" if d.get("chair_attended") else ""
        return (
            f"meeting held on {d['done_on']:%d %b %Y}{at} with {d['attendees']}{chair}; note-taker {d['note_taker']}."
        )


class RemovalRequestForm(RecordForm):
    method = forms.ChoiceField(
        label="How was the request made?",
        choices=[("letter", "Letter"), ("email", "Email"), ("meeting", "At a meeting"), ("phone", "Phone call")],
    )
    response = forms.ChoiceField(
        label="What was the answer?",
        widget=forms.RadioSelect,
        choices=[("complied", "They removed it"), ("refused", "They refused"), ("no_reply", "No reply yet")],
    )

    def completion(self) -> Completion:
        c = super().completion()
        c.removal_refused = self.cleaned_data["response"] == "refused"
        return c

    def summary(self) -> str:
        d = self.cleaned_data
        answer = dict(self.fields["response"].choices)[d["response"]].lower()
        return f"asked by {d['method']} on {d['done_on']:%d %b %Y}: {answer}."


class PlatformReportForm(RecordForm):
    reference = forms.CharField(
        label="The platform's report reference",
        max_length=100,
        error_messages={"required": "Enter the reference (write 'none given' if none)."},
    )

    def summary(self) -> str:
        return f"reported on {self.cleaned_data['done_on']:%d %b %Y}, reference {self.cleaned_data['reference']}."


class EscalationForm(RecordForm):
    confirmed_by = forms.CharField(
        label="Your full name, to confirm this escalation",
        max_length=150,
        help_text="The policy's rules suggest this step; a named person decides it.",
        error_messages={"required": "A named person must confirm this escalation: type your full name."},
    )


class PsniForm(EscalationForm):
    reference = forms.CharField(
        label="Crime reference number",
        max_length=100,
        error_messages={"required": "Enter the PSNI crime reference number."},
    )
    officer = forms.CharField(label="Officer (name or number)", required=False, max_length=100)

    def summary(self) -> str:
        d = self.cleaned_data
        return f"reported to the PSNI on {d['done_on']:%d %b %Y}, crime reference {d['reference']}."


class ReferralForm(EscalationForm):
    reference = forms.CharField(label="Their reference (if given)", required=False, max_length=100)
    contact = forms.CharField(label="Who you spoke to", required=False, max_length=200)
    advice = forms.CharField(label="Advice given", required=False, widget=forms.Textarea, max_length=5000)

    def summary(self) -> str:
        ref = self.cleaned_data["reference"]
        return f"referred on {self.cleaned_data['done_on']:%d %b %Y}" + (f", reference {ref}." if ref else ".")


class PlainReferralForm(ReferralForm):
    """C2K and CPSS: advice, not escalation to the police or a legal team, so no confirmation is needed."""

    confirmed_by = None


class AllegationRecordForm(RecordForm):
    """allegation: what the designated teacher wrote down, and who they told, the same day."""

    told = forms.CharField(
        label="Who you told (the Principal, or the Chair of Governors if it is about the Principal)",
        max_length=200,
        error_messages={"required": "Say who you told."},
    )
    alleged = forms.CharField(
        label="What was alleged, in the words used",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Write down what was alleged."},
    )

    def summary(self) -> str:
        return f"recorded and {self.cleaned_data['told']} told on {self.cleaned_data['done_on']:%d %b %Y}."


class ChairInformedForm(RecordForm):
    told_by = forms.CharField(label="Who told you", max_length=200, error_messages={"required": "Say who told you."})

    def summary(self) -> str:
        d = self.cleaned_data
        return f"the Chair of Governors was told by {d['told_by']} on {d['done_on']:%d %b %Y}."


class ParentsInformedForm(RecordForm):
    who = forms.CharField(label="Who was told", max_length=200)
    how = forms.ChoiceField(
        label="How", choices=[("phone", "Phone call"), ("meeting", "Meeting"), ("letter", "Letter"), ("email", "Email")]
    )

    def summary(self) -> str:
        return (
            f"{self.cleaned_data['who']} told by {self.cleaned_data['how']} on {self.cleaned_data['done_on']:%d %b %Y}."
        )


class SanctionForm(RecordForm):
    """Any other sanction. A premises bar and an ICT ban have registers of their own, which complete their actions."""

    sanction = forms.CharField(label="What was the sanction?", max_length=300)
    stage = forms.ChoiceField(
        label="Stage", widget=forms.RadioSelect, choices=[("proposed", "Proposed"), ("applied", "Applied")]
    )
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(label="Until", widget=DateInput(), required=False)

    def clean(self):
        d = super().clean()
        start, end = d.get("starts_on"), d.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end date must be after the start date.")
        return d

    def summary(self) -> str:
        d = self.cleaned_data
        until = f" until {d['ends_on']:%d %b %Y}" if d.get("ends_on") else ""
        return f"{d['sanction']} ({d['stage']}) from {d['starts_on']:%d %b %Y}{until}."


class SupportForm(RecordForm):
    response = forms.ChoiceField(
        label="Was the support taken up?",
        widget=forms.RadioSelect,
        choices=[("taken_up", "Taken up"), ("declined", "Declined"), ("considering", "Still considering")],
    )
    support = forms.CharField(
        label="What was offered",
        max_length=500,
        help_text="For example: time to talk with the Principal, Carecall, the union.",
    )

    def summary(self) -> str:
        d = self.cleaned_data
        answer = dict(self.fields["response"].choices)[d["response"]].lower()
        return f"support offered on {d['done_on']:%d %b %Y} ({d['support']}): {answer}."


RECORD_FORMS: dict[str, type[RecordForm]] = {
    ActionKind.MEETING: MeetingForm,
    ActionKind.REMOVAL_REQUEST: RemovalRequestForm,
    ActionKind.PLATFORM_REPORT: PlatformReportForm,
    ActionKind.REFERRAL_PSNI: PsniForm,
    ActionKind.REFERRAL_EA_LEGAL: ReferralForm,
    ActionKind.REFERRAL_C2K: PlainReferralForm,
    ActionKind.REFERRAL_CPSS: PlainReferralForm,
    ActionKind.REFERRAL_EA_ALLEGATION: ReferralForm,
    ActionKind.ALLEGATION_RECORD: AllegationRecordForm,
    ActionKind.CHAIR_INFORMED: ChairInformedForm,
    ActionKind.PARENTS_INFORMED: ParentsInformedForm,
    ActionKind.SANCTION: SanctionForm,
    ActionKind.STAFF_SUPPORT: SupportForm,
}


def record_form_for(action, *args, **kwargs) -> RecordForm:
    """The typed record form for an action; escalations always carry the confirmation field."""
    form_class = RECORD_FORMS.get(action.kind, RecordForm)
    if action.needs_confirmation and "confirmed_by" not in form_class.base_fields:
        # A CPSS consultation on an allegation is an escalation: it takes the confirmation that advice does not.
        form_class = (
            ReferralForm
            if issubclass(form_class, ReferralForm)
            else type("ConfirmedRecordForm", (form_class, EscalationForm), {})
        )
    return form_class(*args, **kwargs)


class SeenFilterForm(forms.Form):
    """The filter of "who has seen this case": one kind of access, or all."""

    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Every kind of access")] + [(k, v[0]) for k, v in ACCESS_KINDS.items()],
        error_messages={"invalid_choice": "Choose a kind of access from the list."},
    )


# --- The statutory bullying record (Addressing Bullying in Schools Act (NI) 2016, s.3) ---


class BullyingRecordForm(ClearErrorsMixin, forms.Form):
    """The record the Act asks for: is it bullying, how, why, how it was addressed, the outcome, who was told."""

    judgement = forms.ChoiceField(
        label="Is it bullying under the Act's definition?",
        help_text="Decide once the facts and each side's account are clear. Alleged bullying is recorded too.",
        choices=BullyingJudgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is bullying under the Act."},
    )
    methods = forms.MultipleChoiceField(
        label="How was it done?",
        help_text="Select every method that applies.",
        choices=BullyingMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one method."},
    )
    motivations = forms.MultipleChoiceField(
        label="What appears to have motivated it?",
        help_text="Select every motivation that applies, or ‘Not known’.",
        choices=BullyingMotivation.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one motivation, or ‘Not known’."},
    )
    motivation_other = forms.CharField(
        label="The other motivation", required=False, max_length=200, help_text="Only if you chose another motivation."
    )
    level = forms.ChoiceField(
        label="Level of response",
        help_text="The Education Authority's levels, from the class teacher's early response to outside agencies.",
        choices=InterventionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of response."},
    )
    interventions = forms.MultipleChoiceField(
        label="How was it addressed?",
        help_text="Select every intervention used.",
        choices=Intervention.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one intervention."},
    )
    addressed_note = forms.CharField(
        label="What was done (optional)", required=False, max_length=5000, widget=forms.Textarea
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=BullyingOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    target_parents_informed_on = forms.DateField(
        label="When the parents of the pupil experiencing it were informed",
        help_text="Leave it blank if they have not been told yet.",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date."},
    )
    responsible_parents_informed_on = forms.DateField(
        label="When the parents of the pupil displaying it were informed",
        help_text="Leave it blank if they have not been told yet.",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date."},
    )
    pupils_involved = forms.IntegerField(
        label="Number of pupils involved",
        min_value=2,
        max_value=99,
        initial=2,
        help_text="Every pupil involved, on both sides.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of pupils involved.",
            "invalid": "Enter the number of pupils involved as a number, like 2.",
            "min_value": "At least two pupils are involved in bullying between pupils.",
            "max_value": "Enter a number of pupils up to 99.",
        },
    )

    def __init__(self, *args, record=None, **kwargs):
        if record is not None:
            kwargs.setdefault("initial", {name: getattr(record, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)

    def clean_motivations(self):
        chosen = self.cleaned_data["motivations"]
        if BullyingMotivation.NOT_KNOWN in chosen and len(chosen) > 1:
            raise forms.ValidationError("‘Not known’ cannot be chosen with another motivation.")
        return chosen

    def clean(self):
        d = super().clean()
        other = (d.get("motivation_other") or "").strip()
        if BullyingMotivation.OTHER in (d.get("motivations") or []):
            if not other:
                self.add_error("motivation_other", "Say what the other motivation was.")
        else:
            d["motivation_other"] = ""
        for name in ("target_parents_informed_on", "responsible_parents_informed_on"):
            if d.get(name) and d[name] > localdate():
                self.add_error(name, "The date cannot be in the future.")
        return d


class BullyingFilterForm(ClearErrorsMixin, forms.Form):
    """The register's filters: reported between two dates, a judgement, a method, a motivation."""

    since = forms.DateField(label="Reported from", required=False, widget=DateInput())
    until = forms.DateField(label="Reported until", required=False, widget=DateInput())
    judgement = forms.ChoiceField(
        label="Judgement", required=False, choices=[("", "Any judgement"), *BullyingJudgement.choices]
    )
    method = forms.ChoiceField(label="Method", required=False, choices=[("", "Any method"), *BullyingMethod.choices])
    motivation = forms.ChoiceField(
        label="Motivation", required=False, choices=[("", "Any motivation"), *BullyingMotivation.choices]
    )

    def clean(self):
        d = super().clean()
        if d.get("since") and d.get("until") and d["since"] > d["until"]:
            self.add_error("until", "The end date must be the same as or after the start date.")
        return d
