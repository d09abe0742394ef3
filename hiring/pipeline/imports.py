"""Reading candidate imports: CSV files and JSON Resume documents (pure).

Plain functions over plain data, no Flask and no database: decoding an upload,
guessing which CSV column fills which candidate field, turning each row into an
``ImportedCandidate`` or the reasons it is refused, deciding what a merge into a
candidate already on file would change, and building a candidate from a JSON Resume.
The services in ``import_services`` add the database: which emails exist, and the
writes, one savepoint per row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
MAX_LINKS, MAX_TAGS, MAX_TAG_LENGTH = 10, 20, 40
MAX_RESUME, MAX_NOTES = 200_000, 50_000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

IGNORE = ""
# The candidate fields a CSV column can fill, in the order the mapping page offers them.
FIELDS: dict[str, str] = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "location": "Location",
    "links": "Links",
    "source": "Source",
    "resume_text": "Resume text",
    "tags": "Tags",
    "notes": "Notes",
}
# Fields that only one column may fill; the others combine every column mapped to them.
SINGLE_COLUMN_FIELDS = frozenset({"email", "phone", "source"})

SOURCES: dict[str, str] = {
    "referral": "Referral",
    "sourced": "Sourced",
    "inbound": "Inbound",
    "agency": "Agency",
    "event": "Event",
    "other": "Other",
}

# Header words (normalised: lowercase, letters and digits only) that suggest a field.
_HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "fullname",
        "candidate",
        "candidatename",
        "firstname",
        "givenname",
        "lastname",
        "surname",
        "familyname",
    ),
    "email": ("email", "emailaddress", "mail", "email1", "workemail", "personalemail"),
    "phone": ("phone", "phonenumber", "mobile", "telephone", "tel", "cell", "mobilephone"),
    "location": ("location", "city", "country", "region", "address", "basedin"),
    "links": (
        "links",
        "link",
        "url",
        "website",
        "github",
        "linkedin",
        "portfolio",
        "profile",
        "homepage",
    ),
    "source": ("source", "channel", "origin", "leadsource"),
    "resume_text": ("resume", "resumetext", "cv", "summary", "experience", "bio"),
    "tags": ("tags", "tag", "skills", "keywords", "labels"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}

_SOURCE_WORDS: dict[str, str] = {
    **{key: key for key in SOURCES},
    **{label.lower(): key for key, label in SOURCES.items()},
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


class UploadRefused(Exception):
    """The uploaded file cannot be read; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportedCandidate:
    """What one row (or one JSON Resume) says about a candidate, cleaned."""

    name: str
    email: str
    phone: str = ""
    location: str = ""
    links: tuple[str, ...] = ()
    source: str = "inbound"
    resume_text: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    # (line number in the file, the row's values padded to the headers' length)
    rows: tuple[tuple[int, tuple[str, ...]], ...]


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


# --- the uploaded file -----------------------------------------------------------------


def check_filename(filename: str, extensions: Sequence[str], kind: str) -> str:
    """The file's name without surprises: no path, one of ``extensions``."""
    name = filename.strip()
    if not name:
        raise UploadRefused(f"Choose a {kind} file to upload.")
    if "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise UploadRefused(
            "The file name must be a plain name without folders; rename the file and try again."
        )
    if not name.lower().endswith(tuple(extensions)):
        raise UploadRefused(
            f"This is not a {kind} file: choose a file ending in {' or '.join(extensions)}."
        )
    return name[:255]


def size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{size // 1024} KB"


def decode_upload(data: bytes, kind: str) -> str:
    """UTF-8 text (with or without a byte order mark), or a message saying what is wrong."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"The file is larger than {size_text(MAX_UPLOAD_BYTES)}; split it into smaller "
            "files and import them one after the other."
        )
    if not data.strip():
        raise UploadRefused("The file is empty.")
    if b"\x00" in data:
        raise UploadRefused(
            f"This does not look like a {kind} text file (it holds binary data); "
            f"export it as {kind} from your spreadsheet or tool and try again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(
            f"The file is not UTF-8 text (a byte at position {exc.start} cannot be read). "
            f"Save it as '{kind} UTF-8' in your spreadsheet and upload it again."
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_csv(text: str) -> Table:
    """The header row and every non-blank data row, with its line number."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    reader = csv.reader(
        io.StringIO(text), delimiter=delimiter if first_line.count(delimiter) else ","
    )
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if headers is None:
                headers = tuple(value.strip() for value in values)
                continue
            rows.append((reader.line_num, tuple(v.strip() for v in values)))
            if len(rows) > MAX_ROWS:
                raise UploadRefused(
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                )
    except csv.Error as exc:
        raise UploadRefused(f"The CSV cannot be read near line {reader.line_num}: {exc}.") from exc
    if headers is None:
        raise UploadRefused("The file is empty.")
    if not any(headers):
        raise UploadRefused("The first row must name the columns (for example name, email).")
    if not rows:
        raise UploadRefused("The file has a header row but no candidates under it.")
    width = len(headers)
    padded = tuple((line, (values + ("",) * width)[:width]) for line, values in rows)
    return Table(headers=headers, rows=padded)


# --- mapping ---------------------------------------------------------------------------


def _normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def guess_field(header: str) -> str:
    key = _normalise_header(header)
    for prefix in ("candidate", "applicant"):  # "Candidate email" is about the email
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    if not key:
        return IGNORE
    for name, words in _HEADER_GUESSES.items():
        if key in words:
            return name
    for name, words in _HEADER_GUESSES.items():
        # "Candidate email", "LinkedIn URL", "Phone (mobile)": a telling word inside.
        if any(len(word) >= 4 and word in key for word in words):
            return name
    return IGNORE


def guess_mapping(headers: Sequence[str]) -> tuple[str, ...]:
    """A field per column; a single-column field goes to its first likely column only."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        guess = guess_field(header)
        if guess in SINGLE_COLUMN_FIELDS and guess in taken:
            guess = IGNORE
        taken.add(guess)
        mapping.append(guess)
    return tuple(mapping)


def mapping_problems(headers: Sequence[str], mapping: Sequence[str]) -> list[str]:
    problems = []
    if len(mapping) != len(headers):
        return ["Choose a field (or 'ignore') for every column."]
    unknown = [m for m in mapping if m != IGNORE and m not in FIELDS]
    if unknown:
        problems.append(f"Unknown field: {', '.join(unknown)}.")
    for required in ("name", "email"):
        if required not in mapping:
            problems.append(f"Choose the column that holds the candidate's {required}.")
    for single in sorted(SINGLE_COLUMN_FIELDS):
        columns = [h for h, m in zip(headers, mapping, strict=True) if m == single]
        if len(columns) > 1:
            problems.append(
                f"Only one column can fill {FIELDS[single].lower()}; "
                f"choose one of {', '.join(columns)}."
            )
    return problems


# --- rows ------------------------------------------------------------------------------


def normalise_tag(tag: str) -> str:
    return re.sub(r"\s+", "-", tag.strip().lower())


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
    elif len(candidate.email) > 254 or not EMAIL.match(candidate.email):
        problems.append(f"'{candidate.email}' is not an email address.")
    if len(candidate.phone) > 40:
        problems.append("The phone number is longer than 40 characters.")
    elif candidate.phone and len(re.sub(r"\D", "", candidate.phone)) < 5:
        problems.append(f"'{candidate.phone}' is not a phone number (fewer than five digits).")
    if len(candidate.location) > 200:
        problems.append("The location is longer than 200 characters.")
    if len(candidate.links) > MAX_LINKS:
        problems.append(f"More than {MAX_LINKS} links.")
    bad = [link for link in candidate.links if not re.match(r"^https?://\S+$", link)]
    if bad:
        problems.append(f"Links must start with http:// or https://: {', '.join(bad)}.")
    if len(candidate.tags) > MAX_TAGS:
        problems.append(f"More than {MAX_TAGS} tags.")
    elif any(len(tag) > MAX_TAG_LENGTH for tag in candidate.tags):
        problems.append(f"A tag is longer than {MAX_TAG_LENGTH} characters.")
    if len(candidate.resume_text) > MAX_RESUME:
        problems.append(f"The resume text is longer than {MAX_RESUME:,} characters.")
    if len(candidate.notes) > MAX_NOTES:
        problems.append(f"The notes are longer than {MAX_NOTES:,} characters.")
    if candidate.source not in SOURCES:
        problems.append("Unknown source.")
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
                f"Unknown source '{raw}': use one of {', '.join(SOURCES.values())} "
                "or leave it empty."
            )
        else:
            source = found
    links = tuple(
        dict.fromkeys(link for value in columns.get("links", []) for link in _split(value, " \n;,"))
    )
    tags = tuple(
        dict.fromkeys(
            normalise_tag(tag) for value in columns.get("tags", []) for tag in _split(value, ",;|")
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
    room = max(0, MAX_LINKS - len(existing.links))
    if len(new_links) > room:
        skipped.append(f"{len(new_links) - room} link(s) left out: at most {MAX_LINKS}")
    new_tags = [tag for tag in incoming.tags if tag not in existing.tags]
    tag_room = max(0, MAX_TAGS - len(existing.tags))
    if len(new_tags) > tag_room:
        skipped.append(f"{len(new_tags) - tag_room} tag(s) left out: at most {MAX_TAGS}")
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


# --- JSON Resume -----------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _period(item: Mapping[str, Any]) -> str:
    start, end = _text(item.get("startDate")), _text(item.get("endDate"))
    if start and end:
        return f" ({start} to {end})"
    if start:
        return f" ({start} to present)"
    return f" (until {end})" if end else ""


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def resume_text_of(document: Mapping[str, Any]) -> str:
    """Work, education and skills of a JSON Resume, as plain readable text."""
    sections = []
    basics = document.get("basics") if isinstance(document.get("basics"), Mapping) else {}
    summary = basics.get("summary") if isinstance(basics, Mapping) else None
    if isinstance(summary, str) and summary.strip():
        sections.append("Summary\n" + summary.strip())
    work_lines = []
    for job in _dicts(document.get("work")):
        position = _text(job.get("position"))
        company = _text(job.get("name") or job.get("company"))
        title = ", ".join(part for part in (position, company) if part) or "Work"
        work_lines.append(f"- {title}{_period(job)}")
        if _text(job.get("summary")):
            work_lines.append(f"  {job['summary'].strip()}")
        for highlight in job.get("highlights") or []:
            if _text(highlight):
                work_lines.append(f"  * {_text(highlight)}")
    if work_lines:
        sections.append("Work\n" + "\n".join(work_lines))
    education_lines = []
    for school in _dicts(document.get("education")):
        degree = " ".join(
            p for p in (_text(school.get("studyType")), _text(school.get("area"))) if p
        )
        institution = _text(school.get("institution"))
        title = ", ".join(part for part in (degree, institution) if part) or "Education"
        education_lines.append(f"- {title}{_period(school)}")
    if education_lines:
        sections.append("Education\n" + "\n".join(education_lines))
    skill_lines = []
    for skill in _dicts(document.get("skills")):
        name = _text(skill.get("name"))
        keywords = ", ".join(_text(k) for k in skill.get("keywords") or [] if _text(k))
        level = _text(skill.get("level"))
        line = name + (f" ({level})" if level else "") + (f": {keywords}" if keywords else "")
        if line.strip():
            skill_lines.append(f"- {line.strip(': ')}")
    if skill_lines:
        sections.append("Skills\n" + "\n".join(skill_lines))
    return "\n\n".join(sections)


def parse_json_resume(text: str, source: str = "inbound") -> ImportedCandidate:
    """The candidate a JSON Resume describes; ``UploadRefused`` says what is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UploadRefused(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    if not isinstance(document, Mapping) or not isinstance(document.get("basics"), Mapping):
        raise UploadRefused(
            "This is not a JSON Resume: it needs a 'basics' object with at least a name and "
            "an email (see jsonresume.org/schema)."
        )
    basics = document["basics"]
    location = basics.get("location") if isinstance(basics.get("location"), Mapping) else {}
    place = ", ".join(
        _text(location.get(key))
        for key in ("city", "region", "countryCode")
        if _text(location.get(key))
    )
    links = [_text(basics.get("url"))] + [
        _text(p.get("url")) for p in _dicts(basics.get("profiles"))
    ]
    candidate = ImportedCandidate(
        name=_text(basics.get("name")),
        email=_text(basics.get("email")).lower(),
        phone=_text(basics.get("phone")),
        location=place,
        links=tuple(dict.fromkeys(link for link in links if link)),
        source=source,
        resume_text=resume_text_of(document),
    )
    problems = candidate_problems(candidate)
    if problems:
        raise UploadRefused("The JSON Resume cannot be imported: " + " ".join(problems))
    return candidate
