"""CSV exports of reports, streamed row by row. Pure.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula; such text cells get a leading apostrophe, so
a job title or a name can never run as one. Numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from hiring.reports.types import Report, Value

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(report: Report) -> Iterator[str]:
    """The header, then one line per row, each line as its own chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line([safe_cell(column.label) for column in report.columns])
    for row in report.rows:
        yield line([safe_cell(row.get(column.key)) for column in report.columns])


def filename(report: Report) -> str:
    return f"{report.name}.csv"
