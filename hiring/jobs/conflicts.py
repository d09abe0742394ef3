"""Concurrent edits of a job: the version the editor read must still be the job's."""

from __future__ import annotations

from hiring.domain import Conflict
from hiring.jobs.models import Job


def check_version(job: Job, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != job.version:
        raise Conflict(
            f"{job.title} was changed by someone else after you opened it. The page now shows "
            "the current version; what you typed is kept so you can apply it again."
        )
