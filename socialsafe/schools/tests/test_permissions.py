"""The role table: what each role sees in the navigation and which pages answer them."""

import re

import pytest
from django.urls import reverse

from socialsafe.schools.roles import NAVIGATION, PERMISSIONS, Perm, Role, allows

pytestmark = pytest.mark.django_db

CASES = {"/incidents/report/", "/incidents/", "/incidents/actions/"}
CONCERNS_STAFF = {"/concerns/policies/", "/concerns/consent/school/"}
SENIOR_CONCERNS = CONCERNS_STAFF | {"/concerns/inbox/", "/concerns/parents/"}
PAGES = [
    *sorted(CASES),
    *sorted(SENIOR_CONCERNS),
    "/concerns/mine/",
    "/concerns/consent/",
    "/school/",
    "/school/pupils/",
    "/school/classes/mine/",
    "/school/people/",
    "/school/parents/",
    "/school/children/",
    "/school/import/",
    "/audit/",
    "/school/authority/",
    "/registers/",
    "/letters/templates/",
    "/letters/mine/",
    "/moderation/thresholds/",
    "/reports/termly/",
    "/subject-access/",  # subject access (issue 16)
]

SCHOOL = {"/school/", "/school/people/"}
GOVERNORS_REPORT = {"/reports/termly/"}  # the Governors' termly report: senior staff, the Chair and the governors
SUBJECT_ACCESS = {"/subject-access/"}  # subject access requests (issue 16): the Principal and Vice-Principal only
# What each persona may open (200 or a redirect); every other page in PAGES must answer 403.
ALLOWED = {
    "principal": SCHOOL
    | CASES
    | SENIOR_CONCERNS
    | {
        "/school/pupils/",
        "/school/parents/",
        "/school/import/",
        "/audit/",
        "/registers/",
        "/letters/templates/",
        "/moderation/thresholds/",
    }
    | GOVERNORS_REPORT
    | SUBJECT_ACCESS,
    "vice_principal": SCHOOL
    | CASES
    | SENIOR_CONCERNS
    | {"/school/pupils/", "/school/parents/", "/school/import/", "/registers/", "/letters/templates/"}
    | GOVERNORS_REPORT
    | SUBJECT_ACCESS,
    "designated_teacher": SCHOOL | CASES | CONCERNS_STAFF | {"/school/pupils/", "/school/parents/", "/registers/"},
    "teacher": SCHOOL | CASES | CONCERNS_STAFF | {"/school/classes/mine/", "/registers/"},
    "office": SCHOOL
    | CASES
    | CONCERNS_STAFF
    | {"/school/pupils/", "/school/parents/", "/school/import/", "/registers/", "/concerns/parents/"},
    "staff": SCHOOL | CASES | {"/registers/", "/concerns/policies/"},
    "chair": SCHOOL | CASES | GOVERNORS_REPORT,
    "governor": SCHOOL | CASES | GOVERNORS_REPORT,
    "parent": {"/school/children/", "/concerns/mine/", "/concerns/policies/", "/concerns/consent/", "/letters/mine/"},
    "officer": {"/school/authority/"},
}
# --- retention (issue 16): the schedule for the senior team and governors; the queue, holds for the Principal ---
PAGES += ["/retention/", "/retention/reviews/", "/retention/holds/", "/retention/authority/"]
for _role in ("vice_principal", "chair", "governor"):
    ALLOWED[_role] = ALLOWED[_role] | {"/retention/"}
ALLOWED["principal"] = ALLOWED["principal"] | {"/retention/", "/retention/reviews/", "/retention/holds/"}
ALLOWED["officer"] = ALLOWED["officer"] | {"/retention/authority/"}

# --- record transfer (issue 16): the designated teacher (and deputy) and the Principal only ---
PAGES.append("/transfers/")
for _persona in ("principal", "designated_teacher"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/transfers/"}

# --- staff rules (issue 18, part "staffrules"): every member of staff's own page; the list for the senior team ---
PAGES += ["/staff-rules/", "/staff-rules/outstanding/", "/staff-rules/default-guidance/"]
for _persona in ("principal", "vice_principal", "designated_teacher", "teacher", "office", "staff"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/staff-rules/"}
for _persona in ("principal", "vice_principal"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/staff-rules/outstanding/", "/staff-rules/default-guidance/"}
# --- the school's public pages (issue 18, part "public"): crest and snippet for the Principal and Vice-Principal ---
PAGES.append("/concerns/public-pages/")
for _persona in ("principal", "vice_principal"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/concerns/public-pages/"}
# --- families (issue 18): coverage per class for senior staff, the office and class teachers (their own class) ---
PAGES.append("/families/")
for _persona in ("principal", "vice_principal", "office", "teacher"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/families/"}
# --- check before you post (issue 18, part "page"): every member of staff checks; the senior team answers ---
PAGES += ["/check-post/", "/check-post/mine/", "/check-post/requests/"]
for _persona in ("principal", "vice_principal", "designated_teacher", "teacher", "office", "staff"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/check-post/", "/check-post/mine/"}
for _persona in ("principal", "vice_principal"):
    ALLOWED[_persona] = ALLOWED[_persona] | {"/check-post/requests/"}


def test_it_gives_every_permission_to_at_least_one_role():
    assert set(PERMISSIONS) == set(Perm)
    assert all(PERMISSIONS[p] for p in Perm)


def test_it_keeps_pupils_from_governors_and_other_staff():
    for role in (Role.GOVERNOR, Role.CHAIR_OF_GOVERNORS, Role.STAFF, Role.EA_OFFICER):
        assert not allows(frozenset({role}), Perm.VIEW_ALL_PUPILS)


@pytest.mark.parametrize("persona_name", sorted(ALLOWED))
def test_it_answers_each_role_only_with_its_pages(request, client, persona_name):
    persona = request.getfixturevalue(persona_name)
    client.force_login(persona.user)
    for page in PAGES:
        status = client.get(page).status_code
        if page in ALLOWED[persona_name]:
            assert status in (200, 302), f"{persona_name} should open {page}, got {status}"
        else:
            assert status == 403, f"{persona_name} should be refused {page}, got {status}"


@pytest.mark.parametrize("persona_name", sorted(ALLOWED))
def test_it_offers_each_role_only_the_pages_it_may_use(request, client, persona_name):
    persona = request.getfixturevalue(persona_name)
    client.force_login(persona.user)
    html = client.get("/", follow=True).content.decode()
    menu = set(re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', html))
    listed = re.search(r'<ul class="govuk-list govuk-list--bullet" id="can-do">(.*?)</ul>', html, re.S)
    offered = menu | set(re.findall(r'href="([^"]+)"', listed.group(1) if listed else ""))
    for label, url_name, _perm, _place in NAVIGATION:
        url = reverse(url_name)
        assert (url in offered) == (url in ALLOWED[persona_name]), f"{persona_name}: {label!r} offered={url in offered}"
    assert len(menu) <= 8, f"{persona_name}'s menu has {len(menu)} items: too many for a phone"


def test_it_sends_anonymous_visitors_to_sign_in(client, school):
    for page in ["/", *PAGES]:
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/sign-in/"), page


def test_it_gives_a_person_with_two_roles_both(client, school):
    from socialsafe.schools.tests.factories import GuardianFactory, MemberFactory

    member = MemberFactory(school=school, roles=[Role.CLASS_TEACHER])
    GuardianFactory(school=school, user=member.user)
    client.force_login(member.user)
    assert client.get("/school/classes/mine/").status_code == 200
    assert client.get("/school/children/").status_code == 200
