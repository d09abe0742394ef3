"""What an interviewer sees of a candidate they are scheduled to interview.

The brief holds what preparing for and running the interview needs: the name, where
they are, their links and resume, the job, and the interviewer's own interviews with
them. Contact details, source, tags, notes, other applications and the stage history
stay with the people who run the pipeline (``Action.VIEW_CANDIDATES``).

Access follows the interviews: an interviewer on any interview of the candidate that
is not cancelled (upcoming or past, so the scorecard can still be written) may read
the brief and download the resume files.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring import policy
from hiring.accounts.models import User
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.pipeline.interview_models import (
    CANCELLED,
    Interview,
    interview_interviewers,
)
from hiring.pipeline.models import Application, Candidate, ResumeFile
from hiring.policy import Action


@dataclass(frozen=True)
class Scheduled:
    """The policy's target: who is on the candidate's interviews that still stand."""

    interviewer_ids: frozenset[int]


def scheduled_with(candidate_id: int) -> Scheduled:
    """Everyone on an interview of the candidate that is not cancelled (one query)."""
    ids = db.session.scalars(
        select(interview_interviewers.c.user_id)
        .join(Interview, Interview.id == interview_interviewers.c.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .where(Application.candidate_id == candidate_id, Interview.status != CANCELLED)
        .distinct()
    )
    return Scheduled(frozenset(ids))


def require_brief(actor: User, candidate_id: int) -> None:
    """Pass for people who see candidates, or interviewers scheduled with this one."""
    if policy.can(actor, Action.VIEW_CANDIDATES):
        return
    policy.require(actor, Action.VIEW_CANDIDATE_BRIEF, scheduled_with(candidate_id))


@dataclass(frozen=True)
class CandidateBrief:
    candidate: Candidate
    interviews: list[Interview]  # the actor's own, soonest first
    files: list[ResumeFile]


def candidate_brief(actor: User, candidate_id: int) -> CandidateBrief:
    """The brief for an interviewer scheduled with the candidate (403 otherwise).

    Four queries whatever the data: who is scheduled, the candidate, the actor's
    interviews with them (with job and interviewers), the resume files.
    """
    require_brief(actor, candidate_id)
    candidate = db.session.scalar(
        select(Candidate)
        .options(undefer(Candidate.resume_text))
        .where(Candidate.id == candidate_id)
    )
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("There is no such candidate.")
    mine = (
        select(interview_interviewers.c.interview_id)
        .where(interview_interviewers.c.user_id == actor.id)
        .scalar_subquery()
    )
    interviews = list(
        db.session.scalars(
            select(Interview)
            .join(Application, Application.id == Interview.application_id)
            .options(
                joinedload(Interview.application).joinedload(Application.job),
                joinedload(Interview.application).joinedload(Application.candidate),
                selectinload(Interview.interviewers),
            )
            .where(
                Application.candidate_id == candidate_id,
                Interview.status != CANCELLED,
                Interview.id.in_(mine),
            )
            .order_by(Interview.starts_at, Interview.id)
        )
    )
    files = list(
        db.session.scalars(
            select(ResumeFile)
            .where(ResumeFile.candidate_id == candidate_id)
            .order_by(ResumeFile.uploaded_at.desc(), ResumeFile.id.desc())
        )
    )
    return CandidateBrief(candidate, interviews, files)
