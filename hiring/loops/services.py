"""What people do with interview loops: plan, tune, staff, template, and print kits.

Planning and coverage are pure (``planning``); this module loads and stores loops,
asks ``policy``, writes the audit log and commits once per action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload, undefer
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.interviews.models import SCHEDULED, Interview, interview_interviewers
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.loops import planning
from hiring.loops.models import (
    InterviewLoop,
    LoopRound,
    LoopRoundInterviewer,
    LoopTemplate,
    QuestionExposure,
)
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import Question, Round, Rubric

MAX_ROUNDS = 12


# --- conversions between the rubric, the database and the pure planner ---------------------


def round_spec(round_: Round) -> planning.RoundSpec:
    return planning.RoundSpec(
        id=round_.id,
        name=round_.name,
        duration=round_.duration,
        max_focus_skills=round_.max_focus_skills,
        assesses=round_.assesses,
        technical=round_.technical,
        questions=tuple(planning.QuestionSpec(q.id, q.skill, q.retired) for q in round_.questions),
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


def _new_round(
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


def _all_question_ids(rubric: Rubric, round_ids: Iterable[str]) -> list[str]:
    return [
        q.id for round_id in round_ids if round_id in rubric.rounds_by_id
        for q in rubric.round(round_id).questions
    ]  # fmt: skip


def _plan_rounds(job: Job, rubric: Rubric, round_ids: Sequence[str]) -> list[LoopRound]:
    rounds = [rubric.round(round_id) for round_id in round_ids if round_id in rubric.rounds_by_id]
    exposure = exposure_for(_all_question_ids(rubric, round_ids))
    plan = planning.plan_loop(needs_of(job), [round_spec(r) for r in rounds], exposure)
    return [
        _new_round(rubric_round, position, planned.focus_skills, planned.questions)
        for position, (rubric_round, planned) in enumerate(zip(rounds, plan.rounds, strict=True))
    ]


def _sync_assessed(job: Job, rounds: Sequence[LoopRound]) -> None:
    job.assessed_skills = sorted({skill for r in rounds for skill in r.focus_skills})


# --- creating a loop with a job ------------------------------------------------------------


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
        rounds = _plan_rounds(job, rubric, snap.level_of(job.rubric_snapshot).rounds)
    loop.rounds = rounds
    db.session.add(loop)
    _sync_assessed(job, rounds)
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
        new = _new_round(rubric_round, len(rounds), focus, questions)
        new.duration = item.get("duration", new.duration)
        rounds.append(new)
    return rounds


# --- reading -------------------------------------------------------------------------------


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


def _load_loop(job_id: int) -> InterviewLoop:
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
        requires_coding=track in ("engineering", "science"),
    )


def get_loop(actor: User, job_id: int) -> LoopView:
    policy.require(actor, Action.VIEW_LOOPS)
    loop = _load_loop(job_id)
    job = loop.job
    skills = snap.skills_of(job.rubric_snapshot)
    try:
        rubric: Rubric | None = current_rubric()
    except RubricsUnavailable:
        rubric = None
    ids = _all_question_ids(rubric, {r.round_id for r in loop.rounds}) if rubric else []
    ids += [q["id"] for r in loop.rounds for q in r.questions]
    return LoopView(
        job=job,
        loop=loop,
        coverage=coverage_of(job, loop.rounds),
        skill_names={skill_id: skill.name for skill_id, skill in skills.items()},
        exposure=exposure_for(ids),
    )


@dataclass(frozen=True)
class InterviewerChoice:
    user: User
    assigned_rounds: int  # rounds of loops of open jobs the person is assigned to
    upcoming_interviews: int = 0  # scheduled interviews still ahead


def interviewer_choices() -> list[InterviewerChoice]:
    """People with the interviewer role and their current load, in three queries."""
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
    upcoming = dict(
        db.session.execute(
            select(interview_interviewers.c.user_id, func.count())
            .join(Interview, Interview.id == interview_interviewers.c.interview_id)
            .where(Interview.status == SCHEDULED, Interview.starts_at >= utcnow())
            .group_by(interview_interviewers.c.user_id)
        ).all()
    )
    return [
        InterviewerChoice(user, load.get(user.id, 0), upcoming.get(user.id, 0)) for user in users
    ]


# --- changing a loop -----------------------------------------------------------------------


def _check_version(loop: InterviewLoop, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != loop.version:
        raise Conflict(
            "Someone else changed this interview loop after you opened it. The page now "
            "shows the current loop; make your change again."
        )


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            "Someone else changed this interview loop at the same time. Reload and try again."
        ) from exc


def _touch(loop: InterviewLoop) -> None:
    for position, loop_round in enumerate(loop.rounds):
        loop_round.position = position
    loop.updated_at = utcnow()  # bumps the version: concurrent edits conflict
    _sync_assessed(loop.job, loop.rounds)


def _editable(actor: User, job_id: int, expected_version: int | None) -> InterviewLoop:
    policy.require(actor, Action.MANAGE_LOOPS)
    loop = _load_loop(job_id)
    _check_version(loop, expected_version)
    return loop


def _round_in(loop: InterviewLoop, loop_round_id: int) -> LoopRound:
    for loop_round in loop.rounds:
        if loop_round.id == loop_round_id:
            return loop_round
    raise NotFound("This loop has no such round.")


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
    loop_round = _round_in(loop, loop_round_id)
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
    per_skill = planning.questions_per_skill(spec, len(focus))
    for skill in focus:
        if skill not in asked:
            taken = frozenset(q["id"] for q in chosen)
            for qid in planning.pick_questions(spec, skill, per_skill, exposure, taken):
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
    _touch(loop)
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
    _commit()
    return loop_round


def move_round(
    actor: User, job_id: int, loop_round_id: int, *, expected_version: int | None, offset: int
) -> None:
    loop = _editable(actor, job_id, expected_version)
    loop_round = _round_in(loop, loop_round_id)
    index = loop.rounds.index(loop_round)
    target = max(0, min(len(loop.rounds) - 1, index + offset))
    if target == index:
        return
    rounds = list(loop.rounds)
    rounds.insert(target, rounds.pop(index))
    for position, item in enumerate(rounds):
        item.position = position
    loop.rounds = rounds
    _touch(loop)
    audit.record(
        actor, "loop.round_moved", "job", job_id,
        f"Moved {loop_round.name} to position {target + 1} in the loop of {loop.job.title!r}",
    )  # fmt: skip
    _commit()


def drop_round(
    actor: User, job_id: int, loop_round_id: int, *, expected_version: int | None
) -> None:
    loop = _editable(actor, job_id, expected_version)
    loop_round = _round_in(loop, loop_round_id)
    loop.rounds = [r for r in loop.rounds if r is not loop_round]
    _touch(loop)
    audit.record(
        actor, "loop.round_dropped", "job", job_id,
        f"Dropped {loop_round.name} from the loop of {loop.job.title!r}",
    )  # fmt: skip
    _commit()


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
    per_skill = planning.questions_per_skill(spec, len(focus))
    questions: list[str] = []
    for skill in focus:
        questions += planning.pick_questions(spec, skill, per_skill, exposure, frozenset(questions))
    new = _new_round(rubric_round, len(loop.rounds), focus, questions)
    loop.rounds = [*loop.rounds, new]
    _touch(loop)
    audit.record(
        actor, "loop.round_added", "job", job_id,
        f"Added {rubric_round.name} to the loop of {job.title!r}",
    )  # fmt: skip
    _commit()
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
        _commit()
        return
    job = loop.job
    rubric = current_rubric()
    loop.rounds = _plan_rounds(job, rubric, snap.level_of(job.rubric_snapshot).rounds)
    loop.rubric_version = rubric.version
    _touch(loop)
    audit.record(actor, "loop.replanned", "job", job_id, f"Planned the loop of {job.title!r} again")
    _commit()


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
        new = _new_round(
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
    _touch(loop)
    audit.record(
        actor, "loop.replaced", "job", job_id,
        f"Set the loop of {loop.job.title!r} to {', '.join(r.name for r in built)}",
    )  # fmt: skip
    _commit()
    return loop


# --- templates and question exposure ---------------------------------------------------------


def save_template(actor: User, job_id: int, name: str) -> LoopTemplate:
    policy.require(actor, Action.MANAGE_LOOPS)
    loop = _load_loop(job_id)
    label = name.strip()
    if not label:
        raise ValidationFailed({"name": ["Name the template so others can pick it."]})
    if len(label) > 200:
        raise ValidationFailed({"name": ["Use at most 200 characters."]})
    template = LoopTemplate(
        name=label,
        role_family=loop.job.role_family,
        level=loop.job.level,
        rounds=[
            {
                "round_id": r.round_id,
                "duration": r.duration,
                "focus_skills": list(r.focus_skills),
                "question_ids": [q["id"] for q in r.questions],
            }
            for r in loop.rounds
        ],
        created_by_id=actor.id,
    )
    db.session.add(template)
    db.session.flush()
    audit.record(
        actor, "loop.template_saved", "loop_template", template.id,
        f"Saved the loop of {loop.job.title!r} as template {label!r}",
    )  # fmt: skip
    db.session.commit()
    return template


def list_templates(role_family: str | None = None, level: str | None = None) -> list[LoopTemplate]:
    query = select(LoopTemplate).options(joinedload(LoopTemplate.created_by))
    if role_family:
        query = query.where(LoopTemplate.role_family == role_family)
    if level:
        query = query.where(LoopTemplate.level == level)
    return list(
        db.session.scalars(
            query.order_by(LoopTemplate.role_family, LoopTemplate.level, LoopTemplate.name)
        )
    )


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
        loop = _load_loop(job_id)
        loop_round = _round_in(loop, loop_round_id)
        remaining = [q for q in loop_round.questions if q["id"] != question_id]
        if len(remaining) != len(loop_round.questions):
            gone = next(q for q in loop_round.questions if q["id"] == question_id)
            spec = loop_round_spec(loop_round, rubric)
            exposure = exposure_for(q.id for q in spec.questions)
            exposure[question_id] = planning.Exposure(retired=True)
            taken = frozenset(q["id"] for q in loop_round.questions)
            bank = {q.id: q for q in rubric.round(loop_round.round_id).questions}
            replacement = planning.pick_questions(spec, gone["skill"], 1, exposure, taken)
            loop_round.questions = remaining + [question_payload(bank[q]) for q in replacement]
            _touch(loop)
    db.session.commit()
    return row


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


# --- kits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kit:
    job: Job
    rounds: list[LoopRound]
    skills: dict[str, Any]  # skill id -> Skill (with its anchored scale)
    interviewer: User | None
    levels: dict[str, int]  # skill id -> the job's bar or target for it
    kinds: dict[str, str]  # skill id -> must | trainable | nice


def kit(
    actor: User, job_id: int, loop_round_id: int | None = None, interviewer_id: int | None = None
) -> Kit:
    """One round's kit (for its interviewers) or the whole loop's (for the hiring manager)."""
    loop = _load_loop(job_id)
    rounds = list(loop.rounds) if loop_round_id is None else [_round_in(loop, loop_round_id)]
    for loop_round in rounds:
        target = _KitTarget({link.user_id for link in loop_round.interviewer_links})
        if loop_round_id is None:
            policy.require(actor, Action.VIEW_LOOPS)
        else:
            policy.require(actor, Action.VIEW_KIT, target)
    interviewer = None
    if interviewer_id is not None:
        for loop_round in rounds:
            for link in loop_round.interviewer_links:
                if link.user_id == interviewer_id:
                    interviewer = link.user
        if interviewer is None:
            raise NotFound("That person is not an interviewer of this round.")
    profile = profile_from_json(loop.job.skill_profile)
    return Kit(
        job=loop.job,
        rounds=rounds,
        skills=snap.skills_of(loop.job.rubric_snapshot),
        interviewer=interviewer,
        levels={e.skill: e.level for e in profile if e.level},
        kinds={e.skill: e.kind for e in profile},
    )


@dataclass(frozen=True)
class _KitTarget:
    interviewer_ids: set[int]


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


def load_job_for_loop(job_id: int) -> Job:
    job = db.session.scalar(
        select(Job).options(undefer(Job.rubric_snapshot)).where(Job.id == job_id)
    )
    if job is None:
        raise NotFound("There is no such job.")
    return job
