"""Every URL, for every role, method and object scope: the answer the policy expects, and nothing it must not show.

The expectations below are written from the policy (who sees what), not read from the product's access code, so
that removing or loosening a check there makes this fail. Each URL is declared once in MATRIX: the methods it takes,
who passes its role check (`gate`), the objects it is asked about (`scopes`) and, for those, who may see or change
each one (`rule`). A URL that is not in MATRIX fails test_it_knows_every_url.

Outcomes: OK is any answer that is not a refusal (a page, a redirect after the work, a form shown again with its
errors: the matrix posts empty forms); LOGIN is a redirect to the sign-in page; 403, 404 and 405 are exact.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from socialsafe.tests_security import world as W
from socialsafe.tests_security.world import (
    ANON,
    CHAIR,
    DESIGNATED,
    GLENMORE,
    GOVERNOR,
    NAMEABLE,
    OFFICER,
    OUTSIDE,
    OUTSIDER,
    PARENT,
    PRINCIPAL,
    REPORTERS,
    TEACHER,
    VIEWERS,
    VP,
    marker,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "OK", "LOGIN", 403, 404, 405
SIGN_IN = "/accounts/sign-in/"

# Who passes each kind of role check. The other school's Principal holds the Principal's role, in their own school.
EVERYONE = frozenset(VIEWERS)
SIGNED_IN = EVERYONE - {ANON}
STAFF = frozenset({TEACHER, DESIGNATED, VP, PRINCIPAL, OUTSIDER})
MEMBERS = STAFF | {CHAIR, GOVERNOR}  # staff and governors: the cases pages
SENIOR = frozenset({VP, PRINCIPAL, OUTSIDER})
HEAD = frozenset({PRINCIPAL, OUTSIDER})
ALL_PUPILS = SENIOR | {DESIGNATED}
GLENMORE_PEOPLE = frozenset({PARENT, TEACHER, DESIGNATED, VP, PRINCIPAL, CHAIR, GOVERNOR})


# --- The policy's need-to-know, per case (incidents/access.py's docstring and rules.FILE_ACCESS, restated) ---
def sees(key: str) -> frozenset:
    """Who may know of the case: its reporter, and those who see its whole file. Never anyone named in it."""
    kind, _, who = key.partition(":")
    if kind == "own":
        return frozenset({who, VP, PRINCIPAL})
    if key == "missing":
        return frozenset()
    return whole(key) | ({TEACHER} if key == "pupil" else set())


def whole(key: str) -> frozenset:
    kind, _, who = key.partition(":")
    if kind in ("own", "others", "closed"):
        return frozenset({VP, PRINCIPAL})
    if kind == "named":
        return frozenset({VP, PRINCIPAL}) - {who}
    return {
        "pupil": frozenset({VP, PRINCIPAL, DESIGNATED, TEACHER}),  # the class teacher of the pupil's class too
        "principal_target": frozenset({CHAIR}),  # taken to the Governors: the Chair only, never the Principal
        "riverside": frozenset({OUTSIDER}),
    }.get(key, frozenset())


def manages(key: str) -> frozenset:
    if key == "pupil":
        return frozenset({VP, PRINCIPAL, DESIGNATED})  # the class teacher reads it but does not run it
    return whole(key)


CASE_KEYS = [f"own:{v}" for v in REPORTERS] + [f"named:{v}" for v in NAMEABLE if v != PRINCIPAL]
CASE_KEYS += ["others", "pupil", "principal_target", "closed", "riverside"]
ACTION_OWNER = {"others": PRINCIPAL, "pupil": TEACHER, "principal_target": CHAIR, "riverside": OUTSIDER}
LETTER_TO = {"others": PARENT}  # the letter on "others" was emailed to the parent


# --- Scopes: for a viewer, which object a scope names (its key for the rule) and the URL's kwargs ---
# Those who see no case of this school are asked about a case of it and one of the other school's.
NO_CASES = (ANON, PARENT, OFFICER, OUTSIDER)


def case_scope(scope: str) -> Callable:
    def resolve(w, v, kw):
        if v in NO_CASES and scope not in ("others", "other_school"):
            key = None
        elif scope == "own":
            key = f"own:{v}" if v in REPORTERS else None
        elif scope == "named":
            key = "principal_target" if v == PRINCIPAL else f"named:{v}" if v in NAMEABLE else None
        elif scope == "other_school":
            key = "others" if v == OUTSIDER else "riverside"
        else:
            key = scope
        return key and (key, {kw: w.cases[key].pk})

    return resolve


def child_scope(kind: str, scope: str) -> Callable:
    def resolve(w, v, kw):
        if v in NO_CASES and scope not in ("others", "other_school"):
            return None
        key = ("others" if v == OUTSIDER else "riverside") if scope == "other_school" else scope
        return key, {kw: w.rows[kind, key]}

    return resolve


def school_scope(kind: str, scope: str) -> Callable:
    """A row of the viewer's own school (the outsider's is Riverside) or of the other school."""

    def resolve(w, v, kw):
        mine = "riverside" if v == OUTSIDER else "school"
        theirs = "school" if v == OUTSIDER else "riverside"
        return scope, {kw: w.rows[kind, mine if scope == "own_school" else theirs]}

    return resolve


def _with(resolve: Callable, **extra) -> Callable:
    """The same scope with more of the URL's kwargs (a file format)."""

    def r(w, v, kw):
        found = resolve(w, v, kw)
        return found and (found[0], {**found[1], **extra})

    return r


def fixed(scope: str, **kwargs) -> Callable:
    return lambda w, v, kw: (scope, kwargs)


CASE_SCOPES = ("own", "others", "named", "pupil", "principal_target", "other_school", "closed")
CHILD_SCOPES = ("others", "pupil", "principal_target", "other_school")


def missing(w, v, kw):
    """An id that names nothing: 404, never a 500 (asked of the Principal, who passes most role checks)."""
    return ("missing", {kw: 987654}) if v == PRINCIPAL else None


def cases(kw: str = "pk") -> dict:
    return {s: (case_scope(s), kw) for s in CASE_SCOPES} | {"missing": (missing, kw)}


def children(kind: str, kw: str = "pk") -> dict:
    return {s: (child_scope(kind, s), kw) for s in CHILD_SCOPES} | {"missing": (missing, kw)}


def rows(kind: str, kw: str = "pk") -> dict:
    return {s: (school_scope(kind, s), kw) for s in ("own_school", "other_school")} | {"missing": (missing, kw)}


# --- Rules: once the role check is passed, the answer for (viewer, object key) ---
def see(v, key):
    return OK if v in sees(key) else NOT_FOUND


def see_whole(v, key):
    return NOT_FOUND if v not in sees(key) else FORBIDDEN if v not in whole(key) else OK


def manage(v, key):
    return NOT_FOUND if v not in sees(key) else FORBIDDEN if v not in manages(key) else OK


def whole_then_manage(v, key):
    """A row shown only to those who see the case's whole file; changed only by who runs the case."""
    return NOT_FOUND if v not in whole(key) else FORBIDDEN if v not in manages(key) else OK


def evidence_item(v, key):
    return OK if v in whole(key) else NOT_FOUND  # each item was added by someone who sees the whole file


def letter_download(v, key):
    return OK if v in whole(key) or LETTER_TO.get(key) == v else NOT_FOUND


def register_row(v, key):
    """A bar or an ICT ban: for who keeps the register (senior staff) or runs the case, if they see its file."""
    return NOT_FOUND if v not in whole(key) else OK if v in SENIOR | manages(key) else FORBIDDEN


def action_page(v, key):
    if v not in sees(key):
        return NOT_FOUND
    if ACTION_OWNER.get(key) == v:
        return OK
    return NOT_FOUND if v not in whole(key) else FORBIDDEN if v not in manages(key) else OK


def action_withdraw(v, key):
    answer = action_page(v, key)
    return FORBIDDEN if answer == OK and v not in manages(key) else answer


def same_school(v, scope):
    return OK if scope == "own_school" else NOT_FOUND


def policy_version(v, scope):
    if scope.startswith("other"):
        return NOT_FOUND
    if scope == "staff_doc":
        return OK if v in STAFF else FORBIDDEN
    return OK if v in SENIOR | {PARENT} else FORBIDDEN  # parents' documents: parents, and the managers


def teaching_account(v, scope):
    if v == OUTSIDER or scope == "riverside":
        return NOT_FOUND
    if v in HEAD or scope == "approved" or (scope == "requested:teacher" and v == TEACHER):
        return OK
    return FORBIDDEN


def account_decision(v, scope):
    return NOT_FOUND if v == OUTSIDER or scope == "riverside" else OK if v in HEAD else FORBIDDEN


def pupil_page(v, scope):
    if scope == "other_school":
        return NOT_FOUND
    if v in ALL_PUPILS:
        return OK
    return OK if (v, scope) in {(TEACHER, "class"), (PARENT, "child")} else NOT_FOUND


def class_page(v, scope):
    if scope == "other_school":
        return NOT_FOUND
    return OK if v in ALL_PUPILS or scope == "class" else NOT_FOUND


def own_child(v, scope):
    return OK if scope == "child" else NOT_FOUND


def known(v, scope):
    return OK if scope == "known" else NOT_FOUND


def switch_to_glenmore(w) -> dict:
    return {"school": w.school.pk}


def in_glenmore(v, scope):
    return OK if v in GLENMORE_PEOPLE else FORBIDDEN  # switching to a school one has no role in is refused


def pupil_scopes(kind: str) -> dict:
    def resolve(scope):
        def r(w, v, kw):
            if scope == "other_school":
                row = w.rows[kind, "class"] if v == OUTSIDER else w.rows[kind, "riverside"]
            else:
                row = w.rows[kind, scope]
            return (NOT_FOUND_SCOPE if v == OUTSIDER else scope), {kw: row}

        return r

    return {s: (resolve(s), "pk") for s in ("class", "child", "other_school")}


NOT_FOUND_SCOPE = "other_school"  # every Glenmore pupil and class is another school's to the outsider


def accounts_scopes() -> dict:
    def resolve(scope):
        def r(w, v, kw):
            row = w.rows["account", "approved" if (scope == "riverside" and v == OUTSIDER) else scope]
            return scope, {kw: row}

        return r

    return {s: (resolve(s), "pk") for s in ("requested:teacher", "approved", "riverside")}


def doc_scopes() -> dict:
    def resolve(scope):
        def r(w, v, kw):
            kind, _, where = scope.partition("@")
            mine, theirs = ("riverside", "school") if v == OUTSIDER else ("school", "riverside")
            key = "other" if where == "other" else kind
            return key, {kw: w.rows[kind, theirs if where == "other" else mine]}

        return r

    return {s: (resolve(s), "pk") for s in ("staff_doc", "parent_doc", "staff_doc@other")}


# The Governors' termly reports: the school's version for senior staff, the Chair and the governors; the Board's
# version (which counts the cases taken to the Governors) for the Chair and the governors only.
REPORT_READERS = SENIOR | {CHAIR, GOVERNOR}
REPORT_PRODUCERS = SENIOR | {CHAIR}


def _termly_reports(w) -> dict:
    """One report of each version at Glenmore and one at Riverside, made in the test that first asks for them."""
    from socialsafe.reports.models import ReportRun

    if not ReportRun.objects.filter(pk=w.rows.get(("report", "school"))).exists():  # each test's rows roll back
        from django.utils.timezone import localdate

        from socialsafe.reports.termly import BOARD, SCHOOL, Period, termly_figures
        from socialsafe.reports.terms import term_for
        from socialsafe.schools.models import Member

        period = Period.of_term(term_for(localdate()))
        riverside = Member.objects.get(user=w.users[OUTSIDER]).school
        for key, school, by, scope in (
            ("school", w.school, PRINCIPAL, SCHOOL),
            ("board", w.school, CHAIR, BOARD),
            ("riverside", riverside, OUTSIDER, SCHOOL),
        ):
            w.rows["report", key] = ReportRun.objects.create(
                school=school,
                scope=scope,
                parameters=period.parameters,
                label=period.label,
                produced_by=w.users[by],
                produced_as="the Principal",
                figures=termly_figures(school=school, scope=scope, period=period),
                pdf=b"%PDF-1.7",
                pdf_sha256="0" * 64,
            ).pk
    return w.rows


def report_scopes() -> dict:
    def resolve(scope):
        def r(w, v, kw):
            rows = _termly_reports(w)
            if v == OUTSIDER:
                row = {"school_report": "riverside", "board_report": "board", "other_school": "school"}[scope]
                return ("school_report" if scope == "school_report" else "other_school"), {kw: rows["report", row]}
            row = {"school_report": "school", "board_report": "board", "other_school": "riverside"}[scope]
            return scope, {kw: rows["report", row]}

        return r

    return {s: (resolve(s), "pk") for s in ("school_report", "board_report", "other_school")} | {
        "missing": (missing, "pk")
    }


def termly_report(v, key):
    if key == "school_report":
        return OK
    if key == "board_report":
        return OK if v in {CHAIR, GOVERNOR} else NOT_FOUND
    return NOT_FOUND


# --- subject access (issue 16): the Principal and Vice-Principal manage requests; the Principal alone redacts,
# produces and downloads. One request (with an export) at Glenmore and one at Riverside, made when first asked for.
def _sar_rows(w) -> dict:
    from socialsafe.subjectaccess.models import SubjectAccessExport, SubjectAccessRequest

    if not SubjectAccessRequest.objects.filter(pk=w.rows.get(("sar", "school"))).exists():  # each test rolls back
        from django.utils.timezone import localdate

        from socialsafe.lib.crypto import encrypt_bytes
        from socialsafe.schools.models import Member, Pupil
        from socialsafe.subjectaccess.export import exports_dir

        riverside = Member.objects.get(user=w.users[OUTSIDER]).school
        for key, school, by, pupil in (
            ("school", w.school, PRINCIPAL, w.rows["pupil", "child"]),
            ("riverside", riverside, OUTSIDER, w.rows["pupil", "riverside"]),
        ):
            sar = SubjectAccessRequest.objects.create(
                school=school, requester_name="A parent", received_via="email", received_on=localdate(),
                due_on=localdate(), subject_kind="pupil", subject_pupil=Pupil.objects.get(pk=pupil),
                created_by=w.users[by],
            )  # fmt: skip
            name = f"matrix-{sar.pk}.zip"
            (exports_dir() / name).write_bytes(encrypt_bytes(b"PK"))  # stored encrypted, as every export is
            export = SubjectAccessExport.objects.create(
                request=sar, produced_by=w.users[by], file_name=name, sha256="0" * 64, size=2
            )
            w.rows["sar", key], w.rows["sar_export", key] = sar.pk, export.pk
    return w.rows


def sar_scopes(kind: str) -> dict:
    def resolve(scope):
        def r(w, v, kw):
            rows = _sar_rows(w)
            mine, theirs = ("riverside", "school") if v == OUTSIDER else ("school", "riverside")
            return scope, {kw: rows[kind, mine if scope == "own_school" else theirs]}

        return r

    return {s: (resolve(s), "pk") for s in ("own_school", "other_school")} | {"missing": (missing, "pk")}


def sar_url(methods, gate, kind="sar"):
    return Url(methods, gate, sar_scopes(kind), same_school)


# --- check before you post (issue 18, part "page"): a request sent from a check is read by the member of staff who
# sent it and the Principal and Vice-Principal; other staff do not know of it (404). One question and one proposed
# post at Glenmore (by the class teacher) and at Riverside (by its Principal), made when first asked for.
def _postcheck_rows(w) -> dict:
    from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest

    if not AdviceRequest.objects.filter(pk=w.rows.get(("advice", "school"))).exists():  # each test rolls back
        from django.core.files.base import ContentFile

        from socialsafe.registers.models import TeachingAccount
        from socialsafe.schools.models import Member

        outsider = Member.objects.get(user=w.users[OUTSIDER])
        for key, member, word in (("school", w.members[TEACHER], GLENMORE), ("riverside", outsider, OUTSIDE)):
            photo = ContentFile(b"\xff\xd8\xff\xe0 a photo", name="photo")
            w.rows["advice", key] = AdviceRequest.objects.create(
                school=member.school, requested_by=member, text=f"A draft {word}", question="May I?", photo=photo
            ).pk
            account = TeachingAccount.objects.create(
                school=member.school, official=True, service="Facebook", name="The school", purpose="News",
                audience="Parents", moderation="Daily", requested_by=member, status="approved",
            )  # fmt: skip
            post = OfficialPostRequest.objects.create(
                school=member.school, requested_by=member, text=f"A post {word}", photo=photo
            )
            post.accounts.set([account])
            w.rows["official_post", key] = post.pk
    return w.rows


def postcheck_scopes(kind: str) -> dict:
    def resolve(scope):
        def r(w, v, kw):
            rows = _postcheck_rows(w)
            mine, theirs = ("riverside", "school") if v == OUTSIDER else ("school", "riverside")
            return scope, {kw: rows[kind, mine if scope == "own_school" else theirs]}

        return r

    return {s: (resolve(s), "pk") for s in ("own_school", "other_school")} | {"missing": (missing, "pk")}


def postcheck_read(v, scope):
    if scope != "own_school" or v == DESIGNATED:
        return NOT_FOUND
    return OK  # the sender (the teacher; Riverside's Principal) and the senior team


def postcheck_answer(v, scope):
    answer = postcheck_read(v, scope)
    return FORBIDDEN if answer == OK and v == TEACHER else answer


def postcheck_url(methods, kind, rule=postcheck_read):
    return Url(methods, STAFF, postcheck_scopes(kind), rule)


# --- The matrix ---
@dataclass(frozen=True)
class Url:
    methods: tuple = ("GET",)
    gate: frozenset | None = SIGNED_IN  # who passes the role check; None: a public page, no sign-in
    scopes: dict = field(default_factory=dict)  # scope -> (resolver, kwarg name); none: the URL takes no object
    rule: Callable | None = None  # (viewer, scope key) -> answer, once the role check is passed
    data: Callable | None = None  # the POST's fields, from the world
    relogin: bool = False  # the request signs the viewer out
    visitor_first: bool = False  # refuses a visitor (403) before looking at the method (django-otp-webauthn's views)
    post_gate: frozenset | None = None  # who passes the role check for a POST, where it differs from a GET's


GP, G, P = ("GET", "POST"), ("GET",), ("POST",)


def passkey_ceremony(v, key):
    return FORBIDDEN if v == ANON else OK


BOGUS_TOKEN = "not-a-real-token"  # noqa: S105 (a made-up link)


def case_url(methods, rule, gate=MEMBERS, kw="pk"):
    return Url(methods, gate, cases(kw), rule)


def child_url(kind, methods, rule, gate=MEMBERS):
    return Url(methods, gate, children(kind), rule)


def row_url(kind, methods, gate, kw="pk"):
    return Url(methods, gate, rows(kind, kw), same_school)


def known_or_not(**kwargs) -> dict:
    """Two scopes: the URL with a value it knows, and with one it does not (404)."""
    return {
        "known": (fixed("known", **{k: good for k, (good, _) in kwargs.items()}), None),
        "unknown": (fixed("unknown", **{k: bad for k, (_, bad) in kwargs.items()}), None),
    }


def public_url(methods, **extra):
    """A school's public page: anyone, signed in or not; 404 for a school that does not exist."""

    def scope(name, slug):
        return lambda w, v, kw: (name, {"school": slug, **_extra(w, extra)})

    scopes = {"known": (scope("known", "glenmore"), None), "unknown": (scope("unknown", "nope"), None)}
    return Url(methods, None, scopes, known)


def _extra(w, extra):
    return {k: (f(w) if callable(f) else f) for k, f in extra.items()}


# --- record transfer (issue 16) ---
TRANSFERS = frozenset({DESIGNATED, PRINCIPAL, OUTSIDER})
NO_TRANSFER = {"missing": (missing, "pk")}


def gone(v, key):
    return NOT_FOUND


# --- families (issue 18) ---
def family_class(v, scope):
    """A class's families: the whole school for senior staff, a class teacher their own class, never another school."""
    if scope == "other_school":
        return NOT_FOUND
    return OK if v in SENIOR or scope == "class" else NOT_FOUND


MATRIX: dict[str, Url] = {
    "home": Url(G),
    # Signing in and resetting a password: public.
    "accounts:login": Url(GP, None),
    "accounts:logout": Url(P, None, rule=lambda v, key: LOGIN, relogin=True),  # signed out, to the sign-in page
    "accounts:password_reset": Url(GP, None),
    "accounts:password_reset_done": Url(G, None),
    "accounts:password_reset_confirm": Url(GP, None, {"bogus": (fixed("bogus", uidb64="MQ", token=BOGUS_TOKEN), None)}),
    "accounts:password_reset_complete": Url(G, None),
    # The second factor: the second step of signing in, setting one up, the account's security page.
    "accounts:second_factor": Url(GP, SIGNED_IN),  # already passed: on to the page asked for
    "accounts:set_up": Url(GP, SIGNED_IN),
    "accounts:passkey_added": Url(P, SIGNED_IN),
    "accounts:security": Url(GP, SIGNED_IN),
    # Passkey ceremonies (JSON, django-otp-webauthn): a visitor is refused (403: passwordless sign-in is off).
    "otp_webauthn:credential-registration-begin": Url(P, None, rule=passkey_ceremony, visitor_first=True),
    "otp_webauthn:credential-registration-complete": Url(P, None, rule=passkey_ceremony, visitor_first=True),
    "otp_webauthn:credential-authentication-begin": Url(P, None, rule=passkey_ceremony, visitor_first=True),
    "otp_webauthn:credential-authentication-complete": Url(P, None, rule=passkey_ceremony, visitor_first=True),
    "otp_webauthn:js-i18n-catalog": Url(G, None),
    # Concerns, the Principal's inbox, parents, policies.
    "concerns:index": Url(G, STAFF | {PARENT}),
    "concerns:inbox": Url(G, SENIOR),
    "concerns:detail": row_url("concern", G, SENIOR),
    "concerns:acknowledge": row_url("concern", P, SENIOR),
    "concerns:reply": row_url("concern", P, SENIOR),
    "concerns:to_case": row_url("concern", P, SENIOR),
    "concerns:to_complaint": row_url("concern", P, SENIOR),
    "concerns:close": row_url("concern", P, SENIOR),
    "concerns:reopen": row_url("concern", P, SENIOR),
    "concerns:templates": Url(GP, SENIOR),
    "concerns:template_edit": row_url("reply_template", GP, SENIOR),
    "concerns:template_delete": row_url("reply_template", P, SENIOR),
    "concerns:settings": Url(GP, SENIOR),
    "concerns:mine": Url(G, frozenset({PARENT})),
    "concerns:my_consent": Url(G, frozenset({PARENT})),
    "concerns:consent_set": Url(P, frozenset({PARENT}), pupil_scopes("pupil"), own_child),
    "concerns:consent_list": Url(G, STAFF),
    "concerns:parents": Url(G, SENIOR),
    "concerns:invite": row_url("guardian", P, SENIOR),
    "concerns:policies": Url(G, STAFF | {PARENT}),
    "concerns:version": Url(GP, STAFF | {PARENT}, doc_scopes(), policy_version),
    "concerns:policy": Url(G, SENIOR, known_or_not(kind=("social-media", "nope")), known),
    "concerns:publish": Url(P, SENIOR, known_or_not(kind=("social-media", "nope")), known),
    "concerns:remind": Url(P, SENIOR, known_or_not(kind=("social-media", "nope")), known),
    # Public pages of a school.
    "concerns_public:new": public_url(GP),
    "concerns_public:sent": public_url(G),
    "concerns_public:confirm": public_url(GP, token=lambda w: w.rows["confirm_token", "school"]),
    "concerns_public:status": public_url(G, token=lambda w: w.rows["concern_token", "school"]),
    "concerns_public:online_safety": public_url(G),
    "registers_public:accounts": public_url(GP),
    # Evidence.
    "evidence:add": case_url(GP, see, kw="case"),
    "evidence:bundle": case_url(P, manage, kw="case"),
    "evidence:detail": child_url("evidence", G, evidence_item),
    "evidence:file": child_url("evidence", G, evidence_item),
    "evidence:bundle_file": child_url("bundle", G, whole_then_manage),
    # Cases.
    "incidents:list": Url(G, MEMBERS),
    "incidents:report": Url(GP, MEMBERS),
    "incidents:picker_options": Url(G, MEMBERS, known_or_not(field=("target_pupil", "nope")), known),
    "incidents:actions": Url(G, MEMBERS),
    # The statutory bullying register and its CSV: each lists only the cases whose whole file the viewer sees.
    "incidents:bullying_register": Url(G, MEMBERS),
    "incidents:action": child_url("action", GP, action_page),
    "incidents:withdraw_action": child_url("action", P, action_withdraw),
    "incidents:detail": case_url(G, see),
    "incidents:seen": case_url(G, see_whole),  # who has seen the case: for those who see its whole file
    "incidents:triage": case_url(P, manage),
    "incidents:facts": case_url(P, manage),
    "incidents:move": case_url(P, manage),
    "incidents:add_action": case_url(P, manage),
    "incidents:note": case_url(P, see),
    "incidents:takedown": case_url(P, manage),
    "incidents:bullying_record": case_url(GP, manage),  # the statutory record: made by who runs the case
    "incidents:chronology": Url(
        G, MEMBERS, {s: (_with(r, fmt="csv"), kw) for s, (r, kw) in cases().items()}, see_whole
    ),
    # Letters.
    "letters:mine": Url(G, frozenset({PARENT})),
    "letters:templates": Url(G, SENIOR),
    "letters:template_edit": row_url("letter_template", GP, SENIOR),
    "letters:issue": case_url(GP, manage, gate=SIGNED_IN, kw="case_pk"),
    "letters:detail": child_url("letter", G, whole_then_manage, gate=SIGNED_IN),
    "letters:download": Url(
        G, SIGNED_IN, {s: (_with(r, fmt="pdf"), kw) for s, (r, kw) in children("letter").items()}, letter_download
    ),
    "letters:send": child_url("letter", P, whole_then_manage, gate=SIGNED_IN),
    "letters:posted": child_url("letter", P, whole_then_manage, gate=SIGNED_IN),
    # The classifier's suggestions.
    "moderation:confirm": child_url("flag", P, manage),
    "moderation:dismiss": child_url("flag", P, manage),
    "moderation:thresholds": Url(GP, HEAD),
    # Registers.
    "registers:index": Url(G, STAFF),
    "registers:premises": Url(G, SENIOR),
    "registers:premises_new": case_url(GP, manage, gate=SIGNED_IN, kw="case_pk"),
    "registers:premises_detail": child_url("premises", G, register_row, gate=SIGNED_IN),
    "registers:premises_lift": child_url("premises", P, register_row, gate=SIGNED_IN),
    "registers:reception": Url(GP, SENIOR),
    "registers:ict": Url(G, SENIOR),
    "registers:ict_new": case_url(GP, manage, gate=SIGNED_IN, kw="case_pk"),
    "registers:ict_detail": child_url("ict", G, register_row, gate=SIGNED_IN),
    "registers:ict_reinstate": child_url("ict", P, register_row, gate=SIGNED_IN),
    "registers:accounts": Url(G, STAFF),
    "registers:account_request": Url(GP, STAFF),
    "registers:account_official_new": Url(GP, HEAD),
    "registers:account_detail": Url(G, STAFF, accounts_scopes(), teaching_account),
    "registers:account_decide": Url(P, STAFF, accounts_scopes(), account_decision),
    "registers:account_used": Url(P, STAFF, accounts_scopes(), account_decision),
    "registers:account_reports": Url(G, HEAD),
    "registers:account_report_review": row_url("account_report", P, HEAD),
    # Reports.
    "reports:audit_log": Url(G, HEAD),
    "reports:termly": Url(GP, REPORT_READERS, post_gate=REPORT_PRODUCERS),
    "reports:termly_detail": Url(G, REPORT_READERS, report_scopes(), termly_report),
    "reports:termly_pdf": Url(G, REPORT_READERS, report_scopes(), termly_report),
    # The school.
    "schools:overview": Url(G, MEMBERS),
    "schools:switch": Url(P, SIGNED_IN, {"glenmore": (fixed("glenmore"), None)}, in_glenmore, switch_to_glenmore),
    "schools:pupils": Url(G, ALL_PUPILS),
    "schools:pupil_detail": Url(G, ALL_PUPILS | {TEACHER, PARENT}, pupil_scopes("pupil"), pupil_page),
    "schools:my_class": Url(G, frozenset({TEACHER})),
    "schools:class_detail": Url(G, ALL_PUPILS | {TEACHER}, pupil_scopes("class"), class_page),
    "schools:people": Url(G, MEMBERS),
    "schools:member_roles": row_url("member", GP, HEAD | {CHAIR}),
    "schools:invite_member": row_url("member", P, SENIOR),
    # Resetting a colleague's second factor: the Roles page's people (the view then refuses one's own, and the
    # Principal's unless by the Chair, with a message: an OK answer).
    "schools:member_second_factor_reset": row_url("member", P, HEAD | {CHAIR}),
    "schools:guardians": Url(G, ALL_PUPILS),
    "schools:my_children": Url(G, frozenset({PARENT})),
    "schools:import": Url(GP, SENIOR),
    "schools:authority": Url(G, frozenset({OFFICER})),
    "schools:authority_csv": Url(G, frozenset({OFFICER})),
    # For the load balancer: no sign-in, the same answer for everyone (503 here: the world has no task worker).
    "ops:healthz": Url(G, None, rule=lambda v, key: 503),
    # --- retention (issue 16): the schedule for the senior team and governors, the rest for the Principal ---
    "retention:schedule": Url(G, SENIOR | {CHAIR, GOVERNOR}),
    "retention:queue": Url(G, HEAD),
    "retention:keep": Url(P, HEAD, {"missing": (missing, "pk")}, lambda v, key: NOT_FOUND),
    "retention:destroy": Url(P, HEAD, {"missing": (missing, "pk")}, lambda v, key: NOT_FOUND),
    "retention:holds": Url(GP, HEAD),
    "retention:hold_lift": Url(P, HEAD, {"missing": (missing, "pk")}, lambda v, key: NOT_FOUND),
    "retention:authority": Url(GP, frozenset({OFFICER})),
    # --- record transfer (issue 16): the designated teacher, the deputy and the Principal of each school only.
    # The world has no transfers: each object URL is asked about one that does not exist (the transfers' own tests
    # cover the other school's and the wrong roles for real rows).
    "transfers:list": Url(G, TRANSFERS),
    "transfers:leaver": Url(P, TRANSFERS),
    "transfers:import": Url(GP, TRANSFERS),
    "transfers:receipt_upload": Url(P, TRANSFERS),
    "transfers:detail": Url(GP, TRANSFERS, NO_TRANSFER, gone),
    "transfers:download": Url(G, TRANSFERS, NO_TRANSFER, gone),
    "transfers:send": Url(P, TRANSFERS, NO_TRANSFER, gone),
    "transfers:incoming": Url(GP, TRANSFERS, NO_TRANSFER, gone),
    "transfers:received": Url(G, TRANSFERS, NO_TRANSFER, gone),
    "transfers:receipt_download": Url(G, TRANSFERS, NO_TRANSFER, gone),
    # --- subject access (issue 16) ---
    "subjectaccess:list": Url(G, SENIOR),
    "subjectaccess:new": Url(GP, SENIOR),
    "subjectaccess:detail": sar_url(G, SENIOR),
    "subjectaccess:extend": sar_url(P, SENIOR),
    "subjectaccess:move": sar_url(P, SENIOR),
    "subjectaccess:redaction": sar_url(GP, HEAD),
    "subjectaccess:produce": sar_url(P, HEAD),
    "subjectaccess:download": sar_url(G, HEAD, kind="sar_export"),
    # --- staff rules (issue 18, part "staffrules"): each member of staff's own page; the list for the senior team;
    # the default guidance for those who publish policies ---
    "staffrules:index": Url(GP, STAFF),
    "staffrules:outstanding": Url(G, SENIOR),
    "staffrules:remind": Url(P, SENIOR),
    "staffrules:default": Url(G, SENIOR),
    # --- the school's public pages and two-way concerns (issue 18, part "public") ---
    "concerns_public:answer": public_url(P, token=lambda w: w.rows["concern_token", "school"]),
    "concerns_public:answered": public_url(G, token=lambda w: w.rows["concern_token", "school"]),
    "concerns_public:home": public_url(G),
    "concerns_public:policy": public_url(G),  # the world publishes a Social Media Policy at Glenmore
    # Nothing to show at either school of the world: no Code of Conduct published, no crest uploaded.
    "concerns_public:code_of_conduct": Url(G, None, public_url(G).scopes, lambda v, scope: NOT_FOUND),
    "concerns_public:newsletter": public_url(G),
    "concerns_public:crest": Url(G, None, public_url(G).scopes, lambda v, scope: NOT_FOUND),
    "concerns:public_pages": Url(GP, SENIOR),
    # --- families (issue 18): coverage for senior staff and the office (a class teacher: their own class); inviting
    # and letters for senior staff and the office. The world has no batches: those URLs are asked about a missing one.
    "families:coverage": Url(G, SENIOR | {TEACHER}),
    "families:class_detail": Url(G, SENIOR | {TEACHER}, pupil_scopes("class"), family_class),
    "families:class_letters": Url(G, SENIOR, pupil_scopes("class"), family_class),
    "families:invite": Url(P, SENIOR),
    "families:batch": Url(G, SENIOR, NO_TRANSFER, gone),
    "families:batch_letters": Url(G, SENIOR, NO_TRANSFER, gone),
    "families:invitation_letter": Url(G, SENIOR, NO_TRANSFER, gone),
    "families_public:welcome": public_url(GP),
    "families_public:welcome_thanks": public_url(G),
    # --- check before you post (issue 18, part "page"): every member of staff; requests for their sender and the
    # senior team. The draft goes only in a POST: the JSON endpoint and the requests refuse a GET.
    "postcheck:check": Url(GP, STAFF),
    "postcheck:api": Url(P, STAFF),
    "postcheck:advice_new": Url(P, STAFF),
    "postcheck:official_new": Url(P, STAFF),
    "postcheck:teaching_account": Url(P, STAFF),
    "postcheck:mine": Url(G, STAFF),
    "postcheck:queue": Url(G, SENIOR),
    "postcheck:advice_detail": postcheck_url(G, "advice"),
    "postcheck:advice_answer": postcheck_url(P, "advice", postcheck_answer),
    "postcheck:advice_photo": postcheck_url(G, "advice"),
    "postcheck:official_detail": postcheck_url(G, "official_post"),
    "postcheck:official_decide": postcheck_url(P, "official_post", postcheck_answer),
    "postcheck:official_photo": postcheck_url(G, "official_post"),
}


# --- Running it ---
def expected(url: Url, v: str, key, method: str):
    if method not in url.methods:
        if url.visitor_first and v == ANON:
            return FORBIDDEN
        return NOT_ALLOWED  # the method check comes before the sign-in check
    gate = url.post_gate if method == "POST" and url.post_gate is not None else url.gate
    if gate is not None:
        if v == ANON:
            return LOGIN
        if v not in gate:
            return FORBIDDEN
    return url.rule(v, key) if url.rule else OK


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith(SIGN_IN):
        return LOGIN
    if response.status_code in (200, 302, 400):
        return OK
    return response.status_code


def forbidden_text(v: str) -> list[str]:
    """What must never be in a page this viewer gets: cases they may not know of, the other school's rows."""
    words = [marker(key) for key in CASE_KEYS if v not in sees(key)]
    if v == OUTSIDER:
        words.append(GLENMORE)
    else:
        words.append(OUTSIDE)
        if v in (ANON, PARENT, OFFICER):
            # A P4 pupil: not another family's, nor the authority's, to see. Governors report cases about pupils
            # (the report form lists them), so only their cases' pages are checked for them, through the markers.
            words.append(GLENMORE)
    return words


def body(response) -> str:
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    # Close the file it streamed without the end-of-request signal, which would close the database connection
    # in the middle of the test's transaction (the test client does the same).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return data.decode("utf-8", "replace")


def requests_for(url: Url, w, v: str):
    """(scope, key, kwargs) for each object this URL is asked about by this viewer."""
    if not url.scopes:
        yield None, None, {}
        return
    for scope, (resolve, kw) in url.scopes.items():
        found = resolve(w, v, kw)
        if found:
            yield scope, found[0], found[1]


@pytest.fixture(autouse=True)
def _fast_and_isolated():
    """The root conftest's per-test settings are replaced by the module's: the world's files must stay findable."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole world, made once for the module and rolled back at its end."""
    root = tmp_path_factory.mktemp("matrix")
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=root / "media",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": str(root / "evidence")}},
        },
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
        VAR_DIR=root / "var",  # subject access exports (issue 16)
    )
    overrides.enable()
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.ERROR  # thousands of expected 403s and 404s; 500s still shown
    try:
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield W.build()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
    finally:
        quiet.level = level
        overrides.disable()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_role_as_the_policy_says(world, name):
    url, wrong = MATRIX[name], []
    for v in VIEWERS:
        client, signed_in = Client(raise_request_exception=False), False
        # Refused at the sign-in or role check, the answer cannot depend on the object: asked about the first only.
        refused_early = (v == ANON and url.gate is not None) or (url.gate is not None and v not in url.gate)
        for n, (scope, key, kwargs) in enumerate(requests_for(url, world, v)):
            if refused_early and n > 0:
                break
            path = reverse(name, kwargs=kwargs)
            # A method the view does not take is refused before anything else: asked on the first object, of a
            # visitor, a parent and the Principal.
            wrong_method = n == 0 and v in (ANON, PARENT, PRINCIPAL)
            for method in [m for m in ("GET", "POST") if m in url.methods or wrong_method]:
                if v != ANON and (url.relogin or not signed_in):
                    client.force_login(world.users[v])
                    signed_in = True
                data = url.data(world) if url.data else {}
                with transaction.atomic():
                    response = client.get(path) if method == "GET" else client.post(path, data)
                    transaction.set_rollback(True)
                want, got = expected(url, v, key, method), outcome(response)
                where = f"{v} {method} {path} ({scope or 'no object'})"
                if got != want:
                    wrong.append(f"{where}: expected {want}, got {got}")
                elif response.status_code == 200:
                    text = body(response)
                    shown = [word for word in forbidden_text(v) if word in text]
                    if shown:
                        wrong.append(f"{where}: the page shows {shown}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def url_names(patterns=None, namespace=""):
    """Every named URL pattern, as namespace:name, with its route; the Django admin's own are left to its test."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", str(p.pattern)


def test_it_knows_every_url():
    found = dict(url_names())
    missing = sorted(set(found) - set(MATRIX))
    assert not missing, (
        "URLs not in the authorisation matrix: "
        + ", ".join(f"{n} ({found[n]})" for n in missing)
        + ". Add each to MATRIX in socialsafe/tests_security/test_url_matrix.py: its methods, who passes its role"
        " check (gate), the objects it takes (scopes) and who may see each (rule)."
    )
    gone = sorted(set(MATRIX) - set(found))
    assert not gone, f"MATRIX lists URLs that no longer exist: {', '.join(gone)}"


def test_it_keeps_the_back_office_to_staff_users(client, world):
    """Every admin page: a visitor is sent to the admin sign-in; a school user who is not staff is refused."""
    pages = ["/admin/"] + [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    pages += [f"/admin/{m._meta.app_label}/{m._meta.model_name}/add/" for m in admin.site._registry]
    wrong = []
    for user in (None, world.users[PRINCIPAL], world.users[OUTSIDER]):
        client.logout()
        if user is not None:
            client.force_login(user)
        for page in pages:
            r = client.get(page)
            if r.status_code != 302 or not r["Location"].startswith("/admin/login/"):
                wrong.append(f"{user or 'anonymous'} GET {page}: {r.status_code} {r.headers.get('Location', '')}")
    assert not wrong, "\n".join(wrong)


def test_a_password_alone_opens_no_url(client, world):
    """Half signed in (the password right, no second factor yet): every URL but the second step itself, and the
    back office, answers with the way to the second step, whatever the method or the object."""
    import re

    from socialsafe.accounts.middleware import BEFORE_SECOND_FACTOR

    user = world.users[PRINCIPAL]
    r = client.post(SIGN_IN, {"username": user.email, "password": "correct horse battery"})
    assert r.status_code == 302 and "second-factor" in r["Location"]
    steps = ("/accounts/second-factor/set-up/", "/accounts/sign-in/second-factor/")
    wrong = []
    paths = ["/admin/", "/admin/accounts/user/"]
    for name, route in url_names():
        if name in BEFORE_SECOND_FACTOR:
            continue
        kwargs = {k: (1 if conv == "int" else "x") for conv, k in re.findall(r"<(\w+):(\w+)>", route)}
        kwargs |= {k: "x" for k in re.findall(r"<(\w+)>", route)}
        for k, pattern in re.findall(r"\(\?P<(\w+)>([^)]*)\)", route):  # a regex route: its first alternative
            kwargs[k] = "1" if pattern.startswith("[0-9]") or pattern.startswith("\\d") else pattern.split("|")[0]
        paths.append(reverse(name, kwargs=kwargs or None))
    assert len(paths) > 100
    for path in paths:
        for method in (client.get, client.post):
            r = method(path)
            if r.status_code != 302 or not r["Location"].startswith(steps):
                wrong.append(f"{method.__name__.upper()} {path}: {r.status_code} {r.get('Location', '')}")
    assert not wrong, "Opened with a password alone:\n" + "\n".join(wrong)
