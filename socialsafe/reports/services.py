"""The one write of the reports app: a report produced, with its figures and its PDF, and its audit row."""

import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.timezone import localtime

from socialsafe.audit.services import audit_record
from socialsafe.lib.pdf import html_to_pdf
from socialsafe.reports.models import ReportKind, ReportRun, ReportScope
from socialsafe.reports.termly import SCOPES, Period, termly_charts, termly_dates, termly_figures


# WeasyPrint draws an inline SVG with the SVG's own styles only (the page's CSS does not reach inside it).
def termly_pdf_bytes(*, school, figures: dict, produced_as: str, produced_at) -> bytes:
    """The report as an A4 PDF on the letters' letterhead (WeasyPrint; the charts are inline SVG)."""
    from socialsafe.letters.documents import logo_path

    logo = logo_path()
    html = render_to_string(
        "reports/termly_pdf.html",
        {
            "school": school,
            "address_lines": [line.strip() for line in school.address.splitlines() if line.strip()],
            "f": figures,
            "charts": termly_charts(figures),
            "dates": termly_dates(figures),
            "scope_label": SCOPES[figures["scope"]],
            "produced_as": produced_as,
            "produced_at": localtime(produced_at),
            "logo_uri": logo.as_uri() if logo else "",
            "chart_template": "reports/termly_pdf_chart.html",
        },
    )
    return html_to_pdf(html)


@transaction.atomic
def termly_report_produce(*, school, scope: str, period: Period, produced_as: str, by, request=None) -> ReportRun:
    """Compute the figures and the PDF once, store both with the parameters, and audit it."""
    figures = termly_figures(school=school, scope=scope, period=period)
    run = ReportRun(
        school=school,
        kind=ReportKind.TERMLY,
        scope=ReportScope(scope),
        parameters=period.parameters,
        label=period.label,
        produced_by=by,
        produced_as=produced_as,
        figures=figures,
    )
    run.pdf = termly_pdf_bytes(school=school, figures=figures, produced_as=produced_as, produced_at=run.produced_at)
    run.pdf_sha256 = hashlib.sha256(run.pdf).hexdigest()
    run.save()
    audit_record(
        actor=by,
        verb="reports.termly_produced",
        target=run,
        data={"parameters": run.parameters, "scope": scope, "sha256": run.pdf_sha256},
        request=request,
    )
    return run
