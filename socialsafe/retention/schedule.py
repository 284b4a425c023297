"""The retention schedule as code: every class of record SocialSafe keeps, what starts its clock, how long it is kept
and what happens then. `manage.py retention_schedule --markdown` prints it for docs/data-protection/.

The defaults follow the IRMS Information Management Toolkit for Schools as published (the toolkit cannot be read
from this repository: each `source` names the entry followed, and says "to be confirmed by the Authority's DPO"
where the toolkit has no entry that fits exactly). An Education Authority may set its own period and action for a
class (RuleOverride); `rule_for` gives the one that applies to a school.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from socialsafe.lib.dates import add_months
from socialsafe.retention.models import Action

TBC = "to be confirmed by the Authority's DPO"


@dataclass(frozen=True)
class RecordClass:
    key: str
    label: str
    trigger: str  # what starts the clock, in words
    years: int
    action: str
    source: str  # where the default comes from
    months: int = 0
    follows: str = ""  # the record whose destruction takes these rows with it (then they have no clock of their own)
    overridable: bool = True
    # The default is the least the guidance allows: an authority may keep these longer, never shorter, and a person
    # always reviews them before anything is destroyed (child-protection and complaint records).
    floor: bool = False

    @property
    def period(self) -> str:
        if self.follows:
            return f"as long as its {self.follows}"
        parts = [f"{self.years} year{'s' if self.years != 1 else ''}"] if self.years else []
        parts += [f"{self.months} month{'s' if self.months != 1 else ''}"] if self.months else []
        return " ".join(parts) or "no further time"

    @property
    def description(self) -> str:
        """The rule in words, as a destruction record keeps it."""
        if self.follows:
            return f"{self.label}: destroyed with its {self.follows}"
        return f"{self.label}: {self.trigger} + {self.period}, then {Action(self.action).label.lower()}"

    def due_on(self, start: dt.date) -> dt.date:
        return add_months(start, self.years * 12 + self.months)


CLASSES: list[RecordClass] = [
    RecordClass(
        "case_pupil",
        "Case naming a pupil",
        "the youngest named pupil's date of birth (once the case is closed)",
        25,
        Action.REVIEW,
        "IRMS Toolkit for Schools, child protection: child-protection information held on the pupil file or in "
        "separate files, date of birth of the child + 25 years, then review",
        floor=True,
    ),
    RecordClass(
        "case_other",
        "Case naming no pupil",
        "the case closed",
        6,
        Action.REVIEW,
        "IRMS Toolkit for Schools, complaints from parents: date of resolution + 6 years, then review "
        f"(cases about staff or parents only; {TBC})",
        floor=True,
    ),
    RecordClass(
        "evidence_item",
        "Evidence item, its OCR text and custody log",
        "",
        0,
        Action.DESTROY,
        "Part of the case file (IRMS: kept as the file it belongs to)",
        follows="case",
    ),
    RecordClass(
        "letter",
        "Letter (PDF and Word files)",
        "",
        0,
        Action.DESTROY,
        "Part of the case file (IRMS: kept as the file it belongs to)",
        follows="case",
    ),
    RecordClass(
        "timeline_entry",
        "Timeline entry, action, takedown step, bullying record",
        "",
        0,
        Action.DESTROY,
        "Part of the case file (IRMS: kept as the file it belongs to)",
        follows="case",
    ),
    RecordClass(
        "scored_text",
        "Classifier scores of a case's texts",
        "the case closed",
        1,
        Action.DESTROY,
        f"Not in the toolkit: derived data, no longer needed once the case is decided ({TBC})",
    ),
    RecordClass(
        "bundle",
        "Referral bundle (ZIP copy of evidence)",
        "the bundle made",
        1,
        Action.DESTROY,
        f"Not in the toolkit: a copy handed to the PSNI or the EA, who keep their own ({TBC})",
    ),
    RecordClass(
        "concern",
        "Parent's concern not made a case, with its messages",
        "the concern closed",
        6,
        Action.REVIEW,
        "IRMS Toolkit for Schools, complaints from parents: date of resolution + 6 years, then review",
        floor=True,
    ),
    RecordClass(
        "premises_bar",
        "Premises bar (revoked licence to enter)",
        "the bar ended or lifted",
        6,
        Action.REVIEW,
        f"Not in the toolkit; 6 years as for the Limitation Act period the toolkit uses for disputes ({TBC})",
        floor=True,
    ),
    RecordClass(
        "ict_ban",
        "Pupil ICT ban",
        "the ban ended or lifted",
        1,
        Action.DESTROY,
        f"IRMS Toolkit for Schools, pupil behaviour records kept for the current year + 1 ({TBC})",
    ),
    RecordClass(
        "photo_consent",
        "Photo consent (given or withdrawn)",
        "the pupil left",
        1,
        Action.DESTROY,
        f"IRMS Toolkit for Schools, parental consent forms: while the pupil attends, then a year ({TBC})",
    ),
    RecordClass(
        "acknowledgement",
        "Policy acknowledgement",
        "acknowledged",
        6,
        Action.DESTROY,
        f"IRMS Toolkit for Schools, policies: life of the policy + 3 years; 6 years kept for disputes ({TBC})",
    ),
    RecordClass(
        "parent_invite",
        "Parent account invitation",
        "sent",
        1,
        Action.DESTROY,
        f"Not in the toolkit: an e-mail address kept only to show the invitation went ({TBC})",
    ),
    RecordClass(
        "report_run",
        "Governors' termly report (PDF)",
        "produced",
        6,
        Action.REVIEW,
        "IRMS Toolkit for Schools, governing body: reports presented to the governing body, date of report + 6 "
        "years, then review",
    ),
    RecordClass(
        "audit_event",
        "Audit event not about a case",
        "recorded",
        6,
        Action.DESTROY,
        f"Not in the toolkit: 6 years, the period of the records it is about ({TBC}); events about a case go "
        "with the case",
    ),
    RecordClass(
        "session",
        "Signed-in session",
        "expired",
        0,
        Action.DESTROY,
        "Not a record: removed as soon as it expires",
        overridable=False,
    ),
    RecordClass(
        "pupil_record",
        "A leaving pupil's online-safety and child-protection file",
        "the pupil left",
        0,
        Action.TRANSFER,
        "IRMS Toolkit for Schools, pupil's educational record (primary school): transferred to the next school "
        "when the pupil leaves; the primary school keeps no copy. Carried out by record transfer: once the next "
        "school's receipt is in, this school's closed copies go to the Principal's review queue",
        overridable=False,
    ),
    # --- issue 18 (dpcover): the records of the check-before-you-post page, staff attestations, family invitations
    RecordClass(
        "advice_request",
        "Member of staff's question about a draft post (its text, photo and the Principal's answer)",
        "answered (or, never answered, asked)",
        1,
        Action.DESTROY,
        f"Not in the toolkit: a draft that was never published, kept a year so the advice can be looked back on "
        f"({TBC}); its encrypted photo goes with it",
    ),
    RecordClass(
        "official_post_request",
        "Post proposed for the school's official accounts (its text, photo and the decision)",
        "decided (or, never decided, proposed)",
        1,
        Action.DESTROY,
        f"Not in the toolkit: what was published is on the school's own accounts; the request is kept a year to "
        f"show who approved it ({TBC}); its encrypted photo goes with it",
    ),
    RecordClass(
        "staff_attestation",
        "Staff member's yearly social media attestation",
        "the school year it covers ended",
        6,
        Action.DESTROY,
        f"IRMS Toolkit for Schools, policies: life of the policy + 3 years; 6 years kept for disputes, as policy "
        f"acknowledgements, counted from the end of the school year it covers so that every year's row has its own "
        f"clock, whether or not the member has left ({TBC})",
    ),
    RecordClass(
        "attestation_reminder",
        "Reminder to a member of staff to make the yearly attestation",
        "sent",
        1,
        Action.DESTROY,
        f"Not in the toolkit: kept only so that no one is reminded more than once a week ({TBC})",
    ),
    RecordClass(
        "family_invitation",
        "Invitation to a family to acknowledge the policy, never acknowledged",
        "sent (or, never sent, made)",
        1,
        Action.DESTROY,
        f"Not in the toolkit: as a parent account invitation, kept only to show the invitation went; its code "
        f"lasts 90 days ({TBC})",
    ),
    RecordClass(
        "family_acknowledgement",
        "Family's acknowledgement of the policy by the code on an invitation",
        "acknowledged",
        6,
        Action.DESTROY,
        f"IRMS Toolkit for Schools, policies: life of the policy + 3 years; 6 years kept for disputes, as a policy "
        f"acknowledgement made through an account ({TBC})",
    ),
    RecordClass(
        "invitation_batch",
        "Run of family invitations (counts and who started it)",
        "made",
        1,
        Action.DESTROY,
        f"Not in the toolkit: a progress record; its invitations keep their own clocks ({TBC})",
    ),
]
BY_KEY = {c.key: c for c in CLASSES}
OVERRIDABLE = [c for c in CLASSES if c.overridable and not c.follows]
OWN_CLOCK = [c for c in CLASSES if not c.follows and c.action != Action.TRANSFER]


def rule_for(record_class: RecordClass, overrides: dict[str, object]) -> RecordClass:
    """The class as it applies under an authority's overrides (a dict of record class key -> RuleOverride)."""
    o = overrides.get(record_class.key)
    if o is None:
        return record_class
    if record_class.floor and (
        o.years * 12 + o.months < record_class.years * 12 + record_class.months or o.action != Action.REVIEW
    ):
        return record_class  # below the floor (written some other way than override_set): the default stands
    return replace(
        record_class,
        years=o.years,
        months=o.months,
        action=o.action,
        source=f"Set by the Education Authority: {o.note} (default: {record_class.source})",
    )


def markdown(rows: Iterable[RecordClass] = CLASSES) -> str:
    """The schedule as a Markdown table."""
    out = [
        "# Retention schedule",
        "",
        "Generated from `socialsafe/retention/schedule.py` by `manage.py retention_schedule --markdown`; a test",
        "fails if this file and the code differ. Do not edit it by hand.",
        "",
        "The default periods were taken from the IRMS Information Management Toolkit for Schools as published,",
        "entry by entry as named below; where the toolkit has no entry that fits exactly, the row says so and the",
        "period is to be confirmed by the Authority's data protection officer. An Education Authority may set its",
        "own period and action for each class with its own clock; a case under legal hold is never destroyed or",
        "queued. `manage.py apply_retention` runs daily: *review* queues the record for the Principal (keep with a",
        "reason and a new review date, or destroy), *destroy* destroys it, *transfer* is left to record transfer.",
        "",
        "| Record class | Clock starts | Kept for | Then | Where the default comes from |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in rows:
        then = "destroyed with it" if c.follows else Action(c.action).label
        if c.floor:
            then += " (an authority may keep longer, never shorter or unreviewed)"
        trigger = "—" if c.follows else c.trigger
        out.append(f"| {c.label} | {trigger} | {c.period} | {then} | {c.source} |")
    return "\n".join(out) + "\n"
