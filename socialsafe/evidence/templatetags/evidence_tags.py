"""The evidence panel on a case page: the incidents app shows it without importing this app."""

from django import template

from socialsafe.evidence.forms import BundleForm
from socialsafe.incidents.access import can_manage

register = template.Library()


@register.inclusion_tag("evidence/_case_panel.html", takes_context=True)
def evidence_case_panel(context, incident):
    request = context["request"]
    return {
        "incident": incident,
        "request": request,
        "items": incident.evidence_items.all(),
        "bundles": incident.evidence_bundles.all(),
        "manage": can_manage(incident, request.user, request.roles),
        "bundle_form": BundleForm(),
        "csrf_token": context.get("csrf_token"),
    }
