"""The registers panel on a case page: the incidents app shows it without importing this app."""

from django import template

register = template.Library()


@register.inclusion_tag("registers/_case_panel.html", takes_context=True)
def registers_case_panel(context, incident):
    return {"incident": incident, "request": context["request"]}
