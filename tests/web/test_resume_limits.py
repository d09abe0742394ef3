"""Uploading resume files past the reading limits, and with no write lock while reading."""

from __future__ import annotations

import io
import re
import sqlite3

import pytest
from sqlalchemy import select

from hiring.accounts import services as accounts
from hiring.candidates import resume_parsing, resume_services
from hiring.candidates.models import Candidate, ResumeFile
from hiring.extensions import db
from hiring.privacy import services as privacy
from tests.api.conftest import auth_headers, issue_token
from tests.conftest import login, make_user, post_form, uses_external_database
from tests.fixtures.pipeline import make_candidate
from tests.fixtures.resumes import make_docx_bomb, make_long_pdf, make_pdf, make_slow_pdf


@pytest.fixture
def app(make_app, tmp_path):
    """A SQLite file database (as in production) unless the run uses another engine."""
    if uses_external_database():
        return make_app()
    return make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'app.sqlite3'}")


def upload(client, candidate_id, data: bytes, name: str):
    return post_form(
        client,
        f"/candidates/{candidate_id}/resumes",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def stored(app) -> tuple[list[ResumeFile], str]:
    with app.app_context():
        files = list(db.session.scalars(select(ResumeFile).order_by(ResumeFile.id)))
        return files, db.session.scalar(select(Candidate.resume_text))


@pytest.mark.parametrize(
    ("build", "name", "pattern"),
    [
        (
            lambda: make_long_pdf(6000),
            "long.pdf",
            r"Text not extracted: the file has more than 50 pages \(6,000\); a resume is a "
            r"few pages long\.",
        ),
        (
            lambda: make_docx_bomb(45),
            "bomb.docx",
            # 45 MB of padding plus the parts of python-docx's own template
            r"Text not extracted: the Word file expands to 45\.\d MB, more than the limit of "
            r"20\.0 MB\.",
        ),
    ],
    ids=["6000-page-pdf", "docx-zip-bomb"],
)
def test_a_file_over_a_limit_is_stored_without_its_text_and_says_why(
    app, client, users, build, name, pattern
):
    data = build()  # small on disk: a 6,000-page PDF under 1 MB, a .docx of 80 KB
    candidate_id = make_candidate(app, users["recruiter"], resume_text="Typed by hand.")
    login(client, users["recruiter"])
    response = upload(client, candidate_id, data, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    files, resume_text = stored(app)
    assert [f.original_filename for f in files] == [name]
    note = files[0].text_note
    assert re.fullmatch(pattern, note), note
    assert f"Resume uploaded and stored. {note}" in html  # the flash message
    assert resume_text == "Typed by hand."
    with app.app_context():
        assert resume_services.stored_path(files[0].stored_name).read_bytes() == data
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert f'data-testid="text-note-{files[0].id}"' in page and note in page
    listing = client.get(f"/candidates/{candidate_id}/resumes").get_data(as_text=True)
    assert note in listing
    token = issue_token(app, users["recruiter"])
    body = app.test_client().get(f"/api/v1/candidates/{candidate_id}", headers=auth_headers(token))
    assert body.json["resume_files"][0]["text_note"] == note


def test_a_file_that_reads_too_slowly_is_stored_with_a_note(make_app, users, tmp_path):
    """A 4 KB PDF whose page takes pypdf many seconds: the child is stopped at the limit."""
    slow_app = make_app(
        RESUME_PARSE_TIMEOUT=0.5,
        **(
            {}
            if uses_external_database()
            else {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'slow.sqlite3'}"}
        ),
    )
    recruiter = make_user(slow_app, ("recruiter",))
    client = slow_app.test_client()
    candidate_id = make_candidate(slow_app, recruiter)
    login(client, recruiter)
    html = upload(client, candidate_id, make_slow_pdf(), "slow.pdf").get_data(as_text=True)
    assert "Resume uploaded and stored. Text not extracted: reading the file took longer" in html
    files, _text = stored(slow_app)
    assert len(files) == 1 and "0.5 seconds" in files[0].text_note


def test_no_transaction_is_open_while_the_file_is_read(app, client, users, monkeypatch):
    """While the file is read, this request holds no transaction, so on SQLite another
    writer gets the write lock at once (busy timeout 0); before, it got 'database is
    locked' because the upload's transaction had taken the lock with its first query."""
    candidate_id = make_candidate(app, users["recruiter"], resume_text="")
    login(client, users["recruiter"])
    seen: dict[str, object] = {}
    real_extract = resume_parsing.extract

    def extract_while_someone_else_writes(data, content_type, limits):
        seen["in_transaction"] = db.session().in_transaction()
        if not uses_external_database():
            with app.app_context():
                path = db.engine.url.database
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE candidates SET location = 'Written meanwhile'")
                other.execute("COMMIT")
                seen["other_writer"] = "wrote"
            except sqlite3.OperationalError as exc:
                seen["other_writer"] = str(exc)
            finally:
                other.close()
        return real_extract(data, content_type, limits)

    monkeypatch.setattr(resume_parsing, "extract", extract_while_someone_else_writes)
    response = upload(client, candidate_id, make_pdf("Speech recognition"), "cv.pdf")
    assert "Resume uploaded; its text is now searchable." in response.get_data(as_text=True)
    assert seen["in_transaction"] is False
    with app.app_context():
        candidate = db.session.get(Candidate, candidate_id)
        assert "Speech recognition" in db.session.scalar(select(Candidate.resume_text))
        if not uses_external_database():
            assert seen["other_writer"] == "wrote"
            # The upload's own short transaction kept the other writer's change.
            assert candidate.location == "Written meanwhile"


def test_a_candidate_erased_while_the_file_was_read_gets_nothing(app, client, users, monkeypatch):
    """The write transaction checks again what the read before the parse found."""
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    real_extract = resume_parsing.extract

    def extract_then_erase(data, content_type, limits):
        with app.app_context():
            admin = accounts.get_user(users["admin"].id)
            privacy.erase_candidate(admin, candidate_id, "ada@example.com")
        return real_extract(data, content_type, limits)

    monkeypatch.setattr(resume_parsing, "extract", extract_then_erase)
    response = upload(client, candidate_id, make_pdf("Late"), "cv.pdf")
    assert "erased; nothing can be added" in response.get_data(as_text=True)
    files, _text = stored(app)
    assert files == []
    with app.app_context():
        assert list(resume_services.storage_dir().glob("*")) == []  # the file removed


def test_an_edit_made_while_the_file_was_read_is_kept(app, client, users, monkeypatch):
    """The write transaction reads the candidate afresh: no false conflict, and the
    text is appended to what the other person saved."""
    candidate_id = make_candidate(app, users["recruiter"], resume_text="Old text.")
    login(client, users["recruiter"])
    real_extract = resume_parsing.extract

    def extract_while_someone_edits(data, content_type, limits):
        with app.app_context():
            candidate = db.session.get(Candidate, candidate_id)
            candidate.resume_text = "Edited meanwhile."
            db.session.commit()
        return real_extract(data, content_type, limits)

    monkeypatch.setattr(resume_parsing, "extract", extract_while_someone_edits)
    response = upload(client, candidate_id, make_pdf("Graph neural networks"), "cv.pdf")
    assert "Resume uploaded; its text is now searchable." in response.get_data(as_text=True)
    _files, text = stored(app)
    assert text == "Edited meanwhile.\n\nGraph neural networks"
