"""A case's chronology as one document: what was reported, every step with who and when, the actions, letters
and evidence with their SHA-256. Printed for the Governors, sent with a referral, kept in the referral bundle."""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.timezone import localtime, now

from socialsafe.incidents.models import Entry, Incident
from socialsafe.lib import csvsafe
from socialsafe.lib.pdf import html_to_pdf


@dataclass(frozen=True)
class Step:
    at: object
    who: str
    what: str
    text: str


def chronology(incident: Incident) -> dict:
    """Everything the document shows, read in a fixed number of queries."""
    steps = [
        Step(
            at=localtime(e.at),
            who=e.actor.get_full_name() if e.actor else "SocialSafe",
            what=e.get_kind_display(),
            text=e.text,
        )
        for e in incident.timeline.select_related("actor").exclude(kind=Entry.VIEWED).order_by("at", "id")
    ]
    return {
        "incident": incident,
        "steps": steps,
        "actions": list(incident.actions.select_related("owner", "completed_by").order_by("created_at", "id")),
        "letters": list(incident.letters.order_by("issued_at", "id")),
        "evidence": list(incident.evidence_items.order_by("captured_at", "id")),
        "made_at": localtime(now()),
    }


def chronology_pdf(incident: Incident) -> bytes:
    return html_to_pdf(render_to_string("incidents/chronology_pdf.html", chronology(incident)))


def chronology_csv(incident: Incident) -> str:
    """One row per step, in order, for a spreadsheet: date, time, who, what, details."""
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(["Case", "Date", "Time", "Who", "What", "Details"])
    for step in chronology(incident)["steps"]:
        writer.writerow(
            [incident.reference, f"{step.at:%-d %b %Y}", f"{step.at:%H:%M}", step.who, step.what, step.text]
        )
    return out.getvalue()
