"""Interviewers see the candidates they are scheduled to interview, and only what they need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from hiring.accounts import services as accounts
from hiring.candidates import resume_services
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews import services as interviews
from hiring.interviews.models import Interview
from hiring.privacy import services as privacy
from tests.conftest import login, make_user, post_form
from tests.fixtures.interviews import make_interview, round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate
from tests.fixtures.resumes import make_pdf


@dataclass(frozen=True)
class Booked:
    job_id: int
    candidate_id: int
    application_id: int
    other_application_id: int
    interview_id: int
    coding_round_id: int
    file_id: int


@pytest.fixture
def booked(app, users) -> Booked:
    """Ada applied to two jobs; the interviewer is on one interview for the first."""
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    job_id = make_job(app, manager)
    other_job_id = make_job(app, manager, title="Research Scientist, Secret Project")
    rounds = round_ids(app, manager, job_id)
    staff_round(app, manager, job_id, rounds["coding"], [users["interviewer"].id])
    candidate_id = make_candidate(app, recruiter)
    application_id = make_application(app, recruiter, candidate_id, job_id)
    other_application_id = make_application(app, recruiter, candidate_id, other_job_id)
    interview_id = make_interview(app, recruiter, application_id, rounds["coding"])
    with app.app_context():
        file_id = resume_services.upload_resume(
            accounts.get_user(recruiter.id), candidate_id, "ada-cv.pdf", make_pdf()
        ).id
    return Booked(
        job_id,
        candidate_id,
        application_id,
        other_application_id,
        interview_id,
        rounds["coding"],
        file_id,
    )


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_a_scheduled_interviewer_sees_the_brief(app, users, booked):
    interviewer = signed_in(app, users["interviewer"])
    response = interviewer.get(f"/candidates/{booked.candidate_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in html and "Ada Lovelace" in html
    assert "London, UK" in html
    assert "https://github.com/ada" in html
    assert "gradient boosted trees" in html  # the resume text
    assert f"/candidates/{booked.candidate_id}/resumes/{booked.file_id}" in html
    assert f"/interviews/{booked.interview_id}/kit" in html
    assert f"/interviews/{booked.interview_id}.ics" in html


def test_the_brief_leaves_out_what_the_interview_does_not_need(app, users, booked):
    html = signed_in(app, users["interviewer"]).get(f"/candidates/{booked.candidate_id}").text
    for private in (
        "ada@example.com",  # email
        "7946",  # phone
        "Strong on",  # the recruiters' notes
        "pytorch",  # tags
        "Referral",  # source
        "Secret Project",  # another application
        "Applied",  # stage history
        "Edit candidate",
    ):
        assert private not in html, private
    # The hiring team still sees everything on the same address.
    full = signed_in(app, users["recruiter"]).get(f"/candidates/{booked.candidate_id}").text
    assert "ada@example.com" in full and "Secret Project" in full and "Edit candidate" in full


def test_my_interviews_and_the_kit_link_to_the_brief(app, users, booked):
    interviewer = signed_in(app, users["interviewer"])
    link = f'href="/candidates/{booked.candidate_id}"'
    assert link in interviewer.get("/interviews/mine").text
    assert link in interviewer.get(f"/interviews/{booked.interview_id}/kit").text


def test_an_interviewer_not_on_any_interview_is_refused(app, users, booked):
    stranger = make_user(app, ("interviewer",), name="Stranger")
    client = signed_in(app, stranger)
    assert client.get(f"/candidates/{booked.candidate_id}").status_code == 403
    download = f"/candidates/{booked.candidate_id}/resumes/{booked.file_id}"
    assert client.get(download).status_code == 403
    # Nor do they see other candidates' lists, boards or files pages.
    for url in ("/candidates", "/applications", f"/jobs/{booked.job_id}/board"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/candidates/{booked.candidate_id}/resumes").status_code == 403


def test_the_scheduled_interviewer_downloads_the_resume_file(app, users, booked):
    interviewer = signed_in(app, users["interviewer"])
    response = interviewer.get(f"/candidates/{booked.candidate_id}/resumes/{booked.file_id}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    response.close()
    # The manage page with its upload form stays with the hiring team.
    assert interviewer.get(f"/candidates/{booked.candidate_id}/resumes").status_code == 403


def test_cancelling_the_interview_ends_access(app, users, booked):
    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Interview, booked.interview_id).version
    post_form(recruiter, f"/interviews/{booked.interview_id}/cancel", {"version": version})
    interviewer = signed_in(app, users["interviewer"])
    assert interviewer.get(f"/candidates/{booked.candidate_id}").status_code == 403
    mine = interviewer.get("/interviews/mine").text
    assert f'href="/candidates/{booked.candidate_id}"' not in mine


def test_access_lasts_after_the_interview_for_the_scorecard(app, users, booked):
    with app.app_context():
        interview = db.session.get(Interview, booked.interview_id)
        interview.starts_at = utcnow() - timedelta(days=3)
        db.session.commit()
    interviewer = signed_in(app, users["interviewer"])
    assert interviewer.get(f"/candidates/{booked.candidate_id}").status_code == 200


def test_an_erased_candidate_has_no_brief(app, users, booked):
    with app.app_context():
        privacy.erase_candidate(
            accounts.get_user(users["admin"].id),
            booked.candidate_id,
            "ada@example.com",
        )
    interviewer = signed_in(app, users["interviewer"])
    assert interviewer.get(f"/candidates/{booked.candidate_id}").status_code == 404


def test_the_brief_runs_the_same_queries_for_1_or_12_interviews(app, users, booked, count_queries):
    interviewer = signed_in(app, users["interviewer"])
    url = f"/candidates/{booked.candidate_id}"
    interviewer.get(url)
    with count_queries() as few:
        assert interviewer.get(url).status_code == 200
    for days in range(2, 13):  # at another hour than the booked one: one slot, one interview
        make_interview(
            app, users["recruiter"], booked.application_id, booked.coding_round_id,
            days_ahead=days, time="15:00",
        )  # fmt: skip
    with app.app_context():
        recruiter = accounts.get_user(users["recruiter"].id)
        for number in range(5):
            resume_services.upload_resume(
                recruiter, booked.candidate_id, f"cv-{number}.pdf", make_pdf(f"Version {number}")
            )
        assert len(interviews.interviews_of(accounts.get_user(users["interviewer"].id)).upcoming)
    with count_queries() as many:
        response = interviewer.get(url)
    assert response.status_code == 200
    assert response.text.count("Open kit") == 12
    assert many.count == few.count, many.statements
