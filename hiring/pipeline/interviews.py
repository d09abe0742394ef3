"""Scheduling interviews: plan one for an application and a loop round, cancel it, list
an interviewer's interviews, open its pinned kit and build its calendar invite.

Each change owns its transaction, asks ``policy`` and writes the audit log. The invite
itself is the pure ``calendar`` module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_request_context, url_for
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload, undefer
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.loops.models import InterviewLoop, LoopRound, LoopRoundInterviewer
from hiring.loops.services import record_question_use
from hiring.notifications import outbox
from hiring.notifications.mailer import Attachment
from hiring.pipeline import calendar
from hiring.pipeline.interview_models import CANCELLED, SCHEDULED, Interview
from hiring.pipeline.models import ACTIVE, Application
from hiring.policy import Action
from hiring.roles import Role
from hiring.scorecards import progress as scorecard_progress
from hiring.scorecards import rules as scorecard_rules

MIN_DURATION, MAX_DURATION = 10, 480
MAX_LOCATION = 500
DASHBOARD_UPCOMING = 5

# Offered in the form; any valid IANA name is accepted (the API may send others).
COMMON_TIME_ZONES = (
    "UTC",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Madrid",
    "Europe/Zurich",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Pacific/Auckland",
)
TIME_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone."""
    if not name or len(name) > 64 or not TIME_ZONE_NAME.match(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class InterviewInput:
    loop_round_id: int | None
    date: str  # YYYY-MM-DD, in the interview's time zone
    time: str  # HH:MM, in the interview's time zone
    time_zone: str
    duration: int | None = None  # None: the round's duration
    interviewer_ids: tuple[int, ...] = ()  # empty: the round's assigned interviewers
    location: str = ""


def _interviewer_users(ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {
        user.id: user
        for user in db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.id.in_(ids), UserRole.role == Role.INTERVIEWER.value, User.active.is_(True))
        )
    }


def _local_start(data: InterviewInput, errors: dict[str, list[str]]) -> datetime | None:
    zone = zone_named(data.time_zone.strip())
    if zone is None:
        errors["time_zone"] = ["Choose a time zone, such as Europe/Berlin or UTC."]
    try:
        day = date.fromisoformat(data.date.strip())
    except ValueError:
        errors["date"] = ["Enter the date as YYYY-MM-DD."]
        day = None
    try:
        clock = time.fromisoformat(data.time.strip()) if data.time.strip() else None
    except ValueError:
        clock = None
    if clock is None or len(data.time.strip()) not in (5, 8):
        errors["time"] = ["Enter the time as HH:MM (24-hour clock)."]
        clock = None
    if zone is None or day is None or clock is None:
        return None
    local = datetime.combine(day, clock.replace(second=0, microsecond=0), tzinfo=zone)
    # A time skipped when clocks move forward does not survive the round trip.
    back = local.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        errors["time"] = [
            f"{clock:%H:%M} does not exist on {day:%Y-%m-%d} in {zone.key}: the clocks "
            "move forward then. Choose another time."
        ]
        return None
    return local


def _round_of_job(loop_round_id: int | None, job_id: int) -> LoopRound | None:
    if loop_round_id is None:
        return None
    return db.session.scalar(
        select(LoopRound)
        .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
        .options(selectinload(LoopRound.interviewer_links))
        .where(LoopRound.id == loop_round_id, InterviewLoop.job_id == job_id)
    )


def _application(application_id: int) -> Application:
    application = db.session.scalar(
        select(Application)
        .options(joinedload(Application.candidate), joinedload(Application.job))
        .where(Application.id == application_id)
    )
    if application is None:
        raise NotFound("There is no such application.")
    return application


def schedule(actor: User, application_id: int, data: InterviewInput) -> Interview:
    """Plan an interview; it pins the round's definition and counts its questions."""
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    application = _application(application_id)
    errors: dict[str, list[str]] = {}
    if application.status != ACTIVE:
        errors["loop_round_id"] = ["Only applications still in the pipeline get interviews."]
    loop_round = _round_of_job(data.loop_round_id, application.job_id)
    if loop_round is None:
        errors["loop_round_id"] = ["Choose a round of this job's interview loop."]
    local = _local_start(data, errors)
    if local is not None and local <= utcnow():
        errors["date"] = ["Choose a date and time in the future."]
    duration = data.duration
    if duration is None and loop_round is not None:
        duration = loop_round.duration
    if duration is None or not MIN_DURATION <= duration <= MAX_DURATION:
        errors["duration"] = [
            f"Give the interview between {MIN_DURATION} and {MAX_DURATION} minutes."
        ]
    location = data.location.strip()
    if len(location) > MAX_LOCATION:
        errors["location"] = [f"Use at most {MAX_LOCATION} characters."]
    wanted = list(dict.fromkeys(data.interviewer_ids))
    if not wanted and loop_round is not None:
        wanted = [link.user_id for link in loop_round.interviewer_links]
    people = _interviewer_users(wanted)
    if not wanted:
        errors["interviewer_ids"] = [
            "Choose at least one interviewer (this round has nobody assigned yet)."
        ]
    elif len(people) != len(wanted):
        errors["interviewer_ids"] = ["Choose active users who hold the interviewer role."]
    if errors:
        raise ValidationFailed(errors)
    assert loop_round is not None and local is not None and duration is not None
    definition = loop_round.definition()
    interview = Interview(
        application=application,
        loop_round_id=loop_round.id,
        definition=definition,
        starts_at=local.astimezone(ZoneInfo("UTC")),
        duration=duration,
        time_zone=local.tzinfo.key,  # type: ignore[union-attr]
        location=location,
        status=SCHEDULED,
        created_by=actor,
        interviewers=[people[user_id] for user_id in wanted],
    )
    db.session.add(interview)
    record_question_use(question["id"] for question in definition["questions"])
    db.session.flush()
    _queue_invites(interview)
    audit.record(
        actor,
        "interview.scheduled",
        "interview",
        interview.id,
        f"Scheduled {definition['name']} with candidate #{application.candidate_id} for "
        f"{application.job.title} at {local:%Y-%m-%d %H:%M} {interview.time_zone}",
        {
            "application_id": application.id,
            "loop_round_id": loop_round.id,
            "starts_at": interview.starts_at.isoformat(),
            "interviewers": wanted,
            "questions": [question["id"] for question in definition["questions"]],
        },
    )
    db.session.commit()
    return interview


def _load(interview_id: int) -> Interview:
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
    interview = _load(interview_id)
    policy.require(actor, Action.VIEW_INTERVIEW, interview)
    return interview


def cancel(actor: User, interview_id: int, *, expected_version: int | None) -> Interview:
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    interview = _load(interview_id)
    if expected_version is not None and expected_version != interview.version:
        raise Conflict(
            "Someone else changed this interview while you were looking; check it and "
            "cancel again if you still need to."
        )
    if interview.status == CANCELLED:
        return interview
    interview.status = CANCELLED
    interview.cancelled_at = utcnow()
    try:
        # The version moves on here, so the cancellation outranks the invite it replaces.
        db.session.flush()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            "Someone else changed this interview at the same time; reload and try again."
        ) from exc
    _queue_invites(interview)
    audit.record(
        actor,
        "interview.cancelled",
        "interview",
        interview.id,
        f"Cancelled {interview.round_name} with candidate "
        f"#{interview.application.candidate_id} for "
        f"{interview.application.job.title}",
    )
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            "Someone else changed this interview at the same time; reload and try again."
        ) from exc
    return interview


# --- reading ---------------------------------------------------------------------------


def _with_everything(query):
    return query.options(
        joinedload(Interview.application).joinedload(Application.candidate),
        joinedload(Interview.application).joinedload(Application.job),
        selectinload(Interview.interviewers),
    )


@dataclass(frozen=True)
class MyInterviews:
    upcoming: list[Interview]
    past: list[Interview]
    # Interview id -> the status of the person's scorecard on it (none: not started).
    scorecards: dict[int, str] = field(default_factory=dict)
    now: datetime = field(default_factory=utcnow)

    def scorecard_state(self, interview: Interview) -> str:
        """What to offer for the person's scorecard: scorecard_rules' NOT_YET, WRITE,
        CONTINUE, DONE or CANCELLED."""
        return scorecard_rules.interviewer_state(
            self.scorecards.get(interview.id),
            starts_at=interview.starts_at,
            cancelled=interview.status == CANCELLED,
            now=self.now,
        )


def interviews_of(actor: User) -> MyInterviews:
    """The interviews a person is on: upcoming first (soonest first), then past (latest
    first), with the state of their scorecards, in three queries whatever their number."""
    policy.require(actor, Action.VIEW_MY_INTERVIEWS)
    interviews = db.session.scalars(
        _with_everything(select(Interview))
        .where(Interview.interviewers.any(User.id == actor.id))
        .order_by(Interview.starts_at.asc(), Interview.id.asc())
    ).all()
    now = utcnow()
    upcoming = [i for i in interviews if i.ends_at >= now]
    past = [i for i in interviews if i.ends_at < now]
    return MyInterviews(
        upcoming=upcoming,
        past=list(reversed(past)),
        scorecards=scorecard_progress.statuses_of(actor.id),
        now=now,
    )


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
    interviews: list[Interview]
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
    the ones ``VIEW_INTERVIEW`` lets them open.
    """
    query = _with_everything(select(Interview))
    if not policy.can(actor, Action.SCHEDULE_INTERVIEWS):
        policy.require(actor, Action.VIEW_MY_INTERVIEWS)
        query = query.where(Interview.interviewers.any(User.id == actor.id))
    if filters.application_id is not None:
        query = query.where(Interview.application_id == filters.application_id)
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
    return InterviewSlice(interviews[:limit], len(interviews) > limit)


@dataclass(frozen=True)
class RoundChoice:
    loop_round: LoopRound
    interviewer_names: list[str]


@dataclass(frozen=True)
class SchedulingForm:
    """What the schedule form offers for one application."""

    application: Application
    rounds: list[RoundChoice]
    interviewers: list[User]
    scheduled: list[Interview]


def scheduling_choices(actor: User, application_id: int) -> SchedulingForm:
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    application = _application(application_id)
    rounds = db.session.scalars(
        select(LoopRound)
        .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
        .options(selectinload(LoopRound.interviewer_links).joinedload(LoopRoundInterviewer.user))
        .where(InterviewLoop.job_id == application.job_id)
        .order_by(LoopRound.position)
    ).all()
    interviewers = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.INTERVIEWER.value, User.active.is_(True))
        .order_by(User.name)
    ).all()
    return SchedulingForm(
        application=application,
        rounds=[RoundChoice(r, [link.user.name for link in r.interviewer_links]) for r in rounds],
        interviewers=list(interviewers),
        scheduled=interviews_for_application(actor, application_id),
    )


# --- the pinned kit and the invite -------------------------------------------------------


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


def interview_kit(actor: User, interview_id: int) -> InterviewKit:
    """The kit of one scheduled interview, from its pinned definition."""
    interview = get_interview(actor, interview_id)
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
    )


def kit_url(interview_id: int) -> str:
    """The kit's address: absolute in a request or with SERVER_NAME set, else the path."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for("interviews.kit", interview_id=interview_id, _external=True)
    return f"/interviews/{interview_id}/kit"


def _sender() -> str:
    return str(current_app.config.get("MAIL_DEFAULT_SENDER") or "hiring@localhost")


def _uid_domain() -> str:
    """A stable domain for event UIDs, so the emailed and the downloaded invite of one
    interview are the same calendar event: the sender address's domain."""
    return _sender().rpartition("@")[2].strip(" >") or "localhost"


def invite(actor: User, interview_id: int) -> bytes:
    """The interview's .ics file, for a scheduler or one of its interviewers."""
    interview = get_interview(actor, interview_id)
    return calendar.build_invite(invite_data(interview))


def invite_data(interview: Interview) -> calendar.Invite:
    organizer = (
        calendar.Person(interview.created_by.name, interview.created_by.email)
        if interview.created_by is not None
        else calendar.Person("Hiring", _sender())
    )
    return calendar.Invite(
        uid=f"interview-{interview.id}@{_uid_domain()}",
        starts_at=interview.starts_at,
        duration_minutes=interview.duration,
        time_zone=interview.time_zone,
        candidate_name=interview.application.candidate.name,
        round_name=interview.round_name,
        job_title=interview.application.job.title,
        location=interview.location,
        organizer=organizer,
        attendees=tuple(calendar.Person(u.name, u.email) for u in interview.interviewers),
        kit_url=kit_url(interview.id),
        stamp=utcnow(),
        sequence=interview.version - 1,
        cancelled=interview.status == CANCELLED,
    )


def invite_email(interview: Interview, interviewer: User) -> tuple[str, str]:
    """Subject and body of the email that carries an interview's invite to one interviewer."""
    when = f"{interview.local_starts_at:%A %d %B %Y, %H:%M} ({interview.time_zone})"
    candidate = interview.application.candidate.name
    job = interview.application.job.title
    if interview.status == CANCELLED:
        subject = f"Cancelled: interview with {candidate}, {interview.round_name}"
        lines = [
            f"Hello {interviewer.name},",
            "",
            f"The {interview.round_name} interview with {candidate} for {job} on {when} "
            "has been cancelled. The attached update removes it from your calendar.",
        ]
    else:
        subject = f"Interview: {candidate}, {interview.round_name} on {when}"
        where = interview.location or "to be confirmed"
        lines = [
            f"Hello {interviewer.name},",
            "",
            f"You are interviewing {candidate} for {job}.",
            "",
            f"Round: {interview.round_name} ({interview.duration} minutes)",
            f"When: {when}",
            f"{'Join' if interview.is_video_link else 'Where'}: {where}",
            f"With: {', '.join(u.name for u in interview.interviewers)}",
            "",
            f"Your interview kit (focus skills, questions, what good answers sound like): "
            f"{kit_url(interview.id)}",
            "",
            "The calendar invite is attached.",
        ]
    return subject, "\n".join(lines) + "\n"


def _queue_invites(interview: Interview) -> None:
    """One email per interviewer with the .ics attached, in the caller's transaction."""
    ics = calendar.build_invite(invite_data(interview)).decode("utf-8")
    method = "CANCEL" if interview.status == CANCELLED else "REQUEST"
    attachment = Attachment(
        filename=f"interview-{interview.id}.ics",
        content_type=f"text/calendar; method={method}",
        content=ics,
    )
    for person in interview.interviewers:
        subject, body = invite_email(interview, person)
        outbox.queue(
            person.email,
            subject,
            body,
            kind="interview_cancelled" if method == "CANCEL" else "interview_invite",
            dedupe_key=f"interview:{interview.id}:{interview.version}:{person.id}",
            attachments=(attachment,),
            candidate_id=interview.application.candidate_id,
        )
