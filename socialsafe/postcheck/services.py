"""Check a draft post against the staff rules (stores nothing), and the requests a teacher chooses to send on."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.moderation import classify
from socialsafe.moderation.models import LABEL_NAMES
from socialsafe.postcheck import names
from socialsafe.postcheck import photo as photo_checks
from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.registers.models import AccountStatus, TeachingAccount
from socialsafe.schools.models import Member, School
from socialsafe.schools.roles import SENIOR

MAX_DRAFT_CHARS = 5000
KIND_CHECK = {"pupil": "names_a_pupil", "parent": "names_a_parent", "staff": "names_a_colleague"}
KIND_WORDS = {"pupil": "pupil", "parent": "parent or carer", "staff": "member of staff"}
_GROUP_ADDRESS = re.compile(
    r"\b(?:dear|to all|tell all|reminder to|hi|hiya|hello|hey|calling all|attention|message for)\b[^.!?\n]{0,30}?"
    r"\b(?P<who>parents|mums|dads|families|carers|pupils|boys and girls|kids|children)\b",
    re.IGNORECASE,
)
_PUPIL_GROUPS = {"pupils", "boys and girls", "kids", "children"}
# Words that speak to one parent about their child ("your son was a nightmare today").
_YOUR_CHILD = re.compile(r"\byour (?:son|daughter|child|wee one|wee boy|wee girl|boy|girl|kid)\b", re.IGNORECASE)
_BARE_CLASS = re.compile(r"(?<!\w)(?:p|primary )[1-7](?!\w)", re.IGNORECASE)
_NEAR = 40  # characters either side that count as "near"


def _candidate(person: names.Person) -> str:
    """ "Mrs Laura Quinn (staff)", "Claire Quinn (parent)": the full name, so two Quinns on the staff differ."""
    title = f"{person.title} " if person.title and person.kind == "staff" else ""
    return f"{title}{person.first_name} {person.last_name} ({person.kind})"


def _staff_first(m: names.NameMatch) -> tuple:
    return (m.person.kind != "staff", -m.confidence, m.person.last_name, m.person.first_name)


def _near(text: str, start: int, end: int, pattern: str) -> str | None:
    """The phrase (a regular expression) as written within _NEAR characters of text[start:end], or None."""
    window = text[max(0, start - _NEAR) : end + _NEAR]
    found = re.search(pattern, window, re.IGNORECASE)
    return found.group(0) if found else None


def _phrase_re(phrases) -> str:
    return "|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in phrases)


@dataclass
class Warning:
    id: str
    title: str
    clause: str
    advice: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    warnings: list[Warning]
    matches: list[names.NameMatch]  # every match, those below names.WARN_AT shown as possible only
    scores: dict[str, float]
    photo: photo_checks.PhotoFindings | None = None
    photo_error: str = ""

    @property
    def possible(self) -> list[names.NameMatch]:
        """Matches too weak to warn about (a first name alone), one per place in the draft, to show as possible."""
        warned = {(m.start, m.end) for m in self.matches if m.confidence >= names.WARN_AT}
        seen: set[tuple[int, int]] = set()
        out = []
        for m in self.matches:
            span = (m.start, m.end)
            if m.confidence < names.WARN_AT and span not in warned and span not in seen:
                seen.add(span)
                out.append(m)
        return out

    def as_json(self) -> dict:
        """The result for the JSON endpoint: the same facts the page shows."""
        findings = self.photo
        return {
            "warnings": [w.__dict__ for w in self.warnings],
            "names": [
                {
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "how": m.how,
                    "confidence": round(m.confidence, 3),
                    "warns": m.confidence >= names.WARN_AT,
                    "person": {"kind": m.person.kind, "id": m.person.id, "display": m.person.display()},
                }
                for m in self.matches
            ],
            "scores": self.scores,
            "photo": None
            if findings is None
            else {
                "faces": findings.faces,
                "face_boxes": [list(b) for b in findings.face_boxes],
                "width": findings.width,
                "height": findings.height,
                "taken_at": findings.taken_at.isoformat() if findings.taken_at else None,
                "location": list(findings.location) if findings.location else None,
                "device": findings.device,
                "colour_share": findings.colour_share,
                "limits": list(findings.limits),
            },
            "photo_error": self.photo_error,
        }


def _short_name(school: School) -> str:
    """The school's name as people write it: "Glenmore" for "Glenmore Primary School"."""
    short = re.sub(r"\s+(primary school|primary|p\.?s\.?|school)$", "", school.name.strip(), flags=re.IGNORECASE)
    return short if len(short) >= 4 else school.name


def _find(text: str, phrase: str) -> str | None:
    """The phrase as the draft writes it (any case), or None."""
    found = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE)
    return found.group(0) if found else None


def _in_school_hours(taken_at: dt.datetime | None) -> bool:
    start, end = rules.SCHOOL_HOURS
    return taken_at is not None and taken_at.weekday() < 5 and start <= taken_at.hour < end


def photo_warnings(findings: photo_checks.PhotoFindings) -> list[tuple[str, str]]:
    """(check id, what was found) for what a photo's findings show: people, its place, a school day."""
    found = []
    if findings.faces:
        people = "one face" if findings.faces == 1 else f"{findings.faces} faces"
        found.append(("shows_people", f"The photo shows {people}: check no pupil is in it"))
    if findings.location:
        lat, lon = findings.location
        found.append(("photo_records_its_place", f"The photo records where it was taken ({lat:.4f}, {lon:.4f})"))
    if _in_school_hours(findings.taken_at):
        when = f"{findings.taken_at:%a %-d %b %Y at %H:%M}"
        found.append(("shows_a_school_event", f"The photo was taken on a school day in school hours ({when})"))
    return found


@sensitive_variables()  # an error report must not show the draft
def check_draft(*, school: School, text: str, photo: bytes | None = None) -> CheckResult:
    """Every warning the staff rules give for this draft. Pure: stores nothing and logs nothing of the draft."""
    text = text[:MAX_DRAFT_CHARS]
    warnings: dict[str, Warning] = {}

    def warn(check_id: str, evidence: str) -> None:
        check = rules.post_check(check_id)
        w = warnings.setdefault(check_id, Warning(check.id, check.title, check.clause, check.advice))
        if evidence not in w.evidence:
            w.evidence.append(evidence)

    index = names.index_for_school(school)
    matches = index.find(text) if text.strip() else []
    event_re = _phrase_re(rules.SCHOOL_EVENT_WORDS)
    class_context = [(c.start(), c.end()) for c in re.finditer(rules.CLASS_CONTEXT_RE, text, re.IGNORECASE)]
    counted: set[tuple[int, int]] = set()  # initials near "my class": warned as a count of pupils, never names
    for m in matches:
        if m.how == names.INITIALS and len(letters := re.sub(r"[^A-Za-z]", "", m.text)) == 2:
            near = any(abs(s - m.end) <= _NEAR or abs(m.start - e) <= _NEAR for s, e in class_context)
            pupils = [p for p in index.by_initials.get(letters.lower(), []) if p.kind == "pupil"]
            if near and pupils:
                if (m.start, m.end) not in counted:
                    counted.add((m.start, m.end))
                    fit = "1 pupil" if len(pupils) == 1 else f"{len(pupils)} pupils"
                    beside = _near(text, m.start, m.end, rules.CLASS_CONTEXT_RE)
                    warn("names_a_pupil", f"“{m.text}” — initials that fit {fit} of the school, beside “{beside}”")
                continue
        tagged = text[max(0, m.start - 1) : m.start] == "@"
        if m.how == names.TITLE_INITIAL:
            who = sorted((c for c in matches if (c.start, c.end) == (m.start, m.end)), key=_staff_first)
            evidence = f"“{m.text}” — could be {' or '.join(_candidate(c.person) for c in who)}"
            warn(KIND_CHECK[m.person.kind], evidence)
            continue
        event = _near(text, m.start, m.end, event_re) if m.how == names.FIRST_NAME else None
        if m.person.kind == "pupil" and event:
            if (m.start, m.end) not in counted:  # once per place: the pupils by name if one or two, else a count
                counted.add((m.start, m.end))
                same = [c.person for c in matches if (c.start, c.end) == (m.start, m.end) and c.person.kind == "pupil"]
                who = " or ".join(p.display() for p in same) if len(same) <= 2 else f"{len(same)} pupils have it"
                warn("names_a_pupil", f"“{m.text}” — a pupil's first name ({who}) beside “{event}”")
            continue
        if m.confidence < names.WARN_AT and not (tagged and m.person.kind in ("pupil", "parent")):
            continue
        how = f"{m.how} after “@”" if tagged and m.confidence < names.WARN_AT else m.how
        warn(KIND_CHECK[m.person.kind], f"“{m.text}” — matches {m.person.display()} by {how}")
        if m.person.kind in ("pupil", "parent") and tagged:
            warn(f"addresses_a_{m.person.kind}", f"“@{m.text}” tags a {KIND_WORDS[m.person.kind]}")
    for found in _GROUP_ADDRESS.finditer(text):
        who = found.group("who").lower()
        warn("addresses_a_pupil" if who in _PUPIL_GROUPS else "addresses_a_parent", f"“{found.group(0)}”")
    for found in _YOUR_CHILD.finditer(text):
        warn("addresses_a_parent", f"“{found.group(0)}” speaks to a parent about their child")

    school_names = {school.name, _short_name(school)}
    for phrase in rules.SCHOOL_EVENT_WORDS:
        if written := _find(text, phrase):
            warn("shows_a_school_event", f"“{written}”")
    for name in school_names:
        if written := _find(text, name):
            warn("shows_a_school_event", f"It names the school, “{written}”")
    class_names = {n for n in school.classes.values_list("name", flat=True) if len(n) >= 2}
    class_re = "|".join([_BARE_CLASS.pattern, *(r"(?<!\w)" + re.escape(n) + r"(?!\w)" for n in class_names)])
    for found in re.finditer(class_re, text, re.IGNORECASE):
        if outing := _near(text, found.start(), found.end(), _phrase_re(rules.SCHOOL_OUTING_WORDS)):
            warn("shows_a_school_event", f"“{found.group(0)}” with “{outing}”: it reads as a class outing")
    for phrase in rules.SCHOOL_VOICE_PHRASES:
        for name in school_names:
            if written := _find(text, phrase.format(school=name)):
                warn("reads_as_the_schools_opinion", f"“{written}”")

    scores = classify([text])[0] if text.strip() else {}
    offensive = {label: s for label, s in scores.items() if s >= rules.OFFENSIVE_LABELS_AT}
    for label, score in sorted(offensive.items(), key=lambda kv: -kv[1]):
        warn("offensive_language", f"Reads as {LABEL_NAMES.get(label, label)} ({score:.0%})")
    for pattern in rules.OFFENSIVE_PATTERNS:
        for found in re.finditer(pattern, text, re.IGNORECASE):
            warn("offensive_language", f"“{found.group(0)}” reads as swearing")
    for phrase in rules.NEGATIVE_PHRASES:
        if written := _find(text, phrase):
            warn("negative_about_the_school", f"“{written}”")
    school_people_re = _phrase_re(rules.SCHOOL_PEOPLE_WORDS)
    for phrase in rules.NEGATIVE_NEAR_SCHOOL:
        for found in re.finditer(_phrase_re([phrase]), text, re.IGNORECASE):
            if about := _near(text, found.start(), found.end(), school_people_re):
                warn("negative_about_the_school", f"“{found.group(0)}” about “{about}”")
    about_school = bool(warnings.keys() & {"shows_a_school_event", *KIND_CHECK.values()}) or bool(_find(text, "school"))
    if about_school and scores.get("insult", 0) >= rules.OFFENSIVE_LABELS_AT:
        warn("negative_about_the_school", "It is about the school and reads as insulting")

    findings, photo_error = None, ""
    if photo:
        try:
            findings = photo_checks.check_photo(photo)
        except photo_checks.PhotoError as e:
            photo_error = str(e)
    if findings is not None:
        for check_id, evidence in photo_warnings(findings):
            warn(check_id, evidence)

    order = [c.id for c in rules.POST_CHECKS]
    result = sorted(warnings.values(), key=lambda w: order.index(w.id))
    return CheckResult(warnings=result, matches=matches, scores=scores, photo=findings, photo_error=photo_error)


def check_recorded(*, school: School, by, result: CheckResult, request=None) -> None:
    """Audit that a check happened: how many warnings, never what the draft said."""
    audit_record(
        actor=by, verb="postcheck.checked", school=school, data={"warnings": len(result.warnings)}, request=request
    )


def _senior_emails(school: School) -> list[str]:
    members = Member.objects.filter(school=school, is_active=True, roles__role__in=SENIOR).select_related("user")
    return sorted({m.user.email for m in members.distinct() if m.user_id and m.user.email})


def _photo_file(data: bytes | None) -> ContentFile | None:
    return ContentFile(data, name="photo") if data else None


@transaction.atomic
def advice_request(
    *, member: Member, by, text: str, question: str, warnings: list[dict], photo_data: bytes | None = None
) -> AdviceRequest:
    """A member of staff asks the Principal about a draft: stored now, because they asked."""
    advice = AdviceRequest(school=member.school, requested_by=member, text=text, question=question, warnings=warnings)
    advice.full_clean(exclude=["photo"])
    if photo_data:
        advice.photo = _photo_file(photo_data)
    advice.save()
    audit_record(actor=by, verb="postcheck.advice_requested", target=advice, school=member.school)
    from socialsafe.lib.mail import email_on_commit

    email_on_commit(
        _senior_emails(member.school),
        "A member of staff asks about a post",
        "postcheck/email/advice_requested.txt",
        {"advice": advice},
        school=member.school,
    )
    return advice


@transaction.atomic
def advice_answer(*, advice: AdviceRequest, by, answer: str) -> AdviceRequest:
    """The Principal answers; the member of staff is emailed to come and read it (the answer is not in the email)."""
    advice = (
        AdviceRequest.objects.select_for_update(of=("self",)).select_related("requested_by__user").get(pk=advice.pk)
    )
    advice.answer_with(answer, by=by)
    advice.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_record(actor=by, verb="postcheck.advice_answered", target=advice, school=advice.school)
    from socialsafe.lib.mail import email_on_commit

    user = advice.requested_by.user
    email_on_commit(
        [user.email] if user else [],
        "Your question about a post has an answer",
        "postcheck/email/advice_answered.txt",
        {"advice": advice},
        school=advice.school,
    )
    return advice


def official_accounts(school: School):
    """The school's approved official accounts, which a post can be proposed for."""
    return TeachingAccount.objects.filter(school=school, official=True, status=AccountStatus.APPROVED)


@transaction.atomic
def official_post_request(
    *, member: Member, by, text: str, accounts: list[TeachingAccount], photo_data: bytes | None = None
) -> OfficialPostRequest:
    """A member of staff proposes a post for the school's official accounts; the Principal decides."""
    allowed = set(official_accounts(member.school).values_list("pk", flat=True))
    if not accounts or any(a.pk not in allowed for a in accounts):
        raise ValueError("Choose at least one of the school's official accounts.")
    post = OfficialPostRequest(school=member.school, requested_by=member, text=text)
    post.full_clean(exclude=["photo"])
    if photo_data:
        post.photo = _photo_file(photo_data)
    post.save()
    post.accounts.set(accounts)
    audit_record(
        actor=by, verb="postcheck.official_post_requested", target=post, school=member.school,
        data={"accounts": sorted(a.pk for a in accounts)},
    )  # fmt: skip
    from socialsafe.lib.mail import email_on_commit

    email_on_commit(
        _senior_emails(member.school),
        "A post is proposed for the school's official accounts",
        "postcheck/email/official_post_requested.txt",
        {"post": post},
        school=member.school,
    )
    return post


@transaction.atomic
def official_post_decide(*, post: OfficialPostRequest, by, status: str, note: str) -> OfficialPostRequest:
    """The Principal approves or declines a proposed post; the member of staff is told."""
    post = (
        OfficialPostRequest.objects.select_for_update(of=("self",)).select_related("requested_by__user").get(pk=post.pk)
    )
    post.decide(status, by=by, note=note.strip())
    post.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit_record(actor=by, verb=f"postcheck.official_post_{status}", target=post, school=post.school)
    from socialsafe.lib.mail import email_on_commit

    user = post.requested_by.user
    email_on_commit(
        [user.email] if user else [],
        f"Your post for the school's accounts is {post.get_status_display().lower()}",
        "postcheck/email/official_post_decided.txt",
        {"post": post},
        school=post.school,
    )
    return post


def request_viewed(*, item, by, request=None) -> None:
    """Log a view of a stored request (its text is a draft that may name a child)."""
    audit_record(
        actor=by, verb=f"postcheck.{item._meta.model_name}_viewed", target=item, school=item.school, request=request
    )
