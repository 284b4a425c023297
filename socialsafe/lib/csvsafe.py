"""CSV that a spreadsheet opens as data, never as formulas (OWASP's advice on CSV injection).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run by Excel, LibreOffice or
Google Sheets as a formula (`=HYPERLINK(...)` that leaks a case to a web site). Such a cell is written with a
leading apostrophe, which spreadsheets show as text. Numbers the product writes itself (scores, counts) are not
text and pass unchanged, so they still add up.
"""

import csv
from collections.abc import Iterable
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet should see it: text that would run is made plain text."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer that neutralises every cell."""

    def __init__(self, f, *args, **kwargs):
        self._writer = csv.writer(f, *args, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter that neutralises every cell (the header too: the product names its columns itself)."""

    def writerow(self, rowdict: dict):
        return super().writerow({k: neutralise(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[dict]) -> None:
        for row in rowdicts:
            self.writerow(row)


def writer(f, *args, **kwargs) -> SafeWriter:
    """Like csv.writer, for cells from people (and hostile pages)."""
    return SafeWriter(f, *args, **kwargs)
