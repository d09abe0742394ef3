"""Applying on the careers page: anyone, no account, to a published and open job.

One submission creates the candidate, or adds to the one with the same email address
(as everywhere in the app), attaches the resume through the same checks and storage as
a recruiter's upload, opens the application in the job's first stage with the source
"careers page", keeps the voluntary self-identification apart, writes the audit log and
queues the confirmation email, all in one transaction. The resume is read before that
transaction starts, so a slow file never holds the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from hiring import audit
from hiring.candidates import resume_services
from hiring.candidates.models import Candidate
from hiring.candidates.rules import EMAIL, MAX_LINKS
from hiring.candidates.self_identification import (
    SelfIdentification,
    check_answers,
    record_self_identification,
)
from hiring.domain import Conflict, ValidationFailed
from hiring.extensions import db
from hiring.input_rules import LINE_MESSAGE, is_line
from hiring.jobs import publication
from hiring.notifications import outbox
from hiring.pipeline.models import ACTIVE, Application
from hiring.pipeline.services import open_application
from hiring.privacy.services import retention_policy
from hiring.transactions import commit_or_conflict, end_transaction

SOURCE = "careers"
AUDIT_ACTOR = "careers page"


@dataclass(frozen=True)
class ApplicationInput:
    name: str
    email: str
    links: tuple[str, ...]
    consent: bool
    resume_filename: str
    resume_data: bytes
    self_identification: SelfIdentification = field(default_factory=SelfIdentification)


@dataclass(frozen=True)
class Applied:
    application_id: int
    candidate_id: int
    merged: bool  # the email belonged to a candidate already
    already_applied: bool  # an open application to this job existed: nothing new


def retention_notice() -> str:
    """What the consent checkbox tells the applicant about how long data is kept."""
    days = retention_policy().closed_days
    kept = (
        f"for {days} days after the hiring process for you ends"
        if days
        else "until you ask us to delete it"
    )
    return (
        "We use your application only to consider you for jobs with us. We keep it "
        f"{kept}, then delete it; you can ask us at any time to send you a copy or to "
        "erase it."
    )


def _check(data: ApplicationInput) -> ApplicationInput:
    name = " ".join(data.name.split())
    email = data.email.strip().lower()
    links = tuple(dict.fromkeys(link.strip() for link in data.links if link.strip()))
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Tell us your name."]
    elif len(name) > 200:
        errors["name"] = ["Use at most 200 characters."]
    elif not is_line(name):
        errors["name"] = [LINE_MESSAGE]
    if not email:
        errors["email"] = ["Give an email address we can answer you at."]
    elif len(email) > 254 or not EMAIL.match(email) or not is_line(email):
        errors["email"] = ["Enter an email address like name@example.com."]
    if len(links) > MAX_LINKS:
        errors["links"] = [f"Give at most {MAX_LINKS} links."]
    elif bad := [link for link in links if not re.match(r"^https?://\S+$", link)]:
        errors["links"] = [f"Links start with http:// or https://: {', '.join(bad)}"]
    elif any(len(link) > 500 or not is_line(link) for link in links):
        errors["links"] = ["Keep each link on one line, under 500 characters."]
    if not data.consent:
        errors["consent"] = ["Tick the box to agree, so we may keep your application."]
    if not data.resume_data:
        errors["resume"] = ["Attach your resume as a PDF or Word (.docx) file."]
    try:
        check_answers(data.self_identification)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return ApplicationInput(
        name=name,
        email=email,
        links=links,
        consent=True,
        resume_filename=data.resume_filename,
        resume_data=data.resume_data,
        self_identification=data.self_identification,
    )


def _confirmation(name: str, title: str, company: str) -> tuple[str, str]:
    subject = f"We received your application: {title}"
    body = (
        f"Hello {name},\n\n"
        f"Thank you for applying for {title} at {company}. Your application and resume "
        "reached us; a recruiter reads every application and will write to you about "
        "the next step.\n\n"
        f"{retention_notice()}\n\n"
        f"{company} recruiting\n"
    )
    return subject, body


def apply(public_id: str, data: ApplicationInput, *, company: str) -> Applied:
    """Raise NotFound/Gone for a job that does not take applications, ValidationFailed
    for bad input (the resume's problem under ``resume``)."""
    public = publication.public_job(public_id)
    data = _check(data)
    end_transaction()  # the file is read with no write lock held
    try:
        checked, extraction = resume_services.read_resume(data.resume_filename, data.resume_data)
    except ValidationFailed as exc:
        raise ValidationFailed({"resume": exc.errors["file"]}) from exc
    job = public.job
    candidate = db.session.scalar(
        select(Candidate)
        .options(undefer(Candidate.resume_text))
        .where(Candidate.email == data.email)
    )
    merged = candidate is not None
    if candidate is None:
        candidate = Candidate(
            name=data.name, email=data.email, links=list(data.links), source=SOURCE
        )
        db.session.add(candidate)
        db.session.flush()
        audit.record(
            None, "candidate.created", "candidate", candidate.id,
            f"Added candidate #{candidate.id} (careers page)",
            {"source": SOURCE}, actor_email=AUDIT_ACTOR,
        )  # fmt: skip
    else:
        new_links = [link for link in data.links if link not in candidate.links]
        if new_links:
            candidate.links = [*candidate.links, *new_links][:MAX_LINKS]
    existing = db.session.scalar(
        select(Application).where(
            Application.candidate_id == candidate.id,
            Application.job_id == job.id,
            Application.status == ACTIVE,
        )
    )
    stored: list[str] = []
    try:
        try:
            record = resume_services.attach_resume(
                candidate, checked, extraction, data.resume_data, uploaded_by=None
            )
            stored.append(record.stored_name)
        except ValidationFailed:  # the same file again: it is attached already
            pass
        if existing is not None:
            application = existing
        else:
            application = open_application(
                None, candidate, job, note="Applied on the careers page", source=SOURCE
            )
        record_self_identification(candidate.id, data.self_identification, source="candidate")
        audit.record(
            None, "application.submitted", "application", application.id,
            f"Candidate #{candidate.id} applied to {job.title} on the careers page",
            {"candidate_id": candidate.id, "job_id": job.id, "merged": merged,
             "already_applied": existing is not None, "consent": True,
             "retention_days": retention_policy().closed_days},
            actor_email=AUDIT_ACTOR,
        )  # fmt: skip
        if existing is None:
            subject, body = _confirmation(data.name, job.title, company)
            outbox.queue(
                data.email, subject, body, kind="application_received",
                dedupe_key=f"application-received:{application.id}",
                candidate_id=candidate.id, topic=f"application:{application.id}",
            )  # fmt: skip
        commit_or_conflict("application")
    except IntegrityError as exc:  # the same email or application sent twice at once
        db.session.rollback()
        resume_services.delete_stored(stored)
        raise Conflict("Your application was just sent; wait a moment and reload.") from exc
    except BaseException:
        db.session.rollback()
        resume_services.delete_stored(stored)
        raise
    return Applied(application.id, candidate.id, merged, existing is not None)
