"""A list or register as a CSV or spreadsheet (XLSX) download: the rows its page shows, all pages of them.

Each list declares its columns once, as (heading, getter) pairs, and hands its own scoped queryset to
`export_response`, so an export can never show more than the page. Text from people is neutralised the same way in
both formats (csvsafe: a cell starting with `=`, `+`, `-`, `@` gets a leading apostrophe), and in the spreadsheet it is
also typed as a string, so that nothing is ever a formula. Dates are ISO in CSV and real date cells in the spreadsheet.

A CSV streams, however long; a spreadsheet is built in memory, so it is bounded (XLSX_MAX_ROWS) and refused, before
any byte, when the rows would not fit. The export is recorded (the audit callable) only once it is accepted.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from socialsafe.lib.csvsafe import neutralise

Column = tuple[str, Callable[[Any], Any]]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
XLSX_MAX_ROWS = 20_000
CHUNK = 500  # rows fetched from the database at a time while a CSV streams


class Echo:
    """A file-like object that hands back what csv.writer writes, so each row can be streamed."""

    def write(self, value: str) -> str:
        return value


def refused(message: str) -> HttpResponse:
    """A 400 that says why, in plain words: never half a file."""
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def export_filename(school, what: str, fmt: str) -> str:
    """`<school's short name>-<what>-<today, ISO>.<format>`, e.g. glenmore-ps-cases-2026-11-25.csv."""
    return f"{school.slug}-{what}-{timezone.localdate().isoformat()}.{fmt}"


def plain(value: Any) -> Any:
    """The cell's value before neutralising: local naive date-times, ISO dates, text for anything else."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date | int | float):
        return value
    return str(value)


def csv_cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


def _csv_lines(rows: Iterable, columns: list[Column]) -> Iterator[str]:
    out = csv.writer(Echo())
    yield "\ufeff"  # the byte-order mark that tells Excel the file is UTF-8
    yield out.writerow([heading for heading, _ in columns])
    for row in rows:
        yield out.writerow([csv_cell(get(row)) for _, get in columns])


def _xlsx_cell(sheet, value: Any) -> WriteOnlyCell:
    value = plain(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", neutralise(value)))
        cell.data_type = "s"  # openpyxl would take text starting with "=" for a formula
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _xlsx_bytes(rows: Iterable, columns: list[Column], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    headings = []
    for heading, _ in columns:
        cell = _xlsx_cell(sheet, heading)
        cell.font = bold
        headings.append(cell)
    sheet.append(headings)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, get(row)) for _, get in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters in use, as the audit log can store them (ISO dates), without the empty ones."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in filters.items() if v not in ("", None, False)}


def export_response(
    rows: QuerySet | list,
    columns: list[Column],
    fmt: str | None,
    filename: str,
    *,
    filters: dict[str, Any] | None = None,
    audit: Callable[..., Any] | None = None,
) -> HttpResponse:
    """The rows as a download in `fmt` ("csv" or "xlsx"), after `audit(data=...)`; 400 for a format it cannot make.

    `audit` is told the format, the filters and the row count, never the content.
    """
    if fmt not in FORMATS:
        return refused(f"Unknown format {str(fmt)[:20]!r}: choose csv or xlsx.")
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        return refused(
            f"{count:,} rows are too many for a spreadsheet (at most {XLSX_MAX_ROWS:,}): "
            "narrow the filters, or download the CSV."
        )
    if audit is not None:
        audit(data={"format": fmt, "filters": _plain_filters(filters or {}), "rows": count})
    if fmt == "csv":
        streamed = rows.iterator(chunk_size=CHUNK) if isinstance(rows, QuerySet) else rows
        response = StreamingHttpResponse(_csv_lines(streamed, columns), content_type=CONTENT_TYPES[fmt])
    else:
        response = HttpResponse(_xlsx_bytes(rows, columns, filename.rsplit(".", 1)[0]), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download(request, rows, columns: list[Column], what: str, *, verb: str, filters: dict | None = None):
    """A list page's download: `?format=` of the request, named after the school and `what`, audited as `verb`."""
    from socialsafe.audit.services import audit_record  # here: the audit app uses lib, not the other way round

    fmt = request.GET.get("format")
    return export_response(
        rows,
        columns,
        fmt,
        export_filename(request.school, what, str(fmt)),
        filters=filters,
        audit=partial(audit_record, actor=request.user, verb=verb, school=request.school, request=request),
    )


def refused_filters(form) -> HttpResponse:
    """The 400 for a download whose filters are not valid, naming each field's error."""
    errors = "; ".join(f"{form[name].label}: {' '.join(e)}" for name, e in form.errors.items())
    return refused(f"The filters are not valid, so nothing was exported. {errors}")
