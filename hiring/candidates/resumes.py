"""Checking and reading uploaded resume files: pure functions, no Flask, no database.

A file is accepted by what it contains, never by its name: a PDF starts with
``%PDF-``; a DOCX is a zip archive holding ``word/document.xml``. The name the browser
sent is only ever shown and used as the download name, after cleaning; it is never
part of a path on disk (files are stored under a random name).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}

MAX_FILENAME_LENGTH = 200
# A DOCX is a zip: no document needs more parts than this.
MAX_DOCX_ENTRIES = 2000
# Extracted text kept per file (the candidate's resume text has its own limit too).
MAX_EXTRACTED_CHARS = 100_000

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_UNSAFE = re.compile(r"[^\w .()+,-]")


class ResumeRejected(ValueError):
    """The upload cannot be taken; the message says why, in words for the uploader."""


@dataclass(frozen=True)
class CheckedResume:
    filename: str
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def clean_filename(name: str) -> str:
    """A name safe to show and to send as a download name, or ``ResumeRejected``.

    A name with a directory in it (``/``, ``\\``, ``..``, a drive letter) is refused:
    browsers send bare names, so a path means something is wrong. Other odd
    characters (control characters, quotes, ``<>|*?:;`` and the like) are replaced.
    """
    name = (name or "").strip()
    if not name:
        raise ResumeRejected("Choose a PDF or Word (.docx) file to upload.")
    if "/" in name or "\\" in name or name.startswith("..") or _WINDOWS_DRIVE.match(name):
        raise ResumeRejected(
            "The file name contains a folder path. Rename the file to a plain name "
            "(for example resume.pdf) and upload it again."
        )
    name = unicodedata.normalize("NFC", name)
    cleaned = "".join("_" if unicodedata.category(ch)[0] == "C" else ch for ch in name)
    cleaned = _UNSAFE.sub("_", cleaned).strip(" .")
    if not cleaned.replace("_", ""):
        cleaned = "resume"
    if len(cleaned) > MAX_FILENAME_LENGTH:
        stem, dot, suffix = cleaned.rpartition(".")
        if dot and len(suffix) <= 10:
            cleaned = stem[: MAX_FILENAME_LENGTH - len(suffix) - 1] + "." + suffix
        else:
            cleaned = cleaned[:MAX_FILENAME_LENGTH]
    return cleaned


def sniff_type(data: bytes) -> str | None:
    """PDF or DOCX by content, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return DOCX
    return None


def with_extension(filename: str, content_type: str) -> str:
    """The download name ends with the extension of what the file really is."""
    extension = EXTENSIONS[content_type]
    if filename.lower().endswith(extension):
        return filename
    stem = (
        filename.rsplit(".", 1)[0]
        if filename.lower().endswith((".pdf", ".docx", ".doc"))
        else filename
    )
    return stem + extension


def check_resume(filename: str, data: bytes, max_bytes: int) -> CheckedResume:
    """Validate an upload: its name, its size and its type (by content)."""
    safe_name = clean_filename(filename)
    if len(data) > max_bytes:
        raise ResumeRejected(
            f"The file is too large: the limit is {_megabytes(max_bytes)}. Save a smaller "
            "PDF (for example without images) and try again."
        )
    if not data:
        raise ResumeRejected("The file is empty. Choose the resume file again.")
    content_type = sniff_type(data)
    if content_type is None:
        raise ResumeRejected(
            "This is not a PDF or Word (.docx) file, whatever its name says. Upload the "
            "resume as a PDF or .docx (old .doc files: save as .docx first)."
        )
    return CheckedResume(
        filename=with_extension(safe_name, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class ParseLimits:
    """How much reading one file may take (``RESUME_TEXT_*`` and ``RESUME_PARSE_*``)."""

    max_pages: int = 50
    max_docx_uncompressed: int = 20 * 1024 * 1024
    max_chars: int = MAX_EXTRACTED_CHARS
    seconds: float = 15.0
    max_memory: int = 768 * 1024 * 1024


@dataclass(frozen=True)
class Extraction:
    """The text read from a file, and ``note`` when some or all of it was not read."""

    text: str
    note: str = ""


def not_extracted(reason: str) -> Extraction:
    return Extraction("", f"Text not extracted: {reason}.")


def extract_limited(data: bytes, content_type: str, limits: ParseLimits) -> Extraction:
    """The file's text within ``limits``; ``ResumeRejected`` if it cannot be read at all.

    A file over a limit is not refused (it is still a file the candidate sent): the
    text is left out, or cut, and the note says why.
    """
    try:
        if content_type == PDF:
            extraction = _pdf_text(data, limits)
        elif content_type == DOCX:
            extraction = _docx_text(data, limits)
        else:
            raise ResumeRejected("Only PDF and Word (.docx) files can be read.")
    except ResumeRejected:
        raise
    except MemoryError:
        return not_extracted("reading the file needed more memory than allowed")
    except Exception as exc:  # parsers raise many kinds; all mean "unreadable"
        raise ResumeRejected(
            "The file could not be read: it may be damaged or password-protected. "
            "Open it, save it again as PDF or .docx, and upload the new copy."
        ) from exc
    text = tidy_text(extraction.text)
    if len(text) > limits.max_chars:
        return Extraction(
            text[: limits.max_chars],
            f"Text cut: only the first {limits.max_chars:,} characters were kept.",
        )
    return Extraction(text, extraction.note)


def extract_text(data: bytes, content_type: str) -> str:
    """The text of a PDF or DOCX within the default limits, in this process."""
    return extract_limited(data, content_type, ParseLimits()).text


def tidy_text(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def _pdf_text(data: bytes, limits: ParseLimits) -> Extraction:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ResumeRejected(
            "The PDF is password-protected. Save a copy without a password and upload that."
        )
    # Counting pages reads the page tree only, not the pages' contents.
    pages = len(reader.pages)
    if pages > limits.max_pages:
        return not_extracted(
            f"the file has more than {limits.max_pages:,} pages ({pages:,}); "
            "a resume is a few pages long"
        )
    parts: list[str] = []
    length = 0
    for page in reader.pages:
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
        if length > limits.max_chars:  # enough to fill the limit: stop reading
            break
    return Extraction("\n".join(parts))


def _docx_text(data: bytes, limits: ParseLimits) -> Extraction:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    # The sizes the archive declares bound what zipfile will ever inflate (it stops
    # at the declared size and fails the CRC check if the data says otherwise), so
    # checking them before reading refuses a zip bomb without expanding it.
    if len(infos) > MAX_DOCX_ENTRIES:
        return not_extracted(
            f"the Word file holds {len(infos):,} parts, more than the {MAX_DOCX_ENTRIES:,} "
            "a document needs"
        )
    expanded = sum(info.file_size for info in infos)
    if expanded > limits.max_docx_uncompressed:
        return not_extracted(
            f"the Word file expands to {_megabytes(expanded)}, more than the limit of "
            f"{_megabytes(limits.max_docx_uncompressed)}"
        )
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return Extraction("\n".join(parts))
