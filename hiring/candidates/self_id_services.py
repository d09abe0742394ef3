"""Recording, on a candidate's behalf, the self-identification they gave a recruiter.

Only when the candidate gave the answers themselves (by email, on a paper form): the
recruiter confirms it on every save. The answers are stored with the source
``recruiter_on_behalf`` and are never read back to a page: the form only learns whether
answers exist, who recorded them (the candidate or a recruiter) and when. The audit
log says who recorded them for which candidate, never what they are.

Two saves from forms opened on the same answers: the second gets a conflict (the form
carries when the answers it saw were recorded), so no save silently replaces another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates.models import Candidate, CandidateSelfIdentification
from hiring.candidates.self_identification import SelfIdentification, record_self_identification
from hiring.candidates.services import refuse_if_erased
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.policy import Action
from hiring.transactions import commit_or_conflict

ON_BEHALF = "recruiter_on_behalf"
CONFIRM_MESSAGE = (
    "Tick 'The candidate gave me these answers': record only what the candidate told you "
    "themselves. Your choices are kept."
)
EMPTY_MESSAGE = "Choose at least one answer (\u201cPrefer not to say\u201d is an answer)."


@dataclass(frozen=True)
class SelfIdStatus:
    """What the form may know: whether answers exist, never what they are."""

    candidate: Candidate
    source: str  # "" when there are no answers
    recorded_at: datetime | None

    @property
    def version(self) -> str:
        """The token the form carries: which recording it was opened on."""
        return self.recorded_at.isoformat() if self.recorded_at else ""


def self_id_status(actor: User, candidate_id: int) -> SelfIdStatus:
    policy.require(actor, Action.RECORD_SELF_IDENTIFICATION)
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound("There is no such candidate.")
    row = db.session.execute(
        select(CandidateSelfIdentification.source, CandidateSelfIdentification.recorded_at).where(
            CandidateSelfIdentification.candidate_id == candidate_id
        )
    ).first()
    if row is None:
        return SelfIdStatus(candidate, "", None)
    return SelfIdStatus(candidate, row[0], row[1])


def record_on_behalf(
    actor: User,
    candidate_id: int,
    answers: SelfIdentification,
    *,
    confirmed: bool,
    expected_version: str,
) -> SelfIdStatus:
    """Store the answers the candidate gave (replacing any earlier ones), in its own
    transaction; the audit log notes a replacement and of whose answers."""
    status = self_id_status(actor, candidate_id)
    refuse_if_erased(status.candidate)
    errors: dict[str, list[str]] = {}
    if not confirmed:
        errors["confirmed"] = [CONFIRM_MESSAGE]
    if not answers.answered:
        errors["form"] = [EMPTY_MESSAGE]
    if errors:
        raise ValidationFailed(errors)
    if expected_version != status.version:
        raise Conflict(
            "Someone recorded this candidate's self-identification after you opened the "
            "form. Your choices are kept; save again to replace what they recorded."
        )
    record_self_identification(
        candidate_id, answers, source=ON_BEHALF, recorded_by_user_id=actor.id
    )
    replaced = status.source or None
    summary = f"Recorded the self-identification candidate #{candidate_id} gave, on their behalf"
    if replaced:
        whose = "their own" if replaced == "candidate" else "earlier recorded"
        summary += f" (replacing {whose} answers)"
    audit.record(
        actor,
        "candidate.self_identification_recorded",
        "candidate",
        candidate_id,
        summary,
        {"source": ON_BEHALF, "replaced": replaced},
    )
    commit_or_conflict("self-identification")
    return self_id_status(actor, candidate_id)
