"""The pure parts of the reports: the SVG chart and the CSV export."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from hiring.reports.charts import LEFT, RIGHT, WIDTH, bar_chart, nice_maximum
from hiring.reports.exports import FORMULA_STARTS, csv_lines, safe_cell
from hiring.reports.types import COUNT, DAYS, SHARE, TEXT, Chart, Column, Report

SVG = "{http://www.w3.org/2000/svg}"


def report(rows: tuple[dict, ...], *, marker: str | None = None) -> Report:
    return Report(
        name="time-in-stage",
        title="Time in stage",
        description="Days per stage.",
        columns=(
            Column("stage", "Stage", TEXT),
            Column("median", "Median days", DAYS),
            Column("target", "Target days", DAYS),
            Column("count", "Stays", COUNT),
        ),
        rows=rows,
        chart=Chart(
            title="Days in each stage",
            label_key="stage",
            series=("median",),
            value_axis="Days",
            category_axis="Stage",
            marker=marker,
        ),
    )


ROWS = (
    {"stage": "Applied <first>", "median": 3.0, "target": 5, "count": 4},
    {"stage": "Offer", "median": None, "target": 7, "count": 0},
)


def test_the_chart_is_valid_svg_with_a_title_description_and_axis_labels():
    root = ET.fromstring(bar_chart(report(ROWS, marker="target"), chart_id="c"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Days in each stage"
    description = root.find(f"{SVG}desc").text
    assert "Applied <first>: Median days 3.0 d" in description
    assert "Offer: Median days \u2013" in description
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert "Days" in texts and "Stage" in texts and "3.0 d" in texts
    bars = root.findall(f"{SVG}rect[@height='16']")
    assert len(bars) == 2 and float(bars[1].get("width")) == 0.0
    # One target tick per row, named.
    ticks = [line for line in root.iter(f"{SVG}line") if line.find(f"{SVG}title") is not None]
    assert [t.find(f"{SVG}title").text for t in ticks] == [
        "Target days: 5.0 d",
        "Target days: 7.0 d",
    ]


def test_an_empty_report_says_so_in_its_chart():
    root = ET.fromstring(bar_chart(report(())))
    assert "Nothing to show for these filters." in [t.text for t in root.iter(f"{SVG}text")]


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False))
def test_the_axis_always_reaches_past_the_largest_value(value):
    top = nice_maximum(value)
    assert value <= top <= value * 10


@given(st.text())
def test_no_exported_text_cell_starts_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == text or cell == text


def test_the_csv_has_the_labels_then_a_line_per_row():
    lines = list(csv_lines(report(({"stage": "=1+1", "median": 2.5, "target": 5, "count": 3},))))
    assert len(lines) == 2
    rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows == [["Stage", "Median days", "Target days", "Stays"], ["'=1+1", "2.5", "5", "3"]]


def share_report(rates: tuple[float, ...]) -> Report:
    return Report(
        name="source-yield",
        title="Source yield",
        description="Hire rate per source.",
        columns=(Column("source", "Source", TEXT), Column("rate", "Hire rate", SHARE)),
        rows=tuple({"source": f"Source {n}", "rate": rate} for n, rate in enumerate(rates)),
        chart=Chart(
            title="Hire rate per source",
            label_key="source",
            series=("rate",),
            value_axis="Hire rate",
            category_axis="Source",
        ),
    )


def axis_ticks(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith("%")]


def test_rates_of_a_few_percent_get_an_axis_they_can_be_read_on():
    root = ET.fromstring(bar_chart(share_report((0.03, 0.012))))
    ticks = axis_ticks(root)
    assert ticks[:5] == ["0%", "1.25%", "2.5%", "3.75%", "5%"]
    widest = max(float(bar.get("width")) for bar in root.findall(f"{SVG}rect[@height='16']"))
    assert widest > (WIDTH - LEFT - RIGHT) / 2  # 3% fills more than half the plot


def test_a_share_axis_never_runs_past_100_percent():
    root = ET.fromstring(bar_chart(share_report((0.93, 1.0))))
    assert axis_ticks(root)[:5] == ["0%", "25%", "50%", "75%", "100%"]
