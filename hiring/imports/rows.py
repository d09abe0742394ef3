"""Turning the rows of a CSV into candidates (pure): each row's candidate or the
reasons it is refused, and what a merge into a candidate already on file would change.

The rules are the candidate form's (``hiring.candidates.rules``); ``services`` adds the
database: which emails exist, and the writes, one savepoint per row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from hiring.candidates import rules
from hiring.imports.tables import IGNORE, Table
from hiring.input_rules import is_line, is_text

_SOURCE_WORDS: dict[str, str] = {
    **{key: key for key in rules.SOURCES},
    **{label.lower(): key for key, label in rules.SOURCES.items()},
    "referred": "referral",
    "employee referral": "referral",
    "sourcing": "sourced",
    "outbound": "sourced",
    "applied": "inbound",
    "application": "inbound",
    "careers page": "inbound",
    "recruiting agency": "agency",
    "meetup": "event",
    "conference": "event",
}


# What one row (or one JSON Resume) says about a candidate: the form's input, cleaned.
ImportedCandidate = rules.CandidateInput


@dataclass(frozen=True)
class RowPlan:
    """One data row: the candidate it describes, or the reasons it is refused."""

    line: int
    name: str
    email: str
    candidate: ImportedCandidate | None
    problems: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return self.candidate is None


CREATED, MERGED, REFUSED = "created", "merged", "refused"
# A row an interrupted import never reached (its batch was not saved).
NOT_IMPORTED = "not-imported"


@dataclass(frozen=True)
class RowResult:
    """What happened (or, in a dry run, would happen) to one row."""

    line: int
    name: str
    email: str
    outcome: str
    messages: tuple[str, ...] = ()
    candidate_id: int | None = None


@dataclass(frozen=True)
class ExistingCandidate:
    """The fields of a candidate already on file that a merge may fill."""

    name: str
    phone: str = ""
    location: str = ""
    links: tuple[str, ...] = ()
    resume_text: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class MergeChanges:
    """What a merge adds: empty fields filled, tags and links added; nothing overwritten."""

    fill: Mapping[str, str] = field(default_factory=dict)
    add_links: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.fill or self.add_links or self.add_tags)

    def describe(self) -> tuple[str, ...]:
        parts = []
        if self.fill:
            parts.append("fills " + ", ".join(n.replace("_", " ") for n in self.fill))
        if self.add_tags:
            parts.append("adds tags " + ", ".join(self.add_tags))
        if self.add_links:
            parts.append(f"adds {len(self.add_links)} link{'s' if len(self.add_links) > 1 else ''}")
        return tuple(parts) + self.skipped


# --- rows ------------------------------------------------------------------------------


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text) if part.strip()]


def source_key(text: str) -> str | None:
    """The source a CSV value means (key or label, any case), or None."""
    return _SOURCE_WORDS.get(" ".join(text.lower().split()))


def candidate_problems(candidate: ImportedCandidate) -> list[str]:
    """Why this candidate cannot be imported (the same rules as the candidate form)."""
    problems = []
    if not candidate.name:
        problems.append("The name is missing.")
    elif len(candidate.name) > 200:
        problems.append("The name is longer than 200 characters.")
    if not candidate.email:
        problems.append("The email is missing.")
    elif len(candidate.email) > 254 or not rules.EMAIL.match(candidate.email):
        problems.append(f"'{candidate.email}' is not an email address.")
    if len(candidate.phone) > 40:
        problems.append("The phone number is longer than 40 characters.")
    elif candidate.phone and len(re.sub(r"\D", "", candidate.phone)) < 5:
        problems.append(f"'{candidate.phone}' is not a phone number (fewer than five digits).")
    if len(candidate.location) > 200:
        problems.append("The location is longer than 200 characters.")
    if len(candidate.links) > rules.MAX_LINKS:
        problems.append(f"More than {rules.MAX_LINKS} links.")
    bad = [link for link in candidate.links if not re.match(r"^https?://\S+$", link)]
    if bad:
        problems.append(f"Links must start with http:// or https://: {', '.join(bad)}.")
    if len(candidate.tags) > rules.MAX_TAGS:
        problems.append(f"More than {rules.MAX_TAGS} tags.")
    elif any(len(tag) > rules.MAX_TAG_LENGTH for tag in candidate.tags):
        problems.append(f"A tag is longer than {rules.MAX_TAG_LENGTH} characters.")
    if len(candidate.resume_text) > rules.MAX_RESUME:
        problems.append(f"The resume text is longer than {rules.MAX_RESUME:,} characters.")
    if len(candidate.notes) > rules.MAX_NOTES:
        problems.append(f"The notes are longer than {rules.MAX_NOTES:,} characters.")
    if candidate.source not in rules.SOURCES:
        problems.append("Unknown source.")
    lines = (candidate.name, candidate.email, candidate.phone, candidate.location)
    if not all(map(is_line, (*lines, *candidate.links, *candidate.tags))):
        problems.append("A one-line field holds control or text-direction characters.")
    if not (is_text(candidate.resume_text) and is_text(candidate.notes)):
        problems.append("The resume text or the notes hold a NUL character.")
    return problems


def parse_row(
    headers: Sequence[str], values: Sequence[str], mapping: Sequence[str], default_source: str
) -> tuple[ImportedCandidate, list[str]]:
    """The candidate a row describes (cleaned) and the problems that refuse it."""
    columns: dict[str, list[str]] = {}
    for header_value, target in zip(values, mapping, strict=False):
        if target != IGNORE and header_value.strip():
            columns.setdefault(target, []).append(header_value.strip())
    problems: list[str] = []
    source = default_source
    if columns.get("source"):
        raw = columns["source"][0]
        found = source_key(raw)
        if found is None:
            problems.append(
                f"Unknown source '{raw}': use one of {', '.join(rules.SOURCES.values())} "
                "or leave it empty."
            )
        else:
            source = found
    links = tuple(
        dict.fromkeys(link for value in columns.get("links", []) for link in _split(value, " \n;,"))
    )
    tags = tuple(
        dict.fromkeys(
            rules.normalise_tag(tag)
            for value in columns.get("tags", [])
            for tag in _split(value, ",;|")
        )
    )
    candidate = ImportedCandidate(
        name=" ".join(" ".join(columns.get("name", [])).split()),
        email="".join(columns.get("email", [])[:1]).strip().lower(),
        phone=" ".join(columns.get("phone", [])[:1]),
        location=", ".join(columns.get("location", [])),
        links=links,
        source=source,
        resume_text="\n\n".join(columns.get("resume_text", [])),
        tags=tuple(tag for tag in tags if tag),
        notes="\n\n".join(columns.get("notes", [])),
    )
    return candidate, problems + candidate_problems(candidate)


def plan_rows(
    table: Table, mapping: Sequence[str], default_source: str = "inbound"
) -> list[RowPlan]:
    """Every data row of the table: a candidate to import, or why it is refused.

    An email that appears twice in the file is imported from its first row only; the
    later rows are refused, naming the row that wins.
    """
    plans = []
    first_line: dict[str, int] = {}
    for line, values in table.rows:
        candidate, problems = parse_row(table.headers, values, mapping, default_source)
        email = candidate.email
        if email and not problems:
            if email in first_line:
                problems.append(f"The same email is on line {first_line[email]} of this file.")
            else:
                first_line[email] = line
        plans.append(
            RowPlan(
                line=line,
                name=candidate.name,
                email=email,
                candidate=None if problems else candidate,
                problems=tuple(problems),
            )
        )
    return plans


# --- merging into a candidate on file --------------------------------------------------


def merge_changes(existing: ExistingCandidate, incoming: ImportedCandidate) -> MergeChanges:
    """Fill the existing candidate's empty fields and add tags and links; never overwrite."""
    fill = {
        name: getattr(incoming, name)
        for name in ("phone", "location", "resume_text", "notes")
        if not getattr(existing, name).strip() and getattr(incoming, name).strip()
    }
    skipped = []
    new_links = [link for link in incoming.links if link not in existing.links]
    room = max(0, rules.MAX_LINKS - len(existing.links))
    if len(new_links) > room:
        skipped.append(f"{len(new_links) - room} link(s) left out: at most {rules.MAX_LINKS}")
    new_tags = [tag for tag in incoming.tags if tag not in existing.tags]
    tag_room = max(0, rules.MAX_TAGS - len(existing.tags))
    if len(new_tags) > tag_room:
        skipped.append(f"{len(new_tags) - tag_room} tag(s) left out: at most {rules.MAX_TAGS}")
    return MergeChanges(
        fill=fill,
        add_links=tuple(new_links[:room]),
        add_tags=tuple(new_tags[:tag_room]),
        skipped=tuple(skipped),
    )


def outcome_of(plan: RowPlan, existing_emails: Set[str]) -> str:
    """Created, merged or refused: exactly one, decided before anything is written."""
    if plan.candidate is None:
        return REFUSED
    return MERGED if plan.candidate.email in existing_emails else CREATED
