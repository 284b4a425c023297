from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from socialsafe.ops.health import OK, health


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the database, the migrations and a task worker are all well, else 503.

    No sign-in (a load balancer has none) and nothing about any person or school: only each check's answer.
    """
    answer = health()
    return JsonResponse(answer, status=200 if all(value == OK for value in answer.values()) else 503)
