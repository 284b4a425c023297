"""The Education Authority officer's pages: the authority's schools with their counts, on screen and as CSV."""

import io
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET

from socialsafe.audit.services import audit_record
from socialsafe.lib.csvsafe import SafeWriter
from socialsafe.lib.forms import ClearErrorsMixin
from socialsafe.lib.text import clean_query
from socialsafe.reports.authority import (
    BY_KEY,
    FIGURES,
    GROUPS,
    PERIODS,
    SORTS,
    Report,
    authority_report,
    period_for,
)
from socialsafe.schools.access import require_perm
from socialsafe.schools.roles import Perm
from socialsafe.schools.selectors import authorities_for_officer

PER_PAGE = 50
LABELS = {"name": "School name", "pupils": "Pupils", "staff": "Staff and governors", "support": "May need support"}
LABELS |= {f.key: f.label for f in FIGURES}
# Every sort the table offers, in both directions: nothing else reaches sorted().
SORT_CHOICES = [("name", "School name, A to Z"), ("-name", "School name, Z to A")] + [
    (f"{d}{s}", f"{LABELS[s]}, {'most' if d else 'fewest'} first") for s in SORTS if s != "name" for d in ("-", "")
]


class AuthorityFilterForm(ClearErrorsMixin, forms.Form):
    period = forms.ChoiceField(label="Period", required=False, choices=list(PERIODS.items()))
    q = forms.CharField(label="School name", required=False, max_length=100)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data["q"])


def _report(request: HttpRequest) -> tuple[AuthorityFilterForm, list, Report, dict]:
    form = AuthorityFilterForm(request.GET)
    wanted = form.cleaned_data if form.is_valid() else {}
    params = {
        "period": wanted.get("period") or "term",
        "q": wanted.get("q") or "",
        "sort": wanted.get("sort") or "name",
    }
    authorities = list(authorities_for_officer(request.user))
    report = authority_report(
        authority_ids=[a.pk for a in authorities],
        period=period_for(params["period"], localdate()),
        query=params["q"],
        sort=params["sort"],
    )
    return form, authorities, report, params


def _heading(key: str, label: str, sort: str) -> dict:
    """A sortable column heading: it links to its own sort, or reverses the current one."""
    current = sort.removeprefix("-") == key
    descending = sort.startswith("-")
    # A second click reverses the order; a first one sorts names A to Z and figures largest first.
    first = key if key == "name" else f"-{key}"
    link = (key if descending else f"-{key}") if current else first
    state = ("descending" if descending else "ascending") if current else "none"
    return {"key": key, "label": label, "link": link, "aria_sort": state, "numeric": key != "name"}


def _tables(report: Report, rows: list, sort: str) -> list[dict]:
    """The page's two tables of figures, each with its headings, its rows (this page's) and its totals."""
    tables = []
    for i, (title, keys) in enumerate(GROUPS):
        heads = [("name", "School")] + ([("pupils", "Pupils"), ("staff", "Staff")] if i == 0 else [])
        heads += [(k, BY_KEY[k].short) for k in keys]
        tables.append(
            {
                "title": title,
                "first": i == 0,
                "columns": [_heading(k, label, sort) for k, label in heads],
                "rows": [(r, r.grouped[i]) for r in rows],
                "totals": report.grouped_totals[i],
            }
        )
    return tables


@require_GET
@require_perm(Perm.VIEW_AUTHORITY)
def authority(request: HttpRequest) -> HttpResponse:
    form, authorities, report, params = _report(request)
    page = Paginator(report.rows, PER_PAGE).get_page(request.GET.get("page"))
    base = {k: params[k] for k in ("period", "q") if params[k]}
    context = {
        "form": form,
        "authorities": authorities,
        "report": report,
        "page": page,
        "params": params,
        "tables": _tables(report, list(page.object_list), params["sort"]),
        "figures": FIGURES,
        "flagged": [r for r in report.rows if r.flags],
        "query": urlencode({**base, "sort": params["sort"]}),  # for the pages and the CSV
        "unsorted": urlencode(base),  # for the column headings
    }
    return render(request, "schools/authority.html", context, status=400 if form.errors else 200)


@require_GET
@require_perm(Perm.VIEW_AUTHORITY)
def authority_csv(request: HttpRequest) -> HttpResponse:
    """The same table, every page of it, with the same suppression, as a spreadsheet."""
    _, _, report, params = _report(request)
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow([f"{report.period.label} ({report.period.text})"])
    labels = [f.label for f in FIGURES]
    writer.writerow(["School", "Pupils", "Staff and governors", *labels, "Top bullying motivation", "May need support"])
    for row in report.rows:
        counts = [c.value if c.shown else c.text for c in row.cells()]
        writer.writerow([row.name, row.pupils, row.staff, *counts, row.motivation, "; ".join(row.flags)])
    writer.writerow(["Total", report.pupils, report.staff, *report.totals, "", ""])  # as wide as the heading
    audit_record(
        actor=request.user,
        verb="authority.exported",
        data={**params, "schools": len(report.rows)},
        request=request,
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="schools-{report.period.key}-{localdate():%Y-%m-%d}.csv"'
    return response
