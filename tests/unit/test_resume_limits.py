"""Reading a resume's text within limits: pages, expanded size, length, time, memory."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
import zipfile

import pytest

from hiring.candidates import resume_parsing, resumes
from hiring.candidates.resumes import DOCX, PDF, ParseLimits, ResumeRejected
from tests.fixtures.resumes import (
    make_docx,
    make_docx_bomb,
    make_long_pdf,
    make_pdf,
    make_slow_pdf,
)


def test_a_pdf_of_six_thousand_pages_is_not_read_page_by_page():
    data = make_long_pdf(6000)
    assert len(data) < 1024 * 1024  # small on disk
    extraction = resumes.extract_limited(data, PDF, ParseLimits(max_pages=50))
    assert extraction.text == ""
    assert extraction.note == (
        "Text not extracted: the file has more than 50 pages (6,000); a resume is a few pages long."
    )


def test_a_pdf_within_the_page_limit_is_read():
    extraction = resumes.extract_limited(make_pdf("Causal inference"), PDF, ParseLimits())
    assert extraction == resumes.Extraction("Causal inference")


def test_a_docx_zip_bomb_is_refused_from_its_declared_sizes_without_inflating(monkeypatch):
    data = make_docx_bomb(45)
    assert len(data) < 200 * 1024  # tens of KB that expand to 45 MB

    def no_reading(*_args, **_kwargs):
        raise AssertionError("a part of the archive was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    extraction = resumes.extract_limited(data, DOCX, ParseLimits())
    assert extraction.text == ""
    assert re.fullmatch(
        r"Text not extracted: the Word file expands to 45\.\d MB, more than the limit of "
        r"20\.0 MB\.",
        extraction.note,
    )


def test_the_expanded_size_limit_is_configurable():
    limits = ParseLimits(max_docx_uncompressed=100 * 1024 * 1024)
    extraction = resumes.extract_limited(make_docx_bomb(2), DOCX, limits)
    assert extraction.note == "" and "Zip bomb in disguise" in extraction.text


def test_long_text_is_cut_at_the_limit_and_says_so():
    limits = ParseLimits(max_chars=100)
    extraction = resumes.extract_limited(make_docx("word " * 5000), DOCX, limits)
    assert len(extraction.text) == 100
    assert extraction.note == "Text cut: only the first 100 characters were kept."


def test_the_child_reads_the_file_and_unreadable_files_are_still_refused():
    extraction = resume_parsing.extract(make_pdf("Bandit algorithms"), PDF, ParseLimits())
    assert extraction.text == "Bandit algorithms"
    with pytest.raises(ResumeRejected, match="could not be read"):
        resume_parsing.extract(b"%PDF-1.7 this is not really a pdf", PDF, ParseLimits())


def test_a_child_over_its_time_is_killed():
    with pytest.raises(resume_parsing.ChildTimedOut):
        resume_parsing.run_in_child(time.sleep, (60,), seconds=0.2)
    assert multiprocessing.active_children() == []


def test_a_slow_pdf_ends_with_a_note_instead_of_a_stuck_worker():
    extraction = resume_parsing.extract(make_slow_pdf(), PDF, ParseLimits(seconds=0.5))
    assert extraction.text == ""
    assert extraction.note == (
        "Text not extracted: reading the file took longer than 0.5 seconds, far more than "
        "a resume needs."
    )
    assert multiprocessing.active_children() == []


def test_a_child_over_its_memory_limit_stops_with_a_memory_error():
    with pytest.raises(MemoryError):
        resume_parsing.run_in_child(
            bytearray, (2 * 1024**3,), seconds=30, max_memory=512 * 1024 * 1024
        )


def test_a_child_that_dies_without_answering_is_told_apart():
    with pytest.raises(resume_parsing.ChildDied):
        resume_parsing.run_in_child(os._exit, (3,), seconds=30)
