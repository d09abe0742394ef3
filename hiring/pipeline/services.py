"""What people do with candidates and the pipeline: add, edit, apply to a job, move.

Each function owns its transaction, asks ``policy`` and writes the audit log. The
stage rules are the pure ``stages`` module; the stages themselves come from the rubric.
Every read runs a fixed number of SQL queries whatever the amount of data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload, undefer
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs.models import UNPUBLISHED, Job
from hiring.pipeline import stages
from hiring.pipeline.imports import ImportedCandidate
from hiring.pipeline.models import (
    ACTIVE,
    APPLICATION_STATUSES,
    HIRED,
    REJECTED,
    SOURCES,
    WITHDRAWN,
    Application,
    Candidate,
    CandidateTag,
    StageChange,
)
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import current_rubric
from hiring.sanitize import render_markdown
from hiring.scorecards import progress as scorecard_progress
from hiring.scorecards import rules as scorecard_rules

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LINKS, MAX_TAGS, MAX_TAG_LENGTH = 10, 20, 40
MAX_RESUME, MAX_NOTES = 200_000, 50_000
BOARD_CARDS_PER_STAGE = 50


def current_pipeline() -> stages.Pipeline:
    """The stages, terminal states and rejection reasons of the current rubric."""
    data = current_rubric().pipeline
    return stages.pipeline_from(
        [(s.id, s.name, s.target_days) for s in data.stages],
        [(s.id, s.name) for s in data.terminal],
        [(r.id, r.name) for r in data.rejection_reasons],
    )


def _commit(what: str) -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            f"Someone else changed this {what} while you were working on it. "
            "Reload to see the current version, then make your change again."
        ) from exc


# --- candidates ------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateInput:
    name: str
    email: str
    phone: str = ""
    location: str = ""
    links: tuple[str, ...] = ()
    source: str = "inbound"
    resume_text: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""


class DuplicateCandidate(ValidationFailed):
    """The email belongs to a candidate already: never a second record."""

    def __init__(self, existing: Candidate) -> None:
        super().__init__(
            {"email": [f"{existing.name} already has this email; open their page instead."]}
        )
        self.existing_id = existing.id
        self.existing_name = existing.name


class PossibleDuplicate(ValidationFailed):
    """Same name and phone as someone already here: created only when confirmed."""

    def __init__(self, matches: list[Candidate]) -> None:
        names = ", ".join(candidate.name for candidate in matches)
        super().__init__(
            {
                "confirm_duplicate": [
                    f"This looks like a candidate already here ({names}: same name and "
                    "phone). Check them, then tick 'Create anyway' if this is another person."
                ]
            }
        )
        self.matches = [(candidate.id, candidate.name, candidate.email) for candidate in matches]


def normalise_tag(tag: str) -> str:
    return re.sub(r"\s+", "-", tag.strip().lower())


def parse_tags(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = normalise_tag(part)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_links(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _clean(data: CandidateInput) -> CandidateInput:
    return CandidateInput(
        name=" ".join(data.name.split()),
        email=data.email.strip().lower(),
        phone=data.phone.strip(),
        location=data.location.strip(),
        links=tuple(link.strip() for link in data.links if link.strip()),
        source=data.source,
        resume_text=data.resume_text.replace("\r\n", "\n").strip(),
        tags=tuple(dict.fromkeys(normalise_tag(t) for t in data.tags if normalise_tag(t))),
        notes=data.notes.replace("\r\n", "\n").strip(),
    )


def _validate(data: CandidateInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name:
        errors["name"] = ["Give the candidate's name."]
    elif len(data.name) > 200:
        errors["name"] = ["Use at most 200 characters."]
    if not data.email:
        errors["email"] = ["Give the candidate's email address."]
    elif len(data.email) > 254 or not EMAIL.match(data.email):
        errors["email"] = ["Enter an email address like name@example.com."]
    if len(data.phone) > 40:
        errors["phone"] = ["Use at most 40 characters."]
    elif data.phone and len(_phone_digits(data.phone)) < 5:
        errors["phone"] = ["Enter a phone number with at least five digits, or leave it empty."]
    if len(data.location) > 200:
        errors["location"] = ["Use at most 200 characters."]
    if len(data.links) > MAX_LINKS:
        errors["links"] = [f"Give at most {MAX_LINKS} links."]
    else:
        bad = [link for link in data.links if not re.match(r"^https?://\S+$", link)]
        if bad:
            errors["links"] = [f"Links start with http:// or https://: {', '.join(bad)}"]
    if data.source not in SOURCES:
        errors["source"] = ["Choose where the candidate came from."]
    if len(data.resume_text) > MAX_RESUME:
        errors["resume_text"] = [f"Keep the resume text under {MAX_RESUME:,} characters."]
    if len(data.tags) > MAX_TAGS:
        errors["tags"] = [f"Use at most {MAX_TAGS} tags."]
    elif any(len(tag) > MAX_TAG_LENGTH for tag in data.tags):
        errors["tags"] = [f"Keep each tag under {MAX_TAG_LENGTH} characters."]
    if len(data.notes) > MAX_NOTES:
        errors["notes"] = [f"Keep the notes under {MAX_NOTES:,} characters."]
    if errors:
        raise ValidationFailed(errors)


def _check_email_free(email: str, except_id: int | None = None) -> None:
    query = select(Candidate).where(Candidate.email == email)
    if except_id is not None:
        query = query.where(Candidate.id != except_id)
    existing = db.session.scalar(query)
    if existing is not None:
        raise DuplicateCandidate(existing)


def _same_name_and_phone(name: str, phone: str) -> list[Candidate]:
    digits = _phone_digits(phone)
    if not digits:
        return []
    same_name = db.session.scalars(
        select(Candidate).where(func.lower(Candidate.name) == name.lower()).limit(50)
    )
    return [c for c in same_name if _phone_digits(c.phone) == digits]


def _set_tags(candidate: Candidate, tags: tuple[str, ...]) -> None:
    current = {row.tag: row for row in candidate.tag_rows}
    candidate.tag_rows = [current.get(tag) or CandidateTag(tag=tag) for tag in sorted(tags)]


def new_candidate(actor: User, data: CandidateInput | ImportedCandidate) -> Candidate:
    """A Candidate row from checked input (the form's, the API's or an import row's),
    its notes rendered and sanitised; not yet added to the session."""
    return Candidate(
        name=data.name,
        email=data.email,
        phone=data.phone,
        location=data.location,
        links=list(data.links),
        source=data.source,
        resume_text=data.resume_text,
        notes=data.notes,
        notes_html=render_markdown(data.notes) if data.notes else "",
        created_by_id=actor.id,
        tag_rows=[CandidateTag(tag=tag) for tag in sorted(data.tags)],
    )


def create_candidate(
    actor: User,
    data: CandidateInput,
    *,
    confirm_duplicate: bool = False,
    before_commit: Callable[[Candidate], None] | None = None,
) -> Candidate:
    """Add a candidate. ``before_commit`` runs once the candidate has its id, in the same
    transaction (the API stores its idempotency key there)."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    data = _clean(data)
    _validate(data)
    _check_email_free(data.email)
    if not confirm_duplicate:
        matches = _same_name_and_phone(data.name, data.phone)
        if matches:
            raise PossibleDuplicate(matches)
    candidate = new_candidate(actor, data)
    try:
        db.session.add(candidate)
        # PostgreSQL answers a concurrent insert of the same email here, not at commit.
        db.session.flush()
        audit.record(
            actor,
            "candidate.created",
            "candidate",
            candidate.id,
            f"Added candidate #{candidate.id} ({SOURCES[candidate.source].lower()})",
            {"duplicate_confirmed": confirm_duplicate},
        )
        if before_commit is not None:
            before_commit(candidate)
        _commit("candidate")
    except IntegrityError as exc:  # the same email added at the same moment
        db.session.rollback()
        raise ValidationFailed(
            {"email": ["Someone just added a candidate with this email; search for it."]}
        ) from exc
    return candidate


def get_candidate(actor: User, candidate_id: int, *, full: bool = True) -> Candidate:
    policy.require(actor, Action.VIEW_CANDIDATES)
    query = (
        select(Candidate)
        .options(selectinload(Candidate.tag_rows), joinedload(Candidate.created_by))
        .where(Candidate.id == candidate_id)
    )
    if full:
        query = query.options(
            undefer(Candidate.resume_text), undefer(Candidate.notes), undefer(Candidate.notes_html)
        )
    candidate = db.session.scalar(query)
    if candidate is None:
        raise NotFound("There is no such candidate.")
    return candidate


def _refuse_if_erased(candidate: Candidate) -> None:
    """An erased candidate stays only as an anonymous count; nothing new is recorded."""
    if candidate.erased_at is not None:
        raise ValidationFailed(
            {"candidate": ["This candidate's personal data was erased; nothing can be added."]}
        )


def update_candidate(
    actor: User, candidate_id: int, *, expected_version: int | None, data: CandidateInput
) -> Candidate:
    policy.require(actor, Action.MANAGE_CANDIDATES)
    candidate = get_candidate(actor, candidate_id)
    _refuse_if_erased(candidate)
    if expected_version is not None and expected_version != candidate.version:
        raise Conflict(
            f"{candidate.name} was changed by someone else after you opened the form. The "
            "form now holds the current version's number; what you typed is kept, so save "
            "again to apply it over their change."
        )
    data = _clean(data)
    _validate(data)
    _check_email_free(data.email, except_id=candidate.id)
    changed = []
    for name in ("name", "email", "phone", "location", "source", "resume_text", "notes"):
        if getattr(candidate, name) != getattr(data, name):
            changed.append(name)
            setattr(candidate, name, getattr(data, name))
    if list(candidate.links) != list(data.links):
        changed.append("links")
        candidate.links = list(data.links)
    if tuple(candidate.tags) != tuple(sorted(data.tags)):
        changed.append("tags")
        _set_tags(candidate, data.tags)
    if not changed:
        return candidate
    if "notes" in changed:
        candidate.notes_html = render_markdown(data.notes) if data.notes else ""
    candidate.updated_at = utcnow()
    audit.record(
        actor,
        "candidate.updated",
        "candidate",
        candidate.id,
        f"Changed {', '.join(f.replace('_', ' ') for f in changed)} of candidate #{candidate.id}",
        {"fields": changed},
    )
    _commit("candidate")
    return candidate


@dataclass(frozen=True)
class CandidateFilter:
    query: str = ""
    source: str = ""
    tag: str = ""


@dataclass(frozen=True)
class CandidatePage:
    candidates: list[Candidate]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _search(text: str):
    text = text.strip()
    return or_(
        Candidate.name.icontains(text, autoescape=True),
        Candidate.email.icontains(text.lower(), autoescape=True),
        Candidate.resume_text.icontains(text, autoescape=True),
    )


def _has_tag(tag: str):
    return (
        select(CandidateTag.candidate_id)
        .where(CandidateTag.candidate_id == Candidate.id, CandidateTag.tag == normalise_tag(tag))
        .exists()
    )


def list_candidates(
    actor: User, filters: CandidateFilter, page: int = 1, per_page: int = 50
) -> CandidatePage:
    """One page of candidates in three queries, whatever their number."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    query = _candidates_matching(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    candidates = db.session.scalars(
        query.options(selectinload(Candidate.tag_rows))
        .order_by(Candidate.created_at.desc(), Candidate.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return CandidatePage(list(candidates), total, page, per_page)


def _candidates_matching(filters: CandidateFilter) -> Select:
    query = select(Candidate)
    if filters.query.strip():
        query = query.where(_search(filters.query))
    if filters.source:
        query = query.where(Candidate.source == filters.source)
    if filters.tag.strip():
        query = query.where(_has_tag(filters.tag))
    return query


@dataclass(frozen=True)
class CandidateSlice:
    candidates: list[Candidate]
    has_more: bool


def list_candidates_after(
    actor: User, filters: CandidateFilter, after_id: int | None, limit: int = 50
) -> CandidateSlice:
    """Up to ``limit`` candidates, newest first (id descending), with ids below ``after_id``.

    Keyset pagination (the API's): a candidate added while a client pages through the
    list has a higher id, so it never shifts later pages. Two queries.
    """
    policy.require(actor, Action.VIEW_CANDIDATES)
    query = _candidates_matching(filters).options(selectinload(Candidate.tag_rows))
    if after_id is not None:
        query = query.where(Candidate.id < after_id)
    limit = max(1, limit)
    candidates = list(db.session.scalars(query.order_by(Candidate.id.desc()).limit(limit + 1)))
    return CandidateSlice(candidates[:limit], len(candidates) > limit)


# --- applications ----------------------------------------------------------------------


def open_jobs() -> list[Job]:
    """Jobs a candidate can be added to: every job not taken down."""
    return list(
        db.session.scalars(select(Job).where(Job.status != UNPUBLISHED).order_by(Job.title))
    )


def recruiters() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.RECRUITER.value, User.active.is_(True))
            .order_by(User.name)
        )
    )


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
    _refuse_if_erased(candidate)
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
        _commit("application")
    except IntegrityError as exc:  # the partial unique index: added twice at once
        db.session.rollback()
        raise Conflict(f"{candidate.name} was just added to {job.title} by someone else.") from exc
    return application


def open_application(
    actor: User, candidate: Candidate, job: Job, *, owner_id: int | None = None, note: str
) -> Application:
    """Put the candidate in the job's first stage, with its history and audit entry.

    Joins the caller's transaction (the import runs it inside a savepoint per row);
    the caller checks there is no active application yet.
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
        created_by_id=actor.id,
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        StageChange(
            application_id=application.id,
            from_stage=None,
            to_stage=pipeline.first,
            by_id=actor.id,
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
        {"candidate_id": candidate.id, "job_id": job.id},
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


def _apply_move(
    actor: User,
    application: Application,
    pipeline: stages.Pipeline,
    target: str,
    note: str,
    rejection_reason: str,
) -> None:
    problems = stages.move_problems(
        pipeline,
        stages.Move(
            current=application.stage,
            target=target,
            note=note,
            rejection_reason=rejection_reason if target == stages.REJECTED else "",
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
    _apply_move(actor, application, pipeline, target, note, rejection_reason)
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
    for application in applications:
        try:
            _apply_move(actor, application, pipeline, target, note, rejection_reason)
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


# --- lists and the board ---------------------------------------------------------------


SORTS = {
    "longest": "Longest in stage",
    "newest": "Newest",
    "oldest": "Oldest",
    "name": "Name",
}


@dataclass(frozen=True)
class ApplicationFilter:
    job_id: int | None = None
    stage: str = ""
    source: str = ""
    owner_id: int | None = None
    min_days: int | None = None
    tag: str = ""
    status: str = ACTIVE
    query: str = ""
    sort: str = "longest"


@dataclass(frozen=True)
class Row:
    application: Application
    days: int
    stuck: bool


@dataclass(frozen=True)
class ApplicationPage:
    rows: list[Row]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(query: Select, filters: ApplicationFilter, now: datetime) -> Select:
    if filters.job_id is not None:
        query = query.where(Application.job_id == filters.job_id)
    if filters.stage:
        query = query.where(Application.stage == filters.stage)
    if filters.status in APPLICATION_STATUSES:
        query = query.where(Application.status == filters.status)
    if filters.owner_id is not None:
        query = query.where(Application.owner_id == filters.owner_id)
    if filters.min_days:
        query = query.where(Application.entered_stage_at <= now - timedelta(days=filters.min_days))
    needs_candidate = filters.source or filters.tag.strip() or filters.query.strip()
    if needs_candidate:
        query = query.join(Candidate, Candidate.id == Application.candidate_id)
        if filters.source:
            query = query.where(Candidate.source == filters.source)
        if filters.tag.strip():
            query = query.where(_has_tag(filters.tag))
        if filters.query.strip():
            query = query.where(_search(filters.query))
    return query


def list_applications(
    actor: User, filters: ApplicationFilter, page: int = 1, per_page: int = 50
) -> ApplicationPage:
    """One page of applications in three queries, whatever their number."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    now = utcnow()
    pipeline = current_pipeline()
    query = _filtered(select(Application), filters, now)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = {
        "newest": (Application.created_at.desc(), Application.id.desc()),
        "oldest": (Application.created_at.asc(), Application.id.asc()),
        "longest": (Application.entered_stage_at.asc(), Application.id.asc()),
    }
    if filters.sort == "name":
        named = aliased(Candidate)
        query = query.join(named, named.id == Application.candidate_id)
        ordering: tuple = (func.lower(named.name), Application.id)
    else:
        ordering = order.get(filters.sort, order["longest"])
    page = max(1, page)
    applications = db.session.scalars(
        query.options(
            joinedload(Application.candidate).selectinload(Candidate.tag_rows),
            joinedload(Application.job),
            joinedload(Application.owner),
        )
        .order_by(*ordering)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    rows = [_row(application, pipeline, now) for application in applications]
    return ApplicationPage(rows, total, page, per_page)


@dataclass(frozen=True)
class ApplicationSlice:
    rows: list[Row]
    has_more: bool


def list_applications_after(
    actor: User, filters: ApplicationFilter, after_id: int | None, limit: int = 50
) -> ApplicationSlice:
    """Up to ``limit`` applications, newest first (id descending), with ids below
    ``after_id``: keyset pagination, stable while applications are added or moved.
    One query (candidate, job and owner joined), whatever the page size."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    now = utcnow()
    pipeline = current_pipeline()
    query = _filtered(select(Application), filters, now)
    if after_id is not None:
        query = query.where(Application.id < after_id)
    limit = max(1, limit)
    applications = list(
        db.session.scalars(
            query.options(
                joinedload(Application.candidate),
                joinedload(Application.job),
                joinedload(Application.owner),
            )
            .order_by(Application.id.desc())
            .limit(limit + 1)
        )
    )
    rows = [_row(application, pipeline, now) for application in applications[:limit]]
    return ApplicationSlice(rows, len(applications) > limit)


def _row(application: Application, pipeline: stages.Pipeline, now: datetime) -> Row:
    stuck = application.status == ACTIVE and stages.is_stuck(
        pipeline, application.stage, application.entered_stage_at, now
    )
    return Row(application, stages.days_in_stage(application.entered_stage_at, now), stuck)


@dataclass
class Column:
    stage: stages.StageDef
    terminal: bool
    total: int = 0
    rows: list[Row] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Board:
    job: Job
    pipeline: stages.Pipeline
    columns: list[Column]
    # Application id -> its scorecards expected, submitted and late (with interviews only).
    scorecards: dict[int, scorecard_rules.Tally] = field(default_factory=dict)


def board(actor: User, job_id: int) -> Board:
    """A job's applications by stage, longest waiting first, with where their
    scorecards stand, in four queries.

    Each column shows at most ``BOARD_CARDS_PER_STAGE`` cards (the list has the rest),
    so a job with thousands of applications still renders quickly.
    """
    policy.require(actor, Action.VIEW_CANDIDATES)
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound("There is no such job.")
    pipeline = current_pipeline()
    now = utcnow()
    columns = {s.id: Column(s, False) for s in pipeline.stages}
    columns.update({s.id: Column(s, True) for s in pipeline.terminal})
    counts = db.session.execute(
        select(Application.stage, func.count(Application.id))
        .where(Application.job_id == job_id)
        .group_by(Application.stage)
    ).all()
    for stage_id, count in counts:
        if stage_id in columns:
            columns[stage_id].total = count
    position = (
        func.row_number()
        .over(
            partition_by=Application.stage,
            order_by=(Application.entered_stage_at.asc(), Application.id.asc()),
        )
        .label("position")
    )
    ranked = (
        select(Application.id.label("id"), position).where(Application.job_id == job_id).subquery()
    )
    applications = db.session.scalars(
        select(Application)
        .join(ranked, ranked.c.id == Application.id)
        .where(ranked.c.position <= BOARD_CARDS_PER_STAGE)
        .options(joinedload(Application.candidate))
        .order_by(Application.entered_stage_at.asc(), Application.id.asc())
    ).all()
    grouped: dict[str, list[Row]] = defaultdict(list)
    for application in applications:
        grouped[application.stage].append(_row(application, pipeline, now))
    for stage_id, rows in grouped.items():
        if stage_id in columns:
            columns[stage_id].rows = rows
    tallies = scorecard_progress.tallies(Application.job_id == job_id, now)
    return Board(job, pipeline, list(columns.values()), tallies)


@dataclass(frozen=True)
class CandidateApplication:
    application: Application
    changes: list[StageChange]
    days: int
    stuck: bool


def applications_of(actor: User, candidate_id: int) -> list[CandidateApplication]:
    """A candidate's applications with their full stage history, in two queries."""
    policy.require(actor, Action.VIEW_CANDIDATES)
    pipeline = current_pipeline()
    now = utcnow()
    applications = db.session.scalars(
        select(Application)
        .options(
            joinedload(Application.job),
            joinedload(Application.owner),
            selectinload(Application.changes).joinedload(StageChange.by),
        )
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    result = []
    for application in applications:
        row = _row(application, pipeline, now)
        result.append(
            CandidateApplication(application, list(application.changes), row.days, row.stuck)
        )
    return result
