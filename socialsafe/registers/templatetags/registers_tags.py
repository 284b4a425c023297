"""The registers panel on a case page: the incidents app shows it without importing this app."""

from django import template

from socialsafe.incidents.access import can_manage
from socialsafe.incidents.models import Kind, ResponsibleKind

register = template.Library()


@register.inclusion_tag("registers/_case_panel.html", takes_context=True)
def registers_case_panel(context, incident):
    request = context["request"]
    manage = can_manage(incident, request.user, request.roles)
    return {
        "incident": incident,
        "request": request,
        "manage": manage,
        "premises": incident.premises_bans.select_related("guardian"),
        "ict_bans": incident.ict_bans.select_related("pupil"),
        "accounts": incident.teaching_accounts.all(),
        "offer_premises": manage
        and (incident.responsible_kind == ResponsibleKind.PARENT or incident.responsible_guardian_id is not None),
        "offer_ict": manage and incident.kind == Kind.FIREWALL,
    }
