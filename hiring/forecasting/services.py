"""A job's time-to-fill forecast from the database: the organisation's stage history
and the job's pipeline read with SQL aggregates, the simulation in the pure
``simulation`` module.

Four queries whatever the amount of history: the job, the moves out of each stage
grouped by stage, outcome and whole days spent there, how many applications those
moves belong to, and the job's applications grouped by stage and days in it.

A stage with fewer past moves out of it than ``FORECAST_MIN_TRANSITIONS`` uses the
rubric's stage targets instead (its ``pass_rate``, or one in two; a stay of half to one
and a half times its ``target_days``), and the forecast says which stages did.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Float, Integer, case, cast, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hiring import policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.forecasting.simulation import (
    Forecast,
    ForecastInput,
    InPipeline,
    StageModel,
    forecast,
)
from hiring.jobs.models import UNPUBLISHED, Job
from hiring.jobs.queries import get_job
from hiring.pipeline.models import ACTIVE, HIRED, Application, StageChange
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.rubrics.types import Stage

DEFAULT_PASS_RATE = 0.5
HISTORY_DAYS = 730
MAX_TARGET_DAYS = 730
DEFAULT_TARGET_DAYS = 90
HISTORY, RUBRIC = "history", "rubric"
OPEN, CLOSED, FILLED = "open", "closed", "filled"


class days_between(FunctionElement[float]):
    """Days (with fractions) from the first timestamp to the second."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


@dataclass(frozen=True)
class StageBasis:
    """What the simulation assumed for one stage, and where it came from."""

    model: StageModel
    source: str  # HISTORY or RUBRIC
    moves: int  # past moves out of the stage (forward or out), in the history window
    assumed_rate: bool = False  # RUBRIC without a pass_rate: DEFAULT_PASS_RATE


@dataclass(frozen=True)
class StageCount:
    id: str
    name: str
    count: int


@dataclass(frozen=True)
class JobForecast:
    job: Job
    status: str  # OPEN, CLOSED or FILLED
    target: date
    today: date
    hired: int
    openings_left: int
    pipeline: tuple[StageCount, ...]
    basis: tuple[StageBasis, ...]
    past_applications: int
    min_moves: int
    first_stage: str
    forecast: Forecast | None

    @property
    def source(self) -> str:
        """HISTORY, RUBRIC, or "mixed" when only some stages had enough history."""
        sources = {basis.source for basis in self.basis}
        return sources.pop() if len(sources) == 1 else "mixed"

    @property
    def thin_stages(self) -> list[str]:
        return [basis.model.name for basis in self.basis if basis.source == RUBRIC]

    @property
    def explanation(self) -> str:
        if self.source == HISTORY:
            return (
                f"Based on {self.past_applications} past applications: every stage's pass "
                f"rate and time come from this organisation's moves of the last "
                f"{HISTORY_DAYS // 365} years."
            )
        if self.source == RUBRIC:
            return (
                f"History is thin: using the rubric's stage targets (fewer than "
                f"{self.min_moves} past moves out of each stage; "
                f"{self.past_applications} past applications in all)."
            )
        return (
            f"Based on {self.past_applications} past applications; history is thin for "
            f"{', '.join(self.thin_stages)} (fewer than {self.min_moves} past moves out), "
            "so those use the rubric's stage targets."
        )


def default_target(job: Job, today: date) -> date:
    if job.target_start is not None and today < job.target_start <= today + timedelta(
        days=MAX_TARGET_DAYS
    ):
        return job.target_start
    return today + timedelta(days=DEFAULT_TARGET_DAYS)


def check_target(target: date, today: date) -> None:
    if target <= today:
        raise ValidationFailed({"target": ["Choose a date after today."]})
    if target > today + timedelta(days=MAX_TARGET_DAYS):
        raise ValidationFailed(
            {"target": [f"Choose a date within {MAX_TARGET_DAYS // 365} years from today."]}
        )


def _rubric_model(stage: Stage) -> tuple[StageModel, bool]:
    target = stage.target_days or 7
    low, high = max(1, (target + 1) // 2), target + target // 2
    rate = DEFAULT_PASS_RATE if stage.pass_rate is None else stage.pass_rate
    model = StageModel.of(stage.id, stage.name, rate, range(low, high + 1))
    return model, stage.pass_rate is None


def _stage_order_case(column: Any, order: dict[str, int]) -> Any:
    return case(order, value=column, else_=-1)


def _history(stages: tuple[Stage, ...], terminal: set[str], since: datetime) -> tuple[Any, int]:
    """Per stage: moves on (with their whole days there) and moves out; and how many
    applications those moves belong to. Two grouped queries."""
    order = {stage.id: index for index, stage in enumerate(stages)}
    entered = (
        func.lag(StageChange.at)
        .over(partition_by=StageChange.application_id, order_by=(StageChange.at, StageChange.id))
        .label("entered_at")
    )
    moves = select(
        StageChange.application_id,
        StageChange.from_stage,
        StageChange.to_stage,
        StageChange.at,
        entered,
    ).subquery("moves")
    forward = _stage_order_case(moves.c.to_stage, order) > _stage_order_case(
        moves.c.from_stage, order
    )
    outcome = case(
        (moves.c.to_stage.in_(sorted(terminal)), literal("out")),
        (forward, literal("on")),
        else_=literal("back"),
    ).label("outcome")
    days = cast(func.floor(days_between(moves.c.entered_at, moves.c.at)), Integer).label("days")
    counted = (
        moves.c.from_stage.in_(sorted(order)),
        moves.c.entered_at.is_not(None),
        moves.c.at >= since,
    )
    rows = db.session.execute(
        select(moves.c.from_stage, outcome, days, func.count())
        .where(*counted)
        .group_by(moves.c.from_stage, outcome, days)
    ).all()
    applications = db.session.scalar(
        select(func.count(func.distinct(moves.c.application_id))).where(*counted)
    )
    return rows, int(applications or 0)


def _basis(stages: tuple[Stage, ...], rows: Any, min_moves: int) -> tuple[StageBasis, ...]:
    on: dict[str, dict[int, int]] = defaultdict(dict)
    out: dict[str, int] = defaultdict(int)
    for stage_id, outcome, days, count in rows:
        if outcome == "on":
            on[stage_id][max(0, int(days or 0))] = count
        elif outcome == "out":
            out[stage_id] += count
    basis = []
    for stage in stages:
        passed = sum(on[stage.id].values())
        moves = passed + out[stage.id]
        if moves >= min_moves and moves > 0:
            fallback, _ = _rubric_model(stage)
            durations = tuple(sorted(on[stage.id].items())) or fallback.durations
            model = StageModel(stage.id, stage.name, passed / moves, durations)
            basis.append(StageBasis(model, HISTORY, moves))
        else:
            model, assumed = _rubric_model(stage)
            basis.append(StageBasis(model, RUBRIC, moves, assumed))
    return tuple(basis)


def _job_pipeline(job_id: int, now: datetime) -> list[tuple[str, str, int, int]]:
    days = cast(func.floor(days_between(Application.entered_stage_at, now)), Integer)
    return [
        (stage, status, int(spent or 0), count)
        for stage, status, spent, count in db.session.execute(
            select(Application.stage, Application.status, days, func.count())
            .where(Application.job_id == job_id, Application.status.in_((ACTIVE, HIRED)))
            .group_by(Application.stage, Application.status, days)
        )
    ]


def job_forecast(actor: User, job_id: int, target: date | None = None) -> JobForecast:
    """The forecast of filling the job's open headcount by ``target`` (default: its
    target start, or in 90 days) and by every day up to a year ahead."""
    policy.require(actor, Action.VIEW_FORECAST)
    job = get_job(actor, job_id, with_snapshot=False)
    now = utcnow()
    today = now.date()
    target = target or default_target(job, today)
    check_target(target, today)
    rubric = current_rubric()
    stages, final = rubric.pipeline.stages[:-1], rubric.pipeline.stages[-1]
    terminal = {stage.id for stage in rubric.pipeline.terminal}
    min_moves = int(current_app.config["FORECAST_MIN_TRANSITIONS"])
    rows, past_applications = _history(
        rubric.pipeline.stages, terminal, now - timedelta(days=HISTORY_DAYS)
    )
    basis = _basis(stages, rows, min_moves)
    in_stage: dict[str, int] = defaultdict(int)
    pipeline: list[InPipeline] = []
    hired = 0
    for stage, status, spent, count in _job_pipeline(job.id, now):
        if status == HIRED or stage == final.id:
            hired += count
            continue
        in_stage[stage] += count
        pipeline.append(InPipeline(stage, spent, count))
    openings_left = max(0, job.headcount - hired)
    status = CLOSED if job.status == UNPUBLISHED else FILLED if openings_left == 0 else OPEN
    result = None
    if status == OPEN and basis:
        result = forecast(
            ForecastInput(
                stages=tuple(b.model for b in basis),
                pipeline=tuple(pipeline),
                openings=openings_left,
                today=today,
                target=target,
                runs=max(1, int(current_app.config["FORECAST_RUNS"])),
                seed=job.id,
            )
        )
    return JobForecast(
        job=job,
        status=status,
        target=target,
        today=today,
        hired=hired,
        openings_left=openings_left,
        pipeline=tuple(StageCount(s.id, s.name, in_stage.get(s.id, 0)) for s in stages),
        basis=basis,
        past_applications=past_applications,
        min_moves=min_moves,
        first_stage=stages[0].name if stages else final.name,
        forecast=result,
    )
