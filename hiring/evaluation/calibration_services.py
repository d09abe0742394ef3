"""Interviewer calibration from the database: per-interviewer sums in SQL, the rules in
the pure ``calibration`` module.

Every figure is an aggregate the database computes; no rating is loaded into Python,
and the page runs the same four queries (three of figures, one of filter choices)
whatever the number of interviewers, candidates or scorecards.

What counts: submitted scorecards of interviews that were not cancelled, with their
amendments applied (the latest amendment of a skill, or of the recommendation, wins,
as on the debrief). Rows are shown for active interviewers; the ratings of
deactivated ones still count as their peers' comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hiring import policy
from hiring.accounts.models import User
from hiring.evaluation import calibration
from hiring.extensions import db
from hiring.interviews.models import CANCELLED, Interview
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardAmendmentRating,
    ScorecardRating,
)
from hiring.scorecards.progress import ends_at
from hiring.scorecards.rules import RATINGS, RECOMMENDATIONS, SUBMITTED

# --- portable SQL: PostgreSQL is the default form, SQLite has its own -----------------


class focus_skill_count(FunctionElement[int]):
    """How many focus skills an interview's pinned round assigned (its JSON list)."""

    type = Integer()
    name = "focus_skill_count"
    inherit_cache = True


@compiles(focus_skill_count)
def _focus_skill_count_postgresql(element: focus_skill_count, compiler: Any, **kw: Any) -> str:
    (definition,) = list(element.clauses)
    skills = f"({compiler.process(definition, **kw)}) -> 'focus_skills'"
    return f"coalesce(json_array_length({skills}), 0)"


@compiles(focus_skill_count, "sqlite")
def _focus_skill_count_sqlite(element: focus_skill_count, compiler: Any, **kw: Any) -> str:
    (definition,) = list(element.clauses)
    skills = f"{compiler.process(definition, **kw)}, '$.focus_skills'"
    return f"coalesce(json_array_length({skills}), 0)"


class hours_between(FunctionElement[float]):
    """Hours from the first timestamp to the second (negative when it is earlier)."""

    type = Float()
    name = "hours_between"
    inherit_cache = True


@compiles(hours_between)
def _hours_between_postgresql(element: hours_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION) / 3600.0)"


@compiles(hours_between, "sqlite")
def _hours_between_sqlite(element: hours_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


# --- what is counted ------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationFilter:
    """Which interviews count: by start date (inclusive, UTC), job and role family."""

    starts_from: date | None = None
    starts_until: date | None = None
    job_id: int | None = None
    role_family: str = ""


def _conditions(filters: CalibrationFilter) -> list[ColumnElement[bool]]:
    conditions = [Scorecard.status == SUBMITTED, Interview.status != CANCELLED]
    if filters.starts_from:
        conditions.append(Interview.starts_at >= datetime.combine(filters.starts_from, time(), UTC))
    if filters.starts_until:
        end = datetime.combine(filters.starts_until + timedelta(days=1), time(), UTC)
        conditions.append(Interview.starts_at < end)
    if filters.job_id is not None:
        conditions.append(Application.job_id == filters.job_id)
    if filters.role_family:
        conditions.append(Job.role_family == filters.role_family)
    return conditions


def _cards(filters: CalibrationFilter) -> CTE:
    """One row per submitted scorecard that counts, with its effective recommendation,
    the focus skills its round assigned and its turnaround in hours."""
    latest_recommendation = (
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
    hours = hours_between(ends_at(), Scorecard.submitted_at)
    return (
        select(
            Scorecard.id.label("scorecard_id"),
            Scorecard.interviewer_id.label("interviewer_id"),
            Interview.application_id.label("application_id"),
            func.coalesce(latest_recommendation, Scorecard.recommendation).label("recommendation"),
            focus_skill_count(Interview.definition).label("focus_assigned"),
            # Submitted before the scheduled end: no wait at all.
            case((hours < 0, literal(0.0)), else_=hours).label("hours"),
        )
        .select_from(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(*_conditions(filters))
        .cte("calibration_cards")
    )


def effective_ratings() -> CTE:
    """Every scorecard's ratings as they stand: a skill's latest amendment, else the
    rating as submitted (the SQL of ``amending.apply_amendments``)."""
    latest = (
        select(
            ScorecardAmendment.scorecard_id.label("scorecard_id"),
            ScorecardAmendmentRating.skill.label("skill"),
            func.max(ScorecardAmendment.id).label("amendment_id"),
        )
        .join(
            ScorecardAmendmentRating,
            ScorecardAmendmentRating.amendment_id == ScorecardAmendment.id,
        )
        .group_by(ScorecardAmendment.scorecard_id, ScorecardAmendmentRating.skill)
        .cte("latest_amendment_ratings")
    )
    as_submitted = (
        select(
            ScorecardRating.scorecard_id,
            ScorecardRating.skill,
            ScorecardRating.rating,
            ScorecardRating.not_assessed,
        )
        .outerjoin(
            latest,
            and_(
                latest.c.scorecard_id == ScorecardRating.scorecard_id,
                latest.c.skill == ScorecardRating.skill,
            ),
        )
        .where(latest.c.amendment_id.is_(None))
    )
    as_amended = select(
        latest.c.scorecard_id,
        latest.c.skill,
        ScorecardAmendmentRating.rating,
        ScorecardAmendmentRating.not_assessed,
    ).join(
        ScorecardAmendmentRating,
        and_(
            ScorecardAmendmentRating.amendment_id == latest.c.amendment_id,
            ScorecardAmendmentRating.skill == latest.c.skill,
        ),
    )
    return union_all(as_submitted, as_amended).cte("effective_ratings")


def _is_rated(ratings: CTE) -> ColumnElement[bool]:
    return and_(
        ratings.c.rating.is_not(None),
        ratings.c.rating.between(min(RATINGS), max(RATINGS)),
        or_(ratings.c.not_assessed.is_(None), ratings.c.not_assessed.is_(False)),
    )


def _scorecard_totals(cards: CTE, ratings: CTE) -> Select:
    """Per active interviewer: scorecards, focus skills assigned and rated, each
    recommendation, late scorecards (one grouped query)."""
    rated_per_card = (
        select(ratings.c.scorecard_id, func.count().label("rated"))
        .where(_is_rated(ratings))
        .group_by(ratings.c.scorecard_id)
        .subquery("rated_per_card")
    )
    late = case((cards.c.hours > calibration.LATE_AFTER_HOURS, 1), else_=0)
    return (
        select(
            User.id,
            User.name,
            func.count(cards.c.scorecard_id),
            func.sum(cards.c.focus_assigned),
            func.sum(func.coalesce(rated_per_card.c.rated, 0)),
            func.sum(late),
            *(
                func.sum(case((cards.c.recommendation == key, 1), else_=0))
                for key in RECOMMENDATIONS
            ),
        )
        .select_from(cards)
        .join(User, User.id == cards.c.interviewer_id)
        .outerjoin(rated_per_card, rated_per_card.c.scorecard_id == cards.c.scorecard_id)
        .where(User.active.is_(True))
        .group_by(User.id, User.name)
    )


def _median_turnarounds(cards: CTE) -> Select:
    """Per interviewer, the median hours to submit: the middle row of their turnarounds
    in order, or the mean of the middle two (window functions, on both engines)."""
    ranked = select(
        cards.c.interviewer_id,
        cards.c.hours,
        func.row_number()
        .over(partition_by=cards.c.interviewer_id, order_by=(cards.c.hours, cards.c.scorecard_id))
        .label("position"),
        func.count().over(partition_by=cards.c.interviewer_id).label("cards"),
    ).subquery("ranked_turnarounds")
    # Rows n/2 .. n/2 + 1 (1-based): 2 * position between n and n + 2, without division.
    middle = (2 * ranked.c.position).between(ranked.c.cards, ranked.c.cards + 2)
    return (
        select(ranked.c.interviewer_id, func.avg(ranked.c.hours))
        .where(middle)
        .group_by(ranked.c.interviewer_id)
    )


def _peer_sums(cards: CTE, ratings: CTE) -> Select:
    """Per interviewer, their comparisons with peers summed: each (candidate, skill)
    they rated that someone else rated too, their rating minus the others' mean."""
    own = (
        select(
            cards.c.interviewer_id,
            cards.c.application_id,
            ratings.c.skill,
            func.avg(cast(ratings.c.rating, Float)).label("rating"),
        )
        .select_from(cards)
        .join(ratings, ratings.c.scorecard_id == cards.c.scorecard_id)
        .where(_is_rated(ratings))
        .group_by(cards.c.interviewer_id, cards.c.application_id, ratings.c.skill)
        .cte("own_ratings")
    )
    pool = (
        select(
            own.c.application_id,
            own.c.skill,
            func.sum(own.c.rating).label("total"),
            func.count().label("raters"),
        )
        .group_by(own.c.application_id, own.c.skill)
        .having(func.count() > 1)
        .subquery("shared_ratings")
    )
    others_mean = (pool.c.total - own.c.rating) / cast(pool.c.raters - 1, Float)
    offsets = (
        select(
            own.c.interviewer_id,
            own.c.application_id,
            (own.c.rating - others_mean).label("offset"),
        )
        .join(
            pool,
            and_(pool.c.application_id == own.c.application_id, pool.c.skill == own.c.skill),
        )
        .subquery("offsets")
    )
    return select(
        offsets.c.interviewer_id,
        func.count(),
        func.count(offsets.c.application_id.distinct()),
        func.sum(offsets.c.offset),
        func.sum(offsets.c.offset * offsets.c.offset),
    ).group_by(offsets.c.interviewer_id)


def interviewer_totals(filters: CalibrationFilter) -> list[calibration.InterviewerTotals]:
    """What the pure rules need, for every active interviewer with a submitted scorecard
    that counts (three queries)."""
    cards = _cards(filters)
    ratings = effective_ratings()
    medians = {row[0]: row[1] for row in db.session.execute(_median_turnarounds(cards))}
    peers = {
        row[0]: calibration.PeerSums(int(row[1]), int(row[2]), float(row[3]), float(row[4]))
        for row in db.session.execute(_peer_sums(cards, ratings))
    }
    totals = []
    for row in db.session.execute(_scorecard_totals(cards, ratings)):
        interviewer_id, name, count, assigned, rated, late, *per_recommendation = row
        median = medians.get(interviewer_id)
        totals.append(
            calibration.InterviewerTotals(
                interviewer_id=interviewer_id,
                name=name,
                scorecards=int(count),
                focus_assigned=int(assigned or 0),
                focus_rated=int(rated or 0),
                recommendations={
                    key: int(value or 0)
                    for key, value in zip(RECOMMENDATIONS, per_recommendation, strict=True)
                },
                median_turnaround_hours=None if median is None else float(median),
                late=int(late or 0),
                peers=peers.get(interviewer_id, calibration.PeerSums()),
            )
        )
    return totals


# --- the page -------------------------------------------------------------------------


@dataclass(frozen=True)
class JobChoice:
    id: int
    title: str
    role_family: str


@dataclass(frozen=True)
class FilterChoices:
    jobs: list[JobChoice]
    # Role family id -> its name in the rubrics (the id when the rubric no longer has it).
    role_families: dict[str, str]


def filter_choices(actor: User) -> FilterChoices:
    """The jobs and role families to narrow the page to (one query)."""
    policy.require(actor, Action.VIEW_CALIBRATION)
    jobs = [
        JobChoice(job_id, title, family)
        for job_id, title, family in db.session.execute(
            select(Job.id, Job.title, Job.role_family).order_by(Job.title, Job.id)
        )
    ]
    try:
        names = {role.id: role.name for role in current_rubric().roles}
    except RubricsUnavailable:
        names = {}
    families = sorted({job.role_family for job in jobs}, key=lambda f: names.get(f, f).casefold())
    return FilterChoices(jobs, {family: names.get(family, family) for family in families})


def interviewer_calibration(
    actor: User, filters: CalibrationFilter, *, minimum: int, sort: str = "offset"
) -> calibration.Calibration:
    policy.require(actor, Action.VIEW_CALIBRATION)
    return calibration.calibrate(interviewer_totals(filters), minimum=minimum, sort=sort)


__all__ = [
    "CalibrationFilter",
    "FilterChoices",
    "JobChoice",
    "filter_choices",
    "interviewer_calibration",
    "interviewer_totals",
]
