"""What people do with applications: add a candidate to a job, move it through the
stages, alone or in bulk.

Each change owns its transaction, asks ``policy`` and writes the audit log. The stage
rules are the pure ``stages`` module; the stages themselves come from the rubric.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.candidates.models import Candidate, CandidateTag
from hiring.candidates.services import (
    MAX_TAG_LENGTH,
    get_candidate,
    normalise_tag,
    refuse_if_erased,
)
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.fragments import answers
from hiring.jobs.models import UNPUBLISHED, Job
from hiring.pipeline import signals, stages
from hiring.pipeline.models import (
    ACTIVE,
    HIRED,
    REJECTED,
    WITHDRAWN,
    Application,
    StageChange,
)
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import current_rubric
from hiring.transactions import commit_or_conflict


def current_pipeline() -> stages.Pipeline:
    """The stages, terminal states and rejection reasons of the current rubric."""
    data = current_rubric().pipeline
    return stages.pipeline_from(
        [(s.id, s.name, s.target_days) for s in data.stages],
        [(s.id, s.name) for s in data.terminal],
        [(r.id, r.name) for r in data.rejection_reasons],
    )


class JobOption(NamedTuple):
    """A job as a choice in a form: all a select shows of it."""

    id: int
    title: str


class RecruiterOption(NamedTuple):
    id: int
    name: str


def open_jobs() -> list[JobOption]:
    """Jobs a candidate can be added to: every job not taken down."""
    rows = db.session.execute(
        select(Job.id, Job.title).where(Job.status != UNPUBLISHED).order_by(Job.title)
    )
    return [JobOption(*row) for row in rows]


def recruiters() -> list[RecruiterOption]:
    """Active recruiters, by name: who may own an application."""
    rows = db.session.execute(
        select(User.id, User.name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.RECRUITER.value, User.active.is_(True))
        .order_by(User.name)
    )
    return [RecruiterOption(*row) for row in rows]


def _check_owner(owner_id: int | None) -> None:
    if owner_id is None:
        return
    if owner_id not in {user.id for user in recruiters()}:
        raise ValidationFailed({"owner_id": ["Choose an active recruiter."]})


def _active_application(candidate_id: int, job_id: int) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.candidate_id == candidate_id,
            Application.job_id == job_id,
            Application.status == ACTIVE,
        )
    )


class AlreadyInPipeline(ValidationFailed):
    """The candidate has an active application to the job already."""

    def __init__(self, message: str, existing: Application) -> None:
        super().__init__({"job_id": [message]})
        self.application_id = existing.id


def add_to_job(
    actor: User, candidate_id: int, job_id: int | None, owner_id: int | None = None
) -> Application:
    """The candidate enters the job's pipeline in its first stage."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    candidate = get_candidate(actor, candidate_id, full=False)
    refuse_if_erased(candidate)
    job = db.session.get(Job, job_id) if job_id else None
    if job is None or job.status == UNPUBLISHED:
        raise ValidationFailed({"job_id": ["Choose an open job."]})
    _check_owner(owner_id)
    pipeline = current_pipeline()
    existing = _active_application(candidate.id, job.id)
    if existing is not None:
        raise AlreadyInPipeline(
            f"{candidate.name} is already in the pipeline of {job.title} "
            f"({pipeline.name(existing.stage)}).",
            existing,
        )
    try:
        # PostgreSQL refuses the second of two concurrent inserts here, not at commit.
        application = open_application(
            actor, candidate, job, owner_id=owner_id, note="Added to the job"
        )
        commit_or_conflict("application")
    except IntegrityError as exc:  # the partial unique index: added twice at once
        db.session.rollback()
        raise Conflict(f"{candidate.name} was just added to {job.title} by someone else.") from exc
    return application


def open_application(
    actor: User | None,
    candidate: Candidate,
    job: Job,
    *,
    owner_id: int | None = None,
    note: str,
    source: str = "",
) -> Application:
    """Put the candidate in the job's first stage, with its history and audit entry.

    Joins the caller's transaction (the import runs it inside a savepoint per row);
    the caller checks there is no active application yet. No ``actor``: the candidate
    applied themselves (``source`` says where).
    """
    pipeline = current_pipeline()
    now = utcnow()
    application = Application(
        candidate_id=candidate.id,
        job_id=job.id,
        stage=pipeline.first,
        entered_stage_at=now,
        status=ACTIVE,
        owner_id=owner_id,
        source=source,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        StageChange(
            application_id=application.id,
            from_stage=None,
            to_stage=pipeline.first,
            by_id=actor.id if actor else None,
            at=now,
            note=note,
        )
    )
    audit.record(
        actor,
        "application.created",
        "application",
        application.id,
        f"Added candidate #{candidate.id} to {job.title} in {pipeline.name(pipeline.first)}",
        {"candidate_id": candidate.id, "job_id": job.id, **({"source": source} if source else {})},
        actor_email=None if actor else (source or "candidate"),
    )
    db.session.flush()
    return application


def get_application(actor: User, application_id: int, *, with_history: bool = False) -> Application:
    """An application with its candidate and job; ``with_history`` adds its owner and
    every stage change with who made it (two more queries at most)."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    query = select(Application).options(
        joinedload(Application.candidate), joinedload(Application.job)
    )
    if with_history:
        query = query.options(
            joinedload(Application.owner),
            selectinload(Application.changes).joinedload(StageChange.by),
        )
    application = db.session.scalar(query.where(Application.id == application_id))
    if application is None:
        raise NotFound("There is no such application.")
    return application


def _status_for(stage_id: str) -> str:
    if stage_id == stages.REJECTED:
        return REJECTED
    if stage_id == stages.WITHDRAWN:
        return WITHDRAWN
    if stage_id == stages.HIRED:
        return HIRED
    return ACTIVE


class MoveConflict(Conflict):
    """Someone moved the application first; carries where it is now."""

    def __init__(self, message: str, application: Application) -> None:
        super().__init__(message)
        self.application_id = application.id
        self.job_id = application.job_id
        self.stage = application.stage
        self.version = application.version


def _moved_meanwhile(application: Application, pipeline: stages.Pipeline) -> MoveConflict:
    last = db.session.scalar(
        select(StageChange)
        .options(joinedload(StageChange.by))
        .where(StageChange.application_id == application.id)
        .order_by(StageChange.id.desc())
        .limit(1)
    )
    who = last.by.name if last is not None and last.by is not None else "Someone else"
    when = f" at {last.at:%Y-%m-%d %H:%M} UTC" if last is not None else ""
    return MoveConflict(
        f"{who} changed {application.candidate.name}'s application{when} while you were "
        f"looking: it is now in {pipeline.name(application.stage)}. Nothing was moved; "
        "check the current state and move it again if you still need to.",
        application,
    )


@dataclass(frozen=True)
class MoveFacts:
    """What the stage rules need to know beyond the application row."""

    visited: dict[int, frozenset[str]]
    hire_decided: dict[int, bool] | None  # None: nothing here records decisions


def move_facts(applications: list[Application], target: str) -> MoveFacts:
    """The stages each application has been in and whether it has a hire decision,
    asked only for the moves whose rules need them (two queries at most, for any
    number of applications)."""
    ids = tuple(application.id for application in applications)
    visited: dict[int, set[str]] = {}
    if target == stages.HIRED and ids:
        for application_id, stage in db.session.execute(
            select(StageChange.application_id, StageChange.to_stage)
            .where(StageChange.application_id.in_(ids))
            .distinct()
        ):
            visited.setdefault(application_id, set()).add(stage)
    decided: dict[int, bool] | None = None
    if target == stages.OFFER and ids:
        found = answers(signals.hire_decisions, ids)
        if found:
            decided = {application_id: False for application_id in ids}
            for answer in found:
                decided.update(answer)
    return MoveFacts({key: frozenset(value) for key, value in visited.items()}, decided)


def _apply_move(
    actor: User,
    application: Application,
    pipeline: stages.Pipeline,
    target: str,
    note: str,
    rejection_reason: str,
    facts: MoveFacts,
) -> None:
    problems = stages.move_problems(
        pipeline,
        stages.Move(
            current=application.stage,
            target=target,
            note=note,
            rejection_reason=rejection_reason if target == stages.REJECTED else "",
            hire_decision_recorded=None
            if facts.hire_decided is None
            else facts.hire_decided.get(application.id, False),
            visited=facts.visited.get(application.id, frozenset()),
        ),
    )
    if problems:
        raise ValidationFailed(problems)
    status = _status_for(target)
    if status == ACTIVE and application.status != ACTIVE:
        other = _active_application(application.candidate_id, application.job_id)
        if other is not None and other.id != application.id:
            raise ValidationFailed(
                {"target": ["The candidate has another active application to this job."]}
            )
    now = utcnow()
    from_stage = application.stage
    application.stage = target
    application.status = status
    application.entered_stage_at = now
    application.rejection_reason = rejection_reason if target == stages.REJECTED else ""
    application.updated_at = now
    db.session.add(
        StageChange(
            application_id=application.id,
            from_stage=from_stage,
            to_stage=target,
            by_id=actor.id,
            at=now,
            note=note.strip(),
            rejection_reason=application.rejection_reason,
        )
    )
    summary = (
        f"Moved candidate #{application.candidate_id} ({application.job.title}) from "
        f"{pipeline.name(from_stage)} to {pipeline.name(target)}"
    )
    audit.record(
        actor,
        "application.moved",
        "application",
        application.id,
        summary,
        {"from": from_stage, "to": target, "rejection_reason": application.rejection_reason},
    )


def move_application(
    actor: User,
    application_id: int,
    *,
    expected_version: int | None,
    target: str,
    note: str = "",
    rejection_reason: str = "",
) -> Application:
    policy.require(actor, Action.MANAGE_CANDIDATES)
    if len(note) > 2000:
        raise ValidationFailed({"note": ["Keep the note under 2,000 characters."]})
    application = get_application(actor, application_id)
    pipeline = current_pipeline()
    if expected_version is not None and expected_version != application.version:
        raise _moved_meanwhile(application, pipeline)
    _apply_move(
        actor,
        application,
        pipeline,
        target,
        note,
        rejection_reason,
        move_facts([application], target),
    )
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise _moved_meanwhile(get_application(actor, application_id), pipeline) from exc
    return application


@dataclass(frozen=True)
class BulkResult:
    done: list[str]
    refused: list[str]


def bulk_move(
    actor: User, application_ids: list[int], *, target: str, note: str = "", rejection_reason=""
) -> BulkResult:
    """Move (or reject) every selected application the rules allow; report the others."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    if not application_ids:
        raise ValidationFailed({"ids": ["Select at least one application."]})
    pipeline = current_pipeline()
    applications = db.session.scalars(
        select(Application)
        .options(joinedload(Application.candidate), joinedload(Application.job))
        .where(Application.id.in_(application_ids))
        .order_by(Application.id)
    ).all()
    done, refused = [], []
    facts = move_facts(list(applications), target)
    for application in applications:
        try:
            _apply_move(actor, application, pipeline, target, note, rejection_reason, facts)
        except ValidationFailed as exc:
            refused.append(f"{application.candidate.name}: {exc.message}")
        else:
            done.append(application.candidate.name)
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise Conflict(
            "Someone else moved some of these applications at the same time; nothing was "
            "changed. Reload the list and try again."
        ) from exc
    return BulkResult(done, refused)


def bulk_tag(actor: User, application_ids: list[int], tag: str) -> BulkResult:
    """Tag the candidates of the selected applications (two queries and one insert)."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    tag = normalise_tag(tag)
    if not tag or len(tag) > MAX_TAG_LENGTH:
        raise ValidationFailed({"tag": [f"Give a tag of 1 to {MAX_TAG_LENGTH} characters."]})
    if not application_ids:
        raise ValidationFailed({"ids": ["Select at least one application."]})
    rows = db.session.execute(
        select(Candidate.id, Candidate.name)
        .join(Application, Application.candidate_id == Candidate.id)
        .where(Application.id.in_(application_ids))
        .distinct()
    ).all()
    ids = [row.id for row in rows]
    tagged = set(
        db.session.scalars(
            select(CandidateTag.candidate_id).where(
                CandidateTag.candidate_id.in_(ids), CandidateTag.tag == tag
            )
        )
    )
    new = [candidate_id for candidate_id in ids if candidate_id not in tagged]
    if new:
        db.session.execute(insert(CandidateTag), [{"candidate_id": cid, "tag": tag} for cid in new])
    audit.record(
        actor,
        "candidate.tagged",
        "candidate",
        None,
        f"Tagged {len(new)} candidate(s) {tag!r}",
        {"tag": tag, "candidate_ids": new},
    )
    db.session.commit()
    return BulkResult([row.name for row in rows if row.id in set(new)], [])
