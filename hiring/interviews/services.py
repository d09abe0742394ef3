"""Reading interviews: one interview, a person's interviews, an application's, the
API's pages, and the pinned kit of one interview.

Every read runs a fixed number of SQL queries whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring import policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.fragments import Fragment, gather
from hiring.interviews import signals
from hiring.interviews.models import CANCELLED, SCHEDULED, Interview, interview_interviewers
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.notifications import delivery
from hiring.notifications.delivery import DeliveryProblem
from hiring.pipeline.models import Application
from hiring.policy import Action

DASHBOARD_UPCOMING = 5


def load_interview(interview_id: int) -> Interview:
    interview = db.session.scalar(
        select(Interview)
        .options(
            joinedload(Interview.application).joinedload(Application.candidate),
            joinedload(Interview.application).joinedload(Application.job),
            selectinload(Interview.interviewers),
            joinedload(Interview.created_by),
        )
        .where(Interview.id == interview_id)
    )
    if interview is None:
        raise NotFound("There is no such interview.")
    return interview


def get_interview(actor: User, interview_id: int) -> Interview:
    """One interview, for a scheduler or one of its interviewers (403 for anyone else)."""
    interview = load_interview(interview_id)
    policy.require(actor, Action.VIEW_INTERVIEW, interview)
    return interview


@dataclass(frozen=True)
class CancellationNotice:
    """What an interviewer keeps of an interview once it is cancelled: the round, the
    job, when it was to be and that it is off. Nothing of the candidate (name, ids,
    links) and nothing to prepare with (location, questions)."""

    id: int
    round_name: str
    job_id: int
    job_title: str
    starts_at: datetime  # UTC
    duration: int
    time_zone: str
    cancelled_at: datetime | None
    interviewers: tuple[User, ...]
    created_at: datetime
    version: int
    status: ClassVar[str] = CANCELLED

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration)

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_ends_at(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.time_zone))


def cancellation_notice(interview: Interview) -> CancellationNotice:
    return CancellationNotice(
        id=interview.id,
        round_name=interview.round_name,
        job_id=interview.application.job_id,
        job_title=interview.application.job.title,
        starts_at=interview.starts_at,
        duration=interview.duration,
        time_zone=interview.time_zone,
        cancelled_at=interview.cancelled_at,
        interviewers=tuple(interview.interviewers),
        created_at=interview.created_at,
        version=interview.version,
    )


def as_seen_by(actor: User, interview: Interview) -> Interview | CancellationNotice:
    """The interview itself for those who may see who it is with, else its notice."""
    if policy.can(actor, Action.VIEW_INTERVIEW_DETAILS, interview):
        return interview
    return cancellation_notice(interview)


def interview_or_notice(actor: User, interview_id: int) -> Interview | CancellationNotice:
    """One interview for a scheduler or one of its interviewers (403 for anyone else);
    its interviewers get only the cancellation notice once it is cancelled."""
    return as_seen_by(actor, get_interview(actor, interview_id))


def _with_everything(query):
    return query.options(
        joinedload(Interview.application).joinedload(Application.candidate),
        joinedload(Interview.application).joinedload(Application.job),
        selectinload(Interview.interviewers),
    )


@dataclass(frozen=True)
class MyInterviews:
    # A cancelled interview is there as its notice only.
    upcoming: list[Interview | CancellationNotice]
    past: list[Interview | CancellationNotice]
    now: datetime = field(default_factory=utcnow)
    # Columns other features add to each row (the scorecard's state): slot "column".
    columns: list[Fragment] = field(default_factory=list)

    @staticmethod
    def is_notice(item: Interview | CancellationNotice) -> bool:
        return isinstance(item, CancellationNotice)


def interviews_of(actor: User) -> MyInterviews:
    """The interviews a person is on: upcoming first (soonest first), then past (latest
    first), with what other features add to each (the state of the person's scorecard),
    in a fixed number of queries whatever their number."""
    policy.require(actor, Action.VIEW_MY_INTERVIEWS)
    interviews = db.session.scalars(
        _with_everything(select(Interview))
        .where(Interview.interviewers.any(User.id == actor.id))
        .order_by(Interview.starts_at.asc(), Interview.id.asc())
    ).all()
    now = utcnow()
    seen = [as_seen_by(actor, interview) for interview in interviews]
    upcoming = [i for i in seen if i.ends_at >= now]
    past = [i for i in seen if i.ends_at < now]
    columns = gather(signals.my_interviews, actor, interviews=list(interviews), now=now)
    return MyInterviews(upcoming=upcoming, past=list(reversed(past)), now=now, columns=columns)


def upcoming_for(actor: User, limit: int = DASHBOARD_UPCOMING) -> list[Interview]:
    """The next scheduled interviews of one interviewer, for the dashboard."""
    return list(
        db.session.scalars(
            _with_everything(select(Interview))
            .where(
                Interview.interviewers.any(User.id == actor.id),
                Interview.status == SCHEDULED,
                Interview.starts_at >= utcnow(),
            )
            .order_by(Interview.starts_at.asc(), Interview.id.asc())
            .limit(limit)
        )
    )


def still_scheduled(application_id: int) -> int:
    """How many interviews of the application are scheduled and not yet over."""
    return (
        db.session.scalar(
            select(func.count(Interview.id)).where(
                Interview.application_id == application_id,
                Interview.status == SCHEDULED,
                Interview.starts_at > utcnow(),
            )
        )
        or 0
    )


def upcoming_counts(user_ids: tuple[int, ...], **_: Any) -> dict[int, int]:
    """How many scheduled interviews each person has still ahead (one query)."""
    return dict(
        db.session.execute(
            select(interview_interviewers.c.user_id, func.count())
            .join(Interview, Interview.id == interview_interviewers.c.interview_id)
            .where(
                interview_interviewers.c.user_id.in_(user_ids),
                Interview.status == SCHEDULED,
                Interview.starts_at >= utcnow(),
            )
            .group_by(interview_interviewers.c.user_id)
        ).all()
    )


def interviews_for_application(actor: User, application_id: int) -> list[Interview]:
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    return list(
        db.session.scalars(
            _with_everything(select(Interview))
            .where(Interview.application_id == application_id)
            .order_by(Interview.starts_at.asc(), Interview.id.asc())
        )
    )


@dataclass(frozen=True)
class InterviewFilter:
    application_id: int | None = None
    starts_from: datetime | None = None  # UTC, inclusive
    starts_before: datetime | None = None  # UTC, exclusive


@dataclass(frozen=True)
class InterviewSlice:
    # A cancelled interview is its notice for its interviewers.
    interviews: list[Interview | CancellationNotice]
    has_more: bool


def list_interviews_after(
    actor: User,
    filters: InterviewFilter,
    after: tuple[datetime, int] | None,
    limit: int = 50,
) -> InterviewSlice:
    """Up to ``limit`` interviews, soonest first (start, then id), after the position
    ``after`` (start, id): keyset pagination for the API, in two queries.

    Schedulers see every interview; interviewers only the interviews they are on,
    the ones ``VIEW_INTERVIEW`` lets them open, and a cancelled one as its notice.
    """
    query = _with_everything(select(Interview))
    scheduler = policy.can(actor, Action.SCHEDULE_INTERVIEWS)
    if not scheduler:
        policy.require(actor, Action.VIEW_MY_INTERVIEWS)
        query = query.where(Interview.interviewers.any(User.id == actor.id))
    if filters.application_id is not None:
        query = query.where(Interview.application_id == filters.application_id)
        if not scheduler:
            # A notice names no application: filtering by one must not tie it to one.
            query = query.where(Interview.status != CANCELLED)
    if filters.starts_from is not None:
        query = query.where(Interview.starts_at >= filters.starts_from)
    if filters.starts_before is not None:
        query = query.where(Interview.starts_at < filters.starts_before)
    if after is not None:
        starts_at, interview_id = after
        query = query.where(
            or_(
                Interview.starts_at > starts_at,
                and_(Interview.starts_at == starts_at, Interview.id > interview_id),
            )
        )
    limit = max(1, limit)
    interviews = list(
        db.session.scalars(
            query.order_by(Interview.starts_at.asc(), Interview.id.asc()).limit(limit + 1)
        )
    )
    return InterviewSlice(
        [as_seen_by(actor, interview) for interview in interviews[:limit]],
        len(interviews) > limit,
    )


@dataclass(frozen=True)
class PinnedRound:
    """The pinned definition, shaped like a loop round for the kit template."""

    id: int
    position: int
    name: str
    duration: int
    purpose: str
    interviewer_guidance: str
    timing: list[dict[str, Any]]
    focus_skills: list[str]
    questions: list[dict[str, Any]]


@dataclass(frozen=True)
class InterviewKit:
    interview: Interview
    job: Job
    round: PinnedRound
    skills: dict[str, Any]
    levels: dict[str, int]
    kinds: dict[str, str]
    # For the people who schedule: the invites of this interview that did not go out.
    undelivered: list[DeliveryProblem] = field(default_factory=list)


def kit_or_notice(actor: User, interview_id: int) -> InterviewKit | CancellationNotice:
    """The kit of one interview, or only its cancellation notice for its interviewers."""
    seen = interview_or_notice(actor, interview_id)
    if isinstance(seen, CancellationNotice):
        return seen
    return _kit(actor, seen)


def interview_kit(actor: User, interview_id: int) -> InterviewKit:
    """The kit of one scheduled interview, from its pinned definition (403 for its
    interviewers once it is cancelled)."""
    interview = get_interview(actor, interview_id)
    policy.require(actor, Action.VIEW_INTERVIEW_DETAILS, interview)
    return _kit(actor, interview)


def _kit(actor: User, interview: Interview) -> InterviewKit:
    job = db.session.scalar(
        select(Job)
        .options(undefer(Job.rubric_snapshot))
        .where(Job.id == interview.application.job_id)
    )
    assert job is not None
    pinned = interview.definition
    profile = profile_from_json(job.skill_profile)
    return InterviewKit(
        interview=interview,
        job=job,
        round=PinnedRound(
            id=interview.id,
            position=0,
            name=str(pinned.get("name", "Interview")),
            duration=interview.duration,
            purpose=str(pinned.get("purpose", "")),
            interviewer_guidance=str(pinned.get("interviewer_guidance", "")),
            timing=list(pinned.get("timing", [])),
            focus_skills=list(pinned.get("focus_skills", [])),
            questions=list(pinned.get("questions", [])),
        ),
        skills=snap.skills_of(job.rubric_snapshot),
        levels={e.skill: e.level for e in profile if e.level},
        kinds={e.skill: e.kind for e in profile},
        undelivered=delivery.problems([interview.topic]).get(interview.topic, [])
        if policy.can(actor, Action.SCHEDULE_INTERVIEWS)
        else [],
    )
