"""Who can interview: people with the interviewer role, their load, and their rounds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from hiring.accounts.models import User, UserRole
from hiring.extensions import db
from hiring.fragments import answers
from hiring.jobs.models import Job
from hiring.loops import signals
from hiring.loops.models import InterviewLoop, LoopRound, LoopRoundInterviewer
from hiring.roles import Role


@dataclass(frozen=True)
class InterviewerChoice:
    user: User
    assigned_rounds: int  # rounds of loops of open jobs the person is assigned to
    upcoming_interviews: int = 0  # scheduled interviews still ahead


def interviewer_choices() -> list[InterviewerChoice]:
    """People with the interviewer role and their current load: the rounds they are
    assigned to here, and what the features that schedule them count (two queries, and
    one for the interviews ahead)."""
    users = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.INTERVIEWER.value, User.active.is_(True))
        .order_by(User.name)
    ).all()
    load = dict(
        db.session.execute(
            select(LoopRoundInterviewer.user_id, func.count())
            .join(LoopRound, LoopRound.id == LoopRoundInterviewer.loop_round_id)
            .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
            .join(Job, Job.id == InterviewLoop.job_id)
            .where(Job.status != "unpublished")
            .group_by(LoopRoundInterviewer.user_id)
        ).all()
    )
    upcoming: Counter[int] = Counter()
    for answer in answers(signals.interviewer_load, tuple(user.id for user in users)):
        upcoming.update(answer)
    return [
        InterviewerChoice(user, load.get(user.id, 0), upcoming.get(user.id, 0)) for user in users
    ]


@dataclass(frozen=True)
class AssignedRound:
    job: Job
    loop_round: LoopRound


def rounds_assigned_to(user: User) -> list[AssignedRound]:
    """The loop rounds a person interviews for, on jobs still open, in one query."""
    rows = db.session.execute(
        select(LoopRound, Job)
        .join(LoopRoundInterviewer, LoopRoundInterviewer.loop_round_id == LoopRound.id)
        .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
        .join(Job, Job.id == InterviewLoop.job_id)
        .where(LoopRoundInterviewer.user_id == user.id, Job.status != "unpublished")
        .order_by(Job.title, LoopRound.position)
    ).all()
    return [AssignedRound(job=job, loop_round=loop_round) for loop_round, job in rows]
