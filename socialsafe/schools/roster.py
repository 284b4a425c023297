"""Read and check a roster CSV (pupils, parents/carers, staff and governors) before anything is imported.

Every row is checked first and every problem reported with its line; the import itself runs only on a clean
file, so a bad file imports nothing.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.timezone import localdate

from socialsafe.lib.dates import add_months
from socialsafe.schools.models import Guardian, GuardianLink, Member, Pupil, Relationship, School, SchoolClass
from socialsafe.schools.roles import MEMBER_ROLES, PRIVILEGED_ROLES, Role


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    example: str


KINDS = {
    "pupils": Kind(
        "pupils",
        "Pupils",
        ("reference", "first_name", "last_name", "date_of_birth", "class"),
        ("date_left",),  # a pupil who has left: their records' transfer to the next school opens
        "reference,first_name,last_name,date_of_birth,class\nB1042,Aoife,Kelly,2018-03-14,P2",
    ),
    "parents": Kind(
        "parents",
        "Parents and carers",
        ("first_name", "last_name", "email", "pupil_reference", "relationship"),
        ("title", "phone", "parental_responsibility"),
        "title,first_name,last_name,email,phone,pupil_reference,relationship,parental_responsibility\n"
        "Mrs,Sinead,Kelly,sinead.kelly@example.com,07700 900123,B1042,mother,yes",
    ),
    "staff": Kind(
        "staff",
        "Staff and governors",
        ("first_name", "last_name", "email", "roles"),
        ("title", "job_title", "class"),
        "title,first_name,last_name,email,job_title,roles,class\n"
        "Mr,Conor,Burns,c.burns@example.com,P4 teacher,class teacher; ICT co-ordinator,P4",
    ),
}

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class CheckedFile:
    kind: Kind
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))


def _lookup(value: str, choices: list[tuple[str, str]]) -> str | None:
    """Match a value against choices by code or label, ignoring case, spaces, hyphens and underscores."""

    def key(s: str) -> str:
        return "".join(ch for ch in s.lower() if ch.isalnum())

    wanted = key(value)
    for code, label in choices:
        if wanted in (key(code), key(label)):
            return code
    return None


def _parse_date(value: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_csv(data: bytes, kind: Kind) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Decode and split the file; errors here concern the whole file (encoding, columns)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [
            RowError(
                line,
                "",
                "The file is not UTF-8 text. In Excel choose Save As, then 'CSV UTF-8 (Comma delimited)', "
                "and upload it again.",
            )
        ]
    if "\x00" in text:
        return [], [RowError(1, "", "This is not a CSV text file. Upload the roster saved as CSV.")]
    if not text.strip():
        return [], [RowError(1, "", "The file is empty.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        return [], [RowError(reader.line_num, "", f"The file cannot be read as CSV: {exc}.")]
    errors = []
    missing = [c for c in kind.required if c not in header]
    unknown = [c for c in header if c not in kind.required + kind.optional]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        errors.append(RowError(1, ", ".join(missing), f"Missing column(s): {', '.join(missing)}."))
    if unknown:
        errors.append(
            RowError(
                1,
                ", ".join(unknown),
                f"Unexpected column(s): {', '.join(unknown)}. The columns for {kind.label.lower()} are: "
                f"{', '.join(kind.required + kind.optional)}.",
            )
        )
    if duplicated:
        errors.append(RowError(1, ", ".join(duplicated), f"Column(s) given twice: {', '.join(duplicated)}."))
    if errors:
        return [], errors
    rows = []
    for line, values in records:
        if not any(v.strip() for v in values):
            continue  # blank lines at the end of a spreadsheet export
        if len(values) != len(header):
            errors.append(RowError(line, "", f"This row has {len(values)} values; the header has {len(header)}."))
            continue
        rows.append((line, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    if not rows and not errors:
        errors.append(RowError(2, "", "The file has a header but no rows."))
    return rows, errors


def _check_name(checked: CheckedFile, line: int, row: dict) -> None:
    for column in ("first_name", "last_name"):
        if not row[column]:
            checked.error(line, column, "This is empty.")
        elif len(row[column]) > 100:
            checked.error(line, column, "This is longer than 100 characters.")


def _check_email(checked: CheckedFile, line: int, email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        checked.error(line, "email", f"'{email}' is not an email address." if email else "This is empty.")
    return email.lower()


def check_pupils(school: School, rows: list[tuple[int, dict]], checked: CheckedFile) -> None:
    classes = {c.name.lower(): c for c in SchoolClass.objects.filter(school=school)}
    existing = {p.reference: p for p in Pupil.objects.filter(school=school)}
    by_identity = {(p.first_name.lower(), p.last_name.lower(), p.date_of_birth): p for p in existing.values()}
    seen_refs: dict[str, int] = {}
    seen_people: dict[tuple, int] = {}
    today = localdate()
    for line, row in rows:
        errors_before = len(checked.errors)
        ref = row["reference"]
        if not ref:
            checked.error(line, "reference", "This is empty: every pupil needs the school's pupil number.")
        elif len(ref) > 40:
            checked.error(line, "reference", "This is longer than 40 characters.")
        elif ref in seen_refs:
            checked.error(line, "reference", f"Duplicate pupil: reference {ref} is also on line {seen_refs[ref]}.")
        else:
            seen_refs[ref] = line
        _check_name(checked, line, row)
        born = _parse_date(row["date_of_birth"])
        if born is None:
            checked.error(
                line, "date_of_birth", f"'{row['date_of_birth']}' is not a date: write it as 2018-03-14 or 14/03/2018."
            )
        elif not (add_months(today, -14 * 12) < born < add_months(today, -3 * 12)):
            checked.error(line, "date_of_birth", f"{born:%d %b %Y} is not the birthday of a primary-school pupil.")
        left_on = None
        if left := row.get("date_left", ""):
            left_on = _parse_date(left)
            if left_on is None:
                checked.error(line, "date_left", f"'{left}' is not a date: write it as 2026-06-30 or 30/06/2026.")
            elif born is not None and left_on <= born:
                checked.error(line, "date_left", "The pupil cannot leave before they were born.")
            elif left_on > today:
                # A pupil with a leaving date is no longer on the roll (Pupil.objects.current()).
                checked.error(
                    line,
                    "date_left",
                    f"{left_on:%d %b %Y} is in the future: give the leaving date once the pupil has left.",
                )
        school_class = classes.get(row["class"].lower())
        if school_class is None:
            names = ", ".join(c.name for c in classes.values()) or "none yet"
            checked.error(line, "class", f"Unknown class '{row['class']}'. This school's classes are: {names}.")
        if born is not None and row["first_name"] and row["last_name"]:
            identity = (row["first_name"].lower(), row["last_name"].lower(), born)
            if identity in seen_people:
                checked.error(
                    line, "", f"Duplicate pupil: the same name and date of birth are on line {seen_people[identity]}."
                )
            else:
                seen_people[identity] = line
            same = by_identity.get(identity)
            if same is not None and same.reference != ref:
                checked.error(
                    line,
                    "reference",
                    f"Duplicate pupil: {same.full_name}, born {born:%d %b %Y}, is already on the roll as "
                    f"{same.reference}.",
                )
        if len(checked.errors) == errors_before:
            checked.rows.append(
                {
                    "reference": ref,
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "date_of_birth": born,
                    "school_class": school_class,
                    "existing": existing.get(ref),
                }
                | ({"left_on": left_on} if left_on else {})  # an empty cell never clears a leaving date
            )


def _parent_without_email(school: School) -> dict[tuple[str, str, int], Guardian]:
    """Parents recorded without an email address, by (first name, last name, a linked pupil's id), lower case."""
    found: dict[tuple[str, str, int], Guardian] = {}
    for link in GuardianLink.objects.filter(guardian__school=school, guardian__email="").select_related("guardian"):
        g = link.guardian
        found.setdefault((g.first_name.lower(), g.last_name.lower(), link.pupil_id), g)
    return found


def check_parents(school: School, rows: list[tuple[int, dict]], checked: CheckedFile) -> None:
    """A parent is known by their email address; one without (they get a printed letter instead of emails) by their
    name: the same name without an email on two lines of a file is one person, and an existing parent without an
    email is the one of that name already linked to the pupil."""
    pupils = {p.reference: p for p in Pupil.objects.filter(school=school)}
    guardians = {g.email.lower(): g for g in Guardian.objects.filter(school=school).exclude(email="")}
    without_email = _parent_without_email(school)
    names_by_email: dict[str, tuple[str, str, int]] = {}
    links_seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        errors_before = len(checked.errors)
        _check_name(checked, line, row)
        email = _check_email(checked, line, row["email"]) if row["email"].strip() else ""
        pupil = pupils.get(row["pupil_reference"])
        if pupil is None:
            checked.error(
                line, "pupil_reference", f"No pupil with reference '{row['pupil_reference']}': import pupils first."
            )
        relationship = _lookup(row["relationship"], Relationship.choices)
        if relationship is None:
            allowed = ", ".join(label.lower() for _, label in Relationship.choices)
            checked.error(line, "relationship", f"Unknown relationship '{row['relationship']}'. Use one of: {allowed}.")
        responsibility = row.get("parental_responsibility", "yes").lower()
        if responsibility not in YES | NO:
            checked.error(line, "parental_responsibility", "Write yes or no.")
        name = (row["first_name"], row["last_name"])
        key = email or f"name:{row['first_name'].lower()} {row['last_name'].lower()}"
        if email and email in names_by_email and names_by_email[email][:2] != name:
            checked.error(line, "email", f"{email} is given for another name on line {names_by_email[email][2]}.")
        if email:
            names_by_email.setdefault(email, (*name, line))
        if (key, row["pupil_reference"]) in links_seen:
            checked.error(
                line,
                "",
                f"This parent and pupil are already linked on line {links_seen[key, row['pupil_reference']]}.",
            )
        links_seen.setdefault((key, row["pupil_reference"]), line)
        if len(checked.errors) == errors_before:
            if email:
                existing = guardians.get(email)
            else:
                existing = without_email.get((row["first_name"].lower(), row["last_name"].lower(), pupil.pk))
            checked.rows.append(
                {
                    "title": row.get("title", ""),
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "email": email,
                    "key": key,
                    "phone": row.get("phone", ""),
                    "pupil": pupil,
                    "relationship": relationship,
                    "parental_responsibility": responsibility in YES,
                    "existing": existing,
                }
            )


def _labels(roles) -> str:
    return ", ".join(Role(r).label for r in sorted(roles, key=list(Role.values).index))


def _current_roles(school: School) -> dict[str, set[str]]:
    """The roles each member of the school holds now, by email; a switched-off member holds none."""
    current: dict[str, set[str]] = {}
    for member in Member.objects.filter(school=school).select_related("user").prefetch_related("roles"):
        current[member.user.email.lower()] = {g.role for g in member.roles.all()} if member.is_active else set()
    return current


def check_staff(school: School, rows: list[tuple[int, dict]], checked: CheckedFile, by=None) -> None:
    classes = {c.name.lower(): c for c in SchoolClass.objects.filter(school=school)}
    member_roles = [(r.value, r.label) for r in Role if r in MEMBER_ROLES]
    current = _current_roles(school)
    own_email = by.email.lower() if getattr(by, "is_authenticated", False) else None
    seen_emails: dict[str, int] = {}
    taught: dict[str, int] = {}
    for line, row in rows:
        errors_before = len(checked.errors)
        _check_name(checked, line, row)
        email = _check_email(checked, line, row["email"])
        if email in seen_emails:
            checked.error(line, "email", f"{email} is also on line {seen_emails[email]}.")
        seen_emails.setdefault(email, line)
        roles = []
        for part in [p.strip() for p in row["roles"].replace(",", ";").split(";") if p.strip()]:
            role = _lookup(part, member_roles)
            if role is None:
                allowed = "; ".join(label.lower() for _, label in member_roles)
                checked.error(line, "roles", f"Unknown role '{part}'. Use one or more of: {allowed}.")
            else:
                roles.append(role)
        if not row["roles"].strip():
            checked.error(line, "roles", "Give at least one role.")
        before = current.get(email, set())
        if email == own_email and set(roles) != before:
            checked.error(
                line, "roles", "These are your own roles: nobody can change their own. Ask the Principal to do it."
            )
        privileged_change = (set(roles) ^ before) & PRIVILEGED_ROLES
        if row["roles"].strip() and privileged_change:
            verb = "give" if privileged_change & set(roles) else "take away"
            checked.error(
                line,
                "roles",
                f"A file cannot {verb} the role of {_labels(privileged_change)}: they open case and "
                "child-protection records, so the Principal changes them on the person's Roles page "
                "(the Chair of Governors for the Principal's own role). To import this row, list the ones this "
                f"person holds now: {_labels(before & PRIVILEGED_ROLES) or 'none'}.",
            )
        school_class = None
        if row.get("class"):
            school_class = classes.get(row["class"].lower())
            if school_class is None:
                names = ", ".join(c.name for c in classes.values()) or "none yet"
                checked.error(line, "class", f"Unknown class '{row['class']}'. This school's classes are: {names}.")
            elif Role.CLASS_TEACHER not in roles:
                checked.error(line, "class", "Only a class teacher is given a class: add the role 'class teacher'.")
            elif school_class.pk in taught:
                checked.error(line, "class", f"{school_class.name} is also given to line {taught[school_class.pk]}.")
            else:
                taught[school_class.pk] = line
        if len(checked.errors) == errors_before:
            checked.rows.append(
                {
                    "title": row.get("title", ""),
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "email": email,
                    "job_title": row.get("job_title", ""),
                    "roles": sorted(set(roles)),
                    "school_class": school_class,
                }
            )


CHECKS = {"pupils": check_pupils, "parents": check_parents, "staff": check_staff}


def check_roster(*, school: School, kind: str, data: bytes, by=None) -> CheckedFile:
    """Check every row of a roster file; nothing is written. `by` is the importer (None on the command line)."""
    checked = CheckedFile(kind=KINDS[kind])
    rows, errors = read_csv(data, checked.kind)
    checked.errors.extend(errors)
    if rows and kind == "staff":
        check_staff(school, rows, checked, by)
    elif rows:
        CHECKS[kind](school, rows, checked)
    checked.errors.sort(key=lambda e: e.line)
    if checked.errors:
        checked.rows = []
    return checked
