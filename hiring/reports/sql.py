"""SQL pieces the reports share: filters, stage order, percentiles, effective scorecards.

Percentiles are continuous (linear interpolation between the two nearest rows, as
PostgreSQL's ``percentile_cont``): on PostgreSQL with ``percentile_cont`` itself, on
SQLite with a window-function query (ROW_NUMBER and COUNT over each group) that gives
the same answer, so both stay in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    CTE,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Subquery,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    text,
)

from hiring.evaluation import calibration_services
from hiring.evaluation.calibration_services import hours_between
from hiring.extensions import db
from hiring.interviews.models import CANCELLED, Interview
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.reports.types import ReportFilter
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
)
from hiring.scorecards.rules import RATINGS, SUBMITTED

MEDIAN, P90 = (1, 2), (9, 10)  # fractions as (numerator, denominator)
PERCENTILE_CONT, WINDOW = "percentile_cont", "window"


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def in_range(column: ColumnElement, filters: ReportFilter) -> list[ColumnElement[bool]]:
    conditions = []
    if filters.date_from:
        conditions.append(column >= day_start(filters.date_from))
    if filters.date_until:
        conditions.append(column < day_start(filters.date_until + timedelta(days=1)))
    return conditions


def application_conditions(
    filters: ReportFilter, *, dated: bool = True
) -> list[ColumnElement[bool]]:
    """Conditions on ``Application`` and ``Job`` (both joined)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.job_id is not None:
        conditions.append(Application.job_id == filters.job_id)
    if filters.role_family:
        conditions.append(Job.role_family == filters.role_family)
    if filters.recruiter_id is not None:
        conditions.append(Application.owner_id == filters.recruiter_id)
    if dated:
        conditions += in_range(Application.created_at, filters)
    return conditions


def interview_conditions(filters: ReportFilter) -> list[ColumnElement[bool]]:
    """Interviews held (not cancelled) of the filtered applications, dated by start."""
    return [
        Interview.status != CANCELLED,
        *application_conditions(filters, dated=False),
        *in_range(Interview.starts_at, filters),
    ]


def days_between(start: ColumnElement, end: ColumnElement) -> ColumnElement[float]:
    return hours_between(start, end) / 24.0


def stage_order(column: ColumnElement, stage_ids: Sequence[str]) -> ColumnElement[int]:
    """A stage's position in the pipeline (0 first), NULL for any other state."""
    return case({stage: index for index, stage in enumerate(stage_ids)}, value=column)


def dialect() -> str:
    return db.session.get_bind().dialect.name


def percentiles(
    values: Subquery | CTE,
    fractions: Sequence[tuple[int, int]] = (MEDIAN, P90),
    *,
    method: str | None = None,
) -> Select:
    """Per ``key`` of ``values`` (columns ``key`` and ``value``): the key, then one
    continuous percentile per fraction, labelled ``p0``, ``p1``, ..."""
    method = method or (PERCENTILE_CONT if dialect() == "postgresql" else WINDOW)
    if method == PERCENTILE_CONT:
        return select(
            values.c.key,
            *(
                func.percentile_cont(literal(num / den, Float))
                .within_group(values.c.value)
                .label(f"p{index}")
                for index, (num, den) in enumerate(fractions)
            ),
        ).group_by(values.c.key)
    ranked = select(
        values.c.key,
        values.c.value,
        func.row_number().over(partition_by=values.c.key, order_by=values.c.value).label("row"),
        func.count().over(partition_by=values.c.key).label("rows"),
    ).subquery("ranked_values")
    columns = []
    for index, (num, den) in enumerate(fractions):
        # The rank 1 + f * (n - 1) splits into the row below (1-based ``lower + 1``) and
        # the fraction of the way to the next row: integer arithmetic on both engines.
        scaled = (ranked.c.rows - 1) * num
        lower = scaled // den
        weight = cast(scaled - lower * den, Float) / den
        low_part = case((ranked.c.row == lower + 1, ranked.c.value * (1 - weight)), else_=0.0)
        high_part = case((ranked.c.row == lower + 2, ranked.c.value * weight), else_=0.0)
        columns.append((func.sum(low_part) + func.sum(high_part)).label(f"p{index}"))
    return select(ranked.c.key, *columns).group_by(ranked.c.key)


# --- scorecards as they stand (amendments applied) -------------------------------------


def effective_recommendation() -> ColumnElement[str]:
    """The card's latest amended recommendation, else the one submitted."""
    latest = (
        select(ScorecardAmendment.recommendation)
        .where(
            ScorecardAmendment.scorecard_id == Scorecard.id,
            ScorecardAmendment.recommendation != "",
        )
        .order_by(ScorecardAmendment.id.desc())
        .limit(1)
        .correlate(Scorecard)
        .scalar_subquery()
    )
    return func.coalesce(latest, Scorecard.recommendation)


def effective_ratings() -> CTE:
    """Every rating of a submitted card that counts (1-4, not "not assessed"): a skill's
    latest amendment, else as submitted. Columns scorecard_id, skill, rating."""
    every = calibration_services.effective_ratings()
    return (
        select(every.c.scorecard_id, every.c.skill, every.c.rating)
        .join(Scorecard, Scorecard.id == every.c.scorecard_id)
        .where(
            Scorecard.status == SUBMITTED,
            every.c.rating.between(min(RATINGS), max(RATINGS)),
            or_(every.c.not_assessed.is_(None), every.c.not_assessed.is_(False)),
        )
        .cte("report_effective_ratings")
    )


# --- the jobs' must-haves, read from their pinned skill profiles -------------------------

_MUST_HAVES = {
    "postgresql": (
        "SELECT jobs.id AS job_id, entry.value ->> 'skill' AS skill, "
        "CAST(entry.value ->> 'level' AS INTEGER) AS bar "
        "FROM jobs CROSS JOIN json_array_elements(jobs.skill_profile) AS entry(value) "
        "WHERE entry.value ->> 'kind' = 'must' AND entry.value ->> 'level' IS NOT NULL"
    ),
    "sqlite": (
        "SELECT jobs.id AS job_id, json_extract(entry.value, '$.skill') AS skill, "
        "CAST(json_extract(entry.value, '$.level') AS INTEGER) AS bar "
        "FROM jobs, json_each(jobs.skill_profile) AS entry "
        "WHERE json_extract(entry.value, '$.kind') = 'must' "
        "AND json_extract(entry.value, '$.level') IS NOT NULL"
    ),
}


def must_haves() -> CTE:
    """One row per job and must-have skill with its bar (columns job_id, skill, bar)."""
    statement = text(_MUST_HAVES["postgresql" if dialect() == "postgresql" else "sqlite"])
    return statement.columns(job_id=Integer, skill=String, bar=Integer).cte("report_must_haves")


__all__ = [
    "MEDIAN",
    "P90",
    "PERCENTILE_CONT",
    "WINDOW",
    "application_conditions",
    "days_between",
    "effective_ratings",
    "effective_recommendation",
    "hours_between",
    "interview_conditions",
    "must_haves",
    "percentiles",
    "stage_order",
]
