"""Privacy requests and retention: export a candidate's data, erase it, enforce retention.

Each function owns its transaction, asks ``policy`` (admins only) and writes the audit
log. Erasure keeps the candidate row, their applications and their stage history, so
that counts in reports stay right, but removes everything that identifies the person:
name, email, phone, location, links, resume text, notes, tags, stage-move notes,
resume files (rows and files on disk), and what was written about them in scorecards,
amendments and hiring decisions. Audit summaries name candidates by id only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import selectinload, undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates import resume_services, self_identification
from hiring.candidates.models import Candidate, ResumeFile
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.notifications import outbox
from hiring.pipeline.models import Application, StageChange
from hiring.policy import Action
from hiring.privacy import retention
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardAmendmentRating,
    ScorecardRating,
)
from hiring.transactions import commit_or_conflict

log = logging.getLogger("hiring.privacy")

RETENTION_ACTOR = "retention policy"


# What stays of a text that was about an erased person.
ERASED_TEXT = "[erased]"


def erased_name(candidate_id: int) -> str:
    return f"Erased candidate #{candidate_id}"


def erased_email(candidate_id: int) -> str:
    # ".invalid" is reserved (RFC 2606): the placeholder can never reach a real mailbox.
    return f"erased-{candidate_id}@erased.invalid"


def iso(value: datetime | None) -> str | None:
    """A time as ISO 8601 text for exports and audit details, or None."""
    return value.isoformat() if value is not None else None


def load_candidate(candidate_id: int) -> Candidate:
    candidate = db.session.scalar(
        select(Candidate)
        .options(
            undefer(Candidate.resume_text),
            undefer(Candidate.notes),
            undefer(Candidate.notes_html),
            selectinload(Candidate.tag_rows),
        )
        .where(Candidate.id == candidate_id)
    )
    if candidate is None:
        raise NotFound("There is no such candidate.")
    return candidate


def get_candidate(actor: User, candidate_id: int) -> Candidate:
    policy.require(actor, Action.MANAGE_CANDIDATE_PRIVACY)
    return load_candidate(candidate_id)


# --- erasure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    candidate_id: int
    files_deleted: int
    files_failed: list[str]


def erase_candidate(actor: User, candidate_id: int, confirmation: str) -> Erased:
    """Erase on request; the admin types the candidate's email address to confirm."""
    policy.require(actor, Action.MANAGE_CANDIDATE_PRIVACY)
    candidate = load_candidate(candidate_id)
    if candidate.erased_at is not None:
        raise ValidationFailed({"confirmation": ["This candidate's data is already erased."]})
    if confirmation.strip().lower() != candidate.email:
        raise ValidationFailed(
            {
                "confirmation": [
                    "Type the candidate's email address exactly to confirm; nothing was erased."
                ]
            }
        )
    return _erase(candidate, actor, {"reason": "request"})


def _erase(candidate: Candidate, actor: User | None, details: dict[str, Any]) -> Erased:
    files = db.session.scalars(
        select(ResumeFile).where(ResumeFile.candidate_id == candidate.id)
    ).all()
    stored_names = [record.stored_name for record in files]
    for record in files:
        db.session.delete(record)
    application_ids = select(Application.id).where(Application.candidate_id == candidate.id)
    db.session.execute(
        update(StageChange)
        .where(StageChange.application_id.in_(application_ids))
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    _erase_what_was_written_about(application_ids)
    now = utcnow()
    candidate.name = erased_name(candidate.id)
    candidate.email = erased_email(candidate.id)
    candidate.phone = ""
    candidate.location = ""
    candidate.links = []
    candidate.resume_text = ""
    candidate.notes = ""
    candidate.notes_html = ""
    candidate.tag_rows = []
    candidate.erased_at = now
    candidate.updated_at = now
    self_identification.forget_self_identification(candidate.id)
    scrubbed = outbox.scrub_candidate(candidate.id)
    audit.record(
        actor,
        "candidate.erased",
        "candidate",
        candidate.id,
        f"Erased the personal data of candidate #{candidate.id}",
        {**details, "resume_files_deleted": len(stored_names), "emails_scrubbed": scrubbed},
        actor_email=None if actor is not None else RETENTION_ACTOR,
    )
    commit_or_conflict("candidate")
    # Files go once the database no longer points at them; a failure is logged loudly.
    failed = resume_services.delete_stored(stored_names)
    return Erased(candidate.id, len(stored_names) - len(failed), failed)


def _erase_what_was_written_about(application_ids: Select) -> None:
    """What interviewers and the hiring manager wrote about the person: scorecard
    evidence and notes, amendment reasons, decision rationales. The ratings,
    recommendations, verdicts and outcomes stay, anonymous, for reports."""
    interview_ids = select(Interview.id).where(Interview.application_id.in_(application_ids))
    scorecard_ids = select(Scorecard.id).where(Scorecard.interview_id.in_(interview_ids))
    amendment_ids = select(ScorecardAmendment.id).where(
        ScorecardAmendment.scorecard_id.in_(scorecard_ids)
    )
    for statement in (
        update(Scorecard).where(Scorecard.id.in_(scorecard_ids)).values(notes="", notes_html=""),
        update(ScorecardRating)
        .where(ScorecardRating.scorecard_id.in_(scorecard_ids))
        .values(evidence=""),
        update(ScorecardAmendment)
        .where(ScorecardAmendment.id.in_(amendment_ids))
        .values(reason=ERASED_TEXT),
        update(ScorecardAmendmentRating)
        .where(ScorecardAmendmentRating.amendment_id.in_(amendment_ids))
        .values(evidence=""),
        update(HiringDecision)
        .where(HiringDecision.application_id.in_(application_ids))
        .values(rationale=ERASED_TEXT, override_reason=""),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))


# --- retention -------------------------------------------------------------------------


def retention_policy() -> retention.RetentionPolicy:
    config = current_app.config
    return retention.RetentionPolicy(
        closed_days=int(config["RETENTION_DAYS_CLOSED"]),
        no_application_days=int(config["RETENTION_DAYS_NO_APPLICATION"]),
        hired_days=int(config["RETENTION_DAYS_HIRED"]),
    )


def retention_facts() -> list[retention.CandidateFacts]:
    """What the retention rule needs about every candidate not yet erased, in 4 queries."""
    rows = db.session.execute(
        select(Candidate.id, Candidate.updated_at).where(Candidate.erased_at.is_(None))
    ).all()
    latest = {candidate_id: updated_at for candidate_id, updated_at in rows}
    statuses: dict[int, list[str]] = {candidate_id: [] for candidate_id in latest}

    def later(candidate_id: int, when: datetime | None) -> None:
        if candidate_id in latest and when is not None and when > latest[candidate_id]:
            latest[candidate_id] = when

    for candidate_id, status, updated_at in db.session.execute(
        select(Application.candidate_id, Application.status, Application.updated_at)
    ):
        if candidate_id in statuses:
            statuses[candidate_id].append(status)
            later(candidate_id, updated_at)
    for candidate_id, moved_at in db.session.execute(
        select(Application.candidate_id, func.max(StageChange.at))
        .join(StageChange, StageChange.application_id == Application.id)
        .group_by(Application.candidate_id)
    ):
        later(candidate_id, _aware(moved_at))
    for candidate_id, uploaded_at in db.session.execute(
        select(ResumeFile.candidate_id, func.max(ResumeFile.uploaded_at)).group_by(
            ResumeFile.candidate_id
        )
    ):
        later(candidate_id, _aware(uploaded_at))
    return [
        retention.CandidateFacts(candidate_id, tuple(statuses[candidate_id]), last)
        for candidate_id, last in latest.items()
    ]


def _aware(value: Any) -> datetime | None:
    """``max()`` over a UTC column comes back untyped on SQLite (a string or naive)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def due_for_erasure(now: datetime | None = None) -> list[retention.Due]:
    return retention.due_for_erasure(retention_facts(), retention_policy(), now or utcnow())


def enforce_retention(
    now: datetime | None = None,
    *,
    dry_run: bool = False,
    report: Callable[[retention.Due, Erased | None], None] | None = None,
) -> list[retention.Due]:
    """Erase every candidate due under the retention policy, one transaction each.

    Returns those erased (or, with ``dry_run``, those that would be).
    """
    handled = []
    for item in due_for_erasure(now):
        result = None
        if not dry_run:
            candidate = load_candidate(item.candidate_id)
            if candidate.erased_at is not None:  # erased meanwhile by another run
                continue
            result = _erase(
                candidate,
                None,
                {
                    "reason": "retention",
                    "retention_class": item.retention_class,
                    "last_activity": iso(item.last_activity),
                    "days_inactive": item.days_inactive,
                },
            )
        handled.append(item)
        if report is not None:
            report(item, result)
    return handled
