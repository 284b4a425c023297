"""Who may see a request sent from a check: the member of staff who sent it, and the Principal and Vice-Principal."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from socialsafe.postcheck.models import AdviceRequest, OfficialPostRequest
from socialsafe.schools.roles import Perm, allows


def _get(request, model, pk: int, *, answer: bool):
    item = get_object_or_404(model.objects.filter(school=request.school).select_related("requested_by"), pk=pk)
    senior = allows(request.roles, Perm.POSTCHECK_ANSWER)
    if senior:
        return item
    if item.requested_by.user_id != request.user.pk:
        raise Http404  # need-to-know: another teacher's question is not theirs to know of
    if answer:
        raise PermissionDenied
    return item


def get_advice_for_user(request, pk: int, *, answer: bool = False) -> AdviceRequest:
    """A request for advice of this school: its sender reads it, the senior team reads and answers it."""
    return _get(request, AdviceRequest, pk, answer=answer)


def get_post_for_user(request, pk: int, *, decide: bool = False) -> OfficialPostRequest:
    """A proposed official post of this school: its sender reads it, the senior team reads and decides it."""
    return _get(request, OfficialPostRequest, pk, answer=decide)
