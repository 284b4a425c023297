"""Find the school's pupils, parents and staff in a draft post. Pure Python over the roster: nothing leaves the process.

A post names someone in many ways: "Seán Murphy", "Shaun Murphy", "Mrs Quinn", "Mrs Q", "J.M.", "Jack in P5",
"Seán's". Each way has a confidence; the page warns from WARN_AT and shows weaker matches as "maybe". A first name
alone is weak (many people share it), and a first name that is also a word ("Will", "Grace", "May") never matches
without a surname, a title or a class beside it.
"""

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# The page warns at this confidence and above; below it a match is shown as "possibly".
WARN_AT = 0.6

FULL_NAME, NICKNAME, SIMILAR = "full name", "nickname", "similar spelling"
FIRST_AND_CLASS, TITLE_SURNAME, TITLE_INITIAL = "first name and class", "title and surname", "title and initial"
INITIALS, FIRST_NAME = "initials", "first name"

TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "dr": "", "mx": "", "master": "m"}
# Two capitals that are words, not someone's initials.
ACRONYMS = set(
    "PE UK NI TV PS DJ OK GP FC IT AM PM RE ID US EU MP BT UN HQ TA PA VP BB LOL RIP NB AI SU GB HR CV DM PR "
    "OT ER RS UV XL XS OS QR ET IQ EA BC AD PC MA BA".split()
)
# Words near a first name that make it more likely to be a pupil or a colleague of this school.
PUPIL_CONTEXT = {"pupil", "pupils", "class", "classroom", "school", "assembly", "sports", "homework", "teacher"}
STAFF_CONTEXT = {"colleague", "colleagues", "staff", "staffroom", "principal", "classroom", "school", "work"}
CLASS_RE = re.compile(r"\b(?:p|primary|year|yr)\s?\.?\s?([1-7])(?:\s+([A-Z][a-z]+))?\b", re.IGNORECASE)
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
DOTTED_INITIALS_RE = re.compile(r"(?<![\w.])([A-Z])\.\s?([A-Z])\.?(?![\w])")
BARE_INITIALS_RE = re.compile(r"(?<![\w.])([A-Z])([A-Z])(?![\w.])")


@dataclass(frozen=True)
class Person:
    """One member of the school community."""

    kind: str  # "pupil" | "parent" | "staff"
    id: int  # Pupil.pk / Guardian.pk / Member.pk
    first_name: str
    last_name: str
    title: str = ""  # "Mrs", "Mr", "Ms", "Dr" (staff and parents)
    class_name: str = ""  # pupils: their class's name, e.g. "P5" or "P5 Blue"

    def display(self) -> str:
        """ "Seán Murphy (pupil, P5)", "Mrs Quinn (staff)", "Mary Murphy (parent)"."""
        if self.kind == "pupil":
            return f"{self.first_name} {self.last_name} (pupil{', ' + self.class_name if self.class_name else ''})"
        if self.kind == "staff" and self.title:
            return f"{self.title} {self.last_name} (staff)"
        return f"{self.first_name} {self.last_name} ({self.kind})"


@dataclass(frozen=True)
class NameMatch:
    person: Person
    text: str  # the words of the draft that matched, as written
    start: int  # character offsets in the draft
    end: int
    how: str
    confidence: float  # 0..1

    @property
    def warns(self) -> bool:
        return self.confidence >= WARN_AT


def fold(word: str) -> str:
    """Lower case without accents, apostrophes, hyphens or spaces: "O'Néill" and "oneill" are one key."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def name_forms() -> dict[str, frozenset[str]]:
    """Every folded first name in the nickname table, with all the forms it shares a group with."""
    forms: dict[str, set[str]] = {}
    for line in _lines("nicknames.txt"):
        group = {fold(part) for part in line.split(",") if part.strip()}
        for form in group:
            forms.setdefault(form, set()).update(group)
    return {form: frozenset(group) for form, group in forms.items()}


@cache
def common_words() -> frozenset[str]:
    return frozenset(fold(word) for word in _lines("common_words.txt"))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent swaps count as one), giving up at `limit` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _similar(written: str, name: str) -> bool:
    """A likely misspelling: one slip in a name of 5 to 8 letters, two from 9; same first letter; never short names."""
    longest = max(len(written), len(name))
    limit = 0 if longest < 5 else 1 if longest < 9 else 2
    return limit > 0 and written[:1] == name[:1] and written != name and edit_distance(written, name, limit) <= limit


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    key: str
    capital: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if len(word) > 3 and word[-2] in "'’" and word[-1] in "sS":  # Seán's -> Seán
            word, end = word[:-2], end - 2
        tokens.append(_Token(word, start, end, fold(word), word[:1].isupper()))
    return tokens


def _class_of(class_name: str) -> tuple[str, str]:
    """("5", "blue") for "P5 Blue"; ("", "") when the name has no year in it."""
    m = CLASS_RE.search(class_name)
    return (m.group(1), fold(m.group(2) or "")) if m else ("", "")


class NameIndex:
    """The roster, arranged for matching. Build once per roster; find() is cheap."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        forms = name_forms()
        self.by_first: dict[str, list[tuple[Person, bool]]] = {}  # form -> (person, is it the name itself)
        self.by_last: dict[str, list[Person]] = {}
        self.by_title_last: dict[str, list[Person]] = {}
        self.by_initials: dict[str, list[Person]] = {}
        self.titled: list[tuple[str, Person]] = []
        self.classes: dict[int, tuple[str, str]] = {}
        self.max_last_words = 1
        for person in people:
            first = fold(person.first_name.split()[0]) if person.first_name.strip() else ""
            last = fold(person.last_name)
            if not first or not last:
                continue
            self.by_first.setdefault(first, []).append((person, True))
            for form in forms.get(first, ()):
                if form != first:
                    self.by_first.setdefault(form, []).append((person, False))
            self.by_last.setdefault(last, []).append(person)
            self.max_last_words = max(self.max_last_words, len(TOKEN_RE.findall(person.last_name)))
            self.by_initials.setdefault(first[0] + last[0], []).append(person)
            if person.kind != "pupil":
                self.by_title_last.setdefault(last, []).append(person)
                self.titled.append((last, person))
            self.classes[id(person)] = _class_of(person.class_name)
        self.colours = {colour for _year, colour in self.classes.values() if colour}

    def _in_class_near(self, person: Person, classes: list[tuple[int, int, str, str]], start: int, end: int) -> bool:
        """A class of this pupil's ("P5", "P5 Blue") is written within 30 characters of the name."""
        year, colour = self.classes[id(person)]
        return any(
            y == year and (not c or c == colour) for s, e, y, c in classes if abs(s - end) <= 30 or abs(start - e) <= 30
        )

    def _forms(self, person: Person) -> frozenset[str]:
        first = fold(person.first_name.split()[0])
        return name_forms().get(first, frozenset()) | {first}

    @classmethod
    def from_people(cls, people: Iterable[Person]) -> "NameIndex":
        return cls(list(people))

    def find(self, text: str) -> list[NameMatch]:
        """Everyone the draft may name, the best match per person and span, highest confidence first."""
        tokens = _tokens(text)
        classes = []
        for m in CLASS_RE.finditer(text):  # "P5 Blue"; the word after P5 counts only when a class is named so
            colour = fold(m.group(2) or "")
            classes.append((m.start(), m.end(), m.group(1), colour if colour in self.colours else ""))
        found: list[NameMatch] = []
        taken: set[int] = set()  # tokens already used as a surname
        for i, token in enumerate(tokens):
            if i in taken:
                continue
            if token.key in TITLES:
                matches = self._after_title(text, tokens, i, taken)
                if matches or token.capital:
                    found += matches
                    continue
            found += self._from_first_name(text, tokens, i, classes, taken)
        found += self._initials(text, classes)
        return _best(found)

    # A surname may be several words ("Mac Giolla Bhríde", "O Neill"): the keys of the next 1..n words joined.
    def _surnames_at(self, text: str, tokens: list[_Token], j: int) -> list[tuple[str, int]]:
        out, key = [], ""
        for k in range(j, min(j + self.max_last_words + 1, len(tokens))):
            if k > j and text[tokens[k - 1].end : tokens[k].start].strip():
                break
            key += tokens[k].key
            out.append((key, k))
        return out

    def _after_title(self, text: str, tokens: list[_Token], i: int, taken: set[int]) -> list[NameMatch]:
        title = TITLES[tokens[i].key]
        j = i + 1
        if j >= len(tokens):
            return []
        start = tokens[i].start
        gap = text[tokens[i].end : tokens[j].start].strip(" .")
        second = j if gap == "&" else j + 1 if gap == "" and tokens[j].key == "and" else None
        if second is not None and second + 1 < len(tokens) and tokens[second].key in TITLES and tokens[i].capital:
            # "Mr and Mrs Wilson", "Mr & Mrs Wilson": the first title takes the surname after the second.
            for key, k in reversed(self._surnames_at(text, tokens, second + 1)):
                people = [p for p in self.by_title_last.get(key, []) if TITLES.get(fold(p.title)) in (title, "")]
                if people:
                    return _share(people, text, start, tokens[k].end, TITLE_SURNAME, 0.85)
            return []
        if gap != "":
            return []
        if not (tokens[i].capital and tokens[j].capital):  # "mrs quinn": only an exact surname, lower case or not
            for key, k in reversed(self._surnames_at(text, tokens, j)):
                people = [p for p in self.by_title_last.get(key, []) if TITLES.get(fold(p.title)) in (title, "")]
                if people:
                    taken.update(range(j, k + 1))
                    return _share(people, text, start, tokens[k].end, TITLE_SURNAME, 0.85)
            return []

        def fits(person: Person) -> float:  # a title that agrees with the roster's, or no title on the roster
            theirs = TITLES.get(fold(person.title), "")
            if fold(person.title) == tokens[i].key:
                return 1.0
            return 0.9 if not person.title or not title or not theirs or theirs == title else 0.0

        # Mrs Mary Murphy: a full name after a title.
        full = self._from_first_name(text, tokens, j, [], taken, require_surname=True)
        if full:
            return [
                NameMatch(m.person, text[start : m.end], start, m.end, m.how, m.confidence)
                for m in full
                if fits(m.person)
            ]

        def surest(people: list[Person]) -> list[Person]:  # "Ms F": Ms Fitzpatrick before Mrs Ferris
            return [p for p in people if fits(p) == max(map(fits, people))] if people else []

        nxt = tokens[j]
        if len(nxt.text) == 1:  # Mrs Q
            # A title and an initial is how a name is disguised: every adult it fits is a candidate, and it warns
            # however many there are (staff first, then the surest title).
            people = [p for p in self.people if p.kind != "pupil" and fold(p.last_name)[:1] == nxt.key and fits(p)]
            people = sorted(dict.fromkeys(people), key=lambda p: (p.kind != "staff", -fits(p)))
            end = nxt.end + (1 if text[nxt.end : nxt.end + 1] == "." else 0)
            confidence = 0.82 if len(people) == 1 else max(WARN_AT, 0.82 - 0.05 * (len(people) - 1))
            return [NameMatch(p, text[start:end], start, end, TITLE_INITIAL, round(confidence, 2)) for p in people]
        for key, k in reversed(self._surnames_at(text, tokens, j)):
            people = surest([p for p in self.by_title_last.get(key, []) if fits(p)])
            if people:
                taken.update(range(j, k + 1))
                base = 0.92 if any(p.kind == "staff" for p in people) else 0.88
                return _share(people, text, start, tokens[k].end, TITLE_SURNAME, base * max(fits(p) for p in people))
        people = [p for last, p in self.titled if _similar(nxt.key, last) and fits(p)]
        if people:
            taken.add(j)
        return _share(people, text, start, nxt.end, SIMILAR, 0.74)

    def _from_first_name(
        self,
        text: str,
        tokens: list[_Token],
        i: int,
        classes: list[tuple[int, int, str, str]],
        taken: set[int],
        *,
        require_surname: bool = False,
    ) -> list[NameMatch]:
        token = tokens[i]
        candidates = self.by_first.get(token.key, [])
        if not candidates and "-" in token.text:  # Ellie-Mae: Ellie
            candidates = [(p, False) for p, _e in self.by_first.get(fold(token.text.split("-")[0]), [])]
        j = i + 1
        adjacent = j < len(tokens) and not text[token.end : tokens[j].start].strip()
        surnames = self._surnames_at(text, tokens, j) if adjacent else []
        if candidates and surnames:
            out = []
            for person, exact in candidates:
                last = fold(person.last_name)
                for key, k in surnames:
                    if key == last:
                        how, confidence = (FULL_NAME, 0.97) if exact else (NICKNAME, 0.9)
                        break
                    if k == j and tokens[j].capital and _similar(key, last):
                        how, confidence = SIMILAR, 0.8 if exact else 0.72
                        break
                else:
                    continue
                if token.key in common_words() and not token.capital:
                    continue
                out.append(
                    NameMatch(person, text[token.start : tokens[k].end], token.start, tokens[k].end, how, confidence)
                )
                taken.update(range(j, k + 1))
            if out:
                return out
        if not candidates and surnames and token.capital and len(token.key) >= 4:
            # A misspelt first name before an exact surname: Shivawn Kelly, Caomhe Gallagher.
            for key, k in surnames:
                out = [
                    NameMatch(p, text[token.start : tokens[k].end], token.start, tokens[k].end, SIMILAR, 0.78)
                    for p in self.by_last.get(key, [])
                    if any(_similar(token.key, form) for form in self._forms(p))
                ]
                if out:
                    taken.update(range(j, k + 1))
                    return out
        if require_surname or not candidates or not token.capital:
            return []
        if i > 0 and tokens[i - 1].capital and text[tokens[i - 1].end : token.start].strip() == ",":
            # "Kelly, Siobhán": a register's surname-first order.
            reversed_ = [p for p, _exact in candidates if fold(p.last_name) == tokens[i - 1].key]
            if reversed_:
                start = tokens[i - 1].start
                return _share(reversed_, text, start, token.end, FULL_NAME, 0.88)
        if adjacent and len(tokens[j].text) == 1 and tokens[j].text.isupper():
            # "Conor D", "Siobhán K.": a first name and the surname's initial, a common way to half-hide a child.
            after = text[tokens[j].end : tokens[j].end + 1]
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            middle = nxt is not None and nxt.capital and not text[tokens[j].end : nxt.start].strip(" .")
            if not middle and (tokens[j].text != "I" or after == "."):
                people = [p for p, _exact in candidates if fold(p.last_name)[:1] == tokens[j].key]
                end = tokens[j].end + (after == ".")
                in_class = [p for p in people if self._in_class_near(p, classes, token.start, end)]
                if in_class:
                    return _share(in_class, text, token.start, end, INITIALS, 0.85)
                return _share(people, text, token.start, end, INITIALS, 0.75)
        # "Patrick and Aoibhinn Devlin": two first names sharing the surname after the second.
        if i + 3 < len(tokens) and tokens[i + 1].key == "and" and tokens[i + 2].capital:
            for key, _k in self._surnames_at(text, tokens, i + 3):
                shared = [p for p, exact in candidates if fold(p.last_name) == key]
                if shared and any(fold(p.last_name) == key for p, _e in self.by_first.get(tokens[i + 2].key, [])):
                    how = FULL_NAME if all(e for p, e in candidates if p in shared) else NICKNAME
                    return _share(shared, text, token.start, token.end, how, 0.86)
        if adjacent and tokens[j].capital and tokens[j].key not in self.by_first and tokens[j].key not in TITLES:
            return []  # "Seán Kelly", "Rory McIlroy": someone else with the same first name
        if i > 0 and tokens[i - 1].key == "the" and not text[tokens[i - 1].end : token.start].strip():
            return []  # "the Shannon", "the Grace"
        pupils = [p for p, _exact in candidates if p.kind == "pupil"]
        in_class = [p for p in pupils if self._in_class_near(p, classes, token.start, token.end)]
        if in_class:
            return _share(in_class, text, token.start, token.end, FIRST_AND_CLASS, 0.9)
        if token.key in common_words():
            return []
        window = {t.key for t in tokens[max(0, i - 8) : i + 9]}
        if any(exact for _p, exact in candidates):  # "Mia" is Mia Hamill before Amelia Bell
            candidates = [(p, exact) for p, exact in candidates if exact]
        out = []
        for person, exact in candidates:
            context = PUPIL_CONTEXT if person.kind == "pupil" else STAFF_CONTEXT if person.kind == "staff" else set()
            base = 0.66 if window & context else 0.4
            out.append((person, base - (0 if exact else 0.04)))
        # Several people with this first name make each less likely; only those as likely as the best count.
        share = sum(c == max(c for _p, c in out) for _p, c in out)
        return [
            NameMatch(p, token.text, token.start, token.end, FIRST_NAME, round(c - 0.12 * (share > 1), 2))
            for p, c in out
        ]

    def _initials(self, text: str, classes: list[tuple[int, int, str, str]]) -> list[NameMatch]:
        out = []
        for pattern, base in ((DOTTED_INITIALS_RE, 0.72), (BARE_INITIALS_RE, 0.62)):
            for m in pattern.finditer(text):
                if pattern is BARE_INITIALS_RE and m.group() in ACRONYMS:
                    continue
                people = self.by_initials.get((m.group(1) + m.group(2)).lower(), [])
                near = [c for c in classes if abs(c[0] - m.end()) <= 30 or abs(m.start() - c[1]) <= 30]
                in_class = [p for p in people if any(self.classes[id(p)][0] == c[2] for c in near)]
                if in_class:
                    out += _share(in_class, text, m.start(), m.end(), INITIALS, base + 0.15)
                else:
                    out += _share(people, text, m.start(), m.end(), INITIALS, base)
        return out


def _share(people: list[Person], text: str, start: int, end: int, how: str, confidence: float) -> list[NameMatch]:
    """One match per person for a span; a span that could be several people is less sure for each."""
    unique = list(dict.fromkeys(people))
    if len(unique) > 1:
        confidence -= 0.1 * min(len(unique) - 1, 3)
    return [NameMatch(p, text[start:end], start, end, how, round(confidence, 2)) for p in unique]


def _best(found: list[NameMatch]) -> list[NameMatch]:
    """Per person and span the surest way; a match inside a surer one's span for the same person goes."""
    best: dict[tuple[Person, int, int], NameMatch] = {}
    for m in found:
        key = (m.person, m.start, m.end)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    kept = [
        m
        for m in best.values()
        if not any(
            o.person == m.person
            and o is not m
            and o.start <= m.start
            and m.end <= o.end
            and o.confidence >= m.confidence
            for o in best.values()
        )
    ]
    return sorted(kept, key=lambda m: (-m.confidence, m.start, m.person.kind, m.person.id))


def people_named(matches: Iterable[NameMatch], *, at: float = WARN_AT) -> set[Person]:
    """The people a page would warn about."""
    return {m.person for m in matches if m.confidence >= at}


def people_of(school) -> list[Person]:
    """Pupils on roll, parents and carers, and active staff and governors of the school."""
    from socialsafe.schools.models import Guardian, Member, Pupil

    pupils = Pupil.objects.current().filter(school=school).order_by("pk")
    guardians = Guardian.objects.filter(school=school).order_by("pk")
    members = Member.objects.filter(school=school, is_active=True).order_by("pk")
    return [
        *(
            Person("pupil", pk, f, last, "", c)
            for pk, f, last, c in pupils.values_list("pk", "first_name", "last_name", "school_class__name")
        ),
        *(
            Person("parent", pk, f, last, t)
            for pk, f, last, t in guardians.values_list("pk", "first_name", "last_name", "title")
        ),
        *(
            Person("staff", pk, f, last, t)
            for pk, f, last, t in members.values_list("pk", "first_name", "last_name", "title")
        ),
    ]


_cache: dict[int, tuple[str, NameIndex]] = {}
_cache_lock = threading.Lock()


def index_for_school(school) -> NameIndex:
    """The school's index, rebuilt whenever its roster has changed since the last call (never a stale one).

    Reading the roster is three small queries; building the index is what the cache saves.
    """
    people = people_of(school)
    fingerprint = hashlib.sha256(repr(people).encode()).hexdigest()
    with _cache_lock:
        cached = _cache.get(school.pk)
        if cached and cached[0] == fingerprint:
            return cached[1]
    index = NameIndex.from_people(people)
    with _cache_lock:
        _cache[school.pk] = (fingerprint, index)
    return index
