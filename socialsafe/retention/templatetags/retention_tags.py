"""The case page's retention line: whether the case is under legal hold, for the Principal who sets holds."""

from django import template

from socialsafe.retention.models import LegalHold
from socialsafe.schools.roles import Perm, allows

register = template.Library()


@register.inclusion_tag("retention/_case_panel.html", takes_context=True)
def retention_case_panel(context, incident):
    request = context["request"]
    if not allows(request.roles, Perm.LEGAL_HOLD):
        return {"show": False}
    hold = LegalHold.objects.active().filter(incident=incident).select_related("set_by").first()
    return {"show": True, "incident": incident, "hold": hold}
