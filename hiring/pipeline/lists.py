"""Reading the pipeline: the filtered list of applications, a job's board and a
candidate's applications with their history.

Every read runs a fixed number of SQL queries whatever the amount of data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from hiring import policy
from hiring.accounts.models import User
from hiring.candidates.models import Candidate, CandidateTag
from hiring.candidates.services import has_tag, matching_text
from hiring.database import utcnow
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.fragments import Fragment, gather
from hiring.jobs.models import Job
from hiring.paging import PageOf
from hiring.pipeline import signals, stages
from hiring.pipeline.models import (
    ACTIVE,
    ACTIVE_SQL,
    APPLICATION_STATUSES,
    Application,
    StageChange,
)
from hiring.pipeline.services import current_pipeline
from hiring.policy import Action

BOARD_CARDS_PER_STAGE = 25


# --- stuck applications ---------------------------------------------------------------


def stuck_condition(pipeline: stages.Pipeline, now: datetime) -> ColumnElement[bool]:
    """SQL for ``stages.is_stuck`` on active applications.

    ``days_in_stage > target`` means at least ``target + 1`` whole days in the stage.
    """
    limits = {
        stage.id: now - timedelta(days=stage.target_days + 1)
        for stage in pipeline.stages
        if stage.target_days is not None
    }
    if not limits:
        return false()
    per_stage = [
        and_(Application.stage == stage_id, Application.entered_stage_at <= limit)
        for stage_id, limit in limits.items()
    ]
    # The loosest limit as a range of its own: with ``ACTIVE_SQL``, the partial index on
    # active applications by time in stage answers from the index alone.
    return and_(
        Application.status == ACTIVE_SQL,
        Application.entered_stage_at <= max(limits.values()),
        or_(*per_stage),
    )


def overdue_applications(pipeline: stages.Pipeline, now: datetime) -> list[Application]:
    """Every stuck application with its candidate, job, owner and hiring manager (one query)."""
    applications = db.session.scalars(
        select(Application)
        .where(stuck_condition(pipeline, now))
        .options(
            joinedload(Application.candidate),
            joinedload(Application.job).joinedload(Job.hiring_manager),
            joinedload(Application.owner),
        )
        .order_by(Application.entered_stage_at.asc(), Application.id.asc())
    ).all()
    return [a for a in applications if stages.is_stuck(pipeline, a.stage, a.entered_stage_at, now)]


# --- the list and the board ------------------------------------------------------------


SORTS = {
    "longest": "Longest in stage",
    "newest": "Newest",
    "oldest": "Oldest",
    "name": "Name",
}


@dataclass(frozen=True)
class ApplicationFilter:
    job_id: int | None = None
    stage: str = ""
    source: str = ""
    owner_id: int | None = None
    min_days: int | None = None
    tag: str = ""
    status: str = ACTIVE
    query: str = ""
    sort: str = "longest"


@dataclass(frozen=True)
class Row:
    application: Application
    days: int
    stuck: bool


@dataclass(frozen=True)
class ListedApplication:
    """One line of the list: the columns it shows, read as plain values (no ORM objects
    to build for a page of fifty)."""

    id: int
    candidate_id: int
    candidate_name: str
    candidate_email: str
    source: str
    job_id: int
    job_title: str
    stage: str
    owner_name: str | None
    tags: tuple[str, ...]
    days: int
    stuck: bool


@dataclass(frozen=True, kw_only=True)
class ApplicationPage(PageOf):
    rows: list[ListedApplication]


def _filtered(query: Select, filters: ApplicationFilter, now: datetime) -> Select:
    if filters.job_id is not None:
        query = query.where(Application.job_id == filters.job_id)
    if filters.stage:
        query = query.where(Application.stage == filters.stage)
    if filters.status in APPLICATION_STATUSES:
        query = query.where(Application.status == filters.status)
    if filters.owner_id is not None:
        query = query.where(Application.owner_id == filters.owner_id)
    if filters.min_days:
        query = query.where(Application.entered_stage_at <= now - timedelta(days=filters.min_days))
    needs_candidate = filters.source or filters.tag.strip() or filters.query.strip()
    if needs_candidate:
        query = query.join(Candidate, Candidate.id == Application.candidate_id)
        if filters.source:
            query = query.where(Candidate.source == filters.source)
        if filters.tag.strip():
            query = query.where(has_tag(filters.tag))
        if filters.query.strip():
            query = query.where(matching_text(filters.query))
    return query


def list_applications(
    actor: User, filters: ApplicationFilter, page: int = 1, per_page: int = 50
) -> ApplicationPage:
    """One page of applications in three queries, whatever their number."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    now = utcnow()
    pipeline = current_pipeline()
    total = (
        db.session.scalar(
            select(func.count()).select_from(
                _filtered(select(Application), filters, now).subquery()
            )
        )
        or 0
    )
    listed, owner = aliased(Candidate), aliased(User)
    query = _filtered(
        select(
            Application.id,
            Application.candidate_id,
            listed.name.label("candidate_name"),
            listed.email.label("candidate_email"),
            listed.source,
            Application.job_id,
            Job.title.label("job_title"),
            Application.stage,
            Application.status,
            Application.entered_stage_at,
            owner.name.label("owner_name"),
        )
        .select_from(Application)
        .join(listed, listed.id == Application.candidate_id)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(owner, owner.id == Application.owner_id),
        filters,
        now,
    )
    order = {
        "newest": (Application.created_at.desc(), Application.id.desc()),
        "oldest": (Application.created_at.asc(), Application.id.asc()),
        "longest": (Application.entered_stage_at.asc(), Application.id.asc()),
        "name": (func.lower(listed.name), Application.id),
    }
    ordering = order.get(filters.sort, order["longest"])
    page = max(1, page)
    found = db.session.execute(
        query.order_by(*ordering).limit(per_page).offset((page - 1) * per_page)
    ).all()
    tags: dict[int, list[str]] = defaultdict(list)
    if found:
        for candidate_id, tag in db.session.execute(
            select(CandidateTag.candidate_id, CandidateTag.tag)
            .where(CandidateTag.candidate_id.in_({row.candidate_id for row in found}))
            .order_by(CandidateTag.candidate_id, CandidateTag.tag)
        ):
            tags[candidate_id].append(tag)
    rows = [
        ListedApplication(
            id=row.id,
            candidate_id=row.candidate_id,
            candidate_name=row.candidate_name,
            candidate_email=row.candidate_email,
            source=row.source,
            job_id=row.job_id,
            job_title=row.job_title,
            stage=row.stage,
            owner_name=row.owner_name,
            tags=tuple(tags.get(row.candidate_id, ())),
            days=stages.days_in_stage(row.entered_stage_at, now),
            stuck=row.status == ACTIVE
            and stages.is_stuck(pipeline, row.stage, row.entered_stage_at, now),
        )
        for row in found
    ]
    return ApplicationPage(rows=rows, total=total, page=page, per_page=per_page)


@dataclass(frozen=True)
class ApplicationSlice:
    rows: list[Row]
    has_more: bool


def list_applications_after(
    actor: User, filters: ApplicationFilter, after_id: int | None, limit: int = 50
) -> ApplicationSlice:
    """Up to ``limit`` applications, newest first (id descending), with ids below
    ``after_id``: keyset pagination, stable while applications are added or moved.
    One query (candidate, job and owner joined), whatever the page size."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    now = utcnow()
    pipeline = current_pipeline()
    query = _filtered(select(Application), filters, now)
    if after_id is not None:
        query = query.where(Application.id < after_id)
    limit = max(1, limit)
    applications = list(
        db.session.scalars(
            query.options(
                joinedload(Application.candidate),
                joinedload(Application.job),
                joinedload(Application.owner),
            )
            .order_by(Application.id.desc())
            .limit(limit + 1)
        )
    )
    rows = [_row(application, pipeline, now) for application in applications[:limit]]
    return ApplicationSlice(rows, len(applications) > limit)


def _row(application: Application, pipeline: stages.Pipeline, now: datetime) -> Row:
    stuck = application.status == ACTIVE and stages.is_stuck(
        pipeline, application.stage, application.entered_stage_at, now
    )
    return Row(application, stages.days_in_stage(application.entered_stage_at, now), stuck)


@dataclass
class Column:
    stage: stages.StageDef
    terminal: bool
    total: int = 0
    rows: list[Row] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Board:
    job: Job
    pipeline: stages.Pipeline
    columns: list[Column]
    # What other features add to each card (where its scorecards stand): slot "card".
    cards: list[Fragment] = field(default_factory=list)


def board(actor: User, job_id: int) -> Board:
    """A job's applications by stage, longest waiting first, in three queries, plus
    what other features add to the cards (where the scorecards stand: one more).

    Each column shows at most ``BOARD_CARDS_PER_STAGE`` cards (the list has the rest),
    so a job with thousands of applications still renders quickly.
    """
    policy.require(actor, Action.VIEW_CANDIDATES)
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound("There is no such job.")
    pipeline = current_pipeline()
    now = utcnow()
    columns = {s.id: Column(s, False) for s in pipeline.stages}
    columns.update({s.id: Column(s, True) for s in pipeline.terminal})
    counts = db.session.execute(
        select(Application.stage, func.count())
        .where(Application.job_id == job_id)
        .group_by(Application.stage)
    ).all()
    for stage_id, count in counts:
        if stage_id in columns:
            columns[stage_id].total = count
    position = (
        func.row_number()
        .over(
            partition_by=Application.stage,
            order_by=(Application.entered_stage_at.asc(), Application.id.asc()),
        )
        .label("position")
    )
    ranked = (
        select(Application.id.label("id"), position).where(Application.job_id == job_id).subquery()
    )
    applications = db.session.scalars(
        select(Application)
        .join(ranked, ranked.c.id == Application.id)
        .where(ranked.c.position <= BOARD_CARDS_PER_STAGE)
        .options(joinedload(Application.candidate))
        .order_by(Application.entered_stage_at.asc(), Application.id.asc())
    ).all()
    grouped: dict[str, list[Row]] = defaultdict(list)
    for application in applications:
        grouped[application.stage].append(_row(application, pipeline, now))
    for stage_id, rows in grouped.items():
        if stage_id in columns:
            columns[stage_id].rows = rows
    found = Board(job, pipeline, list(columns.values()))
    cards = gather(signals.board_cards, found, now=now)
    return Board(job, pipeline, found.columns, cards)


@dataclass(frozen=True)
class CandidateApplication:
    application: Application
    changes: list[StageChange]
    days: int
    stuck: bool


def applications_of(actor: User, candidate_id: int) -> list[CandidateApplication]:
    """A candidate's applications with their full stage history, in two queries."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    pipeline = current_pipeline()
    now = utcnow()
    applications = db.session.scalars(
        select(Application)
        .options(
            joinedload(Application.job),
            joinedload(Application.owner),
            selectinload(Application.changes).joinedload(StageChange.by),
        )
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    result = []
    for application in applications:
        row = _row(application, pipeline, now)
        result.append(
            CandidateApplication(application, list(application.changes), row.days, row.stuck)
        )
    return result
