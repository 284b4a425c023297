"""The classifier's suggestions on a case page: the incidents app shows them without importing this app."""

import logging

from django import template

from socialsafe.incidents.access import can_manage
from socialsafe.moderation.forms import DismissForm
from socialsafe.moderation.services import consequence, flags_refresh
from socialsafe.schools.roles import Perm, allows

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("moderation/_case_panel.html", takes_context=True)
def moderation_case_panel(context, incident):
    request = context["request"]
    unavailable = False
    if not incident.is_closed:
        try:
            flags_refresh(incident=incident)  # new texts only: a few milliseconds each
        except OSError:
            # A missing or unreadable model must never stop anyone working the case.
            logger.exception("The content classifier could not run")
            unavailable = True
    flags = list(incident.moderation_flags.select_related("scored", "decided_by").order_by("status", "-score"))
    for flag in flags:
        flag.already_recorded = bool(getattr(incident, flag.fact))
    return {
        "incident": incident,
        "unavailable": unavailable,
        "suggested": [(f, consequence(f)) for f in flags if f.status == "suggested"],
        "decided": [f for f in flags if f.status != "suggested"],
        "manage": can_manage(incident, request.user, request.roles),
        "can_tune": allows(request.roles, Perm.MODERATION_THRESHOLDS),
        "dismiss_form": DismissForm(),
        "csrf_token": context.get("csrf_token"),
    }
