"""What the notification commands do: queue reminders (stuck applications, late
scorecards), send the outbox.

``queue_reminders`` owns its transaction: the reminders it queues are committed
together, or not at all. Sending is ``outbox.send_pending``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for

from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.extensions import db
from hiring.notifications import outbox
from hiring.pipeline.lists import overdue_applications
from hiring.pipeline.models import ACTIVE, Application
from hiring.pipeline.services import current_pipeline
from hiring.reminders import rules as reminders
from hiring.scorecards import progress as scorecard_progress


@dataclass(frozen=True)
class RemindResult:
    overdue: int
    queued: int
    already_queued: int
    no_recipient: int
    late_scorecards: int = 0
    late_queued: int = 0
    late_already_queued: int = 0
    late_inactive: int = 0


def _person(user: User | None) -> reminders.Person | None:
    if user is None:
        return None
    return reminders.Person(name=user.name, email=user.email, active=user.active)


def _board_url(job_id: int) -> str:
    """An absolute link when the app knows its address (SERVER_NAME), else the path."""
    if current_app.config.get("SERVER_NAME"):
        return url_for("pipeline.board", job_id=job_id, _external=True)
    return f"/jobs/{job_id}/board"


def _open_application(application: Application) -> reminders.OpenApplication:
    return reminders.OpenApplication(
        id=application.id,
        candidate_name=application.candidate.name,
        job_title=application.job.title,
        stage=application.stage,
        entered_stage_at=application.entered_stage_at,
        owner=_person(application.owner),
        hiring_manager=_person(application.job.hiring_manager),
        board_url=_board_url(application.job_id),
        active=application.status == ACTIVE,
        candidate_id=application.candidate_id,
    )


def _scorecard_url(interview_id: int) -> str:
    if current_app.config.get("SERVER_NAME"):
        return url_for("scorecards.write", interview_id=interview_id, _external=True)
    return f"/interviews/{interview_id}/scorecard"


def _late_scorecard(row: scorecard_progress.LateScorecard) -> reminders.LateScorecard:
    interview = row.interview
    return reminders.LateScorecard(
        interview_id=interview.id,
        application_id=interview.application_id,
        interviewer_id=row.interviewer.id,
        interviewer=reminders.Person(
            name=row.interviewer.name, email=row.interviewer.email, active=row.interviewer.active
        ),
        candidate_name=interview.application.candidate.name,
        job_title=interview.application.job.title,
        round_name=interview.round_name,
        ends_at=interview.ends_at,
        scorecard_url=_scorecard_url(interview.id),
        application_active=interview.application.status == ACTIVE,
        candidate_id=interview.application.candidate_id,
    )


def _queue_all(due: list[reminders.Reminder]) -> int:
    queued = 0
    for reminder in due:
        if outbox.queue(
            reminder.to,
            reminder.subject,
            reminder.body,
            kind=reminder.kind,
            dedupe_key=reminder.dedupe_key,
            candidate_id=reminder.candidate_id,
        ):
            queued += 1
    return queued


def queue_reminders(now: datetime | None = None) -> RemindResult:
    """Queue a reminder for every stuck application and every late scorecard not
    reminded today (three queries)."""
    now = now or utcnow()
    pipeline = current_pipeline()
    applications = [_open_application(a) for a in overdue_applications(pipeline, now)]
    due = reminders.stuck_reminders(pipeline, applications, now)
    queued = _queue_all(due)
    # Only for applications still in the pipeline: nobody is chased about a closed one.
    in_pipeline = Application.status == ACTIVE
    late = [
        _late_scorecard(row)
        for row in scorecard_progress.late_scorecards(now, applications=in_pipeline).rows
    ]
    late_due = reminders.late_scorecard_reminders(late, now)
    late_queued = _queue_all(late_due)
    db.session.commit()
    return RemindResult(
        overdue=len(applications),
        queued=queued,
        already_queued=len(due) - queued,
        no_recipient=len(applications) - len(due),
        late_scorecards=len(late),
        late_queued=late_queued,
        late_already_queued=len(late_due) - late_queued,
        late_inactive=len(late) - len(late_due),
    )
