"""Retiring a question (for example after it leaked) and swapping it out where it is used."""

from __future__ import annotations

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.loops import planning
from hiring.loops.editing import touch
from hiring.loops.models import QuestionExposure
from hiring.loops.round_plans import exposure_for, loop_round_spec, question_payload
from hiring.loops.services import load_loop, round_in
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric


def retire_question(
    actor: User,
    question_id: str,
    reason: str,
    *,
    job_id: int | None = None,
    loop_round_id: int | None = None,
) -> QuestionExposure:
    """Never propose this question again (for example after it leaked online).

    Given a loop round that uses it, the question is swapped there for the next
    least-asked one; other loops show it as retired until someone swaps it.
    """
    policy.require(actor, Action.RETIRE_QUESTIONS)
    rubric = current_rubric()
    if not any(q.id == question_id for r in rubric.rounds for q in r.questions):
        raise NotFound("There is no such question in the rubric.")
    text = reason.strip() or "Leaked"
    row = db.session.get(QuestionExposure, question_id)
    if row is None:
        row = QuestionExposure(question_id=question_id, times_asked=0)
        db.session.add(row)
    if row.retired_at is None:
        row.retired_at = utcnow()
        row.retired_by_id = actor.id
        row.retired_reason = text[:300]
        audit.record(
            actor, "question.retired", "question", question_id,
            f"Retired question {question_id}: {text[:200]}",
        )  # fmt: skip
    if job_id is not None and loop_round_id is not None:
        policy.require(actor, Action.MANAGE_LOOPS)
        loop = load_loop(job_id)
        loop_round = round_in(loop, loop_round_id)
        remaining = [q for q in loop_round.questions if q["id"] != question_id]
        if len(remaining) != len(loop_round.questions):
            gone = next(q for q in loop_round.questions if q["id"] == question_id)
            spec = loop_round_spec(loop_round, rubric)
            exposure = exposure_for(q.id for q in spec.questions)
            exposure[question_id] = planning.Exposure(retired=True)
            taken = frozenset(q["id"] for q in loop_round.questions)
            bank = {q.id: q for q in rubric.round(loop_round.round_id).questions}
            replacement = planning.pick_questions(
                spec, gone["skill"], 1, exposure, taken, loop.job.role_family
            )
            loop_round.questions = remaining + [question_payload(bank[q]) for q in replacement]
            touch(loop)
    db.session.commit()
    return row
