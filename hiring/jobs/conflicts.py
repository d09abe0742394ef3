"""Concurrent edits of a job: caught by its version column and answered with Conflict."""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from hiring.domain import Conflict
from hiring.extensions import db
from hiring.jobs.models import Job


def commit_change(what: str = "job") -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            f"Someone else changed this {what} while you were working on it. "
            "Reload to see the current version, then make your change again."
        ) from exc


def check_version(job: Job, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != job.version:
        raise Conflict(
            f"{job.title} was changed by someone else after you opened it. The page now shows "
            "the current version; what you typed is kept so you can apply it again."
        )
