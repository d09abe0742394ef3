"""Scheduling interviews: plan one for an application and a loop round, cancel it.

Each change owns its transaction, asks ``policy`` and writes the audit log; each one
emails every interviewer the calendar invite (``invites``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.interviews.invites import queue_invites
from hiring.interviews.models import CANCELLED, SCHEDULED, Interview
from hiring.interviews.services import interviews_for_application, load_interview
from hiring.loops.models import InterviewLoop, LoopRound, LoopRoundInterviewer
from hiring.loops.services import record_question_use
from hiring.notifications import delivery
from hiring.pipeline.models import ACTIVE, Application
from hiring.policy import Action
from hiring.roles import Role
from hiring.time_zones import zone_named
from hiring.transactions import commit_or_conflict, stale_is_conflict

MIN_DURATION, MAX_DURATION = 10, 480
MAX_LOCATION = 500

# Offered in the form; any IANA name ``time_zones`` lists is accepted (the API, or the
# viewer's own zone as the form's default, may be another).
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


def _application(application_id: int, *, lock: bool = False) -> Application:
    query = (
        select(Application)
        .options(joinedload(Application.candidate), joinedload(Application.job))
        .where(Application.id == application_id)
    )
    if lock:
        # PostgreSQL: two schedules of one application wait for each other, so the
        # second sees the first's interview (SQLite serialises writers anyway).
        query = query.with_for_update(of=Application)
    application = db.session.scalar(query)
    if application is None:
        raise NotFound("There is no such application.")
    return application


ALREADY_SCHEDULED = (
    "This interview was already scheduled: {round} on {when:%Y-%m-%d at %H:%M} ({zone}). "
    "Nothing new was scheduled and no second invite was sent."
)


def _refuse_repeat(application: Application, loop_round: LoopRound, local: datetime) -> None:
    """One application, round and start time make one interview until it is cancelled
    (a form sent from two tabs, or twice with a new page in between)."""
    earlier = db.session.scalar(
        select(Interview).where(
            Interview.application_id == application.id,
            Interview.loop_round_id == loop_round.id,
            Interview.starts_at == local.astimezone(ZoneInfo("UTC")),
            Interview.status != CANCELLED,
        )
    )
    if earlier is not None:
        raise Conflict(
            ALREADY_SCHEDULED.format(
                round=earlier.round_name, when=earlier.local_starts_at, zone=earlier.time_zone
            )
        )


def schedule(
    actor: User,
    application_id: int,
    data: InterviewInput,
    *,
    before_commit: Callable[[Interview], None] | None = None,
) -> Interview:
    """Plan an interview; it pins the round's definition and counts its questions.

    The same application, round and start time as an interview not cancelled is a
    ``Conflict`` (409): nothing is scheduled and nobody is emailed.

    ``before_commit`` runs once the interview has its id and its invites are queued, in
    the same transaction (the API keeps its idempotency key there)."""
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    application = _application(application_id, lock=True)
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
    _refuse_repeat(application, loop_round, local)
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
    queue_invites(interview)
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
    if before_commit is not None:
        before_commit(interview)
    db.session.commit()
    return interview


def cancel(actor: User, interview_id: int, *, expected_version: int | None) -> Interview:
    policy.require(actor, Action.SCHEDULE_INTERVIEWS)
    interview = load_interview(interview_id)
    if expected_version is not None and expected_version != interview.version:
        raise Conflict(
            "Someone else changed this interview while you were looking; check it and "
            "cancel again if you still need to."
        )
    if interview.status == CANCELLED:
        return interview
    interview.status = CANCELLED
    interview.cancelled_at = utcnow()
    with stale_is_conflict("interview"):
        # The version moves on here, so the cancellation outranks the invite it replaces.
        db.session.flush()
    queue_invites(interview)
    audit.record(
        actor,
        "interview.cancelled",
        "interview",
        interview.id,
        f"Cancelled {interview.round_name} with candidate "
        f"#{interview.application.candidate_id} for "
        f"{interview.application.job.title}",
    )
    commit_or_conflict("interview")
    return interview


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
    # Interview id -> the invites (or cancellations) that could not be sent.
    undelivered: dict[int, list[delivery.DeliveryProblem]]


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
    scheduled = interviews_for_application(actor, application_id)
    problems = delivery.problems([interview.topic for interview in scheduled])
    return SchedulingForm(
        application=application,
        rounds=[RoundChoice(r, [link.user.name for link in r.interviewer_links]) for r in rounds],
        interviewers=list(interviewers),
        scheduled=scheduled,
        undelivered={
            interview.id: problems[interview.topic]
            for interview in scheduled
            if interview.topic in problems
        },
    )
