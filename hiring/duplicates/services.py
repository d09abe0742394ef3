"""Merging duplicate candidates: finding them, the review, and the merge itself.

The decisions are the pure ``merge`` module; here are the reads (a fixed number of
queries each, whatever the number of candidates or applications) and the merge's one
transaction: the losing applications closed, the other candidate's applications (with
their stage history and interviews) and resume files moved to the kept candidate, the
other candidate deleted, and the kept one updated, with one audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload, undefer
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates.models import Candidate, CandidateTag, ResumeFile
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.duplicates import merge
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.notifications.models import OutboxMessage
from hiring.pipeline import stages
from hiring.pipeline.models import WITHDRAWN, Application, StageChange
from hiring.pipeline.services import current_pipeline
from hiring.policy import Action
from hiring.sanitize import render_markdown

# More look-alikes than this on one page help nobody; the first ones by age are shown.
MAX_DUPLICATES = 100


def _record(candidate: Candidate) -> merge.CandidateRecord:
    return merge.CandidateRecord(
        id=candidate.id,
        name=candidate.name,
        email=candidate.email,
        phone=candidate.phone,
        location=candidate.location,
        source=candidate.source,
        links=tuple(candidate.links),
        tags=tuple(candidate.tags),
        notes=candidate.notes or "",
        resume_text=candidate.resume_text or "",
        version=candidate.version,
    )


# --- finding duplicates ----------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    id: int
    name: str
    email: str
    phone: str
    reasons: tuple[str, ...]
    applications: int


def _digits_pattern(digits: str) -> str:
    """A LIKE pattern matching every phone holding these digits in this order.

    A superset of the phones with exactly these digits, on every engine; the pure
    ``merge.duplicate_reasons`` keeps the exact matches.
    """
    return "%" + "%".join(digits) + "%"


def possible_duplicates(actor: User, candidate: Candidate) -> list[Duplicate]:
    """Other candidates who look like the same person, in two queries.

    The same name with the same phone digits or a similar email, or the same phone
    digits alone. Erased candidates are never offered: they cannot be merged.
    """
    policy.require(actor, Action.MANAGE_CANDIDATES)
    if candidate.erased_at is not None:
        return []
    looks_alike = [func.lower(Candidate.name) == func.lower(candidate.name)]
    digits = merge.phone_digits(candidate.phone)
    if len(digits) >= merge.MIN_PHONE_DIGITS:
        looks_alike.append(Candidate.phone.like(_digits_pattern(digits)))
    rows = db.session.execute(
        select(Candidate.id, Candidate.name, Candidate.email, Candidate.phone)
        .where(Candidate.id != candidate.id, Candidate.erased_at.is_(None), or_(*looks_alike))
        .order_by(Candidate.id)
        .limit(MAX_DUPLICATES)
    ).all()
    me = merge.CandidateRecord(candidate.id, candidate.name, candidate.email, candidate.phone)
    found = []
    for row in rows:
        reasons = merge.duplicate_reasons(
            me, merge.CandidateRecord(row.id, row.name, row.email, row.phone)
        )
        if reasons:
            found.append((row, reasons))
    if not found:
        return []
    counts = dict(
        db.session.execute(
            select(Application.candidate_id, func.count(Application.id))
            .where(Application.candidate_id.in_([row.id for row, _ in found]))
            .group_by(Application.candidate_id)
        ).all()
    )
    return [
        Duplicate(row.id, row.name, row.email, row.phone, reasons, counts.get(row.id, 0))
        for row, reasons in found
    ]


def duplicates_panel(actor: User, candidate: Candidate) -> list[Duplicate] | None:
    """The candidate page's duplicates panel: its rows, or None (no panel at all) for
    someone who may not merge or for an erased candidate."""
    if candidate.erased_at is not None or not policy.can(actor, Action.MANAGE_CANDIDATES):
        return None
    return possible_duplicates(actor, candidate)


def find_candidate_to_merge(actor: User, keep_id: int, wanted: str) -> int:
    """The id of the candidate named by an email address or a number (``#12`` or ``12``)."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    text = wanted.strip()
    if text.startswith("#"):
        text = text[1:].strip()
    if text.isdigit() and len(text) < 12:
        found = db.session.scalar(select(Candidate.id).where(Candidate.id == int(text)))
        if found is None:
            raise NotFound(f"There is no candidate #{text}.")
    elif "@" in text and len(text) <= 254:
        found = db.session.scalar(select(Candidate.id).where(Candidate.email == text.lower()))
        if found is None:
            raise NotFound(f"No candidate has the email address {text}.")
    else:
        raise ValidationFailed(
            {"other": ["Give the other candidate's email address or number (as in #12)."]}
        )
    if found == keep_id:
        raise ValidationFailed({"other": ["That is this candidate; choose the other record."]})
    return found


# --- the review ------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeReview:
    """Both candidates side by side and what the merge would do with the defaults."""

    keep: merge.CandidateRecord
    other: merge.CandidateRecord
    added: dict[int, datetime]  # candidate id -> when they were added
    kept_applications: list[merge.ApplicationRecord]
    other_applications: list[merge.ApplicationRecord]
    shared: list[merge.SameJob]
    files: dict[int, int]  # candidate id -> resume files
    defaults: dict[str, str]
    plan: merge.MergePlan
    pipeline: stages.Pipeline
    heading: str  # above what the kept candidate's notes gain


def _load_pair(keep_id: int, other_id: int, *, lock: bool = False) -> tuple[Candidate, Candidate]:
    if keep_id == other_id:
        raise ValidationFailed(
            {"candidate": ["A candidate cannot be merged with themself; choose another record."]}
        )
    query = (
        select(Candidate)
        .options(
            selectinload(Candidate.tag_rows),
            undefer(Candidate.notes),
            undefer(Candidate.resume_text),
        )
        .where(Candidate.id.in_([keep_id, other_id]))
        .order_by(Candidate.id)  # rows locked in one order: two merges never deadlock
    )
    if lock:
        query = query.with_for_update(of=Candidate)
    found = {candidate.id: candidate for candidate in db.session.scalars(query)}
    for candidate_id in (keep_id, other_id):
        if candidate_id not in found:
            raise NotFound(
                f"There is no candidate #{candidate_id}; they may have been merged or "
                "deleted already."
            )
    keep, other = found[keep_id], found[other_id]
    for candidate in (keep, other):
        if candidate.erased_at is not None:
            raise ValidationFailed(
                {
                    "candidate": [
                        f"The personal data of candidate #{candidate.id} was erased; an erased "
                        "candidate is never merged."
                    ]
                }
            )
    return keep, other


def _applications(candidate_ids: Sequence[int]) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .options(joinedload(Application.job))
            .where(Application.candidate_id.in_(candidate_ids))
            .order_by(Application.created_at, Application.id)
        )
    )


def _application_records(applications: Sequence[Application]) -> list[merge.ApplicationRecord]:
    ids = [application.id for application in applications]
    history: dict[int, int] = {}
    interviews: dict[int, int] = {}
    if ids:
        history = dict(
            db.session.execute(
                select(StageChange.application_id, func.count(StageChange.id))
                .where(StageChange.application_id.in_(ids))
                .group_by(StageChange.application_id)
            ).all()
        )
        interviews = dict(
            db.session.execute(
                select(Interview.application_id, func.count(Interview.id))
                .where(Interview.application_id.in_(ids))
                .group_by(Interview.application_id)
            ).all()
        )
    return [
        merge.ApplicationRecord(
            id=application.id,
            candidate_id=application.candidate_id,
            job_id=application.job_id,
            job_title=application.job.title,
            stage=application.stage,
            status=application.status,
            history=history.get(application.id, 0),
            interviews=interviews.get(application.id, 0),
        )
        for application in applications
    ]


def _file_counts(candidate_ids: Sequence[int]) -> dict[int, int]:
    counts = dict(
        db.session.execute(
            select(ResumeFile.candidate_id, func.count(ResumeFile.id))
            .where(ResumeFile.candidate_id.in_(candidate_ids))
            .group_by(ResumeFile.candidate_id)
        ).all()
    )
    return {candidate_id: counts.get(candidate_id, 0) for candidate_id in candidate_ids}


def merge_review(actor: User, keep_id: int, other_id: int) -> MergeReview:
    """Both candidates, their applications and files, and the default plan."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    keep, other = _load_pair(keep_id, other_id)
    pipeline = current_pipeline()
    records = _application_records(_applications([keep.id, other.id]))
    kept_applications = [r for r in records if r.candidate_id == keep.id]
    other_applications = [r for r in records if r.candidate_id == other.id]
    shared = merge.shared_active_jobs(pipeline, kept_applications, other_applications)
    files = _file_counts([keep.id, other.id])
    keep_record, other_record = _record(keep), _record(other)
    today = utcnow().date()
    plan = merge.plan_merge(
        pipeline,
        keep_record,
        other_record,
        kept_applications,
        other_applications,
        merge.MergeChoices(active=merge.suggested_active(shared)),
        files_moving=files[other.id],
        on=today,
    )
    return MergeReview(
        keep=keep_record,
        other=other_record,
        added={keep.id: keep.created_at, other.id: other.created_at},
        kept_applications=kept_applications,
        other_applications=other_applications,
        shared=shared,
        files=files,
        defaults=merge.default_choices(keep_record, other_record),
        plan=plan,
        pipeline=pipeline,
        heading=merge.merged_heading(other_record, today),
    )


# --- the merge -------------------------------------------------------------------------


class MergeConflict(Conflict):
    """One of the candidates (or their applications) changed after the review was read."""


@dataclass(frozen=True)
class MergeResult:
    keep_id: int
    other_id: int
    plan: merge.MergePlan


def _changed_meanwhile(what: str) -> MergeConflict:
    return MergeConflict(
        f"{what} changed after you opened this page, so nothing was merged. The page now "
        "shows both candidates as they are; check your choices and merge again."
    )


def _set_tags(candidate: Candidate, tags: Sequence[str]) -> None:
    current = {row.tag: row for row in candidate.tag_rows}
    candidate.tag_rows = [current.get(tag) or CandidateTag(tag=tag) for tag in sorted(tags)]


def _close(actor: User, application: Application, stays_id: int, now: datetime) -> None:
    """Withdrawn, with a stage change saying why; its history and interviews stay."""
    from_stage = application.stage
    application.stage = stages.WITHDRAWN
    application.status = WITHDRAWN
    application.rejection_reason = ""
    application.entered_stage_at = now
    application.updated_at = now
    db.session.add(
        StageChange(
            application_id=application.id,
            from_stage=from_stage,
            to_stage=stages.WITHDRAWN,
            by_id=actor.id,
            at=now,
            note=(
                "Closed by the merge of two records of this candidate: application "
                f"#{stays_id} to this job stays active."
            ),
        )
    )


def merge_candidates(
    actor: User,
    keep_id: int,
    other_id: int,
    *,
    keep_version: int,
    other_version: int,
    choices: merge.MergeChoices,
) -> MergeResult:
    """Merge ``other`` into ``keep`` in one transaction; ``other`` is deleted.

    ``keep_version`` and ``other_version`` are the versions the review page showed: if
    either candidate changed since, or the jobs both are active in changed, nothing is
    merged (``MergeConflict``).
    """
    policy.require(actor, Action.MANAGE_CANDIDATES)
    try:
        keep, other = _load_pair(keep_id, other_id, lock=True)
        if keep.version != keep_version:
            raise _changed_meanwhile(f"{keep.name} (#{keep.id})")
        if other.version != other_version:
            raise _changed_meanwhile(f"{other.name} (#{other.id})")
        pipeline = current_pipeline()
        applications = _applications([keep.id, other.id])
        records = _application_records(applications)
        kept_records = [r for r in records if r.candidate_id == keep.id]
        other_records = [r for r in records if r.candidate_id == other.id]
        shared = merge.shared_active_jobs(pipeline, kept_records, other_records)
        if set(choices.active) != {same.job_id for same in shared}:
            raise _changed_meanwhile("The jobs both candidates are active in")
        try:
            plan = merge.plan_merge(
                pipeline,
                _record(keep),
                _record(other),
                kept_records,
                other_records,
                choices,
                files_moving=_file_counts([other.id])[other.id],
                on=utcnow().date(),
            )
        except merge.ChoiceProblem as exc:
            raise ValidationFailed(exc.errors) from exc
        now = utcnow()
        by_id = {application.id: application for application in applications}
        # Losing applications leave the active state first: the partial unique index
        # allows one active application per candidate and job.
        for closing in plan.closing:
            _close(actor, by_id[closing.id], plan.stays_active[closing.job_id], now)
        db.session.flush()
        # Stage history and interviews hang off the application, so they move with it.
        for record in plan.moving:
            by_id[record.id].candidate_id = keep.id
            by_id[record.id].updated_at = now
        db.session.execute(
            update(ResumeFile)
            .where(ResumeFile.candidate_id == other.id)
            .values(candidate_id=keep.id)
        )
        # Emails about the other person now concern the kept one (erasing it scrubs them).
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.candidate_id == other.id)
            .values(candidate_id=keep.id)
        )
        # Deleting the other candidate (with its tags) before the kept one changes frees
        # its unique email address for the kept candidate.
        db.session.delete(other)
        db.session.flush()
        for name, value in plan.values.items():
            setattr(keep, name, value)
        keep.links = list(plan.links)
        _set_tags(keep, plan.tags)
        keep.notes = plan.notes
        keep.notes_html = render_markdown(plan.notes) if plan.notes else ""
        keep.resume_text = plan.resume_text
        keep.updated_at = now
        counts = plan.counts()
        audit.record(
            actor,
            "candidate.merged",
            "candidate",
            keep.id,
            f"Merged candidate #{other_id} into candidate #{keep_id}: "
            f"{counts['applications']} application(s), {counts['notes']} note(s) and "
            f"{counts['files']} file(s) moved, {counts['closed']} application(s) closed",
            {
                "kept_candidate_id": keep_id,
                "merged_candidate_id": other_id,
                **counts,
                "closed_application_ids": [record.id for record in plan.closing],
                "moved_application_ids": [record.id for record in plan.moving],
                "fields_changed": list(plan.changed_fields),
            },
        )
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise _changed_meanwhile("One of the candidates or their applications") from exc
    except BaseException:
        db.session.rollback()
        raise
    return MergeResult(keep_id, other_id, plan)
