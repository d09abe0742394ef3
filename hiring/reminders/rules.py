"""Which work is overdue and who is reminded of it. Pure: plain data in, reminders out.

An application is overdue when it is active and has been in its stage longer than the
stage's target days (the rubric's ``stages.yaml``; stages without a target are never
overdue). The reminder goes to the application's owner (a recruiter) while that
account is active, otherwise to the job's hiring manager; with neither it is skipped.
Reminders are keyed by application, stage and UTC day: queued at most once a day per
application and stage however often the command runs.

A scorecard is late when its interview (not cancelled) ended more than 24 hours ago
and the interviewer has not submitted it (``scorecards.rules.is_late``). Each
interviewer with a late scorecard is reminded of it, once per interview and UTC day,
while their account is active.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hiring.pipeline.stages import Pipeline, days_in_stage, is_stuck
from hiring.scorecards.rules import due_at, hours_late, is_late, lateness

STUCK_KIND = "reminder.stuck"
LATE_SCORECARD_KIND = "reminder.late_scorecard"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    active: bool = True


@dataclass(frozen=True)
class OpenApplication:
    id: int
    candidate_name: str
    job_title: str
    stage: str
    entered_stage_at: datetime
    owner: Person | None = None
    hiring_manager: Person | None = None
    board_url: str = ""
    active: bool = True
    candidate_id: int | None = None


@dataclass(frozen=True)
class Reminder:
    application_id: int
    to: str
    subject: str
    body: str
    kind: str
    dedupe_key: str
    # Who the email is about: erasing the candidate scrubs it from the outbox.
    candidate_id: int | None = None


def days_overdue(pipeline: Pipeline, stage: str, entered_at: datetime, now: datetime) -> int:
    """Days past the stage's target (0 when not overdue or the stage has no target)."""
    target = pipeline.target_days(stage)
    if target is None or not is_stuck(pipeline, stage, entered_at, now):
        return 0
    return days_in_stage(entered_at, now) - target


def is_overdue(pipeline: Pipeline, application: OpenApplication, now: datetime) -> bool:
    return application.active and (
        days_overdue(pipeline, application.stage, application.entered_stage_at, now) > 0
    )


def recipient(application: OpenApplication) -> Person | None:
    for person in (application.owner, application.hiring_manager):
        if person is not None and person.active and person.email:
            return person
    return None


def dedupe_key(application_id: int, stage: str, now: datetime) -> str:
    """One reminder per application, stage and UTC day."""
    return f"stuck:{application_id}:{stage}:{now.date().isoformat()}"


def stuck_reminder(
    pipeline: Pipeline, application: OpenApplication, now: datetime
) -> Reminder | None:
    if not is_overdue(pipeline, application, now):
        return None
    person = recipient(application)
    if person is None:
        return None
    stage_name = pipeline.name(application.stage)
    days = days_in_stage(application.entered_stage_at, now)
    target = pipeline.target_days(application.stage)
    lines = [
        f"Hello {person.name},",
        "",
        f"{application.candidate_name} has been in {stage_name} for {days} days for "
        f"{application.job_title}; the target for this stage is {target} days.",
        "Move the application on, reject it with a reason, or note why it waits.",
    ]
    if application.board_url:
        lines += ["", f"Board: {application.board_url}"]
    lines += ["", "You get this reminder once a day while the application stays overdue."]
    return Reminder(
        application_id=application.id,
        to=person.email,
        subject=f"Overdue: {application.candidate_name} in {stage_name} ({days} days)",
        body="\n".join(lines) + "\n",
        kind=STUCK_KIND,
        dedupe_key=dedupe_key(application.id, application.stage, now),
        candidate_id=application.candidate_id,
    )


def stuck_reminders(
    pipeline: Pipeline, applications: Iterable[OpenApplication], now: datetime
) -> list[Reminder]:
    """A reminder for every overdue application with someone to tell, oldest first."""
    ordered = sorted(applications, key=lambda a: (a.entered_stage_at, a.id))
    reminders = (stuck_reminder(pipeline, application, now) for application in ordered)
    return [reminder for reminder in reminders if reminder is not None]


# --- late scorecards ---------------------------------------------------------------------


@dataclass(frozen=True)
class LateScorecard:
    """An interviewer on an interview whose scorecard is not submitted."""

    interview_id: int
    application_id: int
    interviewer_id: int
    interviewer: Person
    candidate_name: str
    job_title: str
    round_name: str
    ends_at: datetime
    scorecard_url: str = ""
    cancelled: bool = False
    submitted: bool = False
    # The application is still in the pipeline; once it is closed nobody is chased.
    application_active: bool = True
    candidate_id: int | None = None


def late_scorecard_key(interviewer_id: int, interview_id: int, now: datetime) -> str:
    """One reminder per interviewer, interview and UTC day."""
    return f"late-scorecard:{interviewer_id}:{interview_id}:{now.date().isoformat()}"


def late_scorecard_reminder(item: LateScorecard, now: datetime) -> Reminder | None:
    if not is_late(item.ends_at, cancelled=item.cancelled, submitted=item.submitted, now=now):
        return None
    if not item.application_active:
        return None
    person = item.interviewer
    if not person.active or not person.email:
        return None
    hours = hours_late(item.ends_at, now)
    lines = [
        f"Hello {person.name},",
        "",
        f"Your scorecard for the {item.round_name} interview with {item.candidate_name} "
        f"({item.job_title}) was due on {due_at(item.ends_at):%Y-%m-%d at %H:%M} UTC, "
        f"24 hours after the interview ended; it is {lateness(hours)}.",
        "The debrief waits for every interviewer's evidence. Write it while you still "
        "remember what the candidate said and did.",
    ]
    if item.scorecard_url:
        lines += ["", f"Your scorecard: {item.scorecard_url}"]
    lines += ["", "You get this reminder once a day until the scorecard is submitted."]
    return Reminder(
        application_id=item.application_id,
        to=person.email,
        subject=f"Late scorecard: {item.candidate_name}, {item.round_name}",
        body="\n".join(lines) + "\n",
        kind=LATE_SCORECARD_KIND,
        dedupe_key=late_scorecard_key(item.interviewer_id, item.interview_id, now),
        candidate_id=item.candidate_id,
    )


def late_scorecard_reminders(items: Iterable[LateScorecard], now: datetime) -> list[Reminder]:
    """A reminder for each late scorecard of an active interviewer, longest overdue first."""
    ordered = sorted(items, key=lambda i: (i.ends_at, i.interview_id, i.interviewer_id))
    reminders = (late_scorecard_reminder(item, now) for item in ordered)
    return [reminder for reminder in reminders if reminder is not None]
