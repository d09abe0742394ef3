"""What interviews add to a candidate's brief: who may read it, and the reader's own
interviews with the candidate.

Access follows the interviews: an interviewer on any interview of the candidate that
is not cancelled (upcoming or past, so the scorecard can still be written) may read
the brief and download the resume files. Contact details, source, tags, notes, other
applications and the stage history stay with the hiring team.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hiring.accounts.models import User
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.fragments import Fragment
from hiring.interviews.models import CANCELLED, Interview, interview_interviewers
from hiring.pipeline.models import Application


def scheduled_with(candidate_id: int, **_: Any) -> frozenset[int]:
    """Everyone on an interview of the candidate that is not cancelled (one query)."""
    ids = db.session.scalars(
        select(interview_interviewers.c.user_id)
        .join(Interview, Interview.id == interview_interviewers.c.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .where(Application.candidate_id == candidate_id, Interview.status != CANCELLED)
        .distinct()
    )
    return frozenset(ids)


def own_interviews(candidate: Candidate, *, actor: User, **_: Any) -> Fragment:
    """The reader's own interviews with the candidate, soonest first (one query, with
    job and interviewers)."""
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
                Application.candidate_id == candidate.id,
                Interview.status != CANCELLED,
                Interview.id.in_(mine),
            )
            .order_by(Interview.starts_at, Interview.id)
        )
    )
    return Fragment(
        "interviews/_brief_interviews.html",
        slot="top",
        context={"candidate": candidate, "interviews": interviews},
    )
