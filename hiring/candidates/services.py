"""What people do with candidate records: add, edit, find.

Each change owns its transaction, asks ``policy`` and writes the audit log. Every read
runs a fixed number of SQL queries whatever the amount of data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.candidates.models import Candidate, CandidateTag
from hiring.candidates.rules import (
    EMAIL,
    MAX_LINKS,
    MAX_NOTES,
    MAX_RESUME,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    SOURCES,
    CandidateInput,
    normalise_tag,
    phone_digits,
)
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.input_rules import LINE_MESSAGE, TEXT_MESSAGE, is_line, is_text
from hiring.paging import PageOf
from hiring.policy import Action
from hiring.sanitize import render_markdown
from hiring.transactions import commit_or_conflict


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
    elif data.phone and len(phone_digits(data.phone)) < 5:
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
    # The characters the API and the imports accept (hiring.input_rules).
    for name in ("name", "email", "phone", "location"):
        if not is_line(getattr(data, name)):
            errors.setdefault(name, [LINE_MESSAGE])
    if not all(map(is_line, data.links)):
        errors.setdefault("links", [LINE_MESSAGE])
    for name in ("resume_text", "notes"):
        if not is_text(getattr(data, name)):
            errors.setdefault(name, [TEXT_MESSAGE])
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
    digits = phone_digits(phone)
    if not digits:
        return []
    same_name = db.session.scalars(
        select(Candidate).where(func.lower(Candidate.name) == name.lower()).limit(50)
    )
    return [c for c in same_name if phone_digits(c.phone) == digits]


def _set_tags(candidate: Candidate, tags: tuple[str, ...]) -> None:
    current = {row.tag: row for row in candidate.tag_rows}
    candidate.tag_rows = [current.get(tag) or CandidateTag(tag=tag) for tag in sorted(tags)]


def contact_fields(candidate: Candidate) -> dict[str, Any]:
    """Who the candidate is and how to reach them, as plain values (the API's
    answers, the PATCH defaults and the privacy export share them)."""
    return {
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "location": candidate.location,
        "links": list(candidate.links),
        "source": candidate.source,
    }


def new_candidate(actor: User, data: CandidateInput) -> Candidate:
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


def insert_candidate(
    actor: User, data: CandidateInput, summary: Callable[[int], str], details: dict[str, Any]
) -> Candidate:
    """Add the new candidate to the caller's transaction, with its ``candidate.created``
    audit event (``summary`` of the new id)."""
    candidate = new_candidate(actor, data)
    db.session.add(candidate)
    db.session.flush()
    audit.record(
        actor,
        "candidate.created",
        "candidate",
        candidate.id,
        summary(candidate.id),
        details,
    )
    return candidate


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
    try:
        # PostgreSQL answers a concurrent insert of the same email here, not at commit.
        candidate = insert_candidate(
            actor,
            data,
            lambda new_id: f"Added candidate #{new_id} ({SOURCES[data.source].lower()})",
            {"duplicate_confirmed": confirm_duplicate},
        )
        if before_commit is not None:
            before_commit(candidate)
        commit_or_conflict("candidate")
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


def refuse_if_erased(candidate: Candidate) -> None:
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
    refuse_if_erased(candidate)
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
    commit_or_conflict("candidate")
    return candidate


@dataclass(frozen=True)
class CandidateFilter:
    query: str = ""
    source: str = ""
    tag: str = ""


@dataclass(frozen=True, kw_only=True)
class CandidatePage(PageOf):
    candidates: list[Candidate]


def matching_text(text: str) -> ColumnElement[bool]:
    text = text.strip()
    return or_(
        Candidate.name.icontains(text, autoescape=True),
        Candidate.email.icontains(text.lower(), autoescape=True),
        Candidate.resume_text.icontains(text, autoescape=True),
    )


def has_tag(tag: str) -> ColumnElement[bool]:
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
    return CandidatePage(candidates=list(candidates), total=total, page=page, per_page=per_page)


def _candidates_matching(filters: CandidateFilter) -> Select:
    query = select(Candidate)
    if filters.query.strip():
        query = query.where(matching_text(filters.query))
    if filters.source:
        query = query.where(Candidate.source == filters.source)
    if filters.tag.strip():
        query = query.where(has_tag(filters.tag))
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
