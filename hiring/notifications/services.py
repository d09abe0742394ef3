"""What the notification commands do: queue reminders, send the outbox.

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
from hiring.notifications import outbox, reminders
from hiring.pipeline.dashboard import overdue_applications
from hiring.pipeline.models import ACTIVE, Application
from hiring.pipeline.services import current_pipeline


@dataclass(frozen=True)
class RemindResult:
    overdue: int
    queued: int
    already_queued: int
    no_recipient: int


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
    )


def queue_reminders(now: datetime | None = None) -> RemindResult:
    """Queue a reminder for every stuck application not reminded today (two queries)."""
    now = now or utcnow()
    pipeline = current_pipeline()
    applications = [_open_application(a) for a in overdue_applications(pipeline, now)]
    due = reminders.stuck_reminders(pipeline, applications, now)
    queued = 0
    for reminder in due:
        if outbox.queue(
            reminder.to,
            reminder.subject,
            reminder.body,
            kind=reminder.kind,
            dedupe_key=reminder.dedupe_key,
        ):
            queued += 1
    db.session.commit()
    return RemindResult(
        overdue=len(applications),
        queued=queued,
        already_queued=len(due) - queued,
        no_recipient=len(applications) - len(due),
    )
