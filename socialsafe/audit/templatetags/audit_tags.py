"""{% submit_once %}: the hidden token that makes a form do its work once (see audit.once)."""

from django import template
from django.utils.html import format_html

from socialsafe.audit.once import FIELD, submission_token

register = template.Library()


@register.simple_tag
def submit_once() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, submission_token())
