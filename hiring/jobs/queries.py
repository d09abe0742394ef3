"""Reading jobs: one job and its skill profile, pages and keyset slices of them, managers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, undefer

from hiring import policy
from hiring.accounts.models import User, UserRole
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.jobs.models import DRAFT, PUBLISHED, UNPUBLISHED, Job
from hiring.jobs.profile import ProfileEntry, profile_from_json
from hiring.paging import PageOf
from hiring.policy import Action
from hiring.roles import Role


def get_job(actor: User, job_id: int, *, with_snapshot: bool = True) -> Job:
    policy.require(actor, Action.VIEW_JOBS)
    query = select(Job).options(joinedload(Job.hiring_manager)).where(Job.id == job_id)
    if with_snapshot:
        query = query.options(undefer(Job.rubric_snapshot), undefer(Job.published_posting))
    job = db.session.scalar(query)
    if job is None:
        raise NotFound("There is no such job.")
    return job


@dataclass(frozen=True)
class JobFilter:
    query: str = ""
    status: str = ""
    role_family: str = ""
    level: str = ""


@dataclass(frozen=True, kw_only=True)
class JobPage(PageOf):
    jobs: list[Job]
    counts: dict[str, int]


def _filtered(query: Select[tuple[Job]], filters: JobFilter) -> Select[tuple[Job]]:
    if filters.query:
        text = filters.query.strip()
        query = query.where(
            Job.title.icontains(text, autoescape=True) | Job.team.icontains(text, autoescape=True)
        )
    if filters.status:
        query = query.where(Job.status == filters.status)
    if filters.role_family:
        query = query.where(Job.role_family == filters.role_family)
    if filters.level:
        query = query.where(Job.level == filters.level)
    return query


def list_jobs(actor: User, filters: JobFilter, page: int = 1, per_page: int = 50) -> JobPage:
    """One page of jobs in three queries, whatever the number of jobs."""
    policy.require(actor, Action.VIEW_JOBS)
    query = _filtered(select(Job), filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    jobs = db.session.scalars(
        query.options(joinedload(Job.hiring_manager))
        .order_by(Job.updated_at.desc(), Job.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    counts = dict.fromkeys((DRAFT, PUBLISHED, UNPUBLISHED), 0)
    counts.update(
        dict(db.session.execute(select(Job.status, func.count(Job.id)).group_by(Job.status)).all())
    )
    return JobPage(jobs=list(jobs), total=total, page=page, per_page=per_page, counts=counts)


@dataclass(frozen=True)
class JobSlice:
    jobs: list[Job]
    has_more: bool


def list_jobs_after(
    actor: User, filters: JobFilter, after_id: int | None, limit: int = 50
) -> JobSlice:
    """Up to ``limit`` jobs, newest first (id descending), with ids below ``after_id``.

    Keyset pagination: a job opened while a client pages through the list has a higher
    id, so it never shifts later pages; edits do not move jobs either.
    """
    policy.require(actor, Action.VIEW_JOBS)
    query = _filtered(select(Job).options(joinedload(Job.hiring_manager)), filters)
    if after_id is not None:
        query = query.where(Job.id < after_id)
    jobs = list(db.session.scalars(query.order_by(Job.id.desc()).limit(max(1, limit) + 1)))
    return JobSlice(jobs[:limit], len(jobs) > limit)


def hiring_managers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.HIRING_MANAGER.value, User.active.is_(True))
            .order_by(User.name)
        )
    )


def profile_of(job: Job) -> tuple[ProfileEntry, ...]:
    return profile_from_json(job.skill_profile)
