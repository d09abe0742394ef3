"""Which work is overdue and who is reminded of it. Pure: plain data in, reminders out.

An application is overdue when it is active and has been in its stage longer than the
stage's target days (the rubric's ``stages.yaml``; stages without a target are never
overdue). The reminder goes to the application's owner (a recruiter) while that
account is active, otherwise to the job's hiring manager; with neither it is skipped.
Reminders are keyed by application, stage and UTC day: queued at most once a day per
application and stage however often the command runs.

Late scorecards come with scorecards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hiring.pipeline.stages import Pipeline, days_in_stage, is_stuck

STUCK_KIND = "reminder.stuck"


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


@dataclass(frozen=True)
class Reminder:
    application_id: int
    to: str
    subject: str
    body: str
    kind: str
    dedupe_key: str


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
    )


def stuck_reminders(
    pipeline: Pipeline, applications: Iterable[OpenApplication], now: datetime
) -> list[Reminder]:
    """A reminder for every overdue application with someone to tell, oldest first."""
    ordered = sorted(applications, key=lambda a: (a.entered_stage_at, a.id))
    reminders = (stuck_reminder(pipeline, application, now) for application in ordered)
    return [reminder for reminder in reminders if reminder is not None]
