"""Putting a job on the careers site, taking it off, and reading it there.

Publishing is refused while the description has lint errors. The shapes of the public
posting (JSON-LD, JSON Resume, standalone HTML) are the pure ``publishing`` module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import DomainError, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import lint as jd_lint
from hiring.jobs.conflicts import check_version
from hiring.jobs.descriptions import current_description, description_version, lint_markdown
from hiring.jobs.models import DRAFT, PUBLISHED, UNPUBLISHED, Job, JobDescriptionVersion
from hiring.jobs.queries import get_job
from hiring.policy import Action
from hiring.transactions import commit_or_conflict

DEFAULT_VALIDITY = timedelta(days=60)


class Gone(DomainError):
    status = 410
    title = "Gone"


def publish(
    actor: User, job_id: int, *, expected_version: int | None, valid_through: date | None
) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    check_version(job, expected_version)
    current = current_description(job)
    if current is None:
        raise ValidationFailed({"publish": ["Write a description before publishing."]})
    blocking = [f for f in lint_markdown(job, current.markdown) if f.severity == jd_lint.ERROR]
    if blocking:
        raise ValidationFailed(
            {"publish": [f"Fix before publishing: {finding.message}" for finding in blocking]}
        )
    today = utcnow().date()
    if valid_through is not None and valid_through <= today:
        raise ValidationFailed({"valid_through": ["Choose a date in the future."]})
    job.status = PUBLISHED
    job.published_at = utcnow()
    job.unpublished_at = None
    job.valid_through = valid_through or today + DEFAULT_VALIDITY
    audit.record(actor, "job.published", "job", job.id, f"Published {job.title!r}")
    commit_or_conflict("job")
    return job


def unpublish(actor: User, job_id: int, *, expected_version: int | None) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    check_version(job, expected_version)
    if job.status != PUBLISHED:
        return job
    job.status = UNPUBLISHED
    job.unpublished_at = utcnow()
    audit.record(actor, "job.unpublished", "job", job.id, f"Took {job.title!r} off the public site")
    commit_or_conflict("job")
    return job


@dataclass(frozen=True)
class PublicJob:
    job: Job
    description: JobDescriptionVersion


def public_job(public_id: str) -> PublicJob:
    """A published job for anyone; 410 once unpublished or expired, 404 otherwise."""
    job = db.session.scalar(select(Job).where(Job.public_id == public_id))
    if job is None or job.status == DRAFT:
        raise NotFound("There is no such job.")
    expired = job.valid_through is not None and job.valid_through < utcnow().date()
    if job.status == UNPUBLISHED or expired:
        raise Gone("This job is no longer open.")
    description = description_version(job, job.current_description_number)
    return PublicJob(job, description)
