"""Staff pages: coverage per class, the families still to answer, a batch's progress, the letters to print."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from socialsafe.audit.once import submit_once
from socialsafe.audit.services import audit_record
from socialsafe.families import selectors
from socialsafe.families.access import (
    classes_for_user,
    get_batch_for_user,
    get_class_for_user,
    get_invitation_for_user,
)
from socialsafe.families.letters import letters_pdf
from socialsafe.families.models import FamilyInvitation
from socialsafe.families.services import current_versions, invite_outstanding, version_key
from socialsafe.schools.access import require_perm
from socialsafe.schools.models import SchoolClass
from socialsafe.schools.roles import Perm, allows


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
@require_perm(Perm.FAMILY_COVERAGE)
def coverage(request: HttpRequest) -> HttpResponse:
    versions = current_versions(request.school)
    classes = list(classes_for_user(request))
    rows = selectors.coverage_by_class(request.school, classes, versions, version_key(versions))
    totals = selectors.ClassCoverage(school_class=None)
    for row in rows:
        for name in ("families", "invited", "acknowledged", "outstanding", "never_invited"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    audit_record(actor=request.user, verb="families.coverage_viewed", school=request.school, request=request)
    context = {
        "rows": rows,
        "totals": totals,
        "versions": versions,
        "may_invite": allows(request.roles, Perm.FAMILY_INVITE),
    }
    return render(request, "families/coverage.html", context)


@require_GET
@require_perm(Perm.FAMILY_COVERAGE)
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_class_for_user(request, pk)
    versions = current_versions(request.school)
    guardians = selectors.outstanding_in_class(school_class, versions, version_key(versions))
    audit_record(actor=request.user, verb="families.outstanding_viewed", target=school_class, request=request)
    context = {
        "school_class": school_class,
        "guardians": guardians,
        "versions": versions,
        "may_invite": allows(request.roles, Perm.FAMILY_INVITE),
    }
    return render(request, "families/class_detail.html", context)


@require_POST
@require_perm(Perm.FAMILY_INVITE)
@submit_once
def invite(request: HttpRequest) -> HttpResponse:
    school_class = None
    if chosen := request.POST.get("school_class", ""):
        if not chosen.isdigit():
            messages.error(request, "Choose a class from the list.")
            return redirect("families:coverage")
        school_class = get_class_for_user(request, int(chosen))  # another school's class: 404
    if not current_versions(request.school):
        messages.error(request, "Publish the Social Media Policy first: there is nothing yet to ask families to read.")
        return redirect("families:coverage")
    batch = invite_outstanding(school=request.school, by=request.user, school_class=school_class)
    if batch is None:
        messages.info(request, "Every family has already been asked about the current versions: nobody was invited.")
        return redirect("families:coverage")
    return redirect("families:batch", pk=batch.pk)


@require_GET
@require_perm(Perm.FAMILY_INVITE)
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_batch_for_user(request, pk)
    audit_record(actor=request.user, verb="families.batch_viewed", target=found, request=request)
    template = "families/batch.html" + ("#progress" if request.htmx else "")
    return render(request, template, {"batch": found})


@require_GET
@require_perm(Perm.FAMILY_INVITE)
def batch_letters(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_batch_for_user(request, pk)
    letters = list(selectors.letters_to_print(found.invitations.all()))
    audit_record(
        actor=request.user,
        verb="families.letters_printed",
        target=found,
        data={"letters": len(letters)},
        request=request,
    )
    return _pdf(letters_pdf(letters), f"letters-{found.pk}.pdf")


@require_GET
@require_perm(Perm.FAMILY_INVITE)
def class_letters(request: HttpRequest, pk: int) -> HttpResponse:
    school_class: SchoolClass = get_class_for_user(request, pk)
    key = version_key(current_versions(request.school))
    invitations = FamilyInvitation.objects.filter(
        school=request.school,
        version_key=key,
        guardian__links__pupil__school_class=school_class,
        guardian__links__pupil__left_on__isnull=True,
    ).distinct()
    letters = list(selectors.letters_to_print(invitations))
    audit_record(
        actor=request.user,
        verb="families.letters_printed",
        target=school_class,
        data={"letters": len(letters)},
        request=request,
    )
    return _pdf(letters_pdf(letters), f"letters-{school_class.name}.pdf")


@require_GET
@require_perm(Perm.FAMILY_INVITE)
def invitation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request, pk)
    letters = list(selectors.letters_to_print(FamilyInvitation.objects.filter(pk=invitation.pk)))
    audit_record(actor=request.user, verb="families.letter_printed", target=invitation, request=request)
    if not letters:
        messages.info(request, "This parent or carer has answered already, or is asked by email: no letter to print.")
        return redirect("families:coverage")
    return _pdf(letters_pdf(letters), f"letter-{invitation.pk}.pdf")
