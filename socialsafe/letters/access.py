"""Who may see a letter: those who see its case's whole file, and the parent or carer it was sent to."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from socialsafe.incidents.access import can_manage, whole_file_incidents
from socialsafe.letters.models import Letter, LetterTemplate
from socialsafe.schools.roles import Perm, allows


def letters_for_parent(request):
    """Letters sent or posted to the signed-in parent or carer, in the current school."""
    return Letter.objects.filter(
        school=request.school, recipient_guardian__user=request.user, recipient_guardian__school=request.school
    ).filter(Q(emailed_at__isnull=False) | Q(posted_at__isnull=False))


def get_letter_for_user(request, pk: int, *, manage: bool = False) -> Letter:
    """A letter on a case whose whole file this person sees (404 otherwise), or one sent to them; 403 to send it."""
    letters = Letter.objects.select_related("incident", "school", "recipient_guardian", "issued_by", "posted_by")
    cases = whole_file_incidents(request.user, request.school, request.roles)
    letter = letters.filter(school=request.school, incident__in=cases).filter(pk=pk).first()
    if letter is None:
        if manage:
            raise Http404
        return get_object_or_404(letters_for_parent(request).select_related("school"), pk=pk)
    if manage and not can_manage(letter.incident, request.user, request.roles):
        raise PermissionDenied
    return letter


def get_template_for_user(request, pk: int) -> LetterTemplate:
    if not allows(request.roles, Perm.MANAGE_LETTER_TEMPLATES):
        raise PermissionDenied
    return get_object_or_404(LetterTemplate.objects.filter(school=request.school), pk=pk)
