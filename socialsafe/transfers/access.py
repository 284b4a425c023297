"""Need-to-know for record transfers: the designated teacher, the deputy and the Principal of each school."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from socialsafe.schools.roles import Perm, allows
from socialsafe.transfers.models import PupilTransfer, ReceivedTransfer, TransferStatus


def _check(request) -> None:
    if not allows(request.roles, Perm.TRANSFER_RECORDS):
        raise PermissionDenied


def get_transfer_for_user(request, pk: int) -> PupilTransfer:
    """A transfer of the current school (the sender's side); 404 for another school's, 403 for the wrong role."""
    _check(request)
    return get_object_or_404(PupilTransfer.objects.filter(school=request.school).select_related("pupil"), pk=pk)


def get_incoming_for_user(request, pk: int) -> PupilTransfer:
    """A transfer sent to the current school and waiting in its inbox."""
    _check(request)
    qs = PupilTransfer.objects.filter(recipient_school=request.school, status=TransferStatus.SENT)
    return get_object_or_404(qs.select_related("pupil", "school"), pk=pk)


def get_received_for_user(request, pk: int) -> ReceivedTransfer:
    """A package this school imported."""
    _check(request)
    return get_object_or_404(ReceivedTransfer.objects.filter(school=request.school).select_related("pupil"), pk=pk)
