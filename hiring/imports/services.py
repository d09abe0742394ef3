"""Importing candidates: a CSV in steps (upload, map, dry run, import) and JSON Resumes.

The reading and the rules are the pure ``imports`` module; here are the database
look-ups and the writes. Every row is written in its own savepoint, so a row that
fails never aborts the others and never leaves half a candidate behind. A CSV import
commits every ``IMPORT_BATCH_ROWS`` rows (with an audit event naming the lines each
batch saved), so no transaction holds SQLite's write lock for long; the upload is
removed, with one audit event for the whole import, only once every batch is in. An
import that stops part-way keeps the batches saved, reports which lines they were,
and keeps the upload: running it again merges the saved rows ("nothing new").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import selectinload, undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates import rules, services
from hiring.candidates.models import Candidate, CandidateTag
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.extensions import db
from hiring.imports import json_resume, rows, tables
from hiring.imports.models import CandidateImport
from hiring.imports.rows import CREATED, MERGED, NOT_IMPORTED, REFUSED, RowPlan, RowResult
from hiring.input_rules import is_json_type
from hiring.jobs.models import UNPUBLISHED, Job
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import ACTIVE, Application
from hiring.policy import Action
from hiring.sanitize import render_markdown
from hiring.transactions import end_transaction

log = logging.getLogger("hiring.imports")

# An upload nobody finished importing is removed after this long.
KEEP_UNFINISHED = timedelta(days=1)


ERASED_RECORD = (
    "This email belongs to a candidate whose personal data was erased; nothing is added "
    "to an erased record."
)


@dataclass(frozen=True)
class ImportSettings:
    """The choices of the mapping page."""

    mapping: tuple[str, ...]
    default_source: str = "inbound"
    job_id: int | None = None


@dataclass(frozen=True)
class ImportReport:
    filename: str
    results: list[RowResult]
    dry_run: bool
    job_title: str | None = None
    # An import that stopped part-way: why, and the last line of the saved batches.
    interrupted: str = ""
    saved_through: int | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)


def _refused(error: tables.UploadRefused, field: str = "file") -> ValidationFailed:
    return ValidationFailed({field: [error.message]})


# --- step 1: upload --------------------------------------------------------------------


def upload_csv(actor: User, filename: str, data: bytes) -> CandidateImport:
    """Keep an uploaded CSV for the next steps once it reads as a table."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    end_transaction()  # no lock held while the file is read
    try:
        name = tables.check_filename(filename, (".csv",), "CSV")
        content = tables.decode_upload(data, "CSV")
        tables.read_csv(content)
    except tables.UploadRefused as exc:
        raise _refused(exc) from exc
    db.session.execute(
        delete(CandidateImport).where(CandidateImport.created_at < utcnow() - KEEP_UNFINISHED)
    )
    upload = CandidateImport(created_by_id=actor.id, filename=name, content=content)
    db.session.add(upload)
    db.session.commit()
    return upload


def get_import(actor: User, import_id: int | None) -> CandidateImport:
    """An upload of the actor's own, still waiting to be imported."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    upload = (
        db.session.scalar(
            select(CandidateImport)
            .options(undefer(CandidateImport.content))
            .where(CandidateImport.id == import_id, CandidateImport.created_by_id == actor.id)
        )
        if import_id
        else None
    )
    if upload is None:
        raise NotFound(
            "There is no such upload waiting: it was imported already, removed after a day, "
            "or uploaded by someone else. Upload the file again."
        )
    return upload


def table_of(upload: CandidateImport) -> tables.Table:
    try:
        return tables.read_csv(upload.content)
    except tables.UploadRefused as exc:  # read once already; only if the rules changed
        raise _refused(exc) from exc


# --- steps 2 and 3: mapping and dry run ------------------------------------------------


def _check_settings(table: tables.Table, settings: ImportSettings) -> Job | None:
    errors: dict[str, list[str]] = {}
    problems = tables.mapping_problems(table.headers, settings.mapping)
    if problems:
        errors["columns"] = problems
    if settings.default_source not in rules.SOURCES:
        errors["source"] = ["Choose where these candidates came from."]
    job = None
    if settings.job_id:
        job = db.session.get(Job, settings.job_id)
        if job is None or job.status == UNPUBLISHED:
            errors["job_id"] = ["Choose an open job, or none."]
    if errors:
        raise ValidationFailed(errors)
    return job


def _existing_by_email(emails: list[str]) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        for candidate in db.session.scalars(
            select(Candidate)
            .options(
                selectinload(Candidate.tag_rows),
                undefer(Candidate.resume_text),
                undefer(Candidate.notes),
            )
            .where(Candidate.email.in_(chunk))
        ):
            found[candidate.email] = candidate
    return found


def _existing(candidate: Candidate) -> rows.ExistingCandidate:
    return rows.ExistingCandidate(
        name=candidate.name,
        phone=candidate.phone,
        location=candidate.location,
        links=tuple(candidate.links),
        resume_text=candidate.resume_text or "",
        tags=tuple(candidate.tags),
        notes=candidate.notes or "",
    )


def _active_job_ids(candidate_ids: list[int]) -> set[tuple[int, int]]:
    if not candidate_ids:
        return set()
    rows = db.session.execute(
        select(Application.candidate_id, Application.job_id).where(
            Application.candidate_id.in_(candidate_ids), Application.status == ACTIVE
        )
    )
    return {(row.candidate_id, row.job_id) for row in rows}


def preview_import(actor: User, import_id: int, settings: ImportSettings) -> ImportReport:
    """The dry run: what each row would do. Nothing is written."""
    upload = get_import(actor, import_id)
    table = table_of(upload)
    job = _check_settings(table, settings)
    plans = rows.plan_rows(table, settings.mapping, settings.default_source)
    existing = _existing_by_email([p.email for p in plans if p.candidate is not None])
    in_job = _active_job_ids([c.id for c in existing.values()]) if job is not None else set()
    results = []
    for plan in plans:
        outcome = rows.outcome_of(plan, existing.keys())
        if plan.candidate is None:
            results.append(RowResult(plan.line, plan.name, plan.email, REFUSED, plan.problems))
        elif outcome == MERGED and existing[plan.email].erased_at is not None:
            results.append(RowResult(plan.line, plan.name, plan.email, REFUSED, (ERASED_RECORD,)))
        elif outcome == MERGED:
            found = existing[plan.email]
            messages = list(rows.merge_changes(_existing(found), plan.candidate).describe())
            if job is not None and (found.id, job.id) not in in_job:
                messages.append(f"adds to {job.title}")
            results.append(
                RowResult(
                    plan.line,
                    plan.name,
                    plan.email,
                    MERGED,
                    (f"{found.name} is on file with this email", *(messages or ["nothing new"])),
                    found.id,
                )
            )
        else:
            messages = [f"adds to {job.title}"] if job is not None else []
            results.append(RowResult(plan.line, plan.name, plan.email, CREATED, tuple(messages)))
    return ImportReport(
        upload.filename, results, dry_run=True, job_title=job.title if job else None
    )


# --- step 4: the import ----------------------------------------------------------------


def _find_existing(email: str) -> Candidate | None:
    return db.session.scalar(
        select(Candidate)
        .options(
            selectinload(Candidate.tag_rows),
            undefer(Candidate.resume_text),
            undefer(Candidate.notes),
        )
        .where(Candidate.email == email)
    )


def _create(actor: User, data: rows.ImportedCandidate, how: str) -> Candidate:
    candidate = services.insert_candidate(
        actor, data, lambda new_id: f"Imported candidate #{new_id} from {how}", {"import": how}
    )
    return candidate


def _merge(actor: User, candidate: Candidate, data: rows.ImportedCandidate, how: str) -> list[str]:
    changes = rows.merge_changes(_existing(candidate), data)
    if changes.empty:
        return ["nothing new", *changes.skipped]
    for name, value in changes.fill.items():
        setattr(candidate, name, value)
    if "notes" in changes.fill:
        candidate.notes_html = render_markdown(candidate.notes)
    if changes.add_links:
        candidate.links = [*candidate.links, *changes.add_links]
    if changes.add_tags:
        tags = {*candidate.tags, *changes.add_tags}
        current = {row.tag: row for row in candidate.tag_rows}
        candidate.tag_rows = [current.get(tag) or CandidateTag(tag=tag) for tag in sorted(tags)]
    candidate.updated_at = utcnow()
    db.session.flush()
    described = list(changes.describe())
    audit.record(
        actor,
        "candidate.merged",
        "candidate",
        candidate.id,
        f"Merged an import from {how} into candidate #{candidate.id}: {'; '.join(described)}",
        {"import": how, "filled": sorted(changes.fill), "tags": list(changes.add_tags)},
    )
    return described


def _add_to_job(actor: User, candidate: Candidate, job: Job) -> str | None:
    """The candidate enters the job's first stage, unless already active there."""
    existing = db.session.scalar(
        select(Application.id).where(
            Application.candidate_id == candidate.id,
            Application.job_id == job.id,
            Application.status == ACTIVE,
        )
    )
    if existing is not None:
        return None
    pipeline.open_application(actor, candidate, job, note="Added to the job by an import")
    return f"added to {job.title}"


def _import_one(
    actor: User, line: int, data: rows.ImportedCandidate, job: Job | None, how: str
) -> RowResult:
    """One candidate in its own savepoint: all of it is written, or none of it."""
    try:
        with db.session.begin_nested():
            found = _find_existing(data.email)
            if found is not None and found.erased_at is not None:
                return RowResult(line, data.name, data.email, REFUSED, (ERASED_RECORD,))
            if found is None:
                candidate = _create(actor, data, how)
                outcome, messages = CREATED, []
            else:
                candidate = found
                outcome = MERGED
                messages = [
                    f"{found.name} was on file with this email",
                    *_merge(actor, found, data, how),
                ]
            if job is not None:
                added = _add_to_job(actor, candidate, job)
                if added:
                    messages.append(added)
            candidate_id = candidate.id
    except IntegrityError:
        return RowResult(
            line,
            data.name,
            data.email,
            REFUSED,
            ("The database refused this row (a candidate with this email was saved at the "
             "same time); nothing of it was saved.",),
        )  # fmt: skip
    except SQLAlchemyError:
        return RowResult(
            line,
            data.name,
            data.email,
            REFUSED,
            ("This row could not be saved; nothing of it was.",),
        )
    return RowResult(line, data.name, data.email, outcome, tuple(messages), candidate_id)


def _import_batch(
    actor: User, batch: list[RowPlan], job: Job | None, how: str, import_id: int
) -> list[RowResult]:
    """The rows of one batch, and the audit event naming them, in one transaction."""
    results = []
    for plan in batch:
        if plan.candidate is None:
            results.append(RowResult(plan.line, plan.name, plan.email, REFUSED, plan.problems))
        else:
            results.append(_import_one(actor, plan.line, plan.candidate, job, how))
    counts = {kind: sum(1 for r in results if r.outcome == kind) for kind in (CREATED, MERGED)}
    audit.record(
        actor,
        "candidates.import_batch",
        "candidate_import",
        import_id,
        f"CSV import #{import_id}: lines {batch[0].line}-{batch[-1].line} saved "
        f"({counts[CREATED]} created, {counts[MERGED]} merged)",
        {"first_line": batch[0].line, "last_line": batch[-1].line, **counts},
    )
    _commit_batch()
    return results


def _commit_batch() -> None:
    db.session.commit()


def _not_imported(plans: list[RowPlan], why: str) -> list[RowResult]:
    return [RowResult(p.line, p.name, p.email, NOT_IMPORTED, (why,)) for p in plans]


def run_import(actor: User, import_id: int, settings: ImportSettings) -> ImportReport:
    """Import every row the dry run accepts, in batches; the upload is removed afterwards."""
    upload = get_import(actor, import_id)
    table = table_of(upload)
    job = _check_settings(table, settings)
    upload_id, filename = upload.id, upload.filename
    job_title = job.title if job else None
    how = f"CSV import #{upload_id}"
    end_transaction()  # planning needs no lock; each batch is its own short transaction
    plans = rows.plan_rows(table, settings.mapping, settings.default_source)
    size = current_app.config["IMPORT_BATCH_ROWS"]
    results: list[RowResult] = []
    for start in range(0, len(plans), size):
        batch = plans[start : start + size]
        try:
            results.extend(_import_batch(actor, batch, job, how, upload_id))
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("CSV import #%s stopped at line %s", upload_id, batch[0].line)
            return _interrupted(actor, upload_id, filename, job_title, results, plans[start:])
    report = ImportReport(filename, results, dry_run=False, job_title=job_title)
    audit.record(
        actor,
        "candidates.imported",
        "candidate_import",
        upload_id,
        f"Imported a CSV (import #{upload_id}): {report.count(CREATED)} created, "
        f"{report.count(MERGED)} merged, {report.count(REFUSED)} refused",
        {
            "created": report.count(CREATED),
            "merged": report.count(MERGED),
            "refused": report.count(REFUSED),
            "job_id": job.id if job else None,
        },
    )
    db.session.execute(delete(CandidateImport).where(CandidateImport.id == upload_id))
    db.session.commit()
    return report


def _interrupted(
    actor: User,
    upload_id: int,
    filename: str,
    job_title: str | None,
    saved: list[RowResult],
    unsaved: list[RowPlan],
) -> ImportReport:
    """The report of an import that stopped: the saved batches, and the rows after."""
    saved_through = saved[-1].line if saved else None
    why = (
        f"The database could not save the batch from line {unsaved[0].line}; nothing of "
        "it was saved."
    )
    results = saved + _not_imported(unsaved, "Not imported: the import stopped before it.")
    try:
        audit.record(
            actor,
            "candidates.import_interrupted",
            "candidate_import",
            upload_id,
            f"CSV import #{upload_id} stopped at line {unsaved[0].line}; "
            + (f"lines up to {saved_through} were saved" if saved else "nothing was saved"),
            {"saved_through": saved_through, "stopped_at": unsaved[0].line},
        )
        db.session.commit()
    except SQLAlchemyError:  # the batches' own audit events already say what was saved
        db.session.rollback()
    return ImportReport(
        filename,
        results,
        dry_run=False,
        job_title=job_title,
        interrupted=why,
        saved_through=saved_through,
    )


# --- JSON Resume -----------------------------------------------------------------------


def import_json_resume(
    actor: User,
    filename: str,
    data: bytes,
    *,
    source: str = "inbound",
    job_id: int | None = None,
    content_type: str = "application/json",
) -> ImportReport:
    """One candidate from a JSON Resume file, created or merged like a CSV row.

    ``content_type`` is the type the file was sent as: JSON only, like the API."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    end_transaction()  # no lock held while the file is read
    try:
        name = tables.check_filename(filename, (".json",), "JSON")
        if not is_json_type(content_type):
            raise tables.UploadRefused(
                f"The file was sent as {content_type or 'an unknown type'!r}, not as JSON "
                "(application/json). Choose a JSON Resume file saved as .json."
            )
        candidate = json_resume.parse_json_resume(tables.decode_upload(data, "JSON"), source)
    except tables.UploadRefused as exc:
        raise _refused(exc) from exc
    job = None
    if job_id:
        job = db.session.get(Job, job_id)
        if job is None or job.status == UNPUBLISHED:
            raise ValidationFailed({"job_id": ["Choose an open job, or none."]})
    result = _import_one(actor, 1, candidate, job, "a JSON Resume")
    db.session.commit()
    return ImportReport(name, [result], dry_run=False, job_title=job.title if job else None)
