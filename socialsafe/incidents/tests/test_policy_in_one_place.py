"""Every decision of the policy lives in incidents/rules.py: the facts and their wording, who handles which case, who
owns an action, the four-month minimum. Nothing else keeps a copy, and changing the rules changes the product."""

import dataclasses
import re
from pathlib import Path

import pytest
from django.db import models

from socialsafe.incidents import rules
from socialsafe.incidents.forms import FactsForm, ReportForm
from socialsafe.incidents.models import Incident, TargetKind
from socialsafe.incidents.services import incident_report
from socialsafe.incidents.tests.factories import report_fields
from socialsafe.lib.dates import add_months
from socialsafe.lib.tests.clock import days_ago, iso
from socialsafe.moderation.models import LABEL_FACTS

APP = Path(__file__).resolve().parents[2]  # the socialsafe package
POLICY = APP.parent.parent / "shared" / "policy" / "social-media-policy.txt"
# Where a copy of a policy decision would hide: the forms, services, access rules, views and registers.
SCANNED = [
    *(APP / "incidents").glob("*.py"),
    *(APP / "registers").glob("*.py"),
    *(APP / "letters").glob("*.py"),
    *(APP / "evidence").glob("*.py"),
    *(APP / "concerns").glob("*.py"),
    *(APP / "moderation").glob("*.py"),
]
ALLOWED = {APP / "incidents" / "rules.py", APP / "incidents" / "demo.py"}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()


def test_every_fact_quotes_the_policy():
    if not POLICY.exists():
        pytest.skip("the policy text lives in ../shared/policy beside the repository")
    policy = _norm(POLICY.read_text(encoding="utf-8"))
    for fact in rules.FACTS:
        assert _norm(fact.clause).rstrip(".") in policy, fact.name


def test_the_case_the_forms_the_rules_and_the_classifier_are_built_from_the_fact_table(school):
    for fact in rules.FACTS:
        field = Incident._meta.get_field(fact.name)
        assert isinstance(field, models.BooleanField) and field.verbose_name == fact.label
    assert list(FactsForm(incident=None).fields)[: len(rules.FACTS)] == list(rules.FACT_FIELDS)
    report = [f.name for f in ReportForm(school=school).fact_fields]
    # A reporter cannot yet know that a removal was refused: every other fact is asked, in the table's order.
    assert report == [name for name in rules.FACT_FIELDS if name != "removal_refused"]
    assert str(FactsForm(incident=None)["content_threatening"].help_text) == "Reported to the PSNI."
    # The rules read every fact, plus what the case's other answers say (who is responsible, when it happened).
    booleans = {f.name for f in dataclasses.fields(rules.Facts) if f.type in (bool, "bool")}
    conduct = {fact.attr for fact in rules.CONDUCT_FACTS}  # asked of a staff conduct concern only
    assert booleans - {fact.attr for fact in rules.FACTS} - conduct == {
        "responsible_identified",
        "out_of_hours",
        "principal_concerned",
    }
    for fact in rules.CONDUCT_FACTS:
        assert Incident._meta.get_field(fact.name).verbose_name == fact.label
    assert {fact.attr for fact in rules.FACTS} <= booleans
    assert set(LABEL_FACTS.values()) <= set(rules.FACT_FIELDS)


def test_no_other_module_keeps_a_copy_of_the_policy():
    fact_names = set(rules.FACT_FIELDS)
    for path in SCANNED:
        if path in ALLOWED or path.name.startswith("test") or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        named = {name for name in fact_names if re.search(rf"\b{name}\b", source)}
        assert len(named) < 3, f"{path.relative_to(APP)} lists the facts {sorted(named)}: read rules.FACTS"
        assert not re.search(r"add_months\([^)]*,\s*\d+\)", source), f"{path.relative_to(APP)}: a bar's months"
        assert not re.search(r"MONTHS\s*=\s*\d", source), f"{path.relative_to(APP)} sets a number of months"
        assert "Role.DEPUTY_DESIGNATED_TEACHER, Role." not in source, f"{path.relative_to(APP)} routes cases"
        assert "Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR" not in source, f"{path.relative_to(APP)} routes cases"
        assert not re.search(r"[\"']governors[\"'] if", source), f"{path.relative_to(APP)} routes cases"


def test_a_longer_minimum_in_the_rules_is_what_the_register_asks(client, principal, parent_case, monkeypatch):
    monkeypatch.setattr(rules, "PREMISES_BAR_MINIMUM_MONTHS", 6)
    start = days_ago(1)
    client.force_login(principal.user)
    data = {
        "guardian": parent_case.responsible_guardian_id,
        "reason": "Malicious comments",
        "starts_on": iso(start),
        "ends_on": iso(add_months(start, 4)),
        "review_on": iso(add_months(start, 3)),
    }
    r = client.post(f"/registers/premises/case/{parent_case.pk}/new/", data)
    assert r.status_code == 400
    assert f"at least six months after the start: on or after {add_months(start, 6):%-d %b %Y}" in r.content.decode()
    r = client.post(f"/registers/premises/case/{parent_case.pk}/new/", {**data, "ends_on": iso(add_months(start, 6))})
    assert r.status_code == 302


def test_another_route_in_the_rules_is_who_gets_the_case(school, principal, vice_principal, teacher, monkeypatch):
    assert incident_report(school=school, by=teacher.user, fields=report_fields()).handler == principal.member
    monkeypatch.setitem(rules.HANDLERS, "school", (rules.Role.VICE_PRINCIPAL, rules.Role.PRINCIPAL))
    case = incident_report(school=school, by=teacher.user, fields=report_fields(target_kind=TargetKind.SCHOOL))
    assert case.handler == vice_principal.member


@pytest.fixture
def parent_case(school, teacher, principal):
    from socialsafe.incidents.models import Kind, ResponsibleKind
    from socialsafe.schools.tests.factories import GuardianFactory

    poster = GuardianFactory(school=school, first_name="Dana", last_name="Poster")
    fields = report_fields(
        kind=Kind.MALICIOUS_COMMENTS,
        responsible_kind=ResponsibleKind.PARENT,
        responsible_guardian=poster,
        malicious_or_fictitious=True,
    )
    return incident_report(school=school, by=teacher.user, fields=fields)


pytestmark = pytest.mark.django_db
