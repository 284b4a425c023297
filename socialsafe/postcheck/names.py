"""Match the school's people in a draft post, offline.

# placeholder, replaced by p18-detect: the interface is the one part "detectors" ships; the matching here is only
# enough for the page and its tests (accents, full name, title and surname, first name, a similar spelling).
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

WARN_AT = 0.6
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TITLES = {"mr", "mrs", "ms", "miss", "dr"}


@dataclass(frozen=True)
class Person:
    kind: str
    id: int
    first_name: str
    last_name: str
    title: str = ""
    class_name: str = ""

    def display(self) -> str:
        name = f"{self.title} {self.last_name}" if self.kind == "staff" and self.title else self.full_name
        extra = f"{self.kind}, {self.class_name}" if self.class_name else self.kind
        return f"{name} ({extra})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class NameMatch:
    person: Person
    text: str
    start: int
    end: int
    how: str
    confidence: float


def _fold(word: str) -> str:
    word = re.sub(r"['’]s$", "", word)
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


class NameIndex:
    def __init__(self, people: list[Person]):
        self.people = people

    @classmethod
    def from_people(cls, people: Iterable[Person]) -> "NameIndex":
        return cls(list(people))

    def find(self, text: str) -> list[NameMatch]:
        words = [(m.group(), m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
        found: dict[int, NameMatch] = {}  # the best match for each place in the draft

        def add(match: NameMatch) -> None:
            if match.start not in found or found[match.start].confidence < match.confidence:
                found[match.start] = match

        def similar(a: str, b: str) -> bool:
            return len(a) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.65

        for i, (word, start, end, folded) in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else None
            for p in self.people:
                first, last = _fold(p.first_name), _fold(p.last_name)
                if following and following[3] == last and (folded == first or similar(folded, first)):
                    how, confidence = ("full name", 0.95) if folded == first else ("similar spelling", 0.85)
                    add(NameMatch(p, text[start : following[2]], start, following[2], how, confidence))
                elif following and folded in _TITLES and following[3] == last and p.kind != "pupil":
                    add(NameMatch(p, text[start : following[2]], start, following[2], "title and surname", 0.9))
                elif folded == first and word[:1].isupper():
                    add(NameMatch(p, word, start, end, "first name", 0.4))
        return sorted(found.values(), key=lambda m: (-m.confidence, m.start))


def people_of(school) -> list[Person]:
    from socialsafe.schools.models import Guardian, Member, Pupil

    people = [
        Person("pupil", p.pk, p.first_name, p.last_name, class_name=p.school_class.name)
        for p in Pupil.objects.filter(school=school, left_on__isnull=True).select_related("school_class")
    ]
    people += [
        Person("parent", g.pk, g.first_name, g.last_name, g.title) for g in Guardian.objects.filter(school=school)
    ]
    people += [
        Person("staff", m.pk, m.first_name, m.last_name, m.title)
        for m in Member.objects.filter(school=school, is_active=True)
    ]
    return people


def index_for_school(school) -> NameIndex:
    return NameIndex.from_people(people_of(school))
