"""The Social Media Policy as code.

Each rule quotes the clause it implements, reads a case's facts and says which actions the policy requires (or
recommends) and who owns them. Services apply the result; nothing here touches the database. When the school
changes its policy, this module (and its tests, one named after each rule) is what changes.

Escalations to the PSNI or a legal team are marked `needs_confirmation`: the rules propose them, a named person
confirms them. Nothing is ever sent to the police or the Education Authority by a rule alone.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from socialsafe.incidents.choices import ActionKind, Kind, Platform, ResponsibleKind, TargetKind
from socialsafe.schools.roles import CHILD_PROTECTION, Role

# Who owns an action: the case's handler, or a named post that the services resolve in the school.
HANDLER, PRINCIPAL, DESIGNATED, ICT, CHAIR = "handler", "principal", "designated", "ict", "chair"


@dataclass(frozen=True)
class Fact:
    """One fact a person records about a case and the rules read: one spelling everywhere.

    `name` is the case's field and the forms' checkbox; `attr` the attribute of `Facts` the rules read; `label` how
    the policy puts it ("the content is threatening"); `suggested_by` the classifier's labels that suggest it.
    """

    name: str
    attr: str
    label: str
    hint: str
    clause: str
    suggested_by: tuple[str, ...] = ()


PSNI_CLAUSE = (
    "If the comments are of a sexual nature, sexist, threatening, constitute a hate crime or are abusive, then the "
    "incident will be reported to the PSNI."
)
MALICIOUS_CLAUSE = (
    "Parents/carers posting malicious or fictitious comments on social media sites will have their licence to "
    "enter school premises revoked which means they will be excluded/barred from school premises for a minimum of "
    "four months."
)
ILLEGAL_CLAUSE = "If the content is suspected to be illegal, the police should be contacted."
PERSISTENT_CLAUSE = (
    "The Child Protection Policy may be involved when it is deemed inappropriate, evident, persistent and recurrent "
    "bullying."
)
REFUSED_REMOVAL = (
    "If the person refuses to remove the offending comments, the matter will be reported to the social networking "
    "site if it breaches their terms or guidance and advice will be sought from the Education Authority legal team."
)

FACTS: tuple[Fact, ...] = (
    Fact(
        name="content_sexual",
        attr="sexual",
        label="of a sexual nature",
        hint="Reported to the PSNI.",
        clause=PSNI_CLAUSE,
        suggested_by=("sexual",),
    ),
    Fact(
        name="content_sexist",
        attr="sexist",
        label="sexist",
        hint="Reported to the PSNI.",
        clause=PSNI_CLAUSE,
        suggested_by=("sexist",),
    ),
    Fact(
        name="content_threatening",
        attr="threatening",
        label="threatening",
        hint="Reported to the PSNI.",
        clause=PSNI_CLAUSE,
        suggested_by=("threat",),
    ),
    Fact(
        name="content_hate",
        attr="hate",
        label="a hate crime (identity-based)",
        hint="Reported to the PSNI.",
        clause=PSNI_CLAUSE,
        suggested_by=("hate",),
    ),
    Fact(
        name="content_abusive",
        attr="abusive",
        label="abusive",
        hint="Reported to the PSNI.",
        clause=PSNI_CLAUSE,
        suggested_by=("insult",),
    ),
    Fact(
        name="malicious_or_fictitious",
        attr="malicious",
        label="malicious or fictitious (possibly defamatory)",
        hint="Referred to the EA Legal Department; a parent loses the licence to enter the premises.",
        clause=MALICIOUS_CLAUSE,
    ),
    Fact(
        name="suspected_illegal",
        attr="illegal",
        label="suspected to be illegal",
        hint="The police are contacted. Do not copy or forward illegal images.",
        clause=ILLEGAL_CLAUSE,
    ),
    Fact(
        name="persistent",
        attr="persistent",
        label="persistent and recurrent bullying",
        hint="The Child Protection Policy may be involved.",
        clause=PERSISTENT_CLAUSE,
    ),
    Fact(
        name="removal_refused",
        attr="removal_refused",
        label="the person refused to remove it",
        hint="Reported to the platform; advice sought from the EA legal team.",
        clause=REFUSED_REMOVAL,
    ),
)
FACT_FIELDS: tuple[str, ...] = tuple(fact.name for fact in FACTS)
# Which fact each of the classifier's labels suggests. `offensive` suggests none: offensive is not one of the
# policy's PSNI grounds (see label_clause).
SUGGESTS: dict[str, str] = {label: fact.name for fact in FACTS for label in fact.suggested_by}

# --- What each of the classifier's labels concerns in the policy (part "classifier") ---
STAFF_OFFENSIVE_CLAUSE = (
    "Members of staff do not come to work to be abused. It is never acceptable to post offensive comments about "
    "school and/or school staff online (or in any correspondence or other media)."
)
OFFENSIVE_CONTENT_CLAUSE = (
    "If those responsible for offensive and inappropriate online content are known, the school will inform them why "
    "the material is unacceptable and request that they remove it."
)


def label_clause(label: str, *, about_staff: bool) -> str:
    """The clause of the policy that a label from the classifier concerns, quoted to whoever confirms it.

    Sexual, sexist, threatening, hateful and abusive content are the policy's PSNI grounds ("If the comments are of
    a sexual nature, sexist, threatening, constitute a hate crime or are abusive ..."); `insult` stands for
    "abusive". `offensive` is none of them: it concerns "It is never acceptable to post offensive comments about
    school and/or school staff online" when the case is about staff, and otherwise the school's request that those
    responsible remove "offensive and inappropriate online content".
    """
    if label == "offensive":
        return STAFF_OFFENSIVE_CLAUSE if about_staff else OFFENSIVE_CONTENT_CLAUSE
    if label in SUGGESTS and fact(SUGGESTS[label]).clause == PSNI_CLAUSE:
        return PSNI_CLAUSE
    raise KeyError(label)


# --- A staff conduct concern: online contact with a pupil, an allegation about suitability (part "conduct") ---
# Two facts asked only of a staff conduct case (Kind.STAFF_CONDUCT); on any other kind they are never set.
PUPIL_CONTACT_CLAUSE = (
    "That they do not form online friendships or enter into online communication with pupils as this could lead to "
    "professional relationships being compromised, and/or safeguarding allegations being raised."
)
SUITABILITY_CLAUSE = "Bring into question their appropriateness to work with pupils."
IMPROPER_CONTACT_CLAUSE = (
    "All reports of any improper contact or cyber bullying should be reported to the class teacher/child protection "
    "teachers/Principal as soon as it happens."
)
LEGAL_ACTION_CLAUSE = "Where appropriate, legal action will be taken by the school’s Governors, PSNI, C2K and/or CPSS."
GOVERNORS_CLAUSE = (
    "If the bullying and harassment is directed at the Principal, incidents will be taken to the Governors."
)

CONDUCT_FACTS: tuple[Fact, ...] = (
    Fact(
        name="pupil_contact",
        attr="pupil_contact",
        label="online contact between the member of staff and a pupil",
        hint="The designated teacher assesses it under the Child Protection Policy.",
        clause=PUPIL_CONTACT_CLAUSE,
    ),
    Fact(
        name="suitability_allegation",
        attr="suitability",
        label="an allegation about the member of staff's suitability to work with pupils",
        hint="The designated teacher tells the Principal at once; CPSS and the Education Authority are consulted "
        "before anything is investigated. Only the Principal, the designated teachers and the Chair of Governors "
        "can see the case.",
        clause=SUITABILITY_CLAUSE,
    ),
)
CONDUCT_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in CONDUCT_FACTS)


def fact(name: str) -> Fact:
    return next(f for f in (*FACTS, *CONDUCT_FACTS) if f.name == name)


@dataclass(frozen=True)
class Facts:
    """What the rules read about a case."""

    kind: str
    platform: str
    target: str
    responsible: str
    responsible_identified: bool  # a named pupil, parent or colleague, or an outsider whose name is known
    out_of_hours: bool
    grounds: frozenset[str]
    sexual: bool = False
    sexist: bool = False
    threatening: bool = False
    hate: bool = False
    abusive: bool = False
    malicious: bool = False
    illegal: bool = False
    persistent: bool = False
    removal_refused: bool = False
    pupil_contact: bool = False  # CONDUCT_FACTS, read only on a staff conduct case
    suitability: bool = False
    principal_concerned: bool = False  # a staff conduct case about the Principal

    @property
    def contact_with_pupil(self) -> bool:
        return self.kind == Kind.STAFF_CONDUCT and self.pupil_contact

    @property
    def allegation(self) -> bool:
        """An allegation that a member of staff may not be suitable to work with pupils."""
        return self.kind == Kind.STAFF_CONDUCT and self.suitability

    @property
    def online(self) -> bool:
        return self.platform not in (Platform.NONE,)

    @property
    def criminal_content(self) -> bool:
        return self.sexual or self.sexist or self.threatening or self.hate or self.abusive

    @property
    def current_member_of_community(self) -> bool:
        return self.responsible in (ResponsibleKind.PUPIL, ResponsibleKind.PARENT, ResponsibleKind.COLLEAGUE)


@dataclass(frozen=True)
class Requirement:
    kind: str
    title: str
    owner: str = HANDLER
    due_days: int = 5
    needs_confirmation: bool = False
    guidance: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str
    applies: Callable[[Facts], bool]
    requires: tuple[Requirement, ...] = ()
    recommends: tuple[Requirement, ...] = ()  # offered to the handler, not created automatically
    note: str = ""  # shown on the case when the rule applies
    law: str = ""  # the statute the rule also serves, quoted, where the policy's clause points to one


@dataclass(frozen=True)
class Need:
    """One action the case needs: the requirements of every rule that asks for the same kind of action, merged.

    Two rules asking for the same thing (the EA Legal Department for "malicious comments" and for "removal refused")
    make one action that quotes both clauses, owned as the first rule says, due by the earliest date.
    """

    kind: str
    title: str
    owner: str
    due_days: int
    needs_confirmation: bool
    guidance: str
    rules: tuple[Rule, ...]

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]


@dataclass
class Outcome:
    required: list[tuple[Rule, Requirement]] = field(default_factory=list)
    recommended: list[tuple[Rule, Requirement]] = field(default_factory=list)
    notes: list[tuple[Rule, str]] = field(default_factory=list)

    @property
    def needs(self) -> list[Need]:
        """The required actions, one per kind of action, in the order the rules first ask for them."""
        by_kind: dict[str, list[tuple[Rule, Requirement]]] = {}
        for rule, req in self.required:
            by_kind.setdefault(req.kind, []).append((rule, req))
        needs = []
        for kind, pairs in by_kind.items():
            first = pairs[0][1]
            guidance = []
            for _, req in pairs:
                if req.guidance and req.guidance not in guidance:
                    guidance.append(req.guidance)
            needs.append(
                Need(
                    kind=kind,
                    title=first.title if len(pairs) == 1 else MERGED_TITLES.get(kind, first.title),
                    owner=first.owner,
                    due_days=min(req.due_days for _, req in pairs),
                    needs_confirmation=any(req.needs_confirmation for _, req in pairs),
                    guidance=" ".join(guidance),
                    rules=tuple(rule for rule, _ in pairs),
                )
            )
        return needs


# The title of an action that several rules ask for at once.
MERGED_TITLES = {
    ActionKind.REFERRAL_EA_LEGAL: "Refer the posts to the Education Authority Legal Department and seek its advice",
    ActionKind.REFERRAL_PSNI: "Report the incident to the PSNI and record the crime reference number",
    ActionKind.PLATFORM_REPORT: "Report the content to the platform and ask for its removal",
    ActionKind.CHILD_PROTECTION: "Designated teacher to assess under the Child Protection Policy",
    ActionKind.MEETING: "Hold the meeting and record who attended, the note-taker and the outcome",
}

# --- What completes an action ---
# Some actions are done by making a record elsewhere in SocialSafe. Making that record, from the action's page or
# from anywhere else, completes the action; an action whose record already exists when it is created is created
# done. Nobody ticks these: the record is the proof. Every other kind is completed by its own form on the action's
# page (a meeting, a referral with its reference, parents informed, support offered).
EVIDENCE_CAPTURED = "evidence_captured"  # a file added with the date and time it was captured and the grounds
INVITATION_ISSUED = "invitation_issued"  # the model letter inviting the person responsible to a meeting
ASKED_POSTER = "asked_poster"  # a takedown step (or removal letter) asking the poster to remove it
REPORTED_PLATFORM = "reported_platform"  # a takedown step reporting the content to the platform
PREMISES_BARRED = "premises_barred"  # an entry in the premises register
ICT_BANNED = "ict_banned"  # an entry in the ICT ban register
BULLYING_RECORDED = "bullying_recorded"  # the statutory bullying record of the case (incidents.BullyingRecord)

COMPLETED_BY: dict[str, str] = {
    ActionKind.EVIDENCE: EVIDENCE_CAPTURED,
    ActionKind.INVITATION: INVITATION_ISSUED,
    ActionKind.REMOVAL_REQUEST: ASKED_POSTER,
    ActionKind.PLATFORM_REPORT: REPORTED_PLATFORM,
    ActionKind.PREMISES_BAR: PREMISES_BARRED,
    ActionKind.ICT_BAN: ICT_BANNED,
    ActionKind.BULLYING_RECORD: BULLYING_RECORDED,
}
# Of those, the ones whose record is made somewhere else: their action page sends the owner there.
DONE_ELSEWHERE = frozenset(
    {
        ActionKind.EVIDENCE,
        ActionKind.INVITATION,
        ActionKind.PREMISES_BAR,
        ActionKind.ICT_BAN,
        ActionKind.BULLYING_RECORD,
    }
)


def kinds_completed_by(record: str) -> list[str]:
    """The kinds of action that a record of this kind completes."""
    return [kind for kind, by in COMPLETED_BY.items() if by == record]


BULLYING_KINDS = {Kind.PUPIL_CYBERBULLYING, Kind.STAFF_ABUSE, Kind.MALICIOUS_COMMENTS}
PUPIL_KINDS = {Kind.PUPIL_CYBERBULLYING, Kind.IMPROPER_CONTACT, Kind.PUPIL_IMAGES}
STAFF_TARGETS = {TargetKind.STAFF, TargetKind.PRINCIPAL}

# --- The statutory bullying record ---
ANTI_BULLYING_CLAUSE = (
    "All cases of online bullying will be dealt with in accordance with the school's Anti-Bullying policy."
)
BULLYING_ACT_RECORD_DUTY = (
    "Addressing Bullying in Schools Act (Northern Ireland) 2016, s.3(1): The Board of Governors of a grant-aided "
    "school must ensure that a record is kept of all incidents of bullying or alleged bullying involving a "
    "registered pupil at the school. s.3(2): A record under subsection (1) must (a) state what, from all of the "
    "circumstances, appears to be the motivation of the incident; (b) state the methods of bullying, as defined by "
    "section 1; and (c) include information about how the incident was addressed."
)


def needs_bullying_record(f: "Facts") -> bool:
    """pupil_bullying_statutory_record: the Act's definition of bullying is of pupils by pupils, so its record is
    kept for every case of bullying or alleged bullying with a pupil on both sides. Cyber-bullying of a pupil by a
    pupil, or another kind of bullying case (abuse, malicious comments) aimed at a pupil by a pupil. A pupil
    bullied by an adult or by someone unknown is handled under the other rules; if a pupil is later found to be
    responsible, recording that fact brings the record in."""
    return f.target == TargetKind.PUPIL and f.responsible == ResponsibleKind.PUPIL and f.kind in BULLYING_KINDS


RULES: tuple[Rule, ...] = (
    Rule(
        id="capture_screenshots",
        clause="Screen shots of messages or web pages will be taken along with the date and time when there are "
        "legitimate grounds for collecting and when necessary, using the personal data.",
        applies=lambda f: f.online and f.kind not in (Kind.PUPIL_PHONE, Kind.FIREWALL),
        requires=(
            Requirement(
                kind=ActionKind.EVIDENCE,
                title="Take screenshots of the posts with the date and time, and record the legitimate grounds",
                due_days=1,
                guidance="Capture before anything is removed. Note the date and time the post was made and when it "
                "was seen, the platform and the link. Do not reply to the post. Adding a screenshot to the case with "
                "the time it was taken and the grounds completes this action.",
            ),
        ),
    ),
    Rule(
        id="do_not_respond_report_to_principal",
        clause="Staff will not respond to incidents or correspondence which may be interpreted at bullying or "
        "harassment and will report them to the Principal.",
        applies=lambda f: f.target in STAFF_TARGETS or f.kind == Kind.STAFF_ABUSE,
        note="Staff must not respond to the post or the correspondence.",
    ),
    Rule(
        id="principal_target_goes_to_governors",
        clause="If the bullying and harassment is directed at the Principal, incidents will be taken to the Governors.",
        applies=lambda f: f.target == TargetKind.PRINCIPAL,
        note="The Principal is the target: the Chair of Governors handles this case and the Principal cannot see it.",
    ),
    Rule(
        id="invite_perpetrator_to_meeting",
        clause="The perpetrator will be invited to a meeting with the Principal and on occasion the Chair of "
        "Governors, to address the matter. A member of staff may be present as a note-taker.",
        applies=lambda f: (
            f.responsible in (ResponsibleKind.PARENT, ResponsibleKind.COLLEAGUE)
            and f.responsible_identified
            and (f.kind in BULLYING_KINDS or f.criminal_content or f.malicious)
        ),
        requires=(
            Requirement(
                kind=ActionKind.INVITATION,
                title="Invite the person responsible to a meeting with the model letter",
                due_days=5,
                guidance="Issue the model letter from the case's Letters: it says when and where, that they may "
                "bring a family member or friend and that the conversation is confidential. Issuing it completes "
                "this action. Invite the Chair of Governors where appropriate.",
            ),
            Requirement(
                kind=ActionKind.MEETING,
                title="Hold the meeting and record who attended, the note-taker and the outcome",
                due_days=15,
                guidance="A member of staff may be present as a note-taker. Afterwards, send the outcome letter.",
            ),
        ),
    ),
    Rule(
        id="ask_for_removal",
        clause="The person will be asked to remove the offending/unacceptable comments.",
        applies=lambda f: (
            f.online
            and f.responsible_identified
            and f.kind not in (Kind.FIREWALL, Kind.PUPIL_PHONE)
            and not f.allegation  # suitability_allegation_nothing_before_advice: nobody approaches them first
        ),
        requires=(
            Requirement(
                kind=ActionKind.REMOVAL_REQUEST, title="Ask the person responsible to remove the content", due_days=3
            ),
        ),
    ),
    Rule(
        id="inform_why_unacceptable",
        clause=OFFENSIVE_CONTENT_CLAUSE,
        applies=lambda f: (
            f.online
            and f.responsible_identified
            and f.kind not in (Kind.FIREWALL, Kind.PUPIL_PHONE)
            and not f.allegation
        ),
        note="When asking for removal, explain why the material is unacceptable.",
    ),
    Rule(
        id="approach_platform",
        clause="Efforts will be made to approach the social networking site to request the removal of inappropriate "
        "material.",
        applies=lambda f: (
            f.online
            and f.platform != Platform.SCHOOL
            and not f.responsible_identified
            and f.kind not in (Kind.FIREWALL, Kind.PUPIL_PHONE, Kind.PUPIL_JOIN_STAFF, Kind.STAFF_CONDUCT)
        ),
        requires=(
            Requirement(kind=ActionKind.PLATFORM_REPORT, title="Ask the platform to remove the material", due_days=3),
        ),
    ),
    Rule(
        id="refused_removal_report_to_platform",
        clause=REFUSED_REMOVAL,
        applies=lambda f: f.removal_refused and f.platform != Platform.SCHOOL,
        requires=(
            Requirement(
                kind=ActionKind.PLATFORM_REPORT,
                title="Report the content to the platform (removal refused)",
                due_days=2,
            ),
        ),
    ),
    Rule(
        id="refused_removal_seek_ea_legal_advice",
        clause=REFUSED_REMOVAL,
        applies=lambda f: f.removal_refused,
        requires=(
            Requirement(
                kind=ActionKind.REFERRAL_EA_LEGAL,
                title="Seek advice from the Education Authority legal team (removal refused)",
                owner=PRINCIPAL,
                due_days=5,
                needs_confirmation=True,
            ),
        ),
    ),
    Rule(
        id="criminal_content_report_to_psni",
        clause=PSNI_CLAUSE,
        applies=lambda f: f.criminal_content,
        requires=(
            Requirement(
                kind=ActionKind.REFERRAL_PSNI,
                title="Report the incident to the PSNI and record the crime reference number",
                owner=PRINCIPAL,
                due_days=1,
                needs_confirmation=True,
            ),
        ),
    ),
    Rule(
        id="illegal_content_contact_police",
        clause=ILLEGAL_CLAUSE,
        applies=lambda f: f.illegal or f.kind == Kind.ILLEGAL,
        requires=(
            Requirement(
                kind=ActionKind.REFERRAL_PSNI,
                title="Contact the police about suspected illegal content",
                owner=PRINCIPAL,
                due_days=1,
                needs_confirmation=True,
                guidance="Do not copy or forward illegal images; record where they are and leave them to the police.",
            ),
        ),
    ),
    Rule(
        id="malicious_refer_to_ea_legal",
        clause="All posts of this nature which are brought to the attention of staff/Principal/Governors will be "
        "referred to the Legal Department of the Education Authority.",
        applies=lambda f: f.malicious or f.kind == Kind.MALICIOUS_COMMENTS,
        requires=(
            Requirement(
                kind=ActionKind.REFERRAL_EA_LEGAL,
                title="Refer the posts to the Education Authority Legal Department",
                owner=PRINCIPAL,
                due_days=5,
                needs_confirmation=True,
            ),
        ),
    ),
    Rule(
        id="malicious_parent_loses_premises_licence",
        clause=MALICIOUS_CLAUSE,
        applies=lambda f: (
            (f.malicious or f.kind == Kind.MALICIOUS_COMMENTS) and f.responsible == ResponsibleKind.PARENT
        ),
        requires=(
            Requirement(
                kind=ActionKind.PREMISES_BAR,
                title="Revoke the parent's licence to enter the premises for at least four months",
                owner=PRINCIPAL,
                due_days=5,
                guidance="Record the bar in the premises register (the end date must be at least four months after "
                "the start); recording it completes this action. Then send the notice letter.",
            ),
        ),
    ),
    Rule(
        id="known_member_mediation_or_discipline",
        clause="School mediation and disciplinary procedures may be applied if the perpetrator is known to be a "
        "current pupil, parent or colleague.",
        applies=lambda f: f.current_member_of_community and f.responsible_identified and not f.allegation,
        recommends=(
            Requirement(
                kind=ActionKind.MEDIATION, title="Consider school mediation or disciplinary procedures", due_days=10
            ),
        ),
    ),
    Rule(
        id="legitimate_complaint_complaints_procedure",
        clause="If there are legitimate grounds for complaint, the person should follow the school Complaints "
        "Procedure.",
        applies=lambda f: f.responsible == ResponsibleKind.PARENT and f.kind in BULLYING_KINDS,
        recommends=(
            Requirement(
                kind=ActionKind.COMPLAINTS, title="Point the parent to the school's Complaints Procedure", due_days=10
            ),
        ),
    ),
    Rule(
        id="bullying_anti_bullying_policy",
        clause=ANTI_BULLYING_CLAUSE,
        applies=lambda f: f.kind in BULLYING_KINDS,
        requires=(
            Requirement(kind=ActionKind.ANTI_BULLYING, title="Follow the Anti-Bullying Policy procedure", due_days=5),
        ),
    ),
    Rule(
        id="pupil_bullying_statutory_record",
        clause=ANTI_BULLYING_CLAUSE,
        law=BULLYING_ACT_RECORD_DUTY,
        applies=needs_bullying_record,
        requires=(
            Requirement(
                kind=ActionKind.BULLYING_RECORD,
                title="Complete the statutory bullying record",
                due_days=10,
                guidance="The Addressing Bullying in Schools Act asks for a record of every incident of bullying "
                "or alleged bullying between pupils: whether it is bullying under the Act, the method, the "
                "motivation, how it was addressed and the outcome, and when each side's parents were told. "
                "Completing the record on the case completes this action; the case cannot close without it.",
            ),
        ),
    ),
    Rule(
        id="persistent_bullying_child_protection",
        clause=PERSISTENT_CLAUSE,
        applies=lambda f: f.persistent and (f.target == TargetKind.PUPIL or f.responsible == ResponsibleKind.PUPIL),
        requires=(
            Requirement(
                kind=ActionKind.CHILD_PROTECTION,
                title="Consider the Child Protection Policy procedure (persistent and recurrent bullying)",
                owner=DESIGNATED,
                due_days=2,
            ),
        ),
    ),
    Rule(
        id="improper_contact_child_protection",
        clause="All reports of any improper contact or cyber bullying should be reported to the class "
        "teacher/child protection teachers/Principal as soon as it happens.",
        applies=lambda f: f.kind == Kind.IMPROPER_CONTACT,
        requires=(
            Requirement(
                kind=ActionKind.CHILD_PROTECTION,
                title="Designated teacher to assess under the Child Protection Policy",
                owner=DESIGNATED,
                due_days=1,
            ),
        ),
        recommends=(
            Requirement(kind=ActionKind.REFERRAL_CPSS, title="Seek advice from CPSS", owner=DESIGNATED, due_days=2),
        ),
    ),
    Rule(
        id="pupil_joining_staff_area_inform_parents",
        clause="No pupil should attempt to join a staff member's areas on networking sites. If pupils attempt to do "
        "this, the member of staff is to inform the Principal. Parents will be informed if this happens.",
        applies=lambda f: f.kind == Kind.PUPIL_JOIN_STAFF,
        requires=(
            Requirement(
                kind=ActionKind.PARENTS_INFORMED, title="Inform the pupil's parents", owner=PRINCIPAL, due_days=3
            ),
        ),
    ),
    Rule(
        id="firewall_breach_ict_ban",
        clause="Any attempts to breach firewalls will result in a ban from using school ICT equipment.",
        applies=lambda f: f.kind == Kind.FIREWALL,
        requires=(
            Requirement(
                kind=ActionKind.ICT_BAN,
                title="Ban the pupil from using school ICT equipment and record it in the ICT ban register",
                owner=PRINCIPAL,
                due_days=1,
                guidance="Recording the ban in the ICT ban register completes this action.",
            ),
        ),
        recommends=(
            Requirement(
                kind=ActionKind.REFERRAL_C2K, title="Tell C2K about the attempted breach", owner=ICT, due_days=3
            ),
        ),
    ),
    Rule(
        id="no_social_media_in_school",
        clause="No pupil may access social networking sites during the school working day. … All mobile phones must "
        "be switched off and left in pupil's school bag until the end of the school day.",
        applies=lambda f: f.kind == Kind.PUPIL_PHONE,
        recommends=(Requirement(kind=ActionKind.PARENTS_INFORMED, title="Tell the pupil's parents", due_days=3),),
        note="A pupil used a phone or social media in school: apply the school's usual behaviour procedure.",
    ),
    Rule(
        id="material_on_school_systems",
        clause="The school will take action if the material is on the school website, the school email or note form.",
        applies=lambda f: f.platform == Platform.SCHOOL,
        requires=(
            Requirement(
                kind=ActionKind.SCHOOL_SYSTEMS, title="Remove the material from the school's own systems", due_days=1
            ),
        ),
    ),
    Rule(
        id="staff_approved_accounts_and_conduct",
        clause="Creation of social media accounts by school staff for use in education: All social media services "
        "must be approved by the Principal in advance of any educational work being undertaken. Staff are reminded "
        "that professional standards apply regardless of the medium being used.",
        # Not on an allegation: meeting the member of staff about it would be investigating it before CPSS and
        # the Education Authority have been consulted.
        applies=lambda f: f.kind == Kind.STAFF_CONDUCT and not f.allegation,
        requires=(
            Requirement(
                kind=ActionKind.MEETING,
                title="Principal to meet the member of staff about the conduct concern",
                owner=PRINCIPAL,
                due_days=5,
            ),
        ),
    ),
    # --- Part "conduct": online contact with a pupil, and an allegation about a member of staff ---
    Rule(
        id="staff_contact_with_pupil_child_protection",
        clause=PUPIL_CONTACT_CLAUSE,
        applies=lambda f: f.contact_with_pupil,
        requires=(
            Requirement(
                kind=ActionKind.CHILD_PROTECTION,
                title="Designated teacher to assess the online contact under the Child Protection Policy",
                owner=DESIGNATED,
                due_days=1,
                guidance="Record what the contact was (friend requests, messages, following), on which accounts and "
                "since when, and decide under the Child Protection Policy whether it is a safeguarding concern or an "
                "allegation. If it calls into question the member of staff's suitability to work with pupils, record "
                "that under Change the facts: the allegation route follows.",
            ),
        ),
        recommends=(
            Requirement(
                kind=ActionKind.PARENTS_INFORMED,
                title="Inform the pupil's parents, if the designated teacher decides they should be told",
                owner=DESIGNATED,
                due_days=3,
            ),
        ),
        note="Online contact between a member of staff and a pupil: the designated teacher decides, under the Child "
        "Protection Policy, whether and when the pupil's parents are told.",
    ),
    Rule(
        id="suitability_allegation_nothing_before_advice",
        clause=SUITABILITY_CLAUSE,
        applies=lambda f: f.allegation,
        note="An allegation about a member of staff's suitability to work with pupils. Do not investigate, interview "
        "the member of staff or ask them to remove anything until CPSS and the Education Authority have been "
        "consulted. Only the Principal, the designated teachers and the Chair of Governors can see this case; the "
        "member of staff it is about cannot.",
    ),
    Rule(
        id="suitability_allegation_designated_tells_principal",
        clause=IMPROPER_CONTACT_CLAUSE,
        applies=lambda f: f.allegation and not f.principal_concerned,
        requires=(
            Requirement(
                kind=ActionKind.ALLEGATION_RECORD,
                title="Designated teacher to record the allegation and tell the Principal at once",
                owner=DESIGNATED,
                due_days=0,
                guidance="Write down what was alleged, by whom, when and what was seen, in the words used. Tell the "
                "Principal the same day. Do not investigate or speak to the member of staff about it.",
            ),
        ),
    ),
    Rule(
        id="allegation_about_principal_goes_to_chair",
        clause=GOVERNORS_CLAUSE,
        applies=lambda f: f.allegation and f.principal_concerned,
        requires=(
            Requirement(
                kind=ActionKind.ALLEGATION_RECORD,
                title="Designated teacher to record the allegation and tell the Chair of Governors at once",
                owner=DESIGNATED,
                due_days=0,
                guidance="The allegation is about the Principal: the Chair of Governors takes the Principal's part. "
                "Write down what was alleged, by whom, when and what was seen, and tell the Chair the same day.",
            ),
        ),
        note="The allegation is about the Principal: the Chair of Governors handles it and the Principal cannot see "
        "it.",
    ),
    Rule(
        id="suitability_allegation_consult_cpss_and_ea",
        clause=LEGAL_ACTION_CLAUSE,
        applies=lambda f: f.allegation,
        requires=(
            Requirement(
                kind=ActionKind.REFERRAL_CPSS,
                title="Consult the EA Child Protection Support Service (CPSS) before any investigation",
                owner=PRINCIPAL,
                due_days=1,
                needs_confirmation=True,
                guidance="Ring the CPSS duty officer and record the advice. Nothing is investigated before it.",
            ),
            Requirement(
                kind=ActionKind.REFERRAL_EA_ALLEGATION,
                title="Refer the allegation to the Education Authority (the employing authority's designated officer)",
                owner=PRINCIPAL,
                due_days=1,
                needs_confirmation=True,
                guidance="The Education Authority, as the employer, decides with the school whether the member of "
                "staff is investigated, supported or suspended, and whether the PSNI or social services are told.",
            ),
        ),
    ),
    Rule(
        id="suitability_allegation_inform_chair",
        clause=LEGAL_ACTION_CLAUSE,
        applies=lambda f: f.allegation and not f.principal_concerned,
        requires=(
            Requirement(
                kind=ActionKind.CHAIR_INFORMED,
                title="Chair of Governors to record being told of the allegation",
                owner=CHAIR,
                due_days=1,
                guidance="The Principal tells the Chair of Governors; the Chair records when and what they were told. "
                "The Chair does not tell the other governors while it is looked into.",
            ),
        ),
    ),
    Rule(
        id="duty_of_care_to_staff",
        clause="The Education Authority has a duty of care to staff to look after employees' mental and physical "
        "health and no-one should be made to feel victimised in their workplace.",
        applies=lambda f: f.target in STAFF_TARGETS,
        requires=(
            Requirement(
                kind=ActionKind.STAFF_SUPPORT,
                title="Offer support to the member of staff who was targeted and record whether it was taken up",
                due_days=2,
            ),
        ),
    ),
    Rule(
        id="out_of_hours_needs_grounds",
        clause="The school can take action with reference to any incident that takes place outside school hours if "
        "it: Could have repercussions for the orderly running of the school; Poses a threat to a member of the "
        "school community; Could adversely affect the reputation of the school, Principal/employees/Governors.",
        applies=lambda f: f.out_of_hours and not f.grounds and out_of_hours_needs_grounds(f.kind),
        note="This happened outside school hours and none of the policy's three grounds is recorded: the school "
        "may have no grounds to act. Record a ground or close the case with no further action.",
    ),
)


# The out-of-hours grounds stand in the policy's CYBER-BULLYING section: they decide when the school may act on
# bullying that happened outside school hours. A child-protection concern (improper contact with a pupil), a
# member of staff's conduct (professional standards "apply regardless of the medium being used") and suspected
# illegal content ("the police should be contacted") are acted on whenever they happened.
OUT_OF_HOURS_GROUNDS_NOT_NEEDED = frozenset({Kind.IMPROPER_CONTACT, Kind.STAFF_CONDUCT, Kind.ILLEGAL})


def out_of_hours_needs_grounds(kind: str) -> bool:
    """Whether a case of this kind that happened outside school hours needs one of the policy's three grounds."""
    return kind not in OUT_OF_HOURS_GROUNDS_NOT_NEEDED


def evaluate(facts: Facts) -> Outcome:
    """Run every rule over the facts: the actions required, those recommended, and notes for the handler."""
    out = Outcome()
    for rule in RULES:
        if not rule.applies(facts):
            continue
        out.required += [(rule, req) for req in rule.requires]
        out.recommended += [(rule, req) for req in rule.recommends]
        if rule.note:
            out.notes.append((rule, rule.note))
    return out


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in RULES if r.id == rule_id), None)


# --- Who handles a case, and who owns an action ---
# The first person holding each role in turn, never anyone named in the case: a case about a pupil goes to the
# child protection teachers first; one about the Principal to the Governors; anything else to the Principal.
PUPIL_HANDLED_KINDS = frozenset({Kind.IMPROPER_CONTACT, Kind.PUPIL_CYBERBULLYING, Kind.PUPIL_IMAGES})
HANDLERS: dict[str, tuple[str, ...]] = {
    "governors": (Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR),
    "pupil": (Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER, Role.PRINCIPAL, Role.VICE_PRINCIPAL),
    "school": (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.CHAIR_OF_GOVERNORS),
}
# The post a requirement names as its owner, held by someone in the school. On a case taken to the Governors the
# Principal is named in it, so Principal-owned actions fall to the case's handler (the Chair).
# Each post in turn: when the designated teacher is the one named in the case, the deputy takes their actions.
OWNER_ROLES: dict[str, tuple[str, ...]] = {
    PRINCIPAL: (Role.PRINCIPAL,),
    DESIGNATED: (Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER),
    ICT: (Role.ICT_COORDINATOR,),
    CHAIR: (Role.CHAIR_OF_GOVERNORS,),
}
# Who handles an allegation about a member of staff: the Principal, or the Chair; never the Vice-Principal, who
# may not see it (ALLEGATION_ROLES).
ALLEGATION_HANDLERS: tuple[str, ...] = (Role.PRINCIPAL, Role.CHAIR_OF_GOVERNORS)


def handler_roles(route: str, kind: str, *, allegation: bool = False) -> tuple[str, ...]:
    """principal_target_goes_to_governors and improper_contact_child_protection: whose case it is, in order."""
    if route == "governors":
        return HANDLERS["governors"]
    if allegation:
        return ALLEGATION_HANDLERS
    return HANDLERS["pupil"] if kind in PUPIL_HANDLED_KINDS else HANDLERS["school"]


def owner_roles(owner: str, *, route: str, allegation: bool = False) -> tuple[str, ...]:
    """The posts that own a requirement, in turn; none means the case's handler owns it.

    On a case taken to the Governors the Principal is named in it, so its actions fall to the handler (the Chair).
    allegation_about_principal_goes_to_chair: on an allegation about the Principal only the Principal's actions
    fall to the Chair; the designated teachers keep theirs.
    """
    if route == "governors" and not (allegation and owner != PRINCIPAL):
        return ()
    return OWNER_ROLES.get(owner, ())


# --- Persistent and recurrent bullying ---
# persistent_bullying_child_protection: from this many cases about the same pupil, or by the same person, the case
# page and the pupil's page point to the Child Protection Policy's clause. People decide whether it applies.
RECURRENT_CASES = 2


def looks_recurrent(cases: int) -> bool:
    return cases >= RECURRENT_CASES


# --- The premises bar ---
PREMISES_BAR_MINIMUM_MONTHS = 4  # malicious_parent_loses_premises_licence: "for a minimum of four months"


def route_for(target: str, *, principal_concerned: bool = False) -> str:
    """principal_target_goes_to_governors: who the case goes to. A staff conduct case about the Principal goes to
    the Governors too (allegation_about_principal_goes_to_chair)."""
    return "governors" if target == TargetKind.PRINCIPAL or principal_concerned else "school"


def letter_signer_role(route: str) -> str:
    """principal_target_goes_to_governors: the Chair of Governors signs the letters of a case taken to the Governors
    (the Principal is named in it and cannot see it); the Principal signs every other case's letters."""
    return Role.CHAIR_OF_GOVERNORS if route == "governors" else Role.PRINCIPAL


# --- Who sees a case's whole file ---
# Need-to-know. The roles below see the whole file (report, evidence, letters, registers, timeline, audit) of the
# cases the policy sends to them; so does the case's handler. Anyone else who knows of a case sees only their part:
# its reporter what they reported and where the case stands, the owner of an action that action and what it needs.
# Whoever is named in a case as its target or as responsible sees nothing of it, whatever their role
# (incidents.services._named_users, incidents.access.visible_incidents).
SCHOOL_CASES = "school_cases"  # every case that stays in the school (not taken to the Governors)
PUPIL_CASES = "pupil_cases"  # cases about a pupil, or reported on a pupil's behalf
OWN_PUPILS_CASES = "own_pupils_cases"  # cases about a pupil of the teacher's own class
FIREWALL_CASES = "firewall_cases"
GOVERNORS_CASES = "governors_cases"  # cases in which the Principal is the target
CONDUCT_CHILD_PROTECTION_CASES = "conduct_child_protection_cases"  # staff conduct: contact with a pupil, allegation
ALLEGATION_CASES = "allegation_cases"  # staff conduct: an allegation about suitability to work with pupils
PUPIL_CASE_KINDS = frozenset(
    {
        Kind.PUPIL_CYBERBULLYING,
        Kind.IMPROPER_CONTACT,
        Kind.PUPIL_IMAGES,
        Kind.PUPIL_PHONE,
        Kind.PUPIL_JOIN_STAFF,
        Kind.FIREWALL,
    }
)


@dataclass(frozen=True)
class FileAccess:
    id: str
    clause: str
    roles: frozenset[str]
    cases: str


FILE_ACCESS: tuple[FileAccess, ...] = (
    FileAccess(
        id="principal_sees_the_schools_cases",
        clause="Staff will not respond to incidents or correspondence which may be interpreted at bullying or "
        "harassment and will report them to the Principal.",
        roles=frozenset({Role.PRINCIPAL, Role.VICE_PRINCIPAL}),
        cases=SCHOOL_CASES,
    ),
    FileAccess(
        id="child_protection_teachers_see_pupils_cases",
        clause="All reports of any improper contact or cyber bullying should be reported to the class "
        "teacher/child protection teachers/Principal as soon as it happens.",
        roles=CHILD_PROTECTION,
        cases=PUPIL_CASES,
    ),
    FileAccess(
        id="class_teacher_sees_own_pupils_cases",
        clause="All reports of any improper contact or cyber bullying should be reported to the class "
        "teacher/child protection teachers/Principal as soon as it happens.",
        roles=frozenset({Role.CLASS_TEACHER}),
        cases=OWN_PUPILS_CASES,
    ),
    FileAccess(
        id="ict_coordinator_sees_firewall_cases",
        clause="Any attempts to breach firewalls will result in a ban from using school ICT equipment.",
        roles=frozenset({Role.ICT_COORDINATOR}),
        cases=FIREWALL_CASES,
    ),
    FileAccess(
        id="chair_sees_cases_about_the_principal",
        clause="If the bullying and harassment is directed at the Principal, incidents will be taken to the Governors.",
        roles=frozenset({Role.CHAIR_OF_GOVERNORS}),
        cases=GOVERNORS_CASES,
    ),
    FileAccess(
        id="child_protection_teachers_see_staff_contact_and_allegations",
        clause=IMPROPER_CONTACT_CLAUSE,
        roles=CHILD_PROTECTION,
        cases=CONDUCT_CHILD_PROTECTION_CASES,
    ),
    FileAccess(
        id="chair_sees_allegations_about_staff",
        clause=LEGAL_ACTION_CLAUSE,
        roles=frozenset({Role.CHAIR_OF_GOVERNORS}),
        cases=ALLEGATION_CASES,
    ),
)

# suitability_allegation_nothing_before_advice: an allegation about a member of staff is known only to these posts
# (and its handler), whatever else a role would see: not the Vice-Principal, a class teacher, the ICT co-ordinator or
# another governor. The member of staff it is about is named in it, so excluded whatever their post.
ALLEGATION_ROLES = frozenset(
    {Role.PRINCIPAL, Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER, Role.CHAIR_OF_GOVERNORS}
)


# Of those, who may change an allegation's facts and actions besides its handler: not the Chair, who is told of it
# (suitability_allegation_inform_chair) unless it is about the Principal and the Chair handles it.
ALLEGATION_MANAGERS = frozenset({Role.PRINCIPAL, *CHILD_PROTECTION})


def sees_allegations(roles: frozenset[str]) -> bool:
    return not ALLEGATION_ROLES.isdisjoint(roles)


def file_access_for(roles: frozenset[str]) -> set[str]:
    """The kinds of case whose whole file someone holding these roles sees."""
    return {rule.cases for rule in FILE_ACCESS if not rule.roles.isdisjoint(roles)}


# --- staff rules (issue 18, part "staffrules"): the fifteen personal-use points and the yearly attestation ---


@dataclass(frozen=True)
class StaffPoint:
    """One of the policy's points for staff using social media in a personal capacity.

    `clause` quotes the policy word for word; where the policy lists several points under one lead-in, the lead-in
    and the point are joined by " … ". `number` and `title` head the point's section in the default guidance.
    """

    id: str
    number: int
    title: str
    clause: str


_CONDUCT = "That they do not conduct or portray themselves, or allow friends to portray them, in a manner which may: … "
STAFF_PERSONAL_USE_POINTS: tuple[StaffPoint, ...] = (
    StaffPoint(
        "privacy_settings",
        1,
        "Know your privacy settings",
        "That they familiarise themselves with social network sites\u2019 privacy settings in order to ensure that "
        "information is not automatically shared with a wider audience than intended.",
    ),
    StaffPoint(
        "no_disrepute", 2, "Do not bring the school into disrepute", _CONDUCT + "Bring the school into disrepute;"
    ),
    StaffPoint(
        "no_valid_parental_complaints",
        3,
        "Give parents no grounds to complain",
        _CONDUCT + "Lead to valid parental complaints;",
    ),
    StaffPoint(
        "not_derogatory_to_school_or_staff",
        4,
        "Nothing derogatory about the school or colleagues",
        _CONDUCT + "Be deemed as derogatory towards the school and/or its employees;",
    ),
    StaffPoint(
        "not_derogatory_to_pupils_parents_governors",
        5,
        "Nothing derogatory about pupils, parents or governors",
        _CONDUCT + "Be deemed as derogatory towards pupils, parents/carers or governors;",
    ),
    StaffPoint(
        "appropriate_to_work_with_pupils",
        6,
        "Nothing that questions your suitability to work with pupils",
        _CONDUCT + "Bring into question their appropriateness to work with pupils.",
    ),
    StaffPoint(
        "no_contact_with_parents",
        7,
        "No online friendships or messages with parents",
        "That they do not form online friendships or enter into communication with parents/carers as this could lead "
        "to professional relationships being compromised.",
    ),
    StaffPoint(
        "no_contact_with_pupils",
        8,
        "No online friendships or messages with pupils",
        "That they do not form online friendships or enter into online communication with pupils as this could lead "
        "to professional relationships being compromised, and/or safeguarding allegations being raised.",
    ),
    StaffPoint(
        "no_school_event_posts",
        9,
        "No pictures of, or negative comments about, school events",
        "That they should not post pictures of or negative comments about school events.",
    ),
    StaffPoint(
        "no_reference_to_school_community",
        10,
        "No mention of pupils, parents or staff",
        "No reference should be made on social media to pupils, parents/carers or school staff.",
    ),
    StaffPoint(
        "no_personal_discussion",
        11,
        "No online discussion of personal matters about the school community",
        "That they do not engage in online discussion on personal matters relating to members of the school community.",
    ),
    StaffPoint(
        "opinions_are_your_own",
        12,
        "Your opinions are your own, not the school's",
        "Personal opinions should not be attributed to the school or local authority.",
    ),
    StaffPoint(
        "security_settings_checked",
        13,
        "Check your security settings regularly",
        "Security settings on personal social media profiles are regularly checked to minimise risk of loss of "
        "personal information.",
    ),
    StaffPoint(
        "teaching_accounts_approved",
        14,
        "Accounts for teaching are approved by the Principal first",
        "Creation of social media accounts by school staff for use in education: All social media services must be "
        "approved by the Principal in advance of any educational work being undertaken.",
    ),
    StaffPoint(
        "professional_standards_everywhere",
        15,
        "Professional standards apply wherever you post",
        "Staff are reminded that professional standards apply regardless of the medium being used.",
    ),
)


@dataclass(frozen=True)
class AttestationRule:
    """When each member of staff confirms, once a school year, that they checked their settings and read the rules.

    The school year runs from 1 September to 31 August (Northern Ireland). The confirmation is due by `due_day` of
    `due_month` (30 September), or, for someone whose account was made later, within `new_staff_days` of it.
    Reminders go at most once every `remind_every_days` to each person still outstanding.
    """

    clause: str
    year_start_month: int = 9
    year_start_day: int = 1
    due_month: int = 9
    due_day: int = 30
    new_staff_days: int = 30
    remind_every_days: int = 7


STAFF_ATTESTATION = AttestationRule(
    clause="Security settings on personal social media profiles are regularly checked to minimise risk of loss of "
    "personal information.",
)
# --- part "public" (issue 18): what the school tells every family, on its public pages and in its newsletter ---


@dataclass(frozen=True)
class FamilyNotice:
    """What the policy says families are told, where, and the asks a newsletter item repeats in the policy's words."""

    id: str
    clause: str
    documents: tuple[str, ...]  # concerns.DocKind values: the documents the public pages and the newsletter link to
    channels: tuple[str, ...]
    asks: tuple[str, ...]


FAMILIES_TOLD = FamilyNotice(
    id="families_told_by_website_and_newsletter",
    clause="Parents/carers are made aware of their responsibilities regarding their use of social media via this "
    "policy and parents’ Code of Conduct (in particular when their child joins the school), the school website and "
    "school newsletters.",
    documents=("social-media", "code-of-conduct"),
    channels=("website", "newsletter"),
    asks=(
        "Parents/carers are asked not to post images (photos and videos) of pupils other than their own children on "
        "social media sites unless they have the permission of the parents of other pupils pictured.",
        "Parents/carers should raise queries, concerns or complaints directly with the Principal rather than posting "
        "them on social media.",
    ),
)
# --- families (issue 18): every family told and asked, when their child joins (the same clause as FAMILIES_TOLD) ---
FAMILIES_TOLD_CLAUSE = FAMILIES_TOLD.clause
# The documents a family is asked to read and acknowledge when their child joins (concerns.DocKind values: this
# module may not import that app). The Social Media Policy is required; the Code of Conduct is asked once published.
FAMILY_DOCUMENTS: tuple[str, ...] = FAMILIES_TOLD.documents
FAMILY_REQUIRED_DOCUMENT = "social-media"


def families_told_when_child_joins(published_kinds: set[str]) -> tuple[str, ...]:
    """The documents to ask a new pupil's family to acknowledge: the policy and the Code of Conduct, as published.

    Empty (nobody is asked) until the school has published its Social Media Policy."""
    if FAMILY_REQUIRED_DOCUMENT not in published_kinds:
        return ()
    return tuple(kind for kind in FAMILY_DOCUMENTS if kind in published_kinds)


# --- Check before you post (issue 18, part "page") ---
# What a member of staff is warned about before posting on a personal account, from the policy's advice to
# "EMPLOYEES IN A PERSONAL CAPACITY". Each warning quotes its clause and says what to change; postcheck.services
# decides when each one applies. Nothing here stores or sends the draft.
@dataclass(frozen=True)
class PostCheck:
    id: str
    title: str
    clause: str
    advice: str


_NO_REFERENCE = "No reference should be made on social media to pupils, parents/carers or school staff."
_MAY = "That they do not conduct or portray themselves, or allow friends to portray them, in a manner which may: "
POST_CHECKS: tuple[PostCheck, ...] = (
    PostCheck(
        id="names_a_pupil",
        title="It names a pupil",
        clause=_NO_REFERENCE,
        advice="Take out the pupil's name, nickname or initials, and anything else that tells people who they are.",
    ),
    PostCheck(
        id="names_a_parent",
        title="It names a parent or carer",
        clause=_NO_REFERENCE,
        advice="Take out the parent's name. If it is about a school matter, talk to them at school instead.",
    ),
    PostCheck(
        id="names_a_colleague",
        title="It names a colleague",
        clause=_NO_REFERENCE,
        advice="Take out your colleague's name, or ask them first and leave the school out of it.",
    ),
    PostCheck(
        id="shows_people",
        title="The photo shows people",
        clause=_NO_REFERENCE,
        advice="Check that no pupil, parent or colleague is in the photo. If one is, choose another photo.",
    ),
    PostCheck(
        id="shows_a_school_event",
        title="It shows a school event",
        clause="That they should not post pictures of or negative comments about school events.",
        advice="Keep school events off your personal account. The school may share them on its official accounts.",
    ),
    PostCheck(
        id="negative_about_the_school",
        title="It reads as negative about the school or its community",
        clause=_MAY + "Be deemed as derogatory towards the school and/or its employees;",
        advice="If something at school is worrying you, talk to the Principal rather than posting about it.",
    ),
    PostCheck(
        id="reads_as_the_schools_opinion",
        title="It reads as the school's opinion",
        clause="Personal opinions should not be attributed to the school or local authority.",
        advice="Say it as your own view, or leave out the school: only the school's official accounts speak for it.",
    ),
    PostCheck(
        id="addresses_a_parent",
        title="It speaks to a parent or carer",
        clause="That they do not form online friendships or enter into communication with parents/carers as this "
        "could lead to professional relationships being compromised.",
        advice="Don't message or tag parents from your personal account: use the school's usual ways to contact them.",
    ),
    PostCheck(
        id="addresses_a_pupil",
        title="It speaks to a pupil",
        clause="That they do not form online friendships or enter into online communication with pupils as this "
        "could lead to professional relationships being compromised, and/or safeguarding allegations being raised.",
        advice="Don't message or tag pupils from your personal account, ever.",
    ),
    PostCheck(
        id="offensive_language",
        title="The language could cause offence",
        clause=_MAY + "Bring the school into disrepute;",
        advice="Reword it: the classifier's scores below show which kind of language it read.",
    ),
    PostCheck(
        id="photo_records_its_place",
        title="The photo records where it was taken",
        clause="That they familiarise themselves with social network sites’ privacy settings in order to ensure that "
        "information is not automatically shared with a wider audience than intended.",
        advice="Remove the location from the photo (most phones offer this when sharing), or share a screenshot of it.",
    ),
)
# Words that show a post is about a school event (its photo counts too when taken in school hours on a school day).
SCHOOL_EVENT_WORDS = (
    "sports day", "school trip", "nativity", "school play", "school concert", "prize day", "prize-giving",
    "open day", "school fair", "christmas fair", "school disco", "school assembly", "assembly", "school tour",
    "school photos", "first communion", "confirmation class", "class trip", "residential", "p7 leavers",
    "christmas concert", "carol service", "parents' evening", "parents’ evening", "parents evening",
)  # fmt: skip
# A class of the school ("P4", or a class's own name) with one of these near it is a school outing (within 40 chars).
SCHOOL_OUTING_WORDS = ("trip", "outing", "visit", "today with")
# Phrases that place a name or initials in the teacher's class: with one near, a pupil's first name or a pupil's
# two-letter initials are warned about (a first name or initials alone are too weak).
CLASS_CONTEXT_RE = r"\b(?:(?:from|in) my class|my class|my pupils|(?:from|in) (?:p|primary )[1-7])\b"
# A school day's hours for a photo's EXIF time (Monday to Friday; a photo taken then may show school).
SCHOOL_HOURS = (8, 16)
# Phrases that speak for the school ("{school}" is its name) or address parents or pupils as a group.
SCHOOL_VOICE_PHRASES = (
    "we at {school}", "on behalf of the school", "on behalf of {school}", "our school's view", "the school's view",
    "the school thinks", "the school believes", "speaking for the school", "{school} believes", "{school} thinks",
    "{school} is delighted to", "{school} is pleased to", "{school} is proud to", "we are delighted to announce",
    "we are pleased to announce", "we are proud to announce", "our new uniform", "our school",
)  # fmt: skip
NEGATIVE_PHRASES = (
    "hate this school", "hate my job", "worst school", "useless principal", "useless parents", "nightmare class",
    "kids from hell", "class from hell", "parents from hell", "can't stand", "sick of this school", "joke of a school",
    "awful parents", "brats", "this place is a joke", "management haven't a clue", "management haven’t a clue",
)  # fmt: skip
# Negative words that count only with a word for the school or its people near them (within 40 characters):
# "this school is a shambles", "the management are useless", "the principal is a joke".
NEGATIVE_NEAR_SCHOOL = (
    "shambles", "useless", "a joke", "haven't a clue", "haven’t a clue", "clueless", "hopeless", "a disgrace",
    "rubbish", "pathetic", "a nightmare",
)  # fmt: skip
SCHOOL_PEOPLE_WORDS = (
    "this school", "the school", "school", "teachers", "principal", "management", "staff", "governors",
)  # fmt: skip
# Swearing written to get past a filter: asterisks or symbols for letters, repeated letters ("f***ing", "sh!t",
# "fuuuck"). Each is a regular expression, matched case-insensitively; the classifier reads the rest.
_HIDE = r"[*#@$%!£&^_.\-]"
OFFENSIVE_PATTERNS = (
    rf"\bf+(?:{_HIDE}|u)+(?:c|{_HIDE})+k+(?:ing|in|ed|er|s)?(?!\w)",
    rf"\bf{_HIDE}{{2,}}(?:ing|in|ed|er|s|k)?(?!\w)",
    r"\bfu+c+k+(?:ing|in|ed|er|s)?\b",
    rf"\bs+h+(?:i+|1|{_HIDE}+)t+(?:e|s|ty)?\b",
    rf"\bsh{_HIDE}+t(?!\w)",
    rf"\bb(?:i|1|{_HIDE}+)tch(?:es|y)?\b",
    rf"\bc{_HIDE}+nt(?:s)?(?!\w)",
    r"\bc+u+n+t+s?\b",
    r"\bb+[o0]+ll+[o0]+c+k+s\b",
    r"\ba+r+s+e+(?:hole)?\b",
    r"\b(?:wtf|stfu|ffs)\b",
)
# The classifier's labels that mean offensive language, and the score above which a draft is warned about.
OFFENSIVE_LABELS_AT = 0.5


def post_check(check_id: str) -> PostCheck:
    return next(c for c in POST_CHECKS if c.id == check_id)
