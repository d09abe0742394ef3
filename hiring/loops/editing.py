"""Changing an interview loop: its rounds, their focus, questions, length and interviewers.

Every change asks ``policy``, checks the loop's version (concurrent edits conflict), writes
the audit log and commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, ValidationFailed
from hiring.jobs import snapshot as snap
from hiring.loops import planning
from hiring.loops.interviewers import interviewer_choices
from hiring.loops.models import InterviewLoop, LoopRound, LoopRoundInterviewer
from hiring.loops.round_plans import (
    exposure_for,
    loop_round_spec,
    needs_of,
    new_round,
    plan_rounds,
    question_payload,
    retired_question_ids,
    round_spec,
    sync_assessed,
)
from hiring.loops.services import LoopMissing, create_loop, load_job_for_loop, load_loop, round_in
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.transactions import commit_or_conflict

MAX_ROUNDS = 12


def _check_version(loop: InterviewLoop, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != loop.version:
        raise Conflict(
            "Someone else changed this interview loop after you opened it. The page now "
            "shows the current loop; make your change again."
        )


def touch(loop: InterviewLoop) -> None:
    """After a change: renumber the rounds, bump the version, resync what the job assesses."""
    for position, loop_round in enumerate(loop.rounds):
        loop_round.position = position
    loop.updated_at = utcnow()  # bumps the version: concurrent edits conflict
    sync_assessed(loop.job, loop.rounds)


def _editable(actor: User, job_id: int, expected_version: int | None) -> InterviewLoop:
    policy.require(actor, Action.MANAGE_LOOPS)
    loop = load_loop(job_id)
    _check_version(loop, expected_version)
    return loop


@dataclass(frozen=True)
class RoundChanges:
    focus_skills: list[str]
    question_ids: list[str]
    duration: int
    interviewer_ids: list[int]


def update_round(
    actor: User,
    job_id: int,
    loop_round_id: int,
    *,
    expected_version: int | None,
    changes: RoundChanges,
) -> LoopRound:
    loop = _editable(actor, job_id, expected_version)
    loop_round = round_in(loop, loop_round_id)
    errors: dict[str, list[str]] = {}
    unknown = [s for s in changes.focus_skills if s not in loop_round.assesses]
    if unknown:
        errors["focus_skills"] = [
            f"{loop_round.name} cannot assess {', '.join(unknown)}; choose among its skills."
        ]
    if not 10 <= changes.duration <= 480:
        errors["duration"] = ["Give the round between 10 and 480 minutes."]
    rubric = current_rubric()
    bank = (
        {q.id: q for q in rubric.round(loop_round.round_id).questions}
        if (loop_round.round_id in rubric.rounds_by_id)
        else {}
    )
    kept = {q["id"]: q for q in loop_round.questions}
    retired = retired_question_ids()
    focus = list(dict.fromkeys(changes.focus_skills))
    chosen: list[dict[str, Any]] = []
    for qid in dict.fromkeys(changes.question_ids):
        question = bank.get(qid)
        if question is None and qid in kept:  # pinned earlier, since removed from the rubric
            if kept[qid]["skill"] in focus:
                chosen.append(kept[qid])
        elif question is None:
            errors.setdefault("questions", []).append(f"Unknown question {qid!r}.")
        elif question.retired or (qid in retired and qid not in kept):
            errors.setdefault("questions", []).append(f"Question {qid!r} is retired.")
        elif question.skill in focus:
            # Questions about a skill just removed from the focus are dropped with it.
            chosen.append(question_payload(question))
    # A skill just added to the focus gets the least-asked questions of its kind.
    asked = {q["skill"] for q in chosen}
    spec = loop_round_spec(loop_round, rubric)
    exposure = exposure_for(q.id for q in spec.questions)
    for skill in focus:
        if skill not in asked:
            per_skill = planning.questions_per_skill(spec, len(focus), skill)
            taken = frozenset(q["id"] for q in chosen)
            picked = planning.pick_questions(
                spec, skill, per_skill, exposure, taken, loop.job.role_family
            )
            for qid in picked:
                chosen.append(question_payload(bank[qid]))
    interviewers = {choice.user.id: choice.user for choice in interviewer_choices()}
    current_ids = {link.user_id for link in loop_round.interviewer_links}
    bad = [i for i in changes.interviewer_ids if i not in interviewers and i not in current_ids]
    if bad:
        errors["interviewer_ids"] = ["Choose active users who hold the interviewer role."]
    if errors:
        raise ValidationFailed(errors)
    before = (
        list(loop_round.focus_skills),
        [q["id"] for q in loop_round.questions],
        loop_round.duration,
        sorted(current_ids),
    )
    loop_round.focus_skills = focus
    loop_round.questions = chosen
    loop_round.duration = changes.duration
    wanted = list(dict.fromkeys(changes.interviewer_ids))
    loop_round.interviewer_links = [
        link for link in loop_round.interviewer_links if link.user_id in wanted
    ] + [LoopRoundInterviewer(user_id=user_id) for user_id in wanted if user_id not in current_ids]
    after = (
        list(loop_round.focus_skills),
        [q["id"] for q in chosen],
        loop_round.duration,
        sorted(wanted),
    )
    if before == after:
        return loop_round
    touch(loop)
    audit.record(
        actor,
        "loop.round_updated",
        "job",
        job_id,
        f"Changed round {loop_round.position + 1} ({loop_round.name}) of the loop of "
        f"{loop.job.title!r}",
        {
            "focus_skills": after[0],
            "questions": after[1],
            "duration": after[2],
            "interviewers": after[3],
        },
    )
    commit_or_conflict("interview loop")
    return loop_round


def move_round(
    actor: User, job_id: int, loop_round_id: int, *, expected_version: int | None, offset: int
) -> None:
    loop = _editable(actor, job_id, expected_version)
    loop_round = round_in(loop, loop_round_id)
    index = loop.rounds.index(loop_round)
    target = max(0, min(len(loop.rounds) - 1, index + offset))
    if target == index:
        return
    rounds = list(loop.rounds)
    rounds.insert(target, rounds.pop(index))
    for position, item in enumerate(rounds):
        item.position = position
    loop.rounds = rounds
    touch(loop)
    audit.record(
        actor, "loop.round_moved", "job", job_id,
        f"Moved {loop_round.name} to position {target + 1} in the loop of {loop.job.title!r}",
    )  # fmt: skip
    commit_or_conflict("interview loop")


def drop_round(
    actor: User, job_id: int, loop_round_id: int, *, expected_version: int | None
) -> None:
    loop = _editable(actor, job_id, expected_version)
    loop_round = round_in(loop, loop_round_id)
    loop.rounds = [r for r in loop.rounds if r is not loop_round]
    touch(loop)
    audit.record(
        actor, "loop.round_dropped", "job", job_id,
        f"Dropped {loop_round.name} from the loop of {loop.job.title!r}",
    )  # fmt: skip
    commit_or_conflict("interview loop")


def add_round(
    actor: User, job_id: int, round_id: str, *, expected_version: int | None
) -> LoopRound:
    loop = _editable(actor, job_id, expected_version)
    rubric = current_rubric()
    if round_id not in rubric.rounds_by_id:
        raise ValidationFailed({"round_id": ["Choose a round from the rubric."]})
    if len(loop.rounds) >= MAX_ROUNDS:
        raise ValidationFailed({"round_id": [f"A loop has at most {MAX_ROUNDS} rounds."]})
    rubric_round = rubric.round(round_id)
    # Focus the new round on what the loop covers least.
    job = loop.job
    covered = {s for r in loop.rounds for s in r.focus_skills}
    needs = [n for n in needs_of(job) if n.skill not in covered] + needs_of(job)
    exposure = exposure_for(q.id for q in rubric_round.questions)
    spec = round_spec(rubric_round)
    focus = planning.plan_focus(needs, [spec])[0]
    questions: list[str] = []
    for skill in focus:
        per_skill = planning.questions_per_skill(spec, len(focus), skill)
        questions += planning.pick_questions(
            spec, skill, per_skill, exposure, frozenset(questions), job.role_family
        )
    new = new_round(rubric_round, len(loop.rounds), focus, questions)
    loop.rounds = [*loop.rounds, new]
    touch(loop)
    audit.record(
        actor, "loop.round_added", "job", job_id,
        f"Added {rubric_round.name} to the loop of {job.title!r}",
    )  # fmt: skip
    commit_or_conflict("interview loop")
    return new


def replan(actor: User, job_id: int, *, expected_version: int | None) -> None:
    """Plan the loop again from the job's current skills and the rubric's rounds."""
    policy.require(actor, Action.MANAGE_LOOPS)
    try:
        loop = _editable(actor, job_id, expected_version)
    except LoopMissing:
        job = load_job_for_loop(job_id)
        create_loop(job)
        audit.record(actor, "loop.planned", "job", job_id, f"Planned a loop for {job.title!r}")
        commit_or_conflict("interview loop")
        return
    job = loop.job
    rubric = current_rubric()
    loop.rounds = plan_rounds(job, rubric, snap.level_of(job.rubric_snapshot).rounds)
    loop.rubric_version = rubric.version
    touch(loop)
    audit.record(actor, "loop.replanned", "job", job_id, f"Planned the loop of {job.title!r} again")
    commit_or_conflict("interview loop")


@dataclass(frozen=True)
class RoundInput:
    round_id: str
    duration: int | None
    focus_skills: list[str]
    question_ids: list[str]
    interviewer_ids: list[int]


def replace_loop(
    actor: User, job_id: int, *, expected_version: int | None, rounds: Sequence[RoundInput]
) -> InterviewLoop:
    """Set the whole loop at once (the API's PUT)."""
    loop = _editable(actor, job_id, expected_version)
    rubric = current_rubric()
    errors: dict[str, list[str]] = {}
    if not rounds:
        errors["rounds"] = ["A loop needs at least one round."]
    if len(rounds) > MAX_ROUNDS:
        errors["rounds"] = [f"A loop has at most {MAX_ROUNDS} rounds."]
    interviewers = {choice.user.id for choice in interviewer_choices()}
    retired = retired_question_ids()
    built: list[LoopRound] = []
    for index, item in enumerate(rounds):
        where = f"rounds[{index}]"
        if item.round_id not in rubric.rounds_by_id:
            errors[f"{where}.round_id"] = [f"Unknown round {item.round_id!r}."]
            continue
        rubric_round = rubric.round(item.round_id)
        bank = {q.id: q for q in rubric_round.questions}
        bad_skills = [s for s in item.focus_skills if s not in rubric_round.assesses]
        if bad_skills:
            errors[f"{where}.focus_skills"] = [
                f"{rubric_round.name} cannot assess {', '.join(bad_skills)}."
            ]
        bad_questions = [
            qid
            for qid in item.question_ids
            if qid not in bank
            or bank[qid].retired
            or qid in retired
            or bank[qid].skill not in item.focus_skills
        ]
        if bad_questions:
            errors[f"{where}.question_ids"] = [
                "Not usable here (unknown, retired or off the focus skills): "
                + ", ".join(bad_questions)
                + "."
            ]
        if item.duration is not None and not 10 <= item.duration <= 480:
            errors[f"{where}.duration"] = ["Give the round between 10 and 480 minutes."]
        if [i for i in item.interviewer_ids if i not in interviewers]:
            errors[f"{where}.interviewer_ids"] = ["Choose active users with the interviewer role."]
        new = new_round(
            rubric_round,
            index,
            list(dict.fromkeys(item.focus_skills)),
            list(dict.fromkeys(item.question_ids)),
        )
        if item.duration is not None:
            new.duration = item.duration
        new.interviewer_links = [
            LoopRoundInterviewer(user_id=user_id) for user_id in dict.fromkeys(item.interviewer_ids)
        ]
        built.append(new)
    if errors:
        raise ValidationFailed(errors)
    loop.rounds = built
    touch(loop)
    audit.record(
        actor, "loop.replaced", "job", job_id,
        f"Set the loop of {loop.job.title!r} to {', '.join(r.name for r in built)}",
    )  # fmt: skip
    commit_or_conflict("interview loop")
    return loop
