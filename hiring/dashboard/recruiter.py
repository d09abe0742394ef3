"""The hiring team's part of the home page: my open jobs by stage, stuck candidates,
the interviews of the week and late scorecards, composed from the features that own them.

Every read runs a fixed number of SQL queries whatever the amount of data. The rule
of what is stuck is the pure ``stages.is_stuck``; the SQL below only narrows the rows
to the same set so that thousands of applications are never loaded to find a few.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from hiring import policy
from hiring.accounts.models import User
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import SCHEDULED, Interview
from hiring.jobs.models import UNPUBLISHED, Job
from hiring.pipeline import stages
from hiring.pipeline.lists import stuck_condition
from hiring.pipeline.models import ACTIVE, Application
from hiring.pipeline.services import current_pipeline
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import RubricsUnavailable
from hiring.scorecards import progress as scorecard_progress

DASHBOARD_JOBS = 25
DASHBOARD_STUCK = 20
DASHBOARD_LATE_SCORECARDS = 20


@dataclass(frozen=True)
class JobCounts:
    job: Job
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class StuckRow:
    application: Application
    days: int
    target_days: int

    @property
    def over(self) -> int:
        return self.days - self.target_days


@dataclass(frozen=True)
class RecruiterDashboard:
    pipeline: stages.Pipeline
    jobs: list[JobCounts]
    stuck: list[StuckRow]
    stuck_total: int
    everyone: bool = False
    stage_ids: list[str] = field(default_factory=list)
    interviews_this_week: list[Interview] = field(default_factory=list)
    late_scorecards: list[scorecard_progress.LateScorecard] = field(default_factory=list)
    late_scorecards_total: int = 0


def _sees_everything(actor: User) -> bool:
    return actor.has_role(Role.ADMIN)


def _my_applications(actor: User) -> ColumnElement[bool]:
    managed = select(Job.id).where(Job.hiring_manager_id == actor.id)
    return or_(Application.owner_id == actor.id, Application.job_id.in_(managed))


def _names_only(candidate: Any, job: Any) -> tuple[Any, Any]:
    """The joined candidate and job as the page shows them: a name and a title."""
    return candidate.load_only(Candidate.name), job.load_only(Job.title)


def recruiter_dashboard(
    actor: User,
    now: datetime | None = None,
    *,
    job_limit: int = DASHBOARD_JOBS,
    stuck_limit: int = DASHBOARD_STUCK,
    late_limit: int = DASHBOARD_LATE_SCORECARDS,
) -> RecruiterDashboard | None:
    """My open jobs with active applications per stage, my stuck candidates, this
    week's interviews and late scorecards.

    "Mine": jobs I manage or hold active applications in, and applications I own or
    that are in jobs I manage; admins see every open job and every application.
    Seven queries whatever the number of jobs, applications, interviews and scorecards.
    None while no valid rubric set was ever loaded (the stages come from it; the
    dashboard says why).
    """
    policy.require(actor, Action.VIEW_CANDIDATES)
    now = now or utcnow()
    try:
        pipeline = current_pipeline()
    except RubricsUnavailable:
        return None
    everyone = _sees_everything(actor)

    # The page shows a job's title and links to it: its JSON columns are never read.
    jobs_query = select(Job).options(load_only(Job.title)).where(Job.status != UNPUBLISHED)
    if not everyone:
        # From the index on (owner, status, job): the jobs, not every application.
        holds_some = select(Application.job_id).where(
            Application.owner_id == actor.id, Application.status == ACTIVE
        )
        jobs_query = jobs_query.where(
            or_(Job.hiring_manager_id == actor.id, Job.id.in_(holds_some))
        )
    jobs = list(db.session.scalars(jobs_query.order_by(Job.title, Job.id).limit(job_limit)))

    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if jobs:
        rows = db.session.execute(
            select(Application.job_id, Application.stage, func.count())
            .where(Application.job_id.in_([job.id for job in jobs]), Application.status == ACTIVE)
            .group_by(Application.job_id, Application.stage)
        ).all()
        for job_id, stage_id, count in rows:
            counts[job_id][stage_id] = count

    stuck_where = [stuck_condition(pipeline, now)]
    if not everyone:
        stuck_where.append(_my_applications(actor))
    # Counted from the index on active applications alone (no row is read).
    stuck_total = (
        db.session.scalar(select(func.count()).select_from(Application).where(*stuck_where)) or 0
    )
    applications = db.session.scalars(
        select(Application)
        .where(*stuck_where)
        .options(*_names_only(joinedload(Application.candidate), joinedload(Application.job)))
        .order_by(Application.entered_stage_at.asc(), Application.id.asc())
        .limit(stuck_limit)
    ).all()
    stuck = [
        StuckRow(
            application,
            stages.days_in_stage(application.entered_stage_at, now),
            pipeline.target_days(application.stage) or 0,
        )
        for application in applications
    ]
    week = (
        select(Interview)
        .join(Application, Application.id == Interview.application_id)
        .where(
            Interview.status == SCHEDULED,
            Interview.starts_at >= now,
            Interview.starts_at < now + timedelta(days=7),
        )
        .options(
            *_names_only(
                joinedload(Interview.application).joinedload(Application.candidate),
                joinedload(Interview.application).joinedload(Application.job),
            ),
            selectinload(Interview.interviewers),
        )
    )
    if not everyone:
        week = week.where(_my_applications(actor))
    interviews = list(
        db.session.scalars(week.order_by(Interview.starts_at, Interview.id).limit(stuck_limit))
    )
    # Like the reminders: only applications still in the pipeline are chased.
    in_pipeline = Application.status == ACTIVE
    late = scorecard_progress.late_scorecards(
        now,
        applications=in_pipeline if everyone else and_(in_pipeline, _my_applications(actor)),
        limit=late_limit,
    )
    return RecruiterDashboard(
        interviews_this_week=interviews,
        late_scorecards=late.rows,
        late_scorecards_total=late.total,
        pipeline=pipeline,
        jobs=[JobCounts(job, dict(counts.get(job.id, {}))) for job in jobs],
        stuck=stuck,
        stuck_total=stuck_total,
        everyone=everyone,
        stage_ids=[stage.id for stage in pipeline.stages],
    )
