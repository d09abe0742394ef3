"""What a report is, as plain data: its columns, its rows and how to chart it. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Column kinds: how a value reads on the page (the CSV and the API keep the number).
TEXT, COUNT, SHARE, DAYS, HOURS = "text", "count", "share", "days", "hours"

Value = str | int | float | None


@dataclass(frozen=True)
class ReportFilter:
    """Which applications (and their interviews) a report counts.

    The date range is inclusive (UTC days): applications created in it, or, for the
    reports about interviews, interviews that started in it.
    """

    job_id: int | None = None
    role_family: str = ""
    recruiter_id: int | None = None
    date_from: date | None = None
    date_until: date | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (what the export links carry)."""
        values = {
            "job": str(self.job_id) if self.job_id is not None else "",
            "role_family": self.role_family,
            "recruiter": str(self.recruiter_id) if self.recruiter_id is not None else "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_until": self.date_until.isoformat() if self.date_until else "",
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one group of bars per row, one bar per series."""

    title: str
    label_key: str
    series: tuple[str, ...]
    value_axis: str
    category_axis: str
    # A column drawn as a tick on each row's bars (a target).
    marker: str | None = None


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Value], ...]
    chart: Chart
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [dict(row) for row in self.rows],
            "notes": list(self.notes),
        }


def share(part: int | float | None, whole: int | float | None) -> float | None:
    """``part / whole`` rounded to four places; None when there is no whole."""
    if not whole or part is None:
        return None
    return round(part / whole, 4)


def rounded(value: Any, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def formatted(value: Value, kind: str) -> str:
    """How a value reads in the page's table."""
    if value is None:
        return "\u2013"
    if kind == SHARE:
        return f"{float(value) * 100:.1f}%"
    if kind == DAYS:
        return f"{float(value):.1f} d"
    if kind == HOURS:
        return f"{float(value):.1f} h"
    if kind == COUNT and isinstance(value, int | float):
        return f"{value:,}"
    return str(value)
