import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.timezone import localdate

from socialsafe.incidents.access import can_manage
from socialsafe.incidents.models import Action, Incident
from socialsafe.schools.models import Guardian, Member, Pupil


def _evidence():
    # The evidence app sits above this one (it imports incidents): its model is reached through the relation.
    return Incident._meta.get_field("evidence_items").related_model.objects


def _file_matches(word: str, school) -> Q:
    """A word in the file of a case: its report, the people named in it, the text read from its screenshots.

    Each person is looked for among the school's own people, and the screenshots among the school's own evidence:
    subqueries on small, indexed sets, so that a search never joins every pupil or member of the authority.
    """
    pupils = Pupil.objects.filter(school=school)
    members = Member.objects.filter(school=school, last_name__icontains=word).values("id")
    return (
        Q(description__icontains=word)
        | Q(target_pupil__in=pupils.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)).values("id"))
        | Q(target_member__in=members)
        | Q(responsible_guardian__in=Guardian.objects.filter(school=school, last_name__icontains=word).values("id"))
        | Q(responsible_pupil__in=pupils.filter(last_name__icontains=word).values("id"))
        | Q(responsible_member__in=members)
        | Q(responsible_name__icontains=word)
        | Q(id__in=_evidence().filter(school=school, ocr_text__icontains=word).values("incident_id"))
    )


def incidents_filter(
    cases: QuerySet[Incident],
    *,
    user,
    school,
    whole_file: QuerySet[Incident],
    q: str = "",
    kind: str = "",
    status: str = "",
    platform: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    mine: bool = False,
) -> QuerySet[Incident]:
    """Narrow a list of visible cases by the list page's filters.

    A word matches a case's reference and summary, which everyone who knows of the case sees; the rest of the file
    (names, the text read from screenshots) only in the cases whose whole file this person sees (`whole_file`), and
    the report's own words also in the cases they reported, and the text of the screenshots they added themselves.
    """
    if q:
        # Every condition is on the case's own row or an id subquery: no join that repeats a case, so no DISTINCT.
        for word in q.split():
            own_shots = _evidence().filter(school=school, uploaded_by=user, ocr_text__icontains=word)
            cases = cases.filter(
                Q(reference__icontains=word)
                | Q(summary__icontains=word)
                | (Q(reported_by=user) & Q(description__icontains=word))
                | Q(id__in=own_shots.values("incident_id"))
                | (Q(id__in=whole_file.values("id")) & _file_matches(word, school))
            )
    if kind:
        cases = cases.filter(kind=kind)
    if status == "open":
        cases = cases.open()
    elif status:
        cases = cases.filter(status=status)
    if platform:
        cases = cases.filter(platform=platform)
    if since:
        cases = cases.filter(reported_at__date__gte=since)
    if until:
        cases = cases.filter(reported_at__date__lte=until)
    if mine:
        cases = cases.filter(handler__user=user)
    return cases


def actions_for(user, visible: QuerySet[Incident]) -> QuerySet[Action]:
    """Open actions owned by this person, on open cases they can see."""
    return (
        Action.objects.open()
        .filter(owner__user=user, incident__in=visible.open())
        .select_related("incident", "owner")
        .order_by("due_on")
    )


def overdue_actions(visible: QuerySet[Incident], *, managed_by, roles) -> list[Action]:
    """Overdue actions on the cases this person manages."""
    actions = Action.objects.overdue().filter(incident__in=visible.open()).select_related("incident__handler", "owner")
    return [a for a in actions.order_by("due_on") if can_manage(a.incident, managed_by, roles)]


def actions_due(whole_file: QuerySet[Incident], *, due: str, owner: int | None = None) -> QuerySet[Action]:
    """Open actions on the open cases whose whole file this person sees: overdue, or due in the next seven days."""
    today = localdate()
    actions = Action.objects.open().filter(incident__in=whole_file.open().values("id"))
    if due == "overdue":
        actions = actions.filter(due_on__lt=today)
    else:
        actions = actions.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=6))
    if owner:
        actions = actions.filter(owner_id=owner)
    return actions.select_related("incident", "owner").order_by("due_on", "id")


def cases_about_pupil(pupil, cases: QuerySet[Incident]) -> QuerySet[Incident]:
    """The cases, of those given, in which the pupil is the target, the one responsible or the one reported for."""
    about = Q(target_pupil=pupil) | Q(responsible_pupil=pupil) | Q(on_behalf_of=pupil)
    return cases.filter(about).select_related("handler").order_by("-reported_at")


def related_cases(incident: Incident, cases: QuerySet[Incident]) -> dict[str, list[Incident]]:
    """Other cases, of those given, about the same pupil or by the same person: a pattern the handler should see."""
    found: dict[str, list[Incident]] = {}
    others = cases.exclude(pk=incident.pk).order_by("-reported_at")
    if incident.target_pupil_id:
        found[f"about {incident.target_pupil.full_name}"] = list(
            others.filter(target_pupil_id=incident.target_pupil_id)[:10]
        )
    person = {
        "responsible_pupil_id": incident.responsible_pupil_id,
        "responsible_guardian_id": incident.responsible_guardian_id,
        "responsible_member_id": incident.responsible_member_id,
    }
    for field, value in person.items():
        if value:
            name = incident.responsible_display.split(": ", 1)[-1]
            found[f"by {name}"] = list(others.filter(**{field: value})[:10])
    return {label: rows for label, rows in found.items() if rows}


def bullying_records(
    whole_file: QuerySet[Incident],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    judgement: str = "",
    method: str = "",
    motivation: str = "",
):
    """The statutory bullying records of the cases whose whole file the person sees, newest case first.

    Methods and motivations are JSON lists of plain values: a value is matched with its quotes, so that "other" does
    not match "online_other" (and the same query runs on SQLite and PostgreSQL).
    """
    from socialsafe.incidents.models import BullyingRecord

    records = BullyingRecord.objects.filter(incident__in=whole_file.values("id"))
    if since:
        records = records.filter(incident__reported_at__date__gte=since)
    if until:
        records = records.filter(incident__reported_at__date__lte=until)
    if judgement:
        records = records.filter(judgement=judgement)
    if method:
        records = records.filter(methods__icontains=f'"{method}"')
    if motivation:
        records = records.filter(motivations__icontains=f'"{motivation}"')
    return records.select_related("incident").order_by("-incident__reported_at", "-id")
