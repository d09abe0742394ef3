"""The forecast chart's geometry, for a server-rendered SVG. Pure.

The line is P(filled by day) as a step curve; a shaded band spans the 10th to the 90th
percentile fill dates (the band runs to the chart's edge when the 90th percentile is
later than the chart or never); dashed lines mark the median, the target date and the
80% chance. The template draws it and repeats the values as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from hiring.forecasting.simulation import TARGET_CHANCE, Forecast

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 52
MIN_DAYS = 14


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    open_ended: bool  # the 90th percentile is past the chart's right edge, or never


@dataclass(frozen=True)
class TableRow:
    day: date
    probability: float
    is_target: bool = False


@dataclass(frozen=True)
class ForecastChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    line: str  # SVG path data of the step curve
    band: Band | None
    median_x: float | None
    target_x: float | None
    chance_y: float  # the TARGET_CHANCE line
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    rows: tuple[TableRow, ...]
    first_day: date
    last_day: date


def _days_shown(result: Forecast) -> int:
    last = len(result.curve) - 1
    target = (result.target - result.curve[0].day).days
    late = result.p90 or result.p50
    furthest = max(target, (late - result.curve[0].day).days if late else last)
    return max(MIN_DAYS, min(last, round(furthest * 1.15) + 1))


def forecast_chart(result: Forecast) -> ForecastChart:
    today = result.curve[0].day
    days = _days_shown(result)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + plot_w * min(max((day - today).days, 0), days) / days, 1)

    def y(probability: float) -> float:
        return round(TOP + plot_h * (1 - probability), 1)

    points = result.curve[: days + 1]
    path = [f"M{x(points[0].day)},{y(points[0].probability)}"]
    for previous, point in pairwise(points):
        if point.probability != previous.probability:
            path.append(f"H{x(point.day)}V{y(point.probability)}")
    path.append(f"H{x(points[-1].day)}")
    last_day = points[-1].day
    band = None
    if result.p10 is not None:
        open_ended = result.p90 is None or result.p90 > last_day
        end = x(last_day) if open_ended or result.p90 is None else x(result.p90)
        band = Band(x(result.p10), round(max(end - x(result.p10), 1.0), 1), open_ended)
    step = max(1, round(days / 6 / 7)) * 7 if days > 28 else 7
    x_ticks = tuple(
        Tick(x(today + timedelta(days=offset)), f"{today + timedelta(days=offset):%d %b}")
        for offset in range(0, days + 1, step)
    )
    y_ticks = tuple(Tick(y(share / 4), f"{share * 25}%") for share in range(5))
    rows = [
        TableRow(point.day, point.probability, point.day == result.target) for point in points[::7]
    ]
    if result.target <= last_day and all(row.day != result.target for row in rows):
        rows.append(TableRow(result.target, result.probability_on(result.target), True))
    return ForecastChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=LEFT + plot_w,
        plot_top=TOP,
        plot_bottom=TOP + plot_h,
        line="".join(path),
        band=band,
        median_x=x(result.p50) if result.p50 is not None and result.p50 <= last_day else None,
        target_x=x(result.target) if result.target <= last_day else None,
        chance_y=y(TARGET_CHANCE),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        rows=tuple(sorted(rows, key=lambda row: row.day)),
        first_day=today,
        last_day=last_day,
    )
