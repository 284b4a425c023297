from django import template
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from socialsafe.postcheck.models import AdviceRequest, AdviceStatus, OfficialPostRequest, PostStatus
from socialsafe.schools.models import School
from socialsafe.schools.roles import Perm, allows

register = template.Library()


def _waiting(model, status):
    rows = model.objects.filter(school=OuterRef("pk"), status=status).values("school")
    return Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")[:1], output_field=IntegerField()), 0)


@register.inclusion_tag("postcheck/_home_waiting.html", takes_context=True)
def posts_waiting(context):
    """The home page's line for the Principal: staff questions and proposed posts waiting for them (one query)."""
    request = context["request"]
    if request.school is None or not allows(request.roles, Perm.POSTCHECK_ANSWER):
        return {"show": False}
    counts = (
        School.objects.filter(pk=request.school.pk)
        .annotate(
            questions=_waiting(AdviceRequest, AdviceStatus.OPEN),
            posts=_waiting(OfficialPostRequest, PostStatus.REQUESTED),
        )
        .values("questions", "posts")
        .first()
    )
    return {"show": bool(counts["questions"] or counts["posts"]), **counts}
