"""One test per policy rule, named after it: the rule applies when its clause says, and not otherwise."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from socialsafe.incidents import rules
from socialsafe.incidents.models import ActionKind, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.schools.roles import Role

BASE = rules.Facts(
    kind=Kind.OTHER,
    platform=Platform.FACEBOOK,
    target=TargetKind.SCHOOL,
    responsible=ResponsibleKind.UNKNOWN,
    responsible_identified=False,
    out_of_hours=False,
    grounds=frozenset(),
)
POLICY = Path(__file__).resolve().parents[3].parent / "shared" / "policy" / "social-media-policy.txt"


def kinds(facts: rules.Facts, *, recommended: bool = False) -> dict[str, set[str]]:
    """rule id -> the action kinds it requires (or recommends) for these facts."""
    outcome = rules.evaluate(facts)
    out: dict[str, set[str]] = {}
    for rule, req in outcome.recommended if recommended else outcome.required:
        out.setdefault(rule.id, set()).add(req.kind)
    return out


def applies(rule_id: str, facts: rules.Facts) -> bool:
    return rules.rule_by_id(rule_id).applies(facts)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("·", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def test_every_rule_quotes_the_policy_word_for_word():
    if not POLICY.exists():
        pytest.skip("the policy text lives in ../shared/policy beside the repository")
    policy = _norm(POLICY.read_text(encoding="utf-8"))
    for rule in rules.RULES:
        for part in re.split(r"(?<=;)\s|:\s|\s…\s", rule.clause):
            assert _norm(part).rstrip(";.") in policy, f"{rule.id} does not quote the policy: {part!r}"


def test_every_rule_has_a_test_named_after_it():
    tested = {name.removeprefix("test_rule_") for name in globals() if name.startswith("test_rule_")}
    assert {r.id for r in rules.RULES} <= tested
    assert len({r.id for r in rules.RULES}) == len(rules.RULES)


def test_rule_capture_screenshots():
    assert kinds(BASE)["capture_screenshots"] == {ActionKind.EVIDENCE}
    assert not applies("capture_screenshots", replace(BASE, platform=Platform.NONE))
    assert not applies("capture_screenshots", replace(BASE, kind=Kind.FIREWALL))


def test_rule_do_not_respond_report_to_principal():
    assert applies("do_not_respond_report_to_principal", replace(BASE, kind=Kind.STAFF_ABUSE, target=TargetKind.STAFF))
    assert not applies("do_not_respond_report_to_principal", replace(BASE, target=TargetKind.PUPIL))


def test_rule_principal_target_goes_to_governors():
    assert applies("principal_target_goes_to_governors", replace(BASE, target=TargetKind.PRINCIPAL))
    assert rules.route_for(TargetKind.PRINCIPAL) == "governors"
    assert rules.route_for(TargetKind.STAFF) == "school"


def test_rule_invite_perpetrator_to_meeting():
    parent = replace(BASE, kind=Kind.STAFF_ABUSE, responsible=ResponsibleKind.PARENT, responsible_identified=True)
    assert kinds(parent)["invite_perpetrator_to_meeting"] == {ActionKind.INVITATION, ActionKind.MEETING}
    assert not applies("invite_perpetrator_to_meeting", replace(parent, responsible_identified=False))
    assert not applies("invite_perpetrator_to_meeting", replace(parent, responsible=ResponsibleKind.PUPIL))


def test_rule_ask_for_removal():
    known = replace(BASE, responsible=ResponsibleKind.PARENT, responsible_identified=True)
    assert kinds(known)["ask_for_removal"] == {ActionKind.REMOVAL_REQUEST}
    assert not applies("ask_for_removal", BASE)


def test_rule_inform_why_unacceptable():
    known = replace(BASE, responsible=ResponsibleKind.OUTSIDER, responsible_identified=True)
    assert applies("inform_why_unacceptable", known)
    assert not applies("inform_why_unacceptable", BASE)


def test_rule_approach_platform():
    assert kinds(BASE)["approach_platform"] == {ActionKind.PLATFORM_REPORT}
    assert not applies(
        "approach_platform", replace(BASE, responsible_identified=True, responsible=ResponsibleKind.PARENT)
    )
    assert not applies("approach_platform", replace(BASE, platform=Platform.SCHOOL))


def test_rule_refused_removal_report_to_platform():
    refused = replace(BASE, removal_refused=True, responsible=ResponsibleKind.PARENT, responsible_identified=True)
    assert kinds(refused)["refused_removal_report_to_platform"] == {ActionKind.PLATFORM_REPORT}
    assert not applies("refused_removal_report_to_platform", replace(refused, removal_refused=False))


def test_rule_refused_removal_seek_ea_legal_advice():
    refused = replace(BASE, removal_refused=True)
    outcome = rules.evaluate(refused)
    req = next(r for rule, r in outcome.required if rule.id == "refused_removal_seek_ea_legal_advice")
    assert req.kind == ActionKind.REFERRAL_EA_LEGAL and req.needs_confirmation
    assert not applies("refused_removal_seek_ea_legal_advice", BASE)


@pytest.mark.parametrize("flag", ["sexual", "sexist", "threatening", "hate", "abusive"])
def test_rule_criminal_content_report_to_psni(flag):
    facts = replace(BASE, **{flag: True})
    outcome = rules.evaluate(facts)
    req = next(r for rule, r in outcome.required if rule.id == "criminal_content_report_to_psni")
    assert req.kind == ActionKind.REFERRAL_PSNI
    assert req.needs_confirmation  # the classifier and the rules suggest; a person decides
    assert not applies("criminal_content_report_to_psni", BASE)


def test_rule_illegal_content_contact_police():
    assert kinds(replace(BASE, illegal=True))["illegal_content_contact_police"] == {ActionKind.REFERRAL_PSNI}
    assert applies("illegal_content_contact_police", replace(BASE, kind=Kind.ILLEGAL))
    assert not applies("illegal_content_contact_police", BASE)


def test_rule_malicious_refer_to_ea_legal():
    assert kinds(replace(BASE, malicious=True))["malicious_refer_to_ea_legal"] == {ActionKind.REFERRAL_EA_LEGAL}
    assert applies("malicious_refer_to_ea_legal", replace(BASE, kind=Kind.MALICIOUS_COMMENTS))
    assert not applies("malicious_refer_to_ea_legal", BASE)


def test_rule_malicious_parent_loses_premises_licence():
    facts = replace(BASE, malicious=True, responsible=ResponsibleKind.PARENT)
    assert kinds(facts)["malicious_parent_loses_premises_licence"] == {ActionKind.PREMISES_BAR}
    assert not applies("malicious_parent_loses_premises_licence", replace(facts, responsible=ResponsibleKind.OUTSIDER))
    assert not applies("malicious_parent_loses_premises_licence", replace(facts, malicious=False))


@pytest.mark.parametrize("who", [ResponsibleKind.PUPIL, ResponsibleKind.PARENT, ResponsibleKind.COLLEAGUE])
def test_rule_known_member_mediation_or_discipline(who):
    facts = replace(BASE, responsible=who, responsible_identified=True)
    assert kinds(facts, recommended=True)["known_member_mediation_or_discipline"] == {ActionKind.MEDIATION}
    assert "known_member_mediation_or_discipline" not in kinds(facts)  # suggested, not imposed
    assert not applies("known_member_mediation_or_discipline", replace(facts, responsible=ResponsibleKind.OUTSIDER))


def test_rule_legitimate_complaint_complaints_procedure():
    facts = replace(BASE, kind=Kind.STAFF_ABUSE, responsible=ResponsibleKind.PARENT)
    assert kinds(facts, recommended=True)["legitimate_complaint_complaints_procedure"] == {ActionKind.COMPLAINTS}
    assert not applies("legitimate_complaint_complaints_procedure", replace(facts, kind=Kind.FIREWALL))


def test_rule_bullying_anti_bullying_policy():
    assert kinds(replace(BASE, kind=Kind.PUPIL_CYBERBULLYING))["bullying_anti_bullying_policy"] == {
        ActionKind.ANTI_BULLYING
    }
    assert not applies("bullying_anti_bullying_policy", replace(BASE, kind=Kind.FIREWALL))


def test_rule_pupil_bullying_statutory_record():
    pupils = replace(BASE, kind=Kind.PUPIL_CYBERBULLYING, target=TargetKind.PUPIL, responsible=ResponsibleKind.PUPIL)
    assert kinds(pupils)["pupil_bullying_statutory_record"] == {ActionKind.BULLYING_RECORD}
    assert rules.needs_bullying_record(pupils)
    # Malicious comments about a pupil by a pupil are bullying between pupils too.
    assert rules.needs_bullying_record(replace(pupils, kind=Kind.MALICIOUS_COMMENTS))
    # The Act's definition is of pupils by pupils: an adult, someone unknown or a staff target is not in it.
    for other in (ResponsibleKind.PARENT, ResponsibleKind.UNKNOWN, ResponsibleKind.OUTSIDER):
        assert not applies("pupil_bullying_statutory_record", replace(pupils, responsible=other))
    assert not applies("pupil_bullying_statutory_record", replace(pupils, target=TargetKind.STAFF))
    assert not applies("pupil_bullying_statutory_record", replace(pupils, kind=Kind.PUPIL_PHONE))
    # It quotes the policy's clause and the Act's duty, and the record itself completes the action.
    rule = rules.rule_by_id("pupil_bullying_statutory_record")
    assert rule.clause == rules.rule_by_id("bullying_anti_bullying_policy").clause
    assert "must ensure that a record is kept of all incidents of bullying or alleged bullying" in rule.law
    assert rules.COMPLETED_BY[ActionKind.BULLYING_RECORD] == rules.BULLYING_RECORDED
    assert ActionKind.BULLYING_RECORD in rules.DONE_ELSEWHERE


def test_rule_persistent_bullying_child_protection():
    facts = replace(BASE, kind=Kind.PUPIL_CYBERBULLYING, target=TargetKind.PUPIL, persistent=True)
    outcome = rules.evaluate(facts)
    req = next(r for rule, r in outcome.required if rule.id == "persistent_bullying_child_protection")
    assert req.kind == ActionKind.CHILD_PROTECTION and req.owner == rules.DESIGNATED
    assert not applies("persistent_bullying_child_protection", replace(facts, persistent=False))


def test_rule_improper_contact_child_protection():
    facts = replace(BASE, kind=Kind.IMPROPER_CONTACT, target=TargetKind.PUPIL)
    assert kinds(facts)["improper_contact_child_protection"] == {ActionKind.CHILD_PROTECTION}
    assert kinds(facts, recommended=True)["improper_contact_child_protection"] == {ActionKind.REFERRAL_CPSS}


def test_rule_pupil_joining_staff_area_inform_parents():
    facts = replace(BASE, kind=Kind.PUPIL_JOIN_STAFF, responsible=ResponsibleKind.PUPIL)
    assert kinds(facts)["pupil_joining_staff_area_inform_parents"] == {ActionKind.PARENTS_INFORMED}


def test_rule_firewall_breach_ict_ban():
    facts = replace(BASE, kind=Kind.FIREWALL, platform=Platform.NONE, responsible=ResponsibleKind.PUPIL)
    assert kinds(facts)["firewall_breach_ict_ban"] == {ActionKind.ICT_BAN}
    assert kinds(facts, recommended=True)["firewall_breach_ict_ban"] == {ActionKind.REFERRAL_C2K}


def test_rule_no_social_media_in_school():
    facts = replace(BASE, kind=Kind.PUPIL_PHONE, platform=Platform.NONE)
    assert applies("no_social_media_in_school", facts)
    assert "no_social_media_in_school" not in kinds(facts)
    assert kinds(facts, recommended=True)["no_social_media_in_school"] == {ActionKind.PARENTS_INFORMED}


def test_rule_material_on_school_systems():
    assert kinds(replace(BASE, platform=Platform.SCHOOL))["material_on_school_systems"] == {ActionKind.SCHOOL_SYSTEMS}
    assert not applies("material_on_school_systems", BASE)


def test_rule_staff_approved_accounts_and_conduct():
    facts = replace(BASE, kind=Kind.STAFF_CONDUCT, responsible=ResponsibleKind.COLLEAGUE, responsible_identified=True)
    assert ActionKind.MEETING in kinds(facts)["staff_approved_accounts_and_conduct"]


@pytest.mark.parametrize("target", [TargetKind.STAFF, TargetKind.PRINCIPAL])
def test_rule_duty_of_care_to_staff(target):
    assert kinds(replace(BASE, target=target))["duty_of_care_to_staff"] == {ActionKind.STAFF_SUPPORT}
    assert not applies("duty_of_care_to_staff", replace(BASE, target=TargetKind.PUPIL))


def test_rule_out_of_hours_needs_grounds():
    assert applies("out_of_hours_needs_grounds", replace(BASE, out_of_hours=True))
    assert not applies("out_of_hours_needs_grounds", replace(BASE, out_of_hours=True, grounds=frozenset({"threat"})))
    assert not applies("out_of_hours_needs_grounds", BASE)
    for kind in (Kind.IMPROPER_CONTACT, Kind.STAFF_CONDUCT, Kind.ILLEGAL):  # acted on whenever they happened
        assert not applies("out_of_hours_needs_grounds", replace(BASE, kind=kind, out_of_hours=True))


def test_the_issue_example_requires_everything_the_policy_says():
    """A parent's threatening, malicious posts about a colleague on Facebook."""
    facts = replace(
        BASE,
        kind=Kind.STAFF_ABUSE,
        target=TargetKind.STAFF,
        responsible=ResponsibleKind.PARENT,
        responsible_identified=True,
        threatening=True,
        abusive=True,
        malicious=True,
        out_of_hours=True,
        grounds=frozenset({"threat"}),
    )
    required = {kind for ks in kinds(facts).values() for kind in ks}
    assert {
        ActionKind.EVIDENCE,
        ActionKind.INVITATION,
        ActionKind.MEETING,
        ActionKind.REMOVAL_REQUEST,
        ActionKind.REFERRAL_PSNI,
        ActionKind.REFERRAL_EA_LEGAL,
        ActionKind.PREMISES_BAR,
        ActionKind.STAFF_SUPPORT,
    } <= required
    refused = kinds(replace(facts, removal_refused=True))
    assert "refused_removal_report_to_platform" in refused and "refused_removal_seek_ea_legal_advice" in refused
    # The two rules that send the case to EA Legal make one action, quoting both clauses.
    needs = {need.kind: need for need in rules.evaluate(replace(facts, removal_refused=True)).needs}
    legal = needs[ActionKind.REFERRAL_EA_LEGAL]
    assert legal.rule_ids == ["refused_removal_seek_ea_legal_advice", "malicious_refer_to_ea_legal"]
    assert legal.needs_confirmation and legal.owner == rules.PRINCIPAL
    assert len([n for n in needs.values() if n.kind == ActionKind.REFERRAL_EA_LEGAL]) == 1


def test_every_requirement_names_a_post_the_services_know():
    """A requirement's owner is the handler or one of the posts of OWNER_ROLES; a number there was a due date."""
    for rule in rules.RULES:
        for req in (*rule.requires, *rule.recommends):
            assert req.owner == rules.HANDLER or req.owner in rules.OWNER_ROLES, (rule.id, req.owner)
            # 0 is "the same day": an allegation is passed on at once.
            assert isinstance(req.due_days, int) and req.due_days >= 0, (rule.id, req.due_days)


# --- Part "conduct": online contact with a pupil, and an allegation about a member of staff ---
CONDUCT = replace(
    BASE,
    kind=Kind.STAFF_CONDUCT,
    target=TargetKind.PUPIL,
    responsible=ResponsibleKind.COLLEAGUE,
    responsible_identified=True,
)


def _needs(facts: rules.Facts) -> dict[str, rules.Need]:
    return {need.kind: need for need in rules.evaluate(facts).needs}


def test_rule_staff_contact_with_pupil_child_protection():
    facts = replace(CONDUCT, pupil_contact=True)
    need = _needs(facts)[ActionKind.CHILD_PROTECTION]
    assert need.owner == rules.DESIGNATED and need.due_days == 1 and not need.needs_confirmation
    assert need.title == "Designated teacher to assess the online contact under the Child Protection Policy"
    # The parents are told only as the designated teacher decides: recommended, never required.
    assert kinds(facts, recommended=True)["staff_contact_with_pupil_child_protection"] == {ActionKind.PARENTS_INFORMED}
    assert ActionKind.PARENTS_INFORMED not in _needs(facts)
    assert not applies("staff_contact_with_pupil_child_protection", CONDUCT)
    # The fact means nothing on another kind of case.
    assert not applies("staff_contact_with_pupil_child_protection", replace(facts, kind=Kind.STAFF_ABUSE))


def test_rule_suitability_allegation_nothing_before_advice():
    facts = replace(CONDUCT, suitability=True)
    assert applies("suitability_allegation_nothing_before_advice", facts)
    required = kinds(facts)
    # Nobody meets the member of staff, asks them to remove anything or mediates before CPSS and the EA are consulted.
    for rule_id in ("staff_approved_accounts_and_conduct", "ask_for_removal", "inform_why_unacceptable"):
        assert rule_id not in required and not applies(rule_id, facts)
    assert not applies("known_member_mediation_or_discipline", facts)
    assert applies("staff_approved_accounts_and_conduct", CONDUCT)  # a conduct concern without an allegation
    assert not applies("suitability_allegation_nothing_before_advice", replace(facts, kind=Kind.OTHER))


def test_rule_suitability_allegation_designated_tells_principal():
    facts = replace(CONDUCT, suitability=True)
    need = _needs(facts)[ActionKind.ALLEGATION_RECORD]
    assert need.owner == rules.DESIGNATED and need.due_days == 0  # the same day
    assert need.rule_ids == ["suitability_allegation_designated_tells_principal"]
    assert "tell the Principal at once" in need.title
    assert not applies("suitability_allegation_designated_tells_principal", replace(facts, principal_concerned=True))
    assert not applies("suitability_allegation_designated_tells_principal", CONDUCT)


def test_rule_allegation_about_principal_goes_to_chair():
    facts = replace(CONDUCT, suitability=True, principal_concerned=True)
    need = _needs(facts)[ActionKind.ALLEGATION_RECORD]
    assert need.rule_ids == ["allegation_about_principal_goes_to_chair"] and "Chair of Governors" in need.title
    assert need.owner == rules.DESIGNATED and need.due_days == 0
    # The Chair takes the Principal's part: the case goes to the Governors; the designated teacher keeps theirs.
    assert rules.route_for(TargetKind.PUPIL, principal_concerned=True) == "governors"
    assert rules.owner_roles(rules.PRINCIPAL, route="governors", allegation=True) == ()
    assert rules.owner_roles(rules.DESIGNATED, route="governors", allegation=True) == (
        Role.DESIGNATED_TEACHER,
        Role.DEPUTY_DESIGNATED_TEACHER,
    )
    assert "suitability_allegation_inform_chair" not in kinds(facts)  # the Chair already has it
    assert not applies("allegation_about_principal_goes_to_chair", replace(facts, suitability=False))


def test_rule_suitability_allegation_consult_cpss_and_ea():
    facts = replace(CONDUCT, suitability=True)
    assert kinds(facts)["suitability_allegation_consult_cpss_and_ea"] == {
        ActionKind.REFERRAL_CPSS,
        ActionKind.REFERRAL_EA_ALLEGATION,
    }
    needs = _needs(facts)
    for kind in (ActionKind.REFERRAL_CPSS, ActionKind.REFERRAL_EA_ALLEGATION):
        # No escalation without a named person confirming it; the Principal owns it (the Chair, on the Principal).
        assert needs[kind].owner == rules.PRINCIPAL and needs[kind].needs_confirmation and needs[kind].due_days == 1
    assert not applies("suitability_allegation_consult_cpss_and_ea", replace(facts, suitability=False))


def test_rule_suitability_allegation_inform_chair():
    facts = replace(CONDUCT, suitability=True)
    need = _needs(facts)[ActionKind.CHAIR_INFORMED]
    assert need.owner == rules.CHAIR
    assert not applies("suitability_allegation_inform_chair", CONDUCT)


def test_an_allegation_is_handled_by_the_principal_or_the_chair_never_the_vice_principal():
    assert rules.handler_roles("school", Kind.STAFF_CONDUCT, allegation=True) == (
        Role.PRINCIPAL,
        Role.CHAIR_OF_GOVERNORS,
    )
    assert Role.VICE_PRINCIPAL in rules.handler_roles("school", Kind.STAFF_CONDUCT)
    # The deputy designated teacher takes a designated teacher's action when the designated teacher is concerned.
    assert rules.owner_roles(rules.DESIGNATED, route="school") == (
        Role.DESIGNATED_TEACHER,
        Role.DEPUTY_DESIGNATED_TEACHER,
    )
