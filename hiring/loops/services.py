"""A job's interview loop: planned with the job, read with its coverage, its questions counted.

Planning and coverage are pure (``planning``); this module loads and stores loops. Changing
a loop is ``editing``; its templates are ``loop_templates``; printable kits are ``kits``;
retiring questions is ``questions``; who can interview is ``interviewers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring import policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.loops import planning
from hiring.loops.models import (
    InterviewLoop,
    LoopRound,
    LoopRoundInterviewer,
    LoopTemplate,
    QuestionExposure,
)
from hiring.loops.round_plans import (
    all_question_ids,
    exposure_for,
    needs_of,
    new_round,
    plan_rounds,
    retired_question_ids,
    sync_assessed,
)
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import Rubric


def create_loop(job: Job, template_id: int | None = None) -> InterviewLoop:
    """The job's loop, planned from its profile (or a template); joins the caller's
    transaction, so opening a job and planning its loop commit together."""
    rubric = current_rubric()
    loop = InterviewLoop(job_id=job.id, rubric_version=rubric.version)
    if template_id is not None:
        template = db.session.get(LoopTemplate, template_id)
        if template is None or (template.role_family, template.level) != (
            job.role_family,
            job.level,
        ):
            raise ValidationFailed(
                {"loop_template_id": ["Choose a loop template for this role family and level."]}
            )
        rounds = _rounds_from_template(template, rubric)
    else:
        rounds = plan_rounds(job, rubric, snap.level_of(job.rubric_snapshot).rounds)
    loop.rounds = rounds
    db.session.add(loop)
    sync_assessed(job, rounds)
    return loop


def _rounds_from_template(template: LoopTemplate, rubric: Rubric) -> list[LoopRound]:
    retired = retired_question_ids()
    rounds = []
    for item in template.rounds:
        if item["round_id"] not in rubric.rounds_by_id:
            continue
        rubric_round = rubric.round(item["round_id"])
        focus = [s for s in item["focus_skills"] if s in rubric_round.assesses]
        questions = [
            qid
            for qid in item["question_ids"]
            if qid not in retired
            and any(q.id == qid and not q.retired for q in rubric_round.questions)
        ]
        new = new_round(rubric_round, len(rounds), focus, questions)
        new.duration = item.get("duration", new.duration)
        rounds.append(new)
    return rounds


@dataclass(frozen=True)
class LoopView:
    job: Job
    loop: InterviewLoop
    coverage: planning.Coverage
    skill_names: dict[str, str]
    exposure: dict[str, planning.Exposure]

    @property
    def total_minutes(self) -> int:
        return sum(r.duration for r in self.loop.rounds)


def load_loop(job_id: int) -> InterviewLoop:
    loop = db.session.scalar(
        select(InterviewLoop)
        .options(
            joinedload(InterviewLoop.job).undefer(Job.rubric_snapshot),
            selectinload(InterviewLoop.rounds)
            .selectinload(LoopRound.interviewer_links)
            .joinedload(LoopRoundInterviewer.user),
        )
        .where(InterviewLoop.job_id == job_id)
    )
    if loop is None:
        if db.session.get(Job, job_id) is None:
            raise NotFound("There is no such job.")
        raise LoopMissing("This job has no interview loop yet.")
    return loop


class LoopMissing(NotFound):
    """The job exists but was opened before it had a loop; ``replan`` makes one."""


def coverage_of(job: Job, rounds: Sequence[LoopRound]) -> planning.Coverage:
    skills = snap.skills_of(job.rubric_snapshot)
    planned = [
        planning.PlannedRound(r.round_id, r.duration, tuple(r.focus_skills), ()) for r in rounds
    ]
    specs = {
        r.round_id: planning.RoundSpec(
            r.round_id, r.name, r.duration, r.max_focus_skills, tuple(r.assesses), r.technical
        )
        for r in rounds
    }
    track = job.rubric_snapshot["role"]["track"]
    return planning.coverage_matrix(
        needs_of(job),
        planned,
        specs,
        {skill_id: skill.name for skill_id, skill in skills.items()},
        requires_coding=track in planning.CODING_TRACKS,
    )


def get_loop(actor: User, job_id: int) -> LoopView:
    policy.require(actor, Action.VIEW_LOOPS)
    loop = load_loop(job_id)
    job = loop.job
    skills = snap.skills_of(job.rubric_snapshot)
    try:
        rubric: Rubric | None = current_rubric()
    except RubricsUnavailable:
        rubric = None
    ids = all_question_ids(rubric, {r.round_id for r in loop.rounds}) if rubric else []
    ids += [q["id"] for r in loop.rounds for q in r.questions]
    return LoopView(
        job=job,
        loop=loop,
        coverage=coverage_of(job, loop.rounds),
        skill_names={skill_id: skill.name for skill_id, skill in skills.items()},
        exposure=exposure_for(ids),
    )


def round_in(loop: InterviewLoop, loop_round_id: int) -> LoopRound:
    for loop_round in loop.rounds:
        if loop_round.id == loop_round_id:
            return loop_round
    raise NotFound("This loop has no such round.")


def load_job_for_loop(job_id: int) -> Job:
    job = db.session.scalar(
        select(Job).options(undefer(Job.rubric_snapshot)).where(Job.id == job_id)
    )
    if job is None:
        raise NotFound("There is no such job.")
    return job


def record_question_use(question_ids: Iterable[str]) -> None:
    """Count questions as asked (called when an interview is scheduled); no commit."""
    now = utcnow()
    for question_id in dict.fromkeys(question_ids):
        row = db.session.get(QuestionExposure, question_id)
        if row is None:
            row = QuestionExposure(question_id=question_id, times_asked=0)
            db.session.add(row)
        row.times_asked = (row.times_asked or 0) + 1
        row.last_asked_at = now
