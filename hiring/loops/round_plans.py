"""Conversions between the rubric, the database and the pure planner.

Rubric rounds become the planner's specs, a job's skill profile its needs, stored question
exposure its exposure; the planner's output becomes the loop rounds that are saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from hiring.extensions import db
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.loops import planning
from hiring.loops.models import LoopRound, QuestionExposure
from hiring.rubrics.types import Question, Round, Rubric


def round_spec(round_: Round) -> planning.RoundSpec:
    return planning.RoundSpec(
        id=round_.id,
        name=round_.name,
        duration=round_.duration,
        max_focus_skills=round_.max_focus_skills,
        assesses=round_.assesses,
        technical=round_.technical,
        questions=tuple(
            planning.QuestionSpec(q.id, q.skill, q.retired, q.roles) for q in round_.questions
        ),
    )


def loop_round_spec(loop_round: LoopRound, rubric: Rubric | None) -> planning.RoundSpec:
    """The planner's view of a saved round (questions from the current rubric's bank)."""
    bank: tuple[planning.QuestionSpec, ...] = ()
    if rubric is not None and loop_round.round_id in rubric.rounds_by_id:
        bank = round_spec(rubric.round(loop_round.round_id)).questions
    return planning.RoundSpec(
        id=loop_round.round_id,
        name=loop_round.name,
        duration=loop_round.duration,
        max_focus_skills=loop_round.max_focus_skills,
        assesses=tuple(loop_round.assesses),
        technical=loop_round.technical,
        questions=bank,
    )


def needs_of(job: Job) -> list[planning.Need]:
    return [
        planning.Need(entry.skill, entry.kind, entry.level)
        for entry in profile_from_json(job.skill_profile)
    ]


def question_payload(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "skill": question.skill,
        "question": question.question,
        "follow_ups": list(question.follow_ups),
        "strong": list(question.strong),
        "weak": list(question.weak),
        "red_flags": list(question.red_flags),
    }


def exposure_for(question_ids: Iterable[str]) -> dict[str, planning.Exposure]:
    ids = sorted(set(question_ids))
    if not ids:
        return {}
    rows = db.session.scalars(select(QuestionExposure).where(QuestionExposure.question_id.in_(ids)))
    return {
        row.question_id: planning.Exposure(
            times_asked=row.times_asked,
            last_asked=row.last_asked_at,
            retired=row.retired_at is not None,
        )
        for row in rows
    }


def retired_question_ids() -> frozenset[str]:
    return frozenset(
        db.session.scalars(
            select(QuestionExposure.question_id).where(QuestionExposure.retired_at.is_not(None))
        )
    )


def new_round(
    rubric_round: Round, position: int, focus: Sequence[str], question_ids: Sequence[str]
) -> LoopRound:
    by_id = {q.id: q for q in rubric_round.questions}
    return LoopRound(
        position=position,
        round_id=rubric_round.id,
        name=rubric_round.name,
        technical=rubric_round.technical,
        duration=rubric_round.duration,
        max_focus_skills=rubric_round.max_focus_skills,
        purpose=rubric_round.purpose,
        interviewer_guidance=rubric_round.interviewers,
        timing=[{"minutes": s.minutes, "activity": s.activity} for s in rubric_round.timing],
        assesses=list(rubric_round.assesses),
        focus_skills=list(focus),
        questions=[question_payload(by_id[qid]) for qid in question_ids if qid in by_id],
    )


def all_question_ids(rubric: Rubric, round_ids: Iterable[str]) -> list[str]:
    return [
        q.id for round_id in round_ids if round_id in rubric.rounds_by_id
        for q in rubric.round(round_id).questions
    ]  # fmt: skip


def plan_rounds(job: Job, rubric: Rubric, round_ids: Sequence[str]) -> list[LoopRound]:
    rounds = [rubric.round(round_id) for round_id in round_ids if round_id in rubric.rounds_by_id]
    exposure = exposure_for(all_question_ids(rubric, round_ids))
    required = planning.required_skills(job.rubric_snapshot["role"]["track"])
    specs = [round_spec(r) for r in rounds]
    plan = planning.plan_loop(needs_of(job), specs, exposure, required, job.role_family)
    return [
        new_round(rubric_round, position, planned.focus_skills, planned.questions)
        for position, (rubric_round, planned) in enumerate(zip(rounds, plan.rounds, strict=True))
    ]


def sync_assessed(job: Job, rounds: Sequence[LoopRound]) -> None:
    job.assessed_skills = sorted({skill for r in rounds for skill in r.focus_skills})
