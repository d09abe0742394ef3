"""Resume checks: by content, never by name; names cleaned; text extracted."""

from __future__ import annotations

import io
import zipfile

import pytest

from hiring.candidates import resumes
from hiring.candidates.resumes import DOCX, PDF, ResumeRejected
from tests.fixtures.resumes import PNG, make_docx, make_pdf

LIMIT = 1024 * 1024


def test_a_pdf_and_a_docx_are_recognised_by_content():
    pdf = resumes.check_resume("cv.pdf", make_pdf(), LIMIT)
    assert pdf.content_type == PDF and pdf.filename == "cv.pdf" and len(pdf.sha256) == 64
    word = resumes.check_resume("cv.docx", make_docx(), LIMIT)
    assert word.content_type == DOCX and word.extension == ".docx"


def test_the_name_does_not_decide_the_type():
    with pytest.raises(ResumeRejected, match="not a PDF or Word"):
        resumes.check_resume("photo.pdf", PNG, LIMIT)
    # A real PDF with a misleading name is taken, and downloads as .pdf.
    assert resumes.check_resume("resume.docx", make_pdf(), LIMIT).filename == "resume.pdf"
    assert resumes.check_resume("resume", make_docx(), LIMIT).filename == "resume.docx"


def test_a_zip_without_a_word_document_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert resumes.sniff_type(buffer.getvalue()) is None
    assert resumes.sniff_type(b"PK\x03\x04 broken") is None


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(ResumeRejected, match=r"too large: the limit is 0\.0 MB"):
        resumes.check_resume("cv.pdf", make_pdf(), 10)
    with pytest.raises(ResumeRejected, match="empty"):
        resumes.check_resume("cv.pdf", b"", LIMIT)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "a/b.pdf", "C:\\Users\\ada\\cv.pdf", "..hidden.pdf", "C:cv.pdf"],
)
def test_a_name_with_a_path_is_refused(name):
    with pytest.raises(ResumeRejected, match="folder path"):
        resumes.clean_filename(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace CV (2024).pdf", "Ada Lovelace CV (2024).pdf"),
        ('cv"<script>.pdf', "cv__script_.pdf"),
        ("new\nline\x00.pdf", "new_line_.pdf"),
        ("Zoë Müller.docx", "Zoë Müller.docx"),
        ("???.pdf", "___.pdf"),
        (".", "resume"),
    ],
)
def test_odd_characters_are_replaced(name, expected):
    assert resumes.clean_filename(name) == expected


def test_long_names_keep_their_extension():
    cleaned = resumes.clean_filename("x" * 500 + ".pdf")
    assert len(cleaned) == resumes.MAX_FILENAME_LENGTH and cleaned.endswith(".pdf")


def test_an_empty_name_asks_for_a_file():
    with pytest.raises(ResumeRejected, match="Choose a PDF"):
        resumes.clean_filename("  ")


def test_text_is_extracted_from_pdf_and_docx():
    assert resumes.extract_text(make_pdf("Gradient boosted trees"), PDF) == "Gradient boosted trees"
    text = resumes.extract_text(make_docx("Feature store at scale"), DOCX)
    assert "Feature store at scale" in text and "Skills PyTorch" in text


def test_an_unreadable_file_is_refused_with_a_clear_message():
    with pytest.raises(ResumeRejected, match="could not be read"):
        resumes.extract_text(b"%PDF-1.7 this is not really a pdf", PDF)


def test_whitespace_is_tidied():
    assert resumes.tidy_text("  a   b \r\n\n\n\n c ") == "a b\n\nc"
