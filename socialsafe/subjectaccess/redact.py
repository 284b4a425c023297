"""Replacing third parties' names in an export: "Pupil B" for another child, "a member of staff" for staff who
asked not to be named. Whole words only, longest name first, so "Aoife Kelly" goes before "Aoife" and "Kelly".

A name part that the subject or their own family also carries (a shared surname, a common first name) is left
alone: replacing it would hide the subject's own data; the other person's full name is still replaced.
"""

import re
import string
from dataclasses import dataclass

from socialsafe.schools.models import Guardian, Member, Pupil
from socialsafe.subjectaccess.collect import GUARDIAN, MEMBER, PUPIL, Collected

STAFF_PLACEHOLDER = "a member of staff"


def name_variants(person) -> set[str]:
    first, last = person.first_name.strip(), person.last_name.strip()
    title = getattr(person, "title", "").strip()
    out = {f"{first} {last}", first, last}
    if title:
        out |= {f"{title} {last}", f"{title} {first} {last}"}
    # The name on their sign-in, as the timeline writes it ("Reported by …"): it may differ from the roster's.
    user = getattr(person, "user", None) if getattr(person, "user_id", None) else None
    if user is not None and user.full_name.strip():
        out.add(user.full_name.strip())
    return {v for v in out if len(v.strip()) >= 2}


@dataclass
class ThirdParty:
    ref: tuple[str, int]
    name: str
    kind_label: str
    replacement: str
    person: object


def third_parties(c: Collected, *, withheld_staff: set[int]) -> list[ThirdParty]:
    """Everyone in the records who is not the subject nor their family, with what replaces them.

    Staff are named unless their id is in `withheld_staff` (a member of staff who asked not to be named).
    """
    out: list[ThirdParty] = []
    letters = iter(string.ascii_uppercase)
    pupils = sorted((p for (k, _), p in c.people.items() if k == PUPIL), key=lambda p: p.pk)
    guardians = sorted((g for (k, _), g in c.people.items() if k == GUARDIAN), key=lambda g: g.pk)
    for p in pupils:
        if (PUPIL, p.pk) != c.subject_ref and (PUPIL, p.pk) not in c.family:
            out.append(ThirdParty((PUPIL, p.pk), p.full_name, "Another pupil", f"Pupil {next(letters, 'X')}", p))
    letters = iter(string.ascii_uppercase)
    for g in guardians:
        if (GUARDIAN, g.pk) != c.subject_ref and (GUARDIAN, g.pk) not in c.family:
            out.append(
                ThirdParty(
                    (GUARDIAN, g.pk),
                    g.display_name,
                    "Another parent or carer",
                    f"Parent or carer {next(letters, 'X')}",
                    g,
                )
            )
    for (k, pk), m in sorted(c.people.items(), key=lambda kv: kv[0]):
        if k == MEMBER and pk in withheld_staff and (MEMBER, pk) != c.subject_ref:
            out.append(ThirdParty((MEMBER, pk), m.display_name, "Member of staff", STAFF_PLACEHOLDER, m))
    return out


def staff_in(c: Collected) -> list[Member]:
    """The staff named in the records (not the subject), whom the Principal may choose not to name."""
    return sorted(
        (m for (k, _), m in c.people.items() if k == MEMBER and (k, m.pk) != c.subject_ref),
        key=lambda m: (m.last_name, m.first_name, m.pk),
    )


class Redactor:
    """Replace each third party's names in a text."""

    def __init__(self, c: Collected, parties: list[ThirdParty]):
        redacted = {p.ref for p in parties}
        kept: set[str] = set()
        for ref, person in c.people.items():
            if ref not in redacted:
                kept |= {v.casefold() for v in name_variants(person)}
        subject = _subject_person(c)
        if subject is not None:
            kept |= {v.casefold() for v in name_variants(subject)}
        self.replacements: dict[str, str] = {}
        for party in parties:
            for variant in name_variants(party.person):
                key = variant.casefold()
                if key not in kept:
                    self.replacements.setdefault(key, party.replacement)
        words = sorted(self.replacements, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            if words
            else None
        )
        self.count = 0

    def __call__(self, text: str) -> str:
        if not self.pattern or not text:
            return text

        def sub(match: re.Match) -> str:
            self.count += 1
            return self.replacements[match.group(0).casefold()]

        return self.pattern.sub(sub, text)

    def records(self, records: list[dict]) -> list[dict]:
        return [{**r, "fields": {k: self(v) for k, v in r["fields"].items()}} for r in records]


def _subject_person(c: Collected):
    kind, pk = c.subject_ref
    model = {PUPIL: Pupil, GUARDIAN: Guardian, MEMBER: Member}[kind]
    return model.objects.filter(pk=pk).first()
