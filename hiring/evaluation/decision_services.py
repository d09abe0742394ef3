"""Recording the hiring decision on an application, and revising it.

A decision is never changed in place: a revision is a new row naming the one it
replaces, so the history reads every decision in order. Each one is written to the
audit log with the verdict it was made against.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, ValidationFailed
from hiring.evaluation import decisions
from hiring.evaluation.decisions import DecisionInput
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.interviews.models import CANCELLED, Interview
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.scorecards.models import Scorecard
from hiring.scorecards.rules import SUBMITTED


def decisions_of(application_id: int) -> list[HiringDecision]:
    """Every decision on the application, newest first, with who made it (one query)."""
    return list(
        db.session.scalars(
            select(HiringDecision)
            .options(joinedload(HiringDecision.decided_by))
            .where(HiringDecision.application_id == application_id)
            .order_by(HiringDecision.id.desc())
        )
    )


@dataclass(frozen=True)
class DebriefState:
    """Where an application's debrief stands, for the pages that link to it."""

    application_id: int
    job_title: str
    scored: bool  # an interview, not cancelled, with a submitted scorecard
    outcome: str  # the current decision's (decisions.HIRE or NO_HIRE); empty: none yet
    level: str
    against_verdict: bool

    @property
    def has_debrief(self) -> bool:
        return self.scored or bool(self.outcome)


def debrief_states(where: ColumnElement[bool]) -> dict[int, DebriefState]:
    """Applications matching ``where`` (newest first): whether they have a submitted
    scorecard and their current decision. One query, whatever their number."""
    newer = aliased(HiringDecision)
    newest = (
        select(func.max(newer.id)).where(newer.application_id == Application.id)
    ).scalar_subquery()
    scored = (
        select(Interview.id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(
            Interview.application_id == Application.id,
            Interview.status != CANCELLED,
            Scorecard.status == SUBMITTED,
        )
        .exists()
    )
    rows = db.session.execute(
        select(
            Application.id,
            Job.title,
            scored.label("scored"),
            HiringDecision.outcome,
            HiringDecision.level,
            HiringDecision.override_reason,
        )
        .join(Job, Job.id == Application.job_id)
        .outerjoin(
            HiringDecision,
            and_(HiringDecision.application_id == Application.id, HiringDecision.id == newest),
        )
        .where(where)
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    return {
        application_id: DebriefState(
            application_id, title, bool(has_cards), outcome or "", level or "", bool(override)
        )
        for application_id, title, has_cards, outcome, level, override in rows
    }


def current_decision(application_id: int) -> HiringDecision | None:
    return db.session.scalar(
        select(HiringDecision)
        .where(HiringDecision.application_id == application_id)
        .order_by(HiringDecision.id.desc())
        .limit(1)
    )


def _changed_meanwhile(current: HiringDecision | None) -> Conflict:
    if current is None:
        return Conflict(
            "The decision was withdrawn while you were writing; nothing was recorded. "
            "Reload the debrief and decide again."
        )
    who = current.decided_by.name if current.decided_by else "Someone"
    return Conflict(
        f"{who} recorded a decision ({decisions.OUTCOMES[current.outcome].lower()}) at "
        f"{current.decided_at:%Y-%m-%d %H:%M} UTC while you were writing; nothing was "
        "recorded. Read it on the debrief, then revise it if you still disagree."
    )


def record_decision(
    actor: User,
    application: Application,
    data: DecisionInput,
    *,
    verdict: str,
    levels: dict[str, str],
    revises_id: int | None,
) -> HiringDecision:
    """Record a decision, or revise the current one (``revises_id`` is the decision the
    writer saw: None for the first). ``verdict`` is the evaluation's, read by the caller
    with the same scorecards the writer saw."""
    policy.require(actor, Action.RECORD_DECISION)
    data = DecisionInput(
        outcome=data.outcome.strip(),
        rationale=data.rationale.strip(),
        level=data.level.strip() if data.outcome == decisions.HIRE else "",
        override_reason=data.override_reason.strip(),
    )
    current = current_decision(application.id)
    if (current.id if current else None) != revises_id:
        raise _changed_meanwhile(
            db.session.scalar(
                select(HiringDecision)
                .options(joinedload(HiringDecision.decided_by))
                .where(HiringDecision.id == current.id)
            )
            if current
            else None
        )
    errors = decisions.decision_problems(data, verdict, levels)
    if errors:
        raise ValidationFailed(errors)
    overrides = decisions.goes_against(data.outcome, verdict)
    decision = HiringDecision(
        application_id=application.id,
        revises_id=revises_id,
        outcome=data.outcome,
        level=data.level,
        rationale=data.rationale,
        verdict=verdict,
        override_reason=data.override_reason if overrides else "",
        decided_by=actor,  # loaded, for whoever reads the decision back
        decided_at=utcnow(),
    )
    db.session.add(decision)
    try:
        db.session.flush()
        audit.record(
            actor,
            "decision.revised" if revises_id else "decision.recorded",
            "application",
            application.id,
            f"{'Revised the decision to' if revises_id else 'Decided'} "
            f"{decisions.OUTCOMES[data.outcome].lower()}"
            f"{' at ' + levels[data.level] if data.level else ''} for candidate "
            f"#{application.candidate_id} ({application.job.title})"
            f"{', against the verdict' if overrides else ''}",
            {
                "decision_id": decision.id,
                "revises_id": revises_id,
                "outcome": data.outcome,
                "level": data.level,
                "verdict": verdict,
                "override": overrides,
            },
        )
        db.session.commit()
    except IntegrityError as exc:  # the same decision revised twice at the same moment
        db.session.rollback()
        raise _changed_meanwhile(
            db.session.scalar(
                select(HiringDecision)
                .options(joinedload(HiringDecision.decided_by))
                .where(HiringDecision.application_id == application.id)
                .order_by(HiringDecision.id.desc())
                .limit(1)
            )
        ) from exc
    return decision
