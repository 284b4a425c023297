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


class Perm(StrEnum):
    VIEW_SCHOOL = "school.view"  # the school's classes and numbers
    VIEW_ALL_PUPILS = "pupils.view_all"  # every pupil and their parents/carers
    VIEW_CLASS_PUPILS = "pupils.view_class"  # the pupils of one's own class
    VIEW_PEOPLE = "people.view"  # staff and governors
    VIEW_PARENTS = "parents.view"  # the parents/carers list
    IMPORT_ROSTER = "roster.import"
    VIEW_OWN_CHILDREN = "children.view_own"
    VIEW_AUDIT = "audit.view"
    VIEW_AUTHORITY = "authority.view"  # the list of the authority's schools, never their cases
    REPORT_INCIDENT = "incidents.report"
    VIEW_CASES = "incidents.view"  # the cases list; which cases is decided per case in incidents/access.py
    # --- evidence (issue 4) ---
    # --- concerns, policy documents, consent (issue 6) ---
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


PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_SCHOOL: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_ALL_PUPILS: SENIOR | CHILD_PROTECTION | {Role.OFFICE},
    Perm.VIEW_CLASS_PUPILS: frozenset({Role.CLASS_TEACHER}),
    Perm.VIEW_PEOPLE: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_PARENTS: SENIOR | CHILD_PROTECTION | {Role.OFFICE},
    Perm.IMPORT_ROSTER: SENIOR | {Role.OFFICE},
    Perm.VIEW_OWN_CHILDREN: frozenset({Role.PARENT}),
    Perm.VIEW_AUDIT: frozenset({Role.PRINCIPAL}),
    Perm.VIEW_AUTHORITY: frozenset({Role.EA_OFFICER}),
    Perm.REPORT_INCIDENT: STAFF_ROLES | GOVERNOR_ROLES,
    Perm.VIEW_CASES: STAFF_ROLES | GOVERNOR_ROLES,
    # --- evidence (issue 4) ---
    # --- concerns, policy documents, consent (issue 6) ---
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
}


def allows(roles: frozenset[str], perm: Perm) -> bool:
    """True when any of the roles carries the permission."""
    return not roles.isdisjoint(PERMISSIONS[perm])


# The navigation: (label, URL name, permission). Items appear only to those who hold the permission.
NAVIGATION: list[tuple[str, str, Perm]] = [
    ("Report an incident", "incidents:report", Perm.REPORT_INCIDENT),
    ("Cases", "incidents:list", Perm.VIEW_CASES),
    ("Actions", "incidents:actions", Perm.VIEW_CASES),
    # --- concerns, policy documents, consent (issue 6) ---
    # --- registers (issue 7) ---
    ("Registers", "registers:index", Perm.VIEW_REGISTERS),
    # --- letters (issue 7) ---
    ("Letter templates", "letters:templates", Perm.MANAGE_LETTER_TEMPLATES),
    ("Letters", "letters:mine", Perm.VIEW_OWN_LETTERS),
    ("School", "schools:overview", Perm.VIEW_SCHOOL),
    ("Pupils", "schools:pupils", Perm.VIEW_ALL_PUPILS),
    ("My class", "schools:my_class", Perm.VIEW_CLASS_PUPILS),
    ("Staff and governors", "schools:people", Perm.VIEW_PEOPLE),
    ("Parents and carers", "schools:guardians", Perm.VIEW_PARENTS),
    ("Import roster", "schools:import", Perm.IMPORT_ROSTER),
    ("My children", "schools:my_children", Perm.VIEW_OWN_CHILDREN),
    ("Audit log", "audit:log", Perm.VIEW_AUDIT),
    ("Schools", "schools:authority", Perm.VIEW_AUTHORITY),
]
