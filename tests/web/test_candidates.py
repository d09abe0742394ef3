"""Candidates in the browser's terms: add, find, edit, duplicates, add to a job."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hiring.audit import AuditEvent
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.pipeline.models import Application
from tests.conftest import login, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_candidate

NEW = {
    "name": "Ada Lovelace",
    "email": "Ada@Example.com",
    "phone": "+44 20 7946 0000",
    "location": "London, UK",
    "source": "referral",
    "links": "https://github.com/ada\nhttps://example.org/paper.pdf",
    "tags": "Ranking, pytorch",
    "resume_text": "Shipped a learning-to-rank model with offline evaluation.",
    "notes": "Strong on **evaluation**.<script>alert(1)</script>",
}


def candidate_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Candidate.id)))


def test_a_recruiter_adds_a_candidate(app, client, users):
    login(client, users["recruiter"])
    response = post_form(client, "/candidates/new", NEW)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ada Lovelace" in page and "ada@example.com" in page
    assert "<strong>evaluation</strong>" in page and "<script>alert" not in page
    assert ">ranking<" in page and ">pytorch<" in page
    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        assert candidate.email == "ada@example.com"  # stored lowercased
        assert candidate.links == ["https://github.com/ada", "https://example.org/paper.pdf"]
        assert candidate.created_by_id == users["recruiter"].id
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.created"))


def test_bad_input_comes_back_filled_in_with_errors_next_to_fields(app, client, users):
    login(client, users["recruiter"])
    form = {**NEW, "email": "not-an-email", "links": "github.com/ada", "name": "  "}
    response = post_form(client, "/candidates/new", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="not-an-email"' in html and 'value="London, UK"' in html
    assert "github.com/ada</textarea>" in html
    assert "Shipped a learning-to-rank model" in html
    email = re.search(r'id="email"[^>]*>\s*<div class="invalid-feedback"[^>]*>([^<]+)', html)
    assert email and "name@example.com" in email.group(1)
    assert "Links start with http" in html
    assert candidate_count(app) == 0


def test_a_duplicate_email_is_refused_with_a_link_to_the_existing_candidate(app, client, users):
    existing = make_candidate(app, users["recruiter"], email="ada@example.com")
    login(client, users["recruiter"])
    response = post_form(
        client, "/candidates/new", {**NEW, "email": "ADA@example.COM", "phone": ""}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="/candidates/{existing}"' in html and "already has this email" in html
    assert candidate_count(app) == 1


def test_same_name_and_phone_warns_and_needs_create_anyway(app, client, users):
    existing = make_candidate(
        app, users["recruiter"], email="ada@old.example.com", phone="+44 (20) 7946-0000"
    )
    login(client, users["recruiter"])
    response = post_form(client, "/candidates/new", {**NEW, "name": "ada lovelace"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="/candidates/{existing}"' in html and "Create anyway" in html
    assert 'value="ada lovelace"' in html
    assert candidate_count(app) == 1
    response = post_form(client, "/candidates/new", {**NEW, "confirm_duplicate": "y"})
    assert response.status_code == 302
    assert candidate_count(app) == 2


def test_edit_a_candidate_and_a_stale_form_gets_409(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    page = client.get(f"/candidates/{candidate_id}/edit").get_data(as_text=True)
    assert "https://github.com/ada</textarea>" in page and 'value="pytorch, ranking"' in page
    with app.app_context():
        version = db.session.get(Candidate, candidate_id).version
    form = {**NEW, "version": version, "location": "Paris, France"}
    assert post_form(client, f"/candidates/{candidate_id}/edit", form).status_code == 302
    response = post_form(client, f"/candidates/{candidate_id}/edit", {**form, "location": "Rome"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="Rome"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.get(Candidate, candidate_id).location == "Paris, France"
    # The form now carries the current version: saving again is a deliberate overwrite.
    fresh = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert fresh and int(fresh.group(1)) == version + 1
    again = post_form(
        client,
        f"/candidates/{candidate_id}/edit",
        {**form, "location": "Rome", "version": fresh.group(1)},
    )
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Candidate, candidate_id).location == "Rome"


def test_search_and_filters_over_name_email_resume_source_and_tag(app, client, users):
    make_candidate(app, users["recruiter"])
    make_candidate(
        app,
        users["recruiter"],
        name="Grace Hopper",
        email="grace@navy.example",
        phone="",
        source="sourced",
        tags=("compilers",),
        resume_text="Wrote the first COBOL compiler.",
    )
    login(client, users["hiring_manager"])

    def names(query):
        html = client.get(f"/candidates?{query}").get_data(as_text=True)
        return [n for n in ("Ada Lovelace", "Grace Hopper") if n in html]

    assert names("q=cobol") == ["Grace Hopper"]
    assert names("q=NAVY") == ["Grace Hopper"]
    assert names("q=lovelace") == ["Ada Lovelace"]
    assert names("source=referral") == ["Ada Lovelace"]
    assert names("tag=compilers") == ["Grace Hopper"]
    assert names("") == ["Ada Lovelace", "Grace Hopper"]


def test_add_to_a_job_once_while_active(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    data = {"job_id": job_id, "owner_id": users["recruiter"].id}
    response = post_form(client, f"/candidates/{candidate_id}/applications", data)
    assert response.status_code == 302
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert 'data-testid="current-stage">Applied<' in page
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    assert f'href="/applications/{application_id}/scorecards"' in page
    response = post_form(client, f"/candidates/{candidate_id}/applications", data)
    assert response.status_code == 422
    assert "already in the pipeline" in response.get_data(as_text=True)
    assert (
        post_form(client, f"/candidates/{candidate_id}/applications", {"job_id": ""}).status_code
        == 422
    )
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert (application.stage, application.status) == ("applied", "active")
        assert application.owner_id == users["recruiter"].id


def test_the_database_refuses_a_second_active_application(app, users):
    from sqlalchemy.exc import IntegrityError

    job_id = make_job(app, users["hiring_manager"])
    candidate_id = make_candidate(app, users["recruiter"])
    with app.app_context():
        row = {
            "candidate_id": candidate_id,
            "job_id": job_id,
            "stage": "applied",
            "status": "active",
        }
        db.session.add(Application(**row))
        db.session.add(Application(**{**row, "status": "rejected", "stage": "rejected"}))
        db.session.commit()
        db.session.add(Application(**row))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_candidate_pages_per_role(app, users, role):
    candidate_id = make_candidate(app, users["recruiter"])
    client = app.test_client()
    login(client, users[role])
    for url in (
        "/candidates",
        f"/candidates/{candidate_id}",
        "/candidates/new",
        f"/candidates/{candidate_id}/edit",
        "/applications",
    ):
        assert client.get(url).status_code == 200, url
    assert "Candidates" in client.get("/").get_data(as_text=True)


def test_interviewers_see_no_candidates_they_are_not_scheduled_with(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["interviewer"])
    for url in ("/candidates", f"/candidates/{candidate_id}", "/candidates/new", "/applications"):
        assert client.get(url).status_code == 403, url
    assert post_form(client, "/candidates/new", NEW).status_code == 403
    assert 'href="/candidates"' not in client.get("/").get_data(as_text=True)
