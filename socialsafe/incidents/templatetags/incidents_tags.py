"""Case work on the home page: the schools app shows it without importing this app."""

from django import template

from socialsafe.incidents.access import visible_incidents
from socialsafe.incidents.models import Status
from socialsafe.incidents.selectors import actions_for
from socialsafe.schools.roles import Perm, allows

register = template.Library()


@register.inclusion_tag("incidents/_my_work.html", takes_context=True)
def my_case_work(context):
    """What needs this person: cases to triage, their actions (overdue first), and how many cases are open."""
    request = context["request"]
    if not allows(request.roles, Perm.VIEW_CASES):
        return {"show": False}
    cases = visible_incidents(request.user, request.school, request.roles)
    actions = list(actions_for(request.user, cases)[:8])
    return {
        "show": True,
        "to_triage": cases.filter(status=Status.REPORTED, handler__user=request.user).order_by("reported_at")[:5],
        "open_count": cases.open().count(),
        "actions": actions,
        "overdue": sum(a.is_overdue for a in actions),
    }
