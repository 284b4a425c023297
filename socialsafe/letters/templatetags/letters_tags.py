"""The letters panel on a case page: the incidents app shows it without importing this app."""

from django import template

from socialsafe.incidents.access import can_manage

register = template.Library()


@register.inclusion_tag("letters/_case_panel.html", takes_context=True)
def letters_case_panel(context, incident):
    request = context["request"]
    return {
        "incident": incident,
        "request": request,
        "manage": can_manage(incident, request.user, request.roles),
        "letters": incident.letters.select_related("issued_by"),
    }
