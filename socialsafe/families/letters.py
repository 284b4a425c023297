"""The printed letter for a parent without an email address: the short link and their code, in plain words."""

from django.template.loader import render_to_string
from django.utils.timezone import localdate

from socialsafe.families import codes
from socialsafe.families.services import welcome_link
from socialsafe.lib.pdf import html_to_pdf


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"  # 1 December 2026


def letter_context(invitations) -> list[dict]:
    """What each letter prints; `invitations` come from selectors.letters_to_print."""
    today = long_date(localdate())
    return [
        {
            "invitation": inv,
            "school": inv.school,
            "guardian": inv.guardian,
            "children": [p.first_name for p in inv.pupils.all()],
            "link": welcome_link(inv.school),
            "code": codes.shown(codes.code_for(inv.code_nonce)),
            "today": today,
            "until": long_date(inv.expires_at.date()),
            "versions": [str(v) for v in inv.versions.all()],
        }
        for inv in invitations
    ]


def letters_pdf(invitations) -> bytes:
    """One A4 page per letter, in one PDF to print."""
    return html_to_pdf(render_to_string("families/letters_pdf.html", {"letters": letter_context(invitations)}))
