from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialsafe.accounts.second_factor import second_factor_devices, second_factor_reset
from socialsafe.audit.models import AuditEvent
from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.incidents import rules
from socialsafe.lib.text import clean_query
from socialsafe.schools import selectors
from socialsafe.schools.access import (
    get_class_for_user,
    get_member_for_invite,
    get_member_for_roles,
    get_pupil_for_user,
    require_perm,
    visible_pupils,
)
from socialsafe.schools.forms import PupilSearchForm, RolesForm, RosterImportForm
from socialsafe.schools.middleware import SESSION_KEY
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import PRIVILEGED_ROLES, Perm, Role, allows, roles_changeable_by
from socialsafe.schools.roster import KINDS
from socialsafe.schools.services import (
    INVITATION_HOURS,
    RosterRejected,
    member_invite,
    member_roles_set,
    pupils_added,
    roster_import,
)

# The title of the home page: the first role in this order that the person holds.
HOME_TITLES = [
    (Role.PRINCIPAL, "Principal"),
    (Role.VICE_PRINCIPAL, "Vice-Principal"),
    (Role.DESIGNATED_TEACHER, "Designated teacher for child protection"),
    (Role.DEPUTY_DESIGNATED_TEACHER, "Deputy designated teacher"),
    (Role.ICT_COORDINATOR, "ICT co-ordinator"),
    (Role.CLASS_TEACHER, "Class teacher"),
    (Role.OFFICE, "School office"),
    (Role.STAFF, "Staff"),
    (Role.CHAIR_OF_GOVERNORS, "Chair of Governors"),
    (Role.GOVERNOR, "Governor"),
    (Role.PARENT, "Parent or carer"),
]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    if request.school is None:
        if Role.EA_OFFICER in request.roles:
            return redirect("schools:authority")
        return render(request, "schools/no_school.html", status=200)
    title = next((label for role, label in HOME_TITLES if role in request.roles), "SocialSafe")
    context = {"title": title}
    if allows(request.roles, Perm.VIEW_SCHOOL):
        context["numbers"] = selectors.school_numbers(school=request.school)
    if allows(request.roles, Perm.VIEW_CLASS_PUPILS):
        context["my_classes"] = selectors.school_classes_with_counts(school=request.school).filter(
            teacher__user=request.user
        )
    if allows(request.roles, Perm.VIEW_OWN_CHILDREN):
        context["children"] = visible_pupils(request).current().select_related("school_class")
    # Imported here: reports sits above every app (it reads them all), and only the home page shows its dashboard.
    from socialsafe.reports import dashboard

    if dashboard.has_dashboard(request.roles):
        context["dashboard"] = dashboard.dashboard_for(
            user=request.user, school=request.school, roles=request.roles, period_key=request.GET.get("period", "")
        )
    return render(request, "schools/home.html", context)


@require_POST
@login_required
def switch_school(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("school", "")
    school = next((s for s in request.schools if str(s.pk) == wanted), None)
    if school is None:
        raise PermissionDenied
    request.session[SESSION_KEY] = school.pk
    return redirect("home")


@require_GET
@require_perm(Perm.VIEW_SCHOOL)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "schools/overview.html",
        {
            "numbers": selectors.school_numbers(school=request.school),
            "classes": selectors.school_classes_with_counts(school=request.school),
            "can_see_classes": allows(request.roles, Perm.VIEW_ALL_PUPILS),
        },
    )


@require_GET
@require_perm(Perm.VIEW_ALL_PUPILS)
def pupils(request: HttpRequest) -> HttpResponse:
    classes = SchoolClass.objects.filter(school=request.school)
    form = PupilSearchForm(request.GET or None, classes=classes)
    found = visible_pupils(request).current()
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            for word in q.split():
                found = found.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(reference__iexact=word)
                )
        if form.cleaned_data["school_class"]:
            found = found.filter(school_class_id=form.cleaned_data["school_class"])
    page = Paginator(selectors.pupils_with_guardians(found), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "schools/pupils.html#results" if request.htmx else "schools/pupils.html"
    audit_record(
        actor=request.user, verb="pupil.list_viewed", school=request.school, data=request.GET.dict(), request=request
    )
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@login_required
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_pupil_for_user(request, pk)
    # A child's record is sensitive: every view is logged.
    audit_record(actor=request.user, verb="pupil.viewed", target=pupil, request=request)
    links = pupil.guardian_links.select_related("guardian").order_by("guardian__last_name")
    cases = []
    if allows(request.roles, Perm.VIEW_CASES):
        # Only the cases whose whole file this person sees: who a case is about is part of its file.
        from socialsafe.incidents.access import whole_file_incidents
        from socialsafe.incidents.selectors import cases_about_pupil

        cases = list(cases_about_pupil(pupil, whole_file_incidents(request.user, request.school, request.roles)))
    context = {
        "pupil": pupil,
        "links": links,
        "cases": cases,
        "recurrent": rules.looks_recurrent(sum(1 for c in cases if c.target_pupil_id == pupil.pk))
        or rules.looks_recurrent(sum(1 for c in cases if c.responsible_pupil_id == pupil.pk)),
        "persistent_clause": rules.PERSISTENT_CLAUSE,
    }
    return render(request, "schools/pupil_detail.html", context)


@require_GET
@require_perm(Perm.VIEW_CLASS_PUPILS)
def my_class(request: HttpRequest) -> HttpResponse:
    classes = list(SchoolClass.objects.filter(school=request.school, teacher__user=request.user))
    if len(classes) == 1:
        return redirect("schools:class_detail", pk=classes[0].pk)
    return render(request, "schools/my_class.html", {"classes": classes})


@require_GET
@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_class_for_user(request, pk)
    found = selectors.pupils_with_guardians(school_class.pupils.current())
    audit_record(actor=request.user, verb="pupil.class_viewed", target=school_class, request=request)
    return render(request, "schools/class_detail.html", {"school_class": school_class, "pupils": found})


@require_GET
@require_perm(Perm.VIEW_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    members = list(selectors.members_with_roles(school=request.school))
    staff = [m for m in members if not set(m.role_list) <= {Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR}]
    governors = [m for m in members if set(m.role_list) & {Role.CHAIR_OF_GOVERNORS, Role.GOVERNOR}]
    context = {
        "staff": staff,
        "governors": governors,
        "can_manage_roles": allows(request.roles, Perm.MANAGE_ROLES),
        "can_invite": allows(request.roles, Perm.IMPORT_ROSTER),
    }
    return render(request, "schools/people.html", context)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.MANAGE_ROLES)
@submit_once
def member_roles(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_roles(request, pk)
    current = set(member.roles.values_list("role", flat=True))
    own = member.user_id == request.user.pk
    changeable = frozenset() if own else roles_changeable_by(request.roles)
    form = RolesForm(request.POST if request.method == "POST" else None, current=current, changeable=changeable)
    if request.method == "POST" and own:
        form = RolesForm(current=current, changeable=changeable)
        context = {"member": member, "form": form, "own": True, "error": OWN_ROLES}
        return render(request, "schools/member_roles.html", context, status=400)
    if request.method == "POST" and form.is_valid():
        try:
            changed = member_roles_set(member=member, roles=form.chosen(), by=request.user, by_roles=request.roles)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{member.display_name}'s roles " + ("were changed." if changed else "are unchanged.")
            )
            return redirect("schools:people")
    history = [
        (event, _role_labels(event.data.get("added", [])), _role_labels(event.data.get("removed", [])))
        for event in AuditEvent.objects.filter(
            school=request.school, verb="member.roles_changed", target_type="schools.member", target_id=str(member.pk)
        ).select_related("actor")[:20]
    ]
    context = {
        "member": member,
        "form": form,
        "own": own,
        "history": history,
        "privileged": PRIVILEGED_ROLES,
        "second_factor": second_factor_devices(member.user),
        "can_reset_second_factor": _may_reset_second_factor(request, member),
    }
    return render(request, "schools/member_roles.html", context, status=400 if form.errors else 200)


def _may_reset_second_factor(request: HttpRequest, member) -> bool:
    """The Principal resets a colleague's second factor, the Chair of Governors the Principal's; nobody their own."""
    if member.user_id == request.user.pk:
        return False
    if member.roles.filter(role=Role.PRINCIPAL).exists():
        return Role.CHAIR_OF_GOVERNORS in request.roles
    return Role.PRINCIPAL in request.roles


@require_POST
@require_perm(Perm.MANAGE_ROLES)
@submit_once
def member_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_roles(request, pk)
    if not _may_reset_second_factor(request, member):
        messages.error(
            request,
            "Only the Principal can reset a colleague's second factor, and only the Chair of "
            "Governors the Principal's. Nobody can reset their own: ask one of them.",
        )
        return redirect("schools:member_roles", pk=member.pk)
    second_factor_reset(by=request.user, user=member.user, school=request.school, request=request)
    messages.success(
        request,
        f"{member.display_name}'s second factor is reset and they are signed out everywhere. "
        "They will set up a new one the next time they sign in.",
    )
    return redirect("schools:member_roles", pk=member.pk)


OWN_ROLES = "Nobody can change their own roles: ask the Principal (or, for the Principal, the Chair of Governors)."


def _role_labels(values: list[str]) -> str:
    return ", ".join(Role(v).label for v in values if v in Role.values)


@require_POST
@require_perm(Perm.IMPORT_ROSTER)
@submit_once
def invite_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_invite(request, pk)
    try:
        member_invite(member=member, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"A new invitation has gone to {member.display_name} at {member.user.email}.")
    return redirect("schools:people")


@require_GET
@require_perm(Perm.VIEW_PARENTS)
def guardians(request: HttpRequest) -> HttpResponse:
    found = selectors.guardians_with_children(school=request.school)
    q = clean_query(request.GET.get("q", ""))
    for word in q.split():
        found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word))
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    audit_record(actor=request.user, verb="parent.list_viewed", school=request.school, data={"q": q}, request=request)
    return render(request, "schools/guardians.html", {"page": page, "q": q})


@require_GET
@require_perm(Perm.VIEW_OWN_CHILDREN)
def my_children(request: HttpRequest) -> HttpResponse:
    children = selectors.pupils_with_guardians(visible_pupils(request).current())
    audit_record(actor=request.user, verb="pupil.children_viewed", school=request.school, request=request)
    return render(request, "schools/my_children.html", {"children": children})


@require_http_methods(["GET", "POST"])
@require_perm(Perm.IMPORT_ROSTER)
@submit_once
def import_roster(request: HttpRequest) -> HttpResponse:
    max_bytes = settings.ROSTER_IMPORT_MAX_BYTES
    if request.method == "POST":
        form = RosterImportForm(request.POST, request.FILES, max_bytes=max_bytes)
    else:
        form = RosterImportForm(max_bytes=max_bytes)
    context = {"form": form, "kinds": KINDS.values(), "invitation_hours": INVITATION_HOURS}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = roster_import(
                    school=request.school,
                    kind=form.cleaned_data["kind"],
                    data=upload.read(),
                    by=request.user,
                    filename=upload.name,
                )
            except RosterRejected as rejected:
                context["rejected"] = rejected.checked
            else:
                messages.success(request, _import_message(summary))
                # families (issue 18): the new pupils' parents are asked to acknowledge the policy; link the progress
                followups = pupils_added(school=request.school, pupil_ids=summary.joined, by=request.user)
                request.session["roster_followups"] = followups
                return redirect("schools:import")
    else:
        context["followups"] = request.session.pop("roster_followups", [])
    return render(request, "schools/import.html", context, status=status)


def _import_message(summary) -> str:
    text = f"Imported: {summary.created} added, {summary.updated} updated"
    if summary.kind == "parents":
        text += f", {summary.links} new link{'s' if summary.links != 1 else ''} to pupils"
    text += "."
    if summary.left:
        many = summary.left != 1
        text += (
            f" {summary.left} pupil{'s' if many else ''} recorded as leaving: where there are online-safety records,"
            " the designated teacher is asked to send them to the next school."
        )
    if summary.invited:
        many = summary.invited != 1
        text += (
            f" {summary.invited} new account{'s were' if many else ' was'} emailed an invitation to choose a password;"
            f" until then {'they open' if many else 'it opens'} nothing."
        )
    return text
