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
# A DOCX is a zip: refuse archives that would expand to more than this (zip bombs).
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
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


def extract_text(data: bytes, content_type: str) -> str:
    """The text of a PDF or DOCX, whitespace tidied; ``ResumeRejected`` if unreadable."""
    try:
        if content_type == PDF:
            text = _pdf_text(data)
        elif content_type == DOCX:
            text = _docx_text(data)
        else:
            raise ResumeRejected("Only PDF and Word (.docx) files can be read.")
    except ResumeRejected:
        raise
    except Exception as exc:  # parsers raise many kinds; all mean "unreadable"
        raise ResumeRejected(
            "The file could not be read: it may be damaged or password-protected. "
            "Open it, save it again as PDF or .docx, and upload the new copy."
        ) from exc
    return tidy_text(text)[:MAX_EXTRACTED_CHARS]


def tidy_text(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ResumeRejected(
            "The PDF is password-protected. Save a copy without a password and upload that."
        )
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_DOCX_ENTRIES or (
            sum(info.file_size for info in infos) > MAX_DOCX_UNCOMPRESSED
        ):
            raise ResumeRejected("The Word file expands to far more than a resume; refused.")
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
