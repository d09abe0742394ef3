"""Amending a submitted scorecard: its author (or an admin) adds what changes and why.

The scorecard row is never rewritten; each amendment is a row of its own, applied in
order when the scorecard is read (``amending``). Adding one moves the scorecard's
version on, so two amendments written against the same state conflict visibly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, PermissionDenied, ValidationFailed
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.rubrics.types import Skill
from hiring.scorecards import amending
from hiring.scorecards.models import Scorecard, ScorecardAmendment, ScorecardAmendmentRating
from hiring.scorecards.rules import RatingInput
from hiring.transactions import stale_is_conflict


@dataclass(frozen=True)
class AmendmentInput:
    reason: str
    ratings: tuple[RatingInput, ...] = ()  # only the skills that change
    recommendation: str = ""  # empty: unchanged


@dataclass(frozen=True)
class AmendmentPage:
    scorecard: Scorecard
    interview: Interview
    focus_skills: list[str]
    skills: dict[str, Skill]
    effective: amending.Effective

    @property
    def skill_names(self) -> dict[str, str]:
        return {
            skill: self.skills[skill].name if skill in self.skills else skill
            for skill in self.focus_skills
        }


def _load(scorecard_id: int) -> Scorecard:
    scorecard = db.session.scalar(
        select(Scorecard)
        .options(
            joinedload(Scorecard.interviewer),
            joinedload(Scorecard.interview)
            .joinedload(Interview.application)
            .joinedload(Application.candidate),
            joinedload(Scorecard.interview)
            .joinedload(Interview.application)
            .joinedload(Application.job),
            selectinload(Scorecard.ratings),
            selectinload(Scorecard.amendments).selectinload(ScorecardAmendment.ratings),
            selectinload(Scorecard.amendments).joinedload(ScorecardAmendment.author),
        )
        .where(Scorecard.id == scorecard_id)
    )
    if scorecard is None:
        raise NotFound("There is no such scorecard.")
    return scorecard


def amendment_page(actor: User, scorecard_id: int) -> AmendmentPage:
    """A submitted scorecard as it stands, for its author or an admin to amend (403 for
    anyone else, and for a draft). Five queries."""
    scorecard = _load(scorecard_id)
    if not scorecard.submitted and scorecard.interviewer_id == actor.id:
        raise PermissionDenied(
            "This scorecard is still a draft: change it on the scorecard form and submit "
            "it. Amendments are for submitted scorecards."
        )
    policy.require(actor, Action.AMEND_SCORECARD, scorecard)
    interview = scorecard.interview
    job = db.session.scalar(
        select(Job)
        .options(undefer(Job.rubric_snapshot))
        .where(Job.id == interview.application.job_id)
    )
    skills = snap.skills_of(job.rubric_snapshot) if job is not None else {}
    return AmendmentPage(
        scorecard=scorecard,
        interview=interview,
        focus_skills=list(interview.definition.get("focus_skills", [])),
        skills=skills,
        effective=scorecard.effective(),
    )


def amend(
    actor: User, scorecard_id: int, data: AmendmentInput, *, expected_version: int | None
) -> ScorecardAmendment:
    page = amendment_page(actor, scorecard_id)
    scorecard = page.scorecard
    if expected_version is not None and expected_version != scorecard.version:
        raise Conflict(
            "This scorecard was amended by someone else after you opened it. It is shown "
            "as it stands now; what you typed is kept, so check it and amend again."
        )
    errors = amending.amendment_problems(
        page.focus_skills,
        page.effective,
        data.ratings,
        data.recommendation,
        data.reason,
        skill_names=page.skill_names,
    )
    if errors:
        raise ValidationFailed(errors)
    # Through the relationships, so the scorecard read after this (sessions keep their
    # objects after commit) has the amendment, with its author, in its collection.
    amendment = ScorecardAmendment(
        scorecard=scorecard,
        author=actor,
        created_at=utcnow(),
        reason=data.reason.strip(),
        recommendation=(data.recommendation or "").strip()
        if (data.recommendation or "").strip() != page.effective.recommendation
        else "",
        ratings=[
            ScorecardAmendmentRating(
                skill=rating.skill,
                rating=rating.rating,
                not_assessed=rating.not_assessed,
                evidence=rating.evidence,
            )
            for rating in amending.amended_ratings(data.ratings)
        ],
    )
    db.session.add(amendment)
    # The scorecard's version moves on: a second amendment from a stale page conflicts.
    scorecard.updated_at = amendment.created_at
    with stale_is_conflict("scorecard"):
        db.session.flush()
        application = scorecard.interview.application
        audit.record(
            actor,
            "scorecard.amended",
            "scorecard",
            scorecard.id,
            f"Amended the {scorecard.interview.round_name} scorecard of "
            f"{scorecard.interviewer.name} for candidate #{application.candidate_id} "
            f"(application #{application.id})",
            {
                "amendment_id": amendment.id,
                "skills": [rating.skill for rating in amendment.ratings],
                "recommendation": amendment.recommendation,
                "application_id": application.id,
            },
        )
        db.session.commit()
    return amendment
