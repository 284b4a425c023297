"""The evidence panel on a case page: the incidents app shows it without importing this app."""

from django import template

register = template.Library()


@register.inclusion_tag("evidence/_case_panel.html", takes_context=True)
def evidence_case_panel(context, incident):
    return {"incident": incident, "request": context["request"]}
