"""Which scorecards are in and which are late, in SQL, for the pages and commands that
show or chase them (My interviews, the board, the dashboard, reminders).

The rule of what is late is the pure ``rules.is_late``; ``late_condition`` is the same
rule in SQL, so a dashboard never loads every past interview to find a few. Each
function here is one query whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.functions import FunctionElement

from hiring.accounts.models import User
from hiring.database import UTCDateTime
from hiring.extensions import db
from hiring.interviews.models import SCHEDULED, Interview, interview_interviewers
from hiring.pipeline.models import Application
from hiring.scorecards import rules
from hiring.scorecards.models import Scorecard


class interview_end(FunctionElement[datetime]):
    """``starts_at + duration minutes`` in SQL (``Interview.ends_at``)."""

    type = UTCDateTime()
    name = "interview_end"
    inherit_cache = True


@compiles(interview_end)
def _interview_end_postgresql(element: interview_end, compiler: Any, **kw: Any) -> str:
    starts, minutes = list(element.clauses)
    return (
        f"({compiler.process(starts, **kw)} + make_interval(mins => "
        f"{compiler.process(minutes, **kw)}))"
    )


@compiles(interview_end, "sqlite")
def _interview_end_sqlite(element: interview_end, compiler: Any, **kw: Any) -> str:
    # SQLite keeps UTC timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' text; the result has
    # the same shape (milliseconds), so it compares with bound timestamps as text.
    starts, minutes = list(element.clauses)
    return (
        f"strftime('%Y-%m-%d %H:%M:%f', {compiler.process(starts, **kw)}, "
        f"'+' || {compiler.process(minutes, **kw)} || ' minutes')"
    )


def ends_at() -> interview_end:
    return interview_end(Interview.starts_at, Interview.duration)


pending = interview_interviewers.alias("pending")


def _pairs(*columns: Any) -> Select:
    """Every interviewer on every interview, with their scorecard when there is one."""
    return (
        select(*columns)
        .select_from(Interview)
        .join(interview_interviewers, interview_interviewers.c.interview_id == Interview.id)
        .outerjoin(
            Scorecard,
            and_(
                Scorecard.interview_id == Interview.id,
                Scorecard.interviewer_id == interview_interviewers.c.user_id,
            ),
        )
    )


def not_submitted() -> ColumnElement[bool]:
    return or_(Scorecard.id.is_(None), Scorecard.status != rules.SUBMITTED)


def late_condition(now: datetime) -> ColumnElement[bool]:
    """SQL for ``rules.is_late`` on the rows of ``_pairs``."""
    return and_(
        Interview.status == SCHEDULED,
        ends_at() < now - rules.LATE_AFTER,
        not_submitted(),
    )


@dataclass(frozen=True)
class LateScorecard:
    interview: Interview
    interviewer: User
    hours_late: int

    @property
    def lateness(self) -> str:
        return rules.lateness(self.hours_late)


@dataclass(frozen=True)
class LateScorecards:
    rows: list[LateScorecard]
    total: int


def late_scorecards(
    now: datetime,
    *,
    applications: ColumnElement[bool] | None = None,
    limit: int | None = None,
) -> LateScorecards:
    """Late scorecards, longest overdue first, with interview, application, candidate,
    job and interviewer loaded, and how many there are in all; ``applications``
    narrows them (a condition on Application). One query."""
    query = (
        _pairs(Interview, User, func.count().over().label("total"))
        .join(User, User.id == interview_interviewers.c.user_id)
        .join(Application, Application.id == Interview.application_id)
        # The few interviews with a scorecard not yet submitted, from the index (written
        # as IN so that SQLite starts there, not from every application or interview),
        # then the rule itself.
        .where(
            Interview.id.in_(select(pending.c.interview_id).where(pending.c.submitted == false())),
            interview_interviewers.c.submitted == false(),
            late_condition(now),
        )
    )
    if applications is not None:
        query = query.where(applications)
    rows = db.session.execute(
        query.options(
            contains_eager(Interview.application).joinedload(Application.candidate),
            contains_eager(Interview.application).joinedload(Application.job),
        )
        .order_by(ends_at(), Interview.id, User.name, User.id)
        .limit(limit)
    ).all()
    found = [
        LateScorecard(interview, user, rules.hours_late(interview.ends_at, now))
        for interview, user, _total in rows
    ]
    # The window count is taken before the limit: every late scorecard, not the page.
    return LateScorecards(found, rows[0].total if rows else 0)


def tallies(applications: ColumnElement[bool], now: datetime) -> dict[int, rules.Tally]:
    """Scorecards expected, submitted and late per application (one grouped query).

    Expected: one per interviewer on each interview that is not cancelled.
    """
    submitted = case((Scorecard.status == rules.SUBMITTED, 1), else_=0)
    late = case((late_condition(now), 1), else_=0)
    rows = db.session.execute(
        _pairs(
            Interview.application_id,
            func.count(),
            func.sum(submitted),
            func.sum(late),
        )
        .join(Application, Application.id == Interview.application_id)
        .where(Interview.status == SCHEDULED, applications)
        .group_by(Interview.application_id)
    ).all()
    return {
        application_id: rules.Tally(int(expected), int(done or 0), int(overdue or 0))
        for application_id, expected, done, overdue in rows
    }


def mark_submitted_pairs() -> None:
    """Set ``interview_interviewers.submitted`` from the scorecards (one statement), for
    data written in bulk rather than through ``services.save_scorecard``."""
    submitted = (
        select(Scorecard.id)
        .where(
            Scorecard.interview_id == interview_interviewers.c.interview_id,
            Scorecard.interviewer_id == interview_interviewers.c.user_id,
            Scorecard.status == rules.SUBMITTED,
        )
        .exists()
    )
    db.session.execute(
        update(interview_interviewers)
        .where(interview_interviewers.c.submitted == false(), submitted)
        .values(submitted=True)
    )


def statuses_of(interviewer_id: int) -> dict[int, str]:
    """Interview id -> status of the interviewer's scorecard on it (one query)."""
    return {
        interview_id: status
        for interview_id, status in db.session.execute(
            select(Scorecard.interview_id, Scorecard.status).where(
                Scorecard.interviewer_id == interviewer_id
            )
        )
    }


__all__ = [
    "LateScorecard",
    "LateScorecards",
    "ends_at",
    "late_condition",
    "late_scorecards",
    "mark_submitted_pairs",
    "statuses_of",
    "tallies",
]
