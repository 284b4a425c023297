"""The classifier's suggestions on a case page: the incidents app shows them without importing this app."""

from django import template

from socialsafe.incidents.access import can_manage
from socialsafe.moderation.forms import DismissForm
from socialsafe.moderation.services import consequence
from socialsafe.schools.roles import Perm, allows

register = template.Library()


@register.inclusion_tag("moderation/_case_panel.html", takes_context=True)
def moderation_case_panel(context, incident):
    request = context["request"]
    # The classifier ran when the texts arrived (moderation.tasks.classify_case): the page only reads its results.
    flags = list(incident.moderation_flags.select_related("scored", "decided_by").order_by("status", "-score"))
    for flag in flags:
        flag.already_recorded = bool(flag.fact and getattr(incident, flag.fact))
    return {
        "incident": incident,
        "suggested": [(f, consequence(f)) for f in flags if f.status == "suggested"],
        "decided": [f for f in flags if f.status != "suggested"],
        "manage": can_manage(incident, request.user, request.roles),
        "can_tune": allows(request.roles, Perm.MODERATION_THRESHOLDS),
        "dismiss_form": DismissForm(),
        "csrf_token": context.get("csrf_token"),
    }
