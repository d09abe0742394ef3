"""Reading an uploaded CSV of candidates (pure): checking the file, decoding it, the
table, and guessing which column fills which candidate field.

Plain functions over plain data, no Flask and no database; ``rows`` turns the table
into candidates, ``services`` adds the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000

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


class UploadRefused(Exception):
    """The uploaded file cannot be read; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    # (line number in the file, the row's values padded to the headers' length)
    rows: tuple[tuple[int, tuple[str, ...]], ...]


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
