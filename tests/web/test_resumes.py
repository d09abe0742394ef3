"""Resume files in the browser: upload, refusals with clear messages, downloads."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from hiring.audit import AuditEvent
from hiring.candidates.models import Candidate, ResumeFile
from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from tests.conftest import login, post_form
from tests.fixtures.pipeline import make_candidate
from tests.fixtures.resumes import PNG, make_docx, make_pdf


def upload(client, candidate_id, data: bytes, name: str):
    return post_form(
        client,
        f"/candidates/{candidate_id}/resumes",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def resume_files(app) -> list[ResumeFile]:
    with app.app_context():
        return list(db.session.scalars(select(ResumeFile).order_by(ResumeFile.id)))


def test_uploaded_pdf_and_docx_text_is_searchable(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"], resume_text="")
    login(client, users["recruiter"])
    assert "Quokka" not in client.get("/candidates?q=quokka").get_data(as_text=True)
    response = upload(client, candidate_id, make_pdf("Quokka population modelling"), "cv.pdf")
    assert response.status_code == 302
    response = upload(client, candidate_id, make_docx("Zebrafish imaging pipeline"), "cv.docx")
    assert response.status_code == 302
    for term in ("quokka", "zebrafish"):
        html = client.get(f"/candidates?q={term}").get_data(as_text=True)
        assert f'href="/candidates/{candidate_id}"' in html, term
    page = client.get(f"/candidates/{candidate_id}/resumes").get_data(as_text=True)
    assert "cv.pdf" in page and "cv.docx" in page
    files = resume_files(app)
    assert [f.content_type for f in files] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert files[0].uploaded_by_id == users["recruiter"].id and files[0].size > 0
    with app.app_context():
        text = db.session.scalar(select(Candidate.resume_text))
        assert "Quokka population modelling" in text and "Zebrafish imaging pipeline" in text
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "candidate.resume_uploaded")
        ).all()
        assert len(events) == 2 and all("Ada" not in event.summary for event in events)


def test_files_are_stored_outside_the_web_root_under_a_random_name(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    upload(client, candidate_id, make_pdf(), "my cv.pdf")
    (record,) = resume_files(app)
    storage = Path(app.config["RESUME_STORAGE_DIR"]).resolve()
    path = storage / record.stored_name
    assert path.is_file() and path.read_bytes() == make_pdf()
    assert "my cv" not in record.stored_name and record.original_filename == "my cv.pdf"
    static = (PROJECT_ROOT / "static").resolve()
    assert not path.resolve().is_relative_to(static)
    assert not path.resolve().is_relative_to(PROJECT_ROOT / "templates")


def test_refusals_say_why_and_store_nothing(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    app.config["RESUME_MAX_BYTES"] = 2000
    login(client, users["recruiter"])
    cases = [
        (PNG, "photo.pdf", "not a PDF or Word"),
        (make_pdf() + b" " * 3000, "big.pdf", "too large"),
        (make_pdf(), "../../etc/cv.pdf", "folder path"),
        (b"%PDF-1.7 garbage", "broken.pdf", "could not be read"),
    ]
    for data, name, message in cases:
        response = upload(client, candidate_id, data, name)
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    response = post_form(client, f"/candidates/{candidate_id}/resumes", {})
    assert response.status_code == 422 and "Choose a PDF" in response.get_data(as_text=True)
    assert resume_files(app) == []
    storage = Path(app.config["RESUME_STORAGE_DIR"])
    assert not storage.exists() or list(storage.iterdir()) == []


def test_the_same_file_twice_is_refused(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    assert upload(client, candidate_id, make_pdf(), "cv.pdf").status_code == 302
    response = upload(client, candidate_id, make_pdf(), "again.pdf")
    assert response.status_code == 422 and "already attached" in response.get_data(as_text=True)


def test_download_for_recruiters_403_for_interviewers(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    # One file, kept: a .docx built a second later differs in its zip timestamps.
    data = make_docx()
    upload(client, candidate_id, data, "weird<name>.docx")
    (record,) = resume_files(app)
    url = f"/candidates/{candidate_id}/resumes/{record.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == record.content_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "weird_name_.docx" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    assert client.get(f"/candidates/{candidate_id + 1}/resumes/{record.id}").status_code == 404

    other = app.test_client()
    login(other, users["interviewer"])
    assert other.get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302  # anonymous: sign in first
