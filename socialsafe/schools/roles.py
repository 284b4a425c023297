"""Who may do what: the one table of roles and permissions that the navigation and every view follow.

Roles come from the Social Media Policy: the Principal, the child-protection (designated) teachers, class
teachers, the Chair of Governors and governors, parents and carers, and the Education Authority above the school.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    PRINCIPAL = "principal", "Principal"
    VICE_PRINCIPAL = "vice_principal", "Vice-Principal"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher for child protection"
    DEPUTY_DESIGNATED_TEACHER = "deputy_designated_teacher", "Deputy designated teacher"
    CLASS_TEACHER = "class_teacher", "Class teacher"
    ICT_COORDINATOR = "ict_coordinator", "ICT co-ordinator"
    OFFICE = "office", "Office staff"
    STAFF = "staff", "Other staff"
    CHAIR_OF_GOVERNORS = "chair_of_governors", "Chair of Governors"
    GOVERNOR = "governor", "Governor"
    # The two below are not granted by a Membership: a Guardian with a sign-in is a parent,
    # an AuthorityOfficer is an Education Authority officer.
    PARENT = "parent", "Parent or carer"
    EA_OFFICER = "ea_officer", "Education Authority officer"


STAFF_ROLES = frozenset(
    {
        Role.PRINCIPAL,
        Role.VICE_PRINCIPAL,
        Role.DESIGNATED_TEACHER,
        Role.DEPUTY_DESIGNATED_TEACHER,
        Role.CLASS_TEACHER,
        Role.ICT_COORDINATOR,
        Role.OFFICE,
        Role.STAFF,
    }
)
GOVERNOR_ROLES = frozenset({Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR})
MEMBER_ROLES = STAFF_ROLES | GOVERNOR_ROLES  # roles a Membership can grant
SENIOR = frozenset({Role.PRINCIPAL, Role.VICE_PRINCIPAL})
CHILD_PROTECTION = frozenset({Role.DESIGNATED_TEACHER, Role.DEPUTY_DESIGNATED_TEACHER})
# Roles that open case, evidence or child-protection data. Only the Principal grants or removes them (the Chair of
# Governors the Principal's own role), one person at a time on the Roles page, never through a roster file.
PRIVILEGED_ROLES = SENIOR | CHILD_PROTECTION | {Role.CHAIR_OF_GOVERNORS}
# Roles that one person at a time holds in a school.
SINGLE_HOLDER_ROLES = frozenset({Role.PRINCIPAL, Role.CHAIR_OF_GOVERNORS})


def roles_changeable_by(roles: frozenset[str]) -> frozenset[str]:
    """The member roles that someone holding `roles` may grant or remove on another person's Roles page."""
    changeable: set[str] = set()
    if Role.PRINCIPAL in roles:
        changeable |= MEMBER_ROLES - {Role.PRINCIPAL}
    if Role.CHAIR_OF_GOVERNORS in roles:
        changeable.add(Role.PRINCIPAL)
    return frozenset(changeable)


class Perm(StrEnum):
    VIEW_SCHOOL = "school.view"  # the school's classes and numbers
    VIEW_ALL_PUPILS = "pupils.view_all"  # every pupil and their parents/carers
    VIEW_CLASS_PUPILS = "pupils.view_class"  # the pupils of one's own class
    VIEW_PEOPLE = "people.view"  # staff and governors
    VIEW_PARENTS = "parents.view"  # the parents/carers list
    IMPORT_ROSTER = "roster.import"
    MANAGE_ROLES = "roles.manage"  # the Roles page; which roles each may change: roles_changeable_by()
    VIEW_OWN_CHILDREN = "children.view_own"
    VIEW_AUDIT = "audit.view"
    VIEW_AUTHORITY = "authority.view"  # the list of the authority's schools, never their cases
    REPORT_INCIDENT = "incidents.report"
    VIEW_CASES = "incidents.view"  # the cases list; which cases is decided per case in incidents/access.py
    # --- evidence (issue 4) ---
    MODERATION_THRESHOLDS = "moderation.thresholds"  # the scores above which the classifier suggests a label
    # --- concerns, policy documents, consent (issue 6) ---
    CONCERNS_INBOX = "concerns.inbox"  # the Principal's inbox of parents' concerns
    VIEW_OWN_CONCERNS = "concerns.view_own"
    INVITE_PARENTS = "parents.invite"  # send a parent on the roster a link to set up an account
    ACKNOWLEDGE_POLICIES = "policies.acknowledge"  # read and acknowledge the documents addressed to you
    MANAGE_POLICIES = "policies.manage"  # publish versions, see who has acknowledged, send reminders
    SET_PHOTO_CONSENT = "consent.set"  # a parent, for their own children
    VIEW_PHOTO_CONSENT = "consent.view"  # staff, for the pupils they may see
    # --- registers (issue 7) ---
    VIEW_REGISTERS = "registers.view"  # the registers page; what it shows follows the permissions below
    PREMISES_REGISTER = "registers.premises"  # revoked licences to enter the premises
    RECEPTION_CHECK = "registers.reception_check"  # "barred until …" or "no restriction", nothing more
    ICT_BANS = "registers.ict_bans"
    REQUEST_TEACHING_ACCOUNT = "registers.request_account"
    APPROVE_TEACHING_ACCOUNTS = "registers.approve_accounts"  # the policy: approved by the Principal in advance
    # --- letters (issue 7) ---
    MANAGE_LETTER_TEMPLATES = "letters.templates"
    VIEW_OWN_LETTERS = "letters.view_own"
    # --- reports (issue 14) ---
    GOVERNORS_REPORT = "reports.governors_produce"  # produce the Governors' termly report
    GOVERNORS_REPORT_READ = "reports.governors_read"  # read the reports produced (which ones: reports/access.py)
    # --- retention (issue 16) ---
    RETENTION_SCHEDULE = "retention.schedule"  # the retention schedule that applies to the school
    RETENTION_REVIEW = "retention.review"  # the review queue: keep or destroy records past their date
    LEGAL_HOLD = "retention.hold"  # put a case under legal hold, lift it
    RETENTION_AUTHORITY = "retention.authority"  # the Education Authority's own periods and actions
    # --- record transfer (issue 16) ---
    TRANSFER_RECORDS = "transfers.manage"  # send a leaver's records on, receive a new pupil's
    # --- subject access (issue 16) ---
    SUBJECT_ACCESS = "subjectaccess.manage"  # record and track requests, extend, confirm the redaction
    SUBJECT_ACCESS_EXPORT = "subjectaccess.export"  # produce and download the export: the Principal answers
    # --- staff rules (issue 18, part "staffrules") ---
    ATTEST_STAFF_RULES = "staffrules.attest"  # read the staff guidance, confirm once a school year
    STAFF_RULES_OUTSTANDING = "staffrules.outstanding"  # who has confirmed this year, reminders
    # --- families (issue 18): every family told and asked ---
    FAMILY_COVERAGE = "families.coverage"  # who has acknowledged, per class (a class teacher: their own class)
    FAMILY_INVITE = "families.invite"  # invite families, follow a batch, print their letters
    # --- check before you post (issue 18, part "page") ---
    CHECK_POST = "postcheck.check"  # check a draft for a personal account; ask the Principal about it
    POSTCHECK_ANSWER = "postcheck.answer"  # answer staff's questions, approve posts for the official accounts


PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_SCHOOL: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_ALL_PUPILS: SENIOR | CHILD_PROTECTION | {Role.OFFICE},
    Perm.VIEW_CLASS_PUPILS: frozenset({Role.CLASS_TEACHER}),
    Perm.VIEW_PEOPLE: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_PARENTS: SENIOR | CHILD_PROTECTION | {Role.OFFICE},
    Perm.IMPORT_ROSTER: SENIOR | {Role.OFFICE},
    Perm.MANAGE_ROLES: frozenset({Role.PRINCIPAL, Role.CHAIR_OF_GOVERNORS}),
    Perm.VIEW_OWN_CHILDREN: frozenset({Role.PARENT}),
    Perm.VIEW_AUDIT: frozenset({Role.PRINCIPAL}),
    Perm.VIEW_AUTHORITY: frozenset({Role.EA_OFFICER}),
    Perm.REPORT_INCIDENT: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_CASES: STAFF_ROLES | GOVERNOR_ROLES,
    # --- evidence (issue 4) ---
    Perm.MODERATION_THRESHOLDS: frozenset({Role.PRINCIPAL}),
    # --- concerns, policy documents, consent (issue 6) ---
    Perm.CONCERNS_INBOX: SENIOR,
    Perm.VIEW_OWN_CONCERNS: frozenset({Role.PARENT}),
    Perm.INVITE_PARENTS: SENIOR | {Role.OFFICE},
    Perm.ACKNOWLEDGE_POLICIES: STAFF_ROLES | {Role.PARENT},
    Perm.MANAGE_POLICIES: SENIOR,
    Perm.SET_PHOTO_CONSENT: frozenset({Role.PARENT}),
    Perm.VIEW_PHOTO_CONSENT: SENIOR | CHILD_PROTECTION | {Role.OFFICE, Role.CLASS_TEACHER},
    # --- registers (issue 7) ---
    Perm.VIEW_REGISTERS: STAFF_ROLES,
    Perm.PREMISES_REGISTER: SENIOR,
    Perm.RECEPTION_CHECK: SENIOR | {Role.OFFICE},
    Perm.ICT_BANS: SENIOR | {Role.ICT_COORDINATOR},
    Perm.REQUEST_TEACHING_ACCOUNT: STAFF_ROLES,
    Perm.APPROVE_TEACHING_ACCOUNTS: frozenset({Role.PRINCIPAL}),
    # --- letters (issue 7) ---
    Perm.MANAGE_LETTER_TEMPLATES: SENIOR,
    Perm.VIEW_OWN_LETTERS: frozenset({Role.PARENT}),
    # --- reports (issue 14) ---
    Perm.GOVERNORS_REPORT: SENIOR | {Role.CHAIR_OF_GOVERNORS},
    Perm.GOVERNORS_REPORT_READ: SENIOR | GOVERNOR_ROLES,
    # --- retention (issue 16) ---
    Perm.RETENTION_SCHEDULE: SENIOR | GOVERNOR_ROLES,
    Perm.RETENTION_REVIEW: frozenset({Role.PRINCIPAL}),
    Perm.LEGAL_HOLD: frozenset({Role.PRINCIPAL}),
    Perm.RETENTION_AUTHORITY: frozenset({Role.EA_OFFICER}),
    # --- record transfer (issue 16): the designated teacher, the deputy and the Principal only ---
    Perm.TRANSFER_RECORDS: CHILD_PROTECTION | {Role.PRINCIPAL},
    # --- subject access (issue 16) ---
    Perm.SUBJECT_ACCESS: SENIOR,
    Perm.SUBJECT_ACCESS_EXPORT: frozenset({Role.PRINCIPAL}),
    # --- staff rules (issue 18, part "staffrules"): every member of staff attests; the senior team sees the list ---
    Perm.ATTEST_STAFF_RULES: STAFF_ROLES,
    Perm.STAFF_RULES_OUTSTANDING: SENIOR,
    # --- families (issue 18) ---
    Perm.FAMILY_COVERAGE: SENIOR | {Role.OFFICE, Role.CLASS_TEACHER},
    Perm.FAMILY_INVITE: SENIOR | {Role.OFFICE},
    # --- check before you post (issue 18, part "page"): every member of staff; the senior team answers ---
    Perm.CHECK_POST: STAFF_ROLES,
    Perm.POSTCHECK_ANSWER: SENIOR,
}


def allows(roles: frozenset[str], perm: Perm) -> bool:
    """True when any of the roles carries the permission."""
    return not roles.isdisjoint(PERMISSIONS[perm])


# The navigation: (label, URL name, permission, place). Items appear only to those who hold the permission:
# MENU items in the menu on every page, SCHOOL items on the School page (and every item on the home page), so the
# menu stays short enough for a phone.
MENU, SCHOOL = "menu", "school"
NAVIGATION: list[tuple[str, str, Perm, str]] = [
    ("Report an incident", "incidents:report", Perm.REPORT_INCIDENT, MENU),
    ("Cases", "incidents:list", Perm.VIEW_CASES, MENU),
    ("Actions", "incidents:actions", Perm.VIEW_CASES, MENU),
    ("Concerns", "concerns:inbox", Perm.CONCERNS_INBOX, MENU),
    ("Registers", "registers:index", Perm.VIEW_REGISTERS, MENU),
    ("Pupils", "schools:pupils", Perm.VIEW_ALL_PUPILS, MENU),
    ("My class", "schools:my_class", Perm.VIEW_CLASS_PUPILS, MENU),
    ("School", "schools:overview", Perm.VIEW_SCHOOL, MENU),
    # Parents and carers
    ("My children", "schools:my_children", Perm.VIEW_OWN_CHILDREN, MENU),
    ("My concerns", "concerns:mine", Perm.VIEW_OWN_CONCERNS, MENU),
    ("Letters", "letters:mine", Perm.VIEW_OWN_LETTERS, MENU),
    ("Photo consent", "concerns:my_consent", Perm.SET_PHOTO_CONSENT, MENU),
    # The Education Authority
    ("Schools", "schools:authority", Perm.VIEW_AUTHORITY, MENU),
    # On the School page
    ("Policies", "concerns:policies", Perm.ACKNOWLEDGE_POLICIES, SCHOOL),
    ("Staff and governors", "schools:people", Perm.VIEW_PEOPLE, SCHOOL),
    ("Parents and carers", "schools:guardians", Perm.VIEW_PARENTS, SCHOOL),
    ("Parent accounts", "concerns:parents", Perm.INVITE_PARENTS, SCHOOL),
    ("Photo consent list", "concerns:consent_list", Perm.VIEW_PHOTO_CONSENT, SCHOOL),
    ("Letter templates", "letters:templates", Perm.MANAGE_LETTER_TEMPLATES, SCHOOL),
    ("Suggestion thresholds", "moderation:thresholds", Perm.MODERATION_THRESHOLDS, SCHOOL),
    ("Import roster", "schools:import", Perm.IMPORT_ROSTER, SCHOOL),
    ("Audit log", "reports:audit_log", Perm.VIEW_AUDIT, SCHOOL),
    ("Governors' termly report", "reports:termly", Perm.GOVERNORS_REPORT_READ, SCHOOL),
    # --- retention (issue 16) ---
    ("Retention schedule", "retention:schedule", Perm.RETENTION_SCHEDULE, SCHOOL),
    ("Records to review", "retention:queue", Perm.RETENTION_REVIEW, SCHOOL),
    ("Retention rules", "retention:authority", Perm.RETENTION_AUTHORITY, MENU),
    # --- record transfer (issue 16) ---
    ("Record transfers", "transfers:list", Perm.TRANSFER_RECORDS, SCHOOL),
    # --- subject access (issue 16) ---
    ("Subject access requests", "subjectaccess:list", Perm.SUBJECT_ACCESS, SCHOOL),
    # --- staff rules (issue 18, part "staffrules") ---
    ("Staff rules for social media", "staffrules:index", Perm.ATTEST_STAFF_RULES, SCHOOL),
    ("Staff rules: who has confirmed this year", "staffrules:outstanding", Perm.STAFF_RULES_OUTSTANDING, SCHOOL),
    # --- families (issue 18) ---
    ("Families told and asked", "families:coverage", Perm.FAMILY_COVERAGE, SCHOOL),
    # --- check before you post (issue 18, part "page") ---
    ("Check a post", "postcheck:check", Perm.CHECK_POST, MENU),
    ("Questions about posts", "postcheck:queue", Perm.POSTCHECK_ANSWER, SCHOOL),
]
