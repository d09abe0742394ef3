"""Merging two records of the same person into one (pure).

Plain functions over plain data, no Flask and no database: which other candidates look
like the same person, which value of each field the merged record keeps, how the
notes and resume text of both combine, which application stays active when both
records are in the same job's pipeline, and what the whole merge will do. The
database work is ``merge_services``.

Nothing is dropped: values that are not kept, and links or tags beyond what one
candidate may hold, are written into the merged notes under the "Merged from ..."
heading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from hiring.candidates.rules import MAX_LINKS, MAX_NOTES, MAX_RESUME, MAX_TAGS, SOURCES
from hiring.pipeline.stages import Pipeline

# The single-valued fields a person chooses between, in the order the page shows them.
FIELDS: dict[str, str] = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "location": "Location",
    "source": "Source",
}
KEEP, OTHER = "keep", "other"

SAME_NAME_AND_PHONE = "same name and phone"
SAME_NAME_AND_EMAIL = "same name and a similar email"
SAME_PHONE = "same phone"
# Fewer digits than this identify nobody (an extension, a typo).
MIN_PHONE_DIGITS = 5
# A shorter shared start of two email addresses says nothing ("a@", "al@").
MIN_EMAIL_KEY = 3


@dataclass(frozen=True)
class CandidateRecord:
    """One of the two candidates, as the merge reads it."""

    id: int
    name: str
    email: str
    phone: str = ""
    location: str = ""
    source: str = "inbound"
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    resume_text: str = ""
    version: int = 1


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    candidate_id: int
    job_id: int
    job_title: str
    stage: str
    status: str
    history: int = 0  # stage changes recorded
    interviews: int = 0


@dataclass(frozen=True)
class SameJob:
    """Both candidates are active in one job's pipeline: only one application may stay."""

    job_id: int
    job_title: str
    kept: ApplicationRecord
    other: ApplicationRecord
    suggested: int  # the application further along the pipeline

    @property
    def application_ids(self) -> tuple[int, int]:
        return (self.kept.id, self.other.id)


@dataclass(frozen=True)
class MergeChoices:
    """What the person chose: field -> KEEP or OTHER, job id -> application staying active."""

    fields: Mapping[str, str] = field(default_factory=dict)
    active: Mapping[int, int] = field(default_factory=dict)


class ChoiceProblem(ValueError):
    """A choice that does not fit the two candidates; ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(next(iter(errors.values()))[0])
        self.errors = errors


@dataclass(frozen=True)
class MergePlan:
    keep_id: int
    other_id: int
    values: Mapping[str, str]  # the merged name, email, phone, location, source
    links: tuple[str, ...]
    tags: tuple[str, ...]
    notes: str
    resume_text: str
    moving: tuple[ApplicationRecord, ...]  # the other candidate's applications
    closing: tuple[ApplicationRecord, ...]  # closed as withdrawn: another stays active
    stays_active: Mapping[int, int]  # job id -> application id, for shared jobs
    files_moving: int
    notes_moving: int
    changed_fields: tuple[str, ...]  # of the kept candidate's name, email, ...
    tags_added: int
    links_added: int
    warnings: tuple[str, ...] = ()

    @property
    def history_moving(self) -> int:
        return sum(application.history for application in self.moving)

    @property
    def interviews_moving(self) -> int:
        return sum(application.interviews for application in self.moving)

    def counts(self) -> dict[str, int]:
        """The numbers the audit log keeps: no names, no contact details."""
        return {
            "applications": len(self.moving),
            "stage_changes": self.history_moving,
            "interviews": self.interviews_moving,
            "closed": len(self.closing),
            "files": self.files_moving,
            "notes": self.notes_moving,
            "tags_added": self.tags_added,
            "links_added": self.links_added,
        }


# --- finding duplicates ----------------------------------------------------------------


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def same_name(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def email_key(email: str) -> str:
    """The letters of an address's local part, without a "+suffix".

    ``Ada.Lovelace+jobs@example.com``, ``ada_lovelace84@mail.example`` and
    ``adalovelace@example.org`` share the key ``adalovelace``.
    """
    local = email.strip().lower().rpartition("@")[0] or email.strip().lower()
    local = local.split("+", 1)[0]
    return re.sub(r"[^a-z]", "", local)


def similar_emails(first: str, second: str) -> bool:
    """The same key, or one key starting with the other (``ada`` and ``adalovelace``).

    Only asked for two people of the same name, so a short shared start is enough.
    """
    shorter, longer = sorted((email_key(first), email_key(second)), key=len)
    return len(shorter) >= MIN_EMAIL_KEY and longer.startswith(shorter)


def duplicate_reasons(candidate: CandidateRecord, other: CandidateRecord) -> tuple[str, ...]:
    """Why ``other`` may be the same person as ``candidate``; empty when it looks not."""
    digits = phone_digits(candidate.phone)
    same_phone = len(digits) >= MIN_PHONE_DIGITS and digits == phone_digits(other.phone)
    reasons = []
    if same_name(candidate.name, other.name):
        if same_phone:
            reasons.append(SAME_NAME_AND_PHONE)
        if similar_emails(candidate.email, other.email):
            reasons.append(SAME_NAME_AND_EMAIL)
    elif same_phone:
        reasons.append(SAME_PHONE)
    return tuple(reasons)


# --- choosing values -------------------------------------------------------------------


def default_choices(keep: CandidateRecord, other: CandidateRecord) -> dict[str, str]:
    """The kept candidate's value, or the other's where the kept one is empty."""
    return {
        name: OTHER if not getattr(keep, name).strip() and getattr(other, name).strip() else KEEP
        for name in FIELDS
    }


def chosen_values(
    keep: CandidateRecord, other: CandidateRecord, choices: Mapping[str, str]
) -> dict[str, str]:
    """The merged record's fields; a field without a choice takes its default."""
    defaults = default_choices(keep, other)
    problems = {
        name: [f"Choose which {label.lower()} to keep."]
        for name, label in FIELDS.items()
        if choices.get(name, defaults[name]) not in (KEEP, OTHER)
    }
    if problems:
        raise ChoiceProblem(problems)
    return {
        name: getattr(other if choices.get(name, defaults[name]) == OTHER else keep, name)
        for name in FIELDS
    }


def union(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...]:
    """Both, in order, each once."""
    return tuple(dict.fromkeys([*first, *second]))


# --- applications ----------------------------------------------------------------------


def _rank(pipeline: Pipeline, stage: str) -> int:
    order = pipeline.order(stage)
    return -1 if order is None else order


def further_along(
    pipeline: Pipeline, kept: ApplicationRecord, other: ApplicationRecord
) -> ApplicationRecord:
    """The application later in the pipeline; the kept candidate's on a tie."""
    return other if _rank(pipeline, other.stage) > _rank(pipeline, kept.stage) else kept


def shared_active_jobs(
    pipeline: Pipeline,
    kept: Sequence[ApplicationRecord],
    other: Sequence[ApplicationRecord],
    *,
    active: str = "active",
) -> list[SameJob]:
    """Jobs where both candidates have an active application, by job title."""
    kept_active = {a.job_id: a for a in kept if a.status == active}
    shared = []
    for application in other:
        mine = kept_active.get(application.job_id)
        if application.status != active or mine is None:
            continue
        suggested = further_along(pipeline, mine, application).id
        shared.append(SameJob(mine.job_id, mine.job_title, mine, application, suggested))
    return sorted(shared, key=lambda same: (same.job_title.casefold(), same.job_id))


def suggested_active(shared: Sequence[SameJob]) -> dict[int, int]:
    return {same.job_id: same.suggested for same in shared}


# --- notes and resume text -------------------------------------------------------------


def _markdown_text(text: str) -> str:
    """Plain text that Markdown shows as it is (names and emails in a heading)."""
    return re.sub(r"([\\`*_{}\[\]<>#|~!])", r"\\\1", text)


def merged_heading(other: CandidateRecord, on: date) -> str:
    return f"Merged from {other.name} ({other.email}) on {on.isoformat()}"


def combined_text(kept: str, added: str, heading: str) -> str:
    """The kept text, then the added text under its heading."""
    section = f"{heading}\n\n{added.strip()}".strip()
    return f"{kept.strip()}\n\n{section}" if kept.strip() else section


def _not_kept(
    keep: CandidateRecord, other: CandidateRecord, values: Mapping[str, str]
) -> list[str]:
    """Values of either record that the merged one does not hold: kept in the notes."""
    lines = []
    for name, label in FIELDS.items():
        for record in (keep, other):
            value = getattr(record, name).strip()
            if value and value != values[name]:
                shown = SOURCES.get(value, value) if name == "source" else value
                lines.append(f"{label.lower()} {shown}")
    return list(dict.fromkeys(lines))


def merged_notes(
    keep: CandidateRecord,
    other: CandidateRecord,
    values: Mapping[str, str],
    *,
    on: date,
    extra_links: Sequence[str] = (),
    extra_tags: Sequence[str] = (),
) -> str:
    """The kept candidate's notes, then the other's under a "Merged from ..." heading."""
    parts = []
    if other.notes.strip():
        parts.append(other.notes.strip())
    not_kept = _not_kept(keep, other, values)
    if not_kept:
        parts.append(_markdown_text("Not kept from either record: " + "; ".join(not_kept) + "."))
    if extra_links:
        parts.append(
            f"Links beyond the {MAX_LINKS} a candidate holds:\n\n"
            + "\n".join(f"- <{link}>" for link in extra_links)
        )
    if extra_tags:
        parts.append(
            _markdown_text(
                f"Tags beyond the {MAX_TAGS} a candidate holds: {', '.join(extra_tags)}."
            )
        )
    heading = "### " + _markdown_text(merged_heading(other, on))
    return combined_text(keep.notes, "\n\n".join(parts), heading)


def merged_resume_text(keep: CandidateRecord, other: CandidateRecord, *, on: date) -> str:
    if not other.resume_text.strip():
        return keep.resume_text
    return combined_text(
        keep.resume_text, other.resume_text, f"--- {merged_heading(other, on)} ---"
    )


# --- the plan --------------------------------------------------------------------------


def plan_merge(
    pipeline: Pipeline,
    keep: CandidateRecord,
    other: CandidateRecord,
    kept_applications: Sequence[ApplicationRecord],
    other_applications: Sequence[ApplicationRecord],
    choices: MergeChoices,
    *,
    files_moving: int,
    on: date,
) -> MergePlan:
    """Everything the merge of ``other`` into ``keep`` will write, decided up front.

    Raises ``ChoiceProblem`` for merging a candidate with themself, a value choice that
    is neither KEEP nor OTHER, or a shared job whose choice is missing or names an
    application of another job.
    """
    if keep.id == other.id:
        raise ChoiceProblem({"candidate": ["A candidate cannot be merged with themself."]})
    values = chosen_values(keep, other, choices.fields)
    shared = shared_active_jobs(pipeline, kept_applications, other_applications)
    problems = {}
    for same in shared:
        if choices.active.get(same.job_id) not in same.application_ids:
            problems[f"active_{same.job_id}"] = [
                f"Choose which application to {same.job_title} stays active."
            ]
    unknown = set(choices.active) - {same.job_id for same in shared}
    if unknown:
        problems["active"] = ["Both candidates are no longer active in the same jobs."]
    if problems:
        raise ChoiceProblem(problems)
    stays = {same.job_id: choices.active[same.job_id] for same in shared}
    closing = tuple(
        same.other if stays[same.job_id] == same.kept.id else same.kept for same in shared
    )

    all_links = union(keep.links, other.links)
    all_tags = union(keep.tags, other.tags)
    links, extra_links = all_links[:MAX_LINKS], all_links[MAX_LINKS:]
    tags, extra_tags = all_tags[:MAX_TAGS], all_tags[MAX_TAGS:]
    notes = merged_notes(keep, other, values, on=on, extra_links=extra_links, extra_tags=extra_tags)
    resume_text = merged_resume_text(keep, other, on=on)
    warnings = []
    if len(notes) > MAX_NOTES:
        warnings.append(
            f"The combined notes are longer than the {MAX_NOTES:,} characters the edit form "
            "accepts; shorten them when you next edit the candidate."
        )
    if len(resume_text) > MAX_RESUME:
        warnings.append(
            f"The combined resume text is longer than the {MAX_RESUME:,} characters the edit "
            "form accepts; shorten it when you next edit the candidate."
        )
    return MergePlan(
        keep_id=keep.id,
        other_id=other.id,
        values=values,
        links=links,
        tags=tuple(sorted(tags)),
        notes=notes,
        resume_text=resume_text,
        moving=tuple(other_applications),
        closing=closing,
        stays_active=stays,
        files_moving=files_moving,
        notes_moving=1 if other.notes.strip() else 0,
        changed_fields=tuple(name for name in FIELDS if values[name] != getattr(keep, name)),
        tags_added=len(set(tags) - set(keep.tags)),
        links_added=len(set(links) - set(keep.links)),
        warnings=tuple(warnings),
    )
