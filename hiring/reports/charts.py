"""Server-side SVG bar charts, accessible without JavaScript. Pure.

Each chart has a ``<title>`` and a ``<desc>`` (read by screen readers through
``aria-labelledby``), labelled axes, and every bar's value written beside it; the page
shows the same values as a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from hiring.reports.types import SHARE, Chart, Report, formatted

WIDTH = 720
LEFT, RIGHT, TOP, BOTTOM = 270, 70, 48, 84
BAR, GAP, GROUP_GAP = 16, 3, 14
# Bootstrap's palette, readable on white: one colour per series.
COLOURS = ("#0d6efd", "#fd7e14", "#198754", "#6f42c1")
MARKER = "#dc3545"
MAX_LABEL = 36


def nice_maximum(value: float) -> float:
    """The axis end: the smallest 1, 2, 2.5 or 5 times a power of ten at or above it."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _number(value: float | int | None) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def bar_chart(report: Report, chart_id: str = "chart") -> str:
    """The report's chart as an SVG document fragment."""
    chart: Chart = report.chart
    rows = report.rows
    series = [report.column(key) for key in chart.series]
    marker = report.column(chart.marker) if chart.marker else None
    values = [_number(row.get(c.key)) for row in rows for c in series]
    if marker is not None:
        values += [_number(row.get(marker.key)) for row in rows]
    share_axis = all(c.kind == SHARE for c in series)
    # Shares get an axis that ends just past the largest one (never past 100%), so a hire
    # rate of a few percent is a bar a reader can see rather than a sliver.
    largest = max(values, default=0.0)
    top = min(nice_maximum(largest), 1.0) if share_axis else nice_maximum(largest)
    group = len(series) * (BAR + GAP) - GAP
    plot_height = max(1, len(rows)) * (group + GROUP_GAP)
    legend = len(series) + (marker is not None) >= 2
    height = TOP + plot_height + (BOTTOM if legend else BOTTOM - 28)
    plot_width = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + plot_width * min(max(value / top, 0.0), 1.0)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{title_id} {desc_id}" data-testid="report-chart">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(_description(report))}</desc>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold" '
        f'font-size="14">{escape(chart.title)}</text>',
    ]
    parts += _axes(top, share_axis, plot_height, x)
    parts.append(
        f'<text x="{LEFT + plot_width / 2}" y="{TOP + plot_height + 40}" text-anchor="middle" '
        f'font-size="12" class="axis-label">{escape(chart.value_axis)}</text>'
    )
    # The category axis is named above its labels, where no label can run into it.
    parts.append(
        f'<text x="{LEFT - 8}" y="{TOP - 4}" text-anchor="end" font-size="12" '
        f'font-weight="bold" class="axis-label">{escape(chart.category_axis)}</text>'
    )
    if not rows:
        parts.append(
            f'<text x="{LEFT + plot_width / 2}" y="{TOP + 12}" text-anchor="middle" '
            'font-size="12">Nothing to show for these filters.</text>'
        )
    for index, row in enumerate(rows):
        y0 = TOP + index * (group + GROUP_GAP) + GROUP_GAP / 2
        label = str(row.get(chart.label_key) or "\u2013")
        parts.append(
            f'<text x="{LEFT - 8}" y="{y0 + group / 2 + 4}" text-anchor="end" '
            f'font-size="12"><title>{escape(label)}</title>{escape(_short(label))}</text>'
        )
        for number, column in enumerate(series):
            raw = row.get(column.key)
            y = y0 + number * (BAR + GAP)
            end = x(_number(raw))
            parts.append(
                f'<rect x="{LEFT}" y="{y}" width="{end - LEFT:.1f}" height="{BAR}" '
                f'fill="{COLOURS[number % len(COLOURS)]}">'
                f"<title>{escape(label)}, {escape(column.label)}: "
                f"{escape(formatted(raw, column.kind))}</title></rect>"
            )
            parts.append(
                f'<text x="{end + 4:.1f}" y="{y + BAR - 4}" font-size="11">'
                f"{escape(formatted(raw, column.kind))}</text>"
            )
        if marker is not None and row.get(marker.key) is not None:
            mx = x(_number(row.get(marker.key)))
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{y0 - 2}" y2="{y0 + group + 2}" '
                f'stroke="{MARKER}" stroke-width="2" stroke-dasharray="4 2">'
                f"<title>{escape(marker.label)}: "
                f"{escape(formatted(row.get(marker.key), marker.kind))}</title></line>"
            )
    parts += _legend(series, marker, height)
    parts.append("</svg>")
    return "".join(parts)


def _axes(top: float, share_axis: bool, plot_height: float, x: object) -> list[str]:
    parts = []
    bottom = TOP + plot_height
    for step in range(5):
        value = top * step / 4
        position = x(value)  # type: ignore[operator]
        text = f"{round(value * 100, 2):g}%" if share_axis else f"{value:g}"
        parts.append(
            f'<line x1="{position:.1f}" x2="{position:.1f}" y1="{TOP}" y2="{bottom}" '
            'stroke="#dee2e6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{position:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'font-size="11">{text}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{bottom}" stroke="#6c757d" '
        'stroke-width="1"/>'
    )
    return parts


def _legend(series: Sequence[object], marker: object, height: float) -> list[str]:
    entries = [(column.label, COLOURS[n % len(COLOURS)]) for n, column in enumerate(series)]  # type: ignore[attr-defined]
    if marker is not None:
        entries.append((marker.label, MARKER))  # type: ignore[attr-defined]
    if len(entries) < 2:
        return []
    parts, x = [], LEFT
    for label, colour in entries:
        parts.append(f'<rect x="{x}" y="{height - 22}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{height - 13}" font-size="11">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return parts


def _description(report: Report) -> str:
    chart = report.chart
    series = [report.column(key) for key in chart.series]
    pieces = []
    for row in report.rows:
        values = ", ".join(f"{c.label} {formatted(row.get(c.key), c.kind)}" for c in series)
        pieces.append(f"{row.get(chart.label_key)}: {values}")
    if not pieces:
        return f"{report.title}: no data for these filters."
    return f"{report.title}. " + "; ".join(pieces) + ". The table below lists every value."
