"""Resume files: upload, list and download, with policy, audit and one transaction each.

Files live in ``RESUME_STORAGE_DIR`` (by default ``instance/resumes``, outside the web
root) under a random name; the database row keeps the cleaned original name, the
type found by content, the size and the SHA-256. The text of each upload is appended
to the candidate's resume text, so the candidate search finds what is in the file.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates import resume_parsing, resumes
from hiring.candidates.models import Candidate, ResumeFile
from hiring.candidates.pages import require_brief
from hiring.candidates.services import MAX_RESUME
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.extensions import db
from hiring.policy import Action
from hiring.transactions import commit_or_conflict, end_transaction

log = logging.getLogger("hiring.candidates.resumes")

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|docx)$")
SEPARATOR = "\n\n"


def storage_dir() -> Path:
    return Path(current_app.config["RESUME_STORAGE_DIR"])


def stored_path(stored_name: str) -> Path:
    """The file's path on disk; only names this module generated are accepted."""
    if not STORED_NAME.match(stored_name):
        raise NotFound("There is no such file.")
    return storage_dir() / stored_name


def _write(data: bytes, extension: str) -> str:
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_hex(16) + extension
    fd = os.open(directory / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return stored_name


def delete_stored(stored_names: list[str]) -> list[str]:
    """Remove files from disk; returns the names that could not be removed."""
    failed = []
    for name in stored_names:
        try:
            stored_path(name).unlink(missing_ok=True)
        except (OSError, NotFound):
            log.exception("could not delete resume file %s", name)
            failed.append(name)
    return failed


def parse_limits() -> resumes.ParseLimits:
    config = current_app.config
    return resumes.ParseLimits(
        max_pages=config["RESUME_TEXT_MAX_PAGES"],
        max_docx_uncompressed=config["RESUME_DOCX_MAX_UNCOMPRESSED"],
        max_chars=config["RESUME_TEXT_MAX_CHARS"],
        seconds=config["RESUME_PARSE_TIMEOUT"],
        max_memory=config["RESUME_PARSE_MAX_MEMORY"],
    )


def _writable_candidate(candidate_id: int) -> Candidate:
    """The candidate as the database has it now (not as an earlier transaction of
    this session read it), unless erased."""
    candidate = db.session.scalar(
        select(Candidate)
        .options(undefer(Candidate.resume_text))
        .where(Candidate.id == candidate_id)
        .execution_options(populate_existing=True)
    )
    if candidate is None:
        raise NotFound("There is no such candidate.")
    if candidate.erased_at is not None:
        raise ValidationFailed(
            {"file": ["This candidate's data was erased; nothing can be added."]}
        )
    return candidate


def _refuse_duplicate(candidate_id: int, sha256: str) -> None:
    duplicate = db.session.scalar(
        select(ResumeFile.original_filename).where(
            ResumeFile.candidate_id == candidate_id, ResumeFile.sha256 == sha256
        )
    )
    if duplicate is not None:
        raise ValidationFailed(
            {"file": [f"This file is already attached to the candidate (as {duplicate})."]}
        )


def upload_resume(actor: User, candidate_id: int, filename: str, data: bytes) -> ResumeFile:
    """Check the file, read its text, store it, append the text to the resume text.

    The text is read in a child process within ``parse_limits()`` and with no
    transaction open, so a slow file never holds the database's write lock; the
    writes then happen in one short transaction, which checks again what may have
    changed meanwhile. A file over a limit is stored without its text (or with it
    cut) and ``text_note`` says why; an unreadable one is refused."""
    policy.require(actor, Action.MANAGE_CANDIDATES)
    _writable_candidate(candidate_id)
    try:
        checked = resumes.check_resume(filename, data, current_app.config["RESUME_MAX_BYTES"])
    except resumes.ResumeRejected as exc:
        raise ValidationFailed({"file": [str(exc)]}) from exc
    _refuse_duplicate(candidate_id, checked.sha256)
    end_transaction()
    extraction = _extract(checked, data)
    candidate = _writable_candidate(candidate_id)
    record = attach_resume(candidate, checked, extraction, data, uploaded_by=actor)
    try:
        commit_or_conflict("candidate")
    except BaseException:
        db.session.rollback()
        delete_stored([record.stored_name])
        raise
    return record


def _extract(checked: resumes.CheckedResume, data: bytes) -> resumes.Extraction:
    try:
        return resume_parsing.extract(data, checked.content_type, parse_limits())
    except resumes.ResumeRejected as exc:
        raise ValidationFailed({"file": [str(exc)]}) from exc


def read_resume(filename: str, data: bytes) -> tuple[resumes.CheckedResume, resumes.Extraction]:
    """The checked file and its text, within the size, type and parse limits.

    It reads nothing from the database and may take seconds: callers end their
    transaction (``end_transaction``) before calling it."""
    try:
        checked = resumes.check_resume(filename, data, current_app.config["RESUME_MAX_BYTES"])
    except resumes.ResumeRejected as exc:
        raise ValidationFailed({"file": [str(exc)]}) from exc
    return checked, _extract(checked, data)


def attach_resume(
    candidate: Candidate,
    checked: resumes.CheckedResume,
    extraction: resumes.Extraction,
    data: bytes,
    *,
    uploaded_by: User | None,
) -> ResumeFile:
    """Store the file and add its row and text to the caller's transaction; the caller
    deletes the stored file (``delete_stored``) if it rolls back. ``None``
    as the uploader: the candidate sent it themselves (the careers page)."""
    _refuse_duplicate(candidate.id, checked.sha256)
    text = extraction.text
    stored_name = _write(data, checked.extension)
    try:
        record = ResumeFile(
            candidate_id=candidate.id,
            original_filename=checked.filename,
            stored_name=stored_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by_id=uploaded_by.id if uploaded_by else None,
            uploaded_at=utcnow(),
            text_note=extraction.note[:300],
        )
        db.session.add(record)
        if text:
            combined = (candidate.resume_text or "").strip()
            combined = f"{combined}{SEPARATOR}{text}" if combined else text
            candidate.resume_text = combined[:MAX_RESUME]
        candidate.updated_at = utcnow()
        db.session.flush()
        audit.record(
            uploaded_by,
            "candidate.resume_uploaded",
            "candidate",
            candidate.id,
            f"Uploaded a resume file ({resumes.EXTENSIONS[checked.content_type][1:].upper()}, "
            f"{checked.size:,} bytes) for candidate #{candidate.id}",
            {
                "resume_file_id": record.id,
                "sha256": checked.sha256,
                "text_chars": len(text),
                "text_note": extraction.note,
            },
            actor_email=None if uploaded_by else "careers page",
        )
    except BaseException:
        db.session.rollback()
        delete_stored([stored_name])
        raise
    return record


def list_resumes(actor: User, candidate_id: int) -> list[ResumeFile]:
    policy.require(actor, Action.VIEW_CANDIDATES)
    return list(
        db.session.scalars(
            select(ResumeFile)
            .options(joinedload(ResumeFile.uploaded_by))
            .where(ResumeFile.candidate_id == candidate_id)
            .order_by(ResumeFile.uploaded_at.desc(), ResumeFile.id.desc())
        )
    )


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    content_type: str


def resume_download(actor: User, candidate_id: int, file_id: int) -> Download:
    """A resume file, for people who see candidates and interviewers scheduled with them."""
    require_brief(actor, candidate_id)
    record = db.session.get(ResumeFile, file_id)
    if record is None or record.candidate_id != candidate_id:
        raise NotFound("There is no such file.")
    path = stored_path(record.stored_name)
    if not path.is_file():
        log.error("resume file %s of candidate %s is missing", record.stored_name, candidate_id)
        raise NotFound("The file is missing from storage; upload it again.")
    return Download(path, record.original_filename, record.content_type)
