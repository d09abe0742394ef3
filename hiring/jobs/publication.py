"""Putting a job on the careers site, taking it off, and reading it there.

Publishing is refused while the description has lint errors. What the public page and
its JSON-LD show is frozen at publish time (``Job.published_posting``): later edits of
the job or its description wait until it is published again, through the linter, so
the page people read and the data search engines read never disagree. The shapes of
the public posting (JSON-LD, JSON Resume, standalone HTML) are the pure ``publishing``
module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import DomainError, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import lint as jd_lint
from hiring.jobs import snapshot as snap
from hiring.jobs.conflicts import check_version
from hiring.jobs.descriptions import (
    current_description,
    description_version,
    facts_of,
    lint_context,
    lint_markdown,
)
from hiring.jobs.models import DRAFT, PUBLISHED, UNPUBLISHED, Job, JobDescriptionVersion
from hiring.jobs.publishing import (
    Posting,
    posting_from_json,
    posting_to_json,
    unpublished_changes,
)
from hiring.jobs.queries import get_job, profile_of
from hiring.policy import Action
from hiring.sanitize import plain_text
from hiring.transactions import commit_or_conflict

DEFAULT_VALIDITY = timedelta(days=60)


class Gone(DomainError):
    status = 410
    title = "Gone"


def build_posting(job: Job, version: JobDescriptionVersion) -> Posting:
    """The posting as the job stands now (the page's address is filled in on view)."""
    snapshot = job.rubric_snapshot
    return Posting(
        facts=facts_of(job),
        level=job.level,
        public_id=job.public_id,
        url="",
        company_url="",
        date_posted=job.published_at.date() if job.published_at else None,
        valid_through=job.valid_through,
        description_markdown=version.markdown,
        description_html=version.html,
        description_text=plain_text(version.markdown),
        responsibilities=snap.role_of(snapshot).responsibilities,
        profile=profile_of(job),
        skills=snap.skills_of(snapshot),
        description_number=version.number,
    )


def published_posting(job: Job) -> Posting | None:
    """What the public page shows; None unless the job was published with a snapshot."""
    if not job.published_posting:
        return None
    return posting_from_json(job.published_posting, url="", company_url="")


def _shows_pay_range(job: Job) -> bool:
    posting = published_posting(job) if job.status == PUBLISHED else None
    return posting is not None and None not in (
        posting.facts.salary_min,
        posting.facts.salary_max,
    )


def publish(
    actor: User, job_id: int, *, expected_version: int | None, valid_through: date | None
) -> Job:
    """Publish, or republish with the job's current details and description."""
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    check_version(job, expected_version)
    current = current_description(job)
    if current is None:
        raise ValidationFailed({"publish": ["Write a description before publishing."]})
    findings = lint_markdown(job, current.markdown, published_pay_range=_shows_pay_range(job))
    blocking = [f for f in findings if f.severity == jd_lint.ERROR]
    if blocking:
        raise ValidationFailed(
            {"publish": [f"Fix before publishing: {finding.message}" for finding in blocking]}
        )
    today = utcnow().date()
    if valid_through is not None and valid_through <= today:
        raise ValidationFailed({"valid_through": ["Choose a date in the future."]})
    republished = job.status == PUBLISHED
    job.status = PUBLISHED
    if not republished:
        job.published_at = utcnow()
    job.unpublished_at = None
    if valid_through is not None or not republished or job.valid_through is None:
        job.valid_through = valid_through or today + DEFAULT_VALIDITY
    job.published_posting = posting_to_json(build_posting(job, current))
    if republished:
        audit.record(
            actor, "job.republished", "job", job.id,
            f"Republished {job.title!r} with description version {current.number}",
        )  # fmt: skip
    else:
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
class PublicationState:
    """For the editor: what the public page shows and what a republish would change."""

    changes: list[str]  # empty: the page shows the job as it is
    blocking: list[str]  # lint errors a republish would hit now
    has_snapshot: bool


def publication_state(job: Job) -> PublicationState | None:
    """None unless the job is published."""
    if job.status != PUBLISHED:
        return None
    current = current_description(job)
    published = published_posting(job)
    if current is None:
        return PublicationState([], [], published is not None)
    changes = (
        unpublished_changes(published, build_posting(job, current))
        if published is not None
        else ["the page was published before snapshots were kept; republish to freeze it"]
    )
    blocking: list[str] = []
    if changes:
        context = lint_context(job, published_pay_range=_shows_pay_range(job))
        blocking = [
            f.message
            for f in jd_lint.lint_description(current.markdown, context)
            if f.severity == jd_lint.ERROR
        ]
    return PublicationState(changes, blocking, published is not None)


def pay_law_warning(job: Job) -> dict[str, str] | None:
    """For the edit form: the job is published in a place whose law requires a range."""
    if not _shows_pay_range(job):
        return None
    context = lint_context(job)
    laws = jd_lint.laws_at(context)
    if not laws and job.remote_policy == "remote":
        laws = list(context.salary_laws)
    if not laws:
        return None
    names = [law.name for law in laws]
    return {
        "location": job.location or "a remote role",
        "names": ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0],
    }


@dataclass(frozen=True)
class PublicJob:
    job: Job
    posting: Posting

    @property
    def accepts_applications(self) -> bool:
        return self.job.status == PUBLISHED


def public_job(public_id: str) -> PublicJob:
    """A published job for anyone, as it was published; 410 once unpublished or
    expired, 404 otherwise."""
    job = db.session.scalar(
        select(Job)
        .options(undefer(Job.published_posting), undefer(Job.rubric_snapshot))
        .where(Job.public_id == public_id)
    )
    if job is None or job.status == DRAFT:
        raise NotFound("There is no such job.")
    expired = job.valid_through is not None and job.valid_through < utcnow().date()
    if job.status == UNPUBLISHED or expired:
        raise Gone("This job is no longer open.")
    posting = published_posting(job)
    if posting is None:  # published before snapshots were kept: show it as it stands
        posting = build_posting(job, description_version(job, job.current_description_number))
    return PublicJob(job, replace(posting, valid_through=job.valid_through))
