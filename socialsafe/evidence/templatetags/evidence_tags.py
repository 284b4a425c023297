"""The evidence panel on a case page: the incidents app shows it without importing this app."""

from django import template

from socialsafe.evidence.access import whole_file
from socialsafe.evidence.forms import BundleForm
from socialsafe.incidents.access import can_manage

register = template.Library()


@register.inclusion_tag("evidence/_case_panel.html", takes_context=True)
def evidence_case_panel(context, incident):
    request = context["request"]
    items = incident.evidence_items.all()
    whole = whole_file(incident, request)
    return {
        "incident": incident,
        "request": request,
        # Who sees only their part of a case (its reporter, an action's owner) sees the evidence they added.
        "items": items if whole else items.filter(uploaded_by=request.user),
        "whole_file": whole,
        "bundles": incident.evidence_bundles.all() if whole else [],
        "manage": can_manage(incident, request.user, request.roles),
        "bundle_form": BundleForm(),
        "csrf_token": context.get("csrf_token"),
    }
