"""The two pages of a candidate: the full page for the hiring team, and the brief for
an interviewer scheduled with them.

The candidate's own record (details, notes, resume, files) is this feature's; what
other features know about the candidate (applications, possible duplicates, the
interviewer's own interviews) they add as fragments through ``signals``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from hiring import policy
from hiring.accounts.models import User
from hiring.candidates import signals
from hiring.candidates.models import Candidate, ResumeFile
from hiring.candidates.services import get_candidate
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.fragments import Fragment, answers, gather
from hiring.policy import Action


@dataclass(frozen=True)
class BriefReaders:
    """The policy's target: who, beyond the hiring team, may read the candidate's brief."""

    interviewer_ids: frozenset[int]


def brief_readers(candidate_id: int) -> BriefReaders:
    ids: set[int] = set()
    for readers in answers(signals.brief_readers, candidate_id):
        ids.update(readers)
    return BriefReaders(frozenset(ids))


def require_brief(actor: User, candidate_id: int) -> None:
    """Pass for people who see candidates, or the readers the features name (the
    interviewers scheduled with this candidate)."""
    if policy.can(actor, Action.VIEW_CANDIDATES):
        return
    policy.require(actor, Action.VIEW_CANDIDATE_BRIEF, brief_readers(candidate_id))


@dataclass(frozen=True)
class CandidateProfile:
    candidate: Candidate
    fragments: list[Fragment] = field(default_factory=list)
    # Files whose text is missing from the resume text, or cut, with why.
    unread_files: list[ResumeFile] = field(default_factory=list)

    def slot(self, name: str) -> list[Fragment]:
        return [fragment for fragment in self.fragments if fragment.slot == name]


def candidate_page(
    actor: User, candidate_id: int, *, forms: Mapping[str, Any] | None = None
) -> CandidateProfile:
    """The candidate with what every feature adds to their page; ``forms`` brings a
    feature's form back with what was typed and why it was refused."""
    candidate = get_candidate(actor, candidate_id)
    fragments = gather(signals.candidate_page, candidate, actor=actor, forms=forms or {})
    unread = db.session.scalars(
        select(ResumeFile)
        .where(ResumeFile.candidate_id == candidate_id, ResumeFile.text_note != "")
        .order_by(ResumeFile.uploaded_at.desc(), ResumeFile.id.desc())
    )
    return CandidateProfile(candidate, fragments, list(unread))


@dataclass(frozen=True)
class CandidateBrief:
    candidate: Candidate
    files: list[ResumeFile]
    fragments: list[Fragment] = field(default_factory=list)


def candidate_brief(actor: User, candidate_id: int) -> CandidateBrief:
    """The brief for an interviewer scheduled with the candidate (403 otherwise): what
    preparing for and running the interview needs (name, location, links, resume),
    never contact details, source, tags, notes or the stage history."""
    require_brief(actor, candidate_id)
    candidate = db.session.scalar(
        select(Candidate)
        .options(undefer(Candidate.resume_text))
        .where(Candidate.id == candidate_id)
    )
    if candidate is None or candidate.erased_at is not None:
        raise NotFound("There is no such candidate.")
    files = list(
        db.session.scalars(
            select(ResumeFile)
            .where(ResumeFile.candidate_id == candidate_id)
            .order_by(ResumeFile.uploaded_at.desc(), ResumeFile.id.desc())
        )
    )
    return CandidateBrief(candidate, files, gather(signals.candidate_brief, candidate, actor=actor))
