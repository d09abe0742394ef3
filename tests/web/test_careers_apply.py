"""Applying on the public careers page, as an applicant (and a bot) would."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.candidates.models import Candidate, CandidateSelfIdentification, ResumeFile
from hiring.extensions import db
from hiring.jobs import publication
from hiring.jobs.models import Job
from hiring.notifications.models import OutboxMessage
from hiring.pipeline.models import Application
from hiring.pipeline.services import current_pipeline
from hiring.privacy import services as privacy
from tests.api.conftest import auth_headers, issue_token
from tests.conftest import csrf_token, login, make_user
from tests.fixtures.interviews import make_interview, round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_candidate
from tests.fixtures.resumes import make_pdf


def published_job(app, users, **changes) -> str:
    manager = users["hiring_manager"]
    job_id = make_job(app, manager, **changes)
    with app.app_context():
        job = publication.publish(
            accounts.get_user(manager.id), job_id, expected_version=None, valid_through=None
        )
        return job.public_id


def apply(client, public_id, *, resume=True, token_page=None, **fields):
    token = csrf_token(client, token_page or f"/careers/{public_id}")
    data = {
        "csrf_token": token,
        "name": "Katherine Johnson",
        "email": "katherine@example.com",
        "links": "https://github.com/kjohnson\nhttps://example.org/paper",
        "consent": "y",
        "gender": "",
        "ethnicity": "",
        "veteran_status": "",
        "disability_status": "",
        "website": "",
        **fields,
    }
    if resume:
        data["resume"] = (io.BytesIO(make_pdf("Orbital mechanics and numerical methods")), "cv.pdf")
    return client.post(f"/careers/{public_id}", data=data, content_type="multipart/form-data")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_page_offers_the_form_with_the_retention_notice(app, users):
    public_id = published_job(app, users)
    html = app.test_client().get(f"/careers/{public_id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    notice = re.search(r'data-testid="retention-notice">([^<]+)<', html)
    assert notice and f"for {app.config['RETENTION_DAYS_CLOSED']} days" in notice.group(1)
    assert "Voluntary self-identification (optional)" in html
    assert html.count("Prefer not to say") == 4
    # The bot trap is hidden from people and from screen readers.
    assert re.search(r'<div class="careers-trap" aria-hidden="true">', html)
    assert re.search(r'name="website" tabindex="-1"', html)


def test_applying_creates_the_candidate_and_application_and_emails_a_confirmation(app, users):
    public_id = published_job(app, users)
    client = app.test_client()
    response = apply(client, public_id, gender="woman", veteran_status="prefer_not_to_say")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/careers/{public_id}/applied")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "your application was sent" in thanks
    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        assert candidate.name == "Katherine Johnson" and candidate.source == "careers"
        assert candidate.email == "katherine@example.com"
        assert candidate.links == ["https://github.com/kjohnson", "https://example.org/paper"]
        assert "Orbital mechanics" in candidate.resume_text
        application = db.session.scalar(select(Application))
        assert application.candidate_id == candidate.id
        assert application.stage == current_pipeline().first
        assert application.source == "careers"
        assert db.session.scalar(select(ResumeFile)).uploaded_by_id is None
        message = db.session.scalar(select(OutboxMessage))
        assert message.to == "katherine@example.com"
        assert "We received your application" in message.subject
        assert "Senior ML engineer, search ranking" in message.body
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"candidate.created", "application.created", "application.submitted"} <= actions
        submitted = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "application.submitted")
        )
        assert submitted.actor_id is None and submitted.details["consent"] is True
        answers = db.session.scalar(select(CandidateSelfIdentification))
        assert (answers.candidate_id, answers.gender, answers.veteran_status) == (
            candidate.id, "woman", "prefer_not_to_say",
        )  # fmt: skip
        assert answers.ethnicity == "" and answers.source == "candidate"
        assert answers.recorded_by_user_id is None


def test_the_same_email_joins_the_candidate_already_here(app, users):
    existing = make_candidate(app, users["recruiter"], email="katherine@example.com")
    public_id = published_job(app, users)
    response = apply(app.test_client(), public_id, email="Katherine@Example.COM")
    assert response.status_code == 303
    assert count(app, Candidate) == 1
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.candidate_id == existing
        candidate = db.session.get(Candidate, existing)
        assert candidate.name == "Ada Lovelace"  # what the recruiter recorded stays
        assert "https://github.com/kjohnson" in candidate.links
    # Applying again to the same job adds no second application or email.
    assert apply(app.test_client(), public_id, email="katherine@example.com").status_code == 303
    assert count(app, Application) == 1 and count(app, OutboxMessage) == 1


def test_a_filled_honeypot_looks_accepted_but_keeps_nothing(app, users):
    public_id = published_job(app, users)
    response = apply(app.test_client(), public_id, website="https://spam.example")
    assert response.status_code == 303 and response.headers["Location"].endswith("/applied")
    for model in (Candidate, Application, OutboxMessage, ResumeFile):
        assert count(app, model) == 0


def test_bad_input_comes_back_with_messages_and_what_was_typed(app, users):
    public_id = published_job(app, users)
    response = apply(app.test_client(), public_id, email="not-an-address", consent="", resume=False)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Katherine Johnson"' in html and 'value="not-an-address"' in html
    assert "https://example.org/paper" in html
    assert "Enter an email address like name@example.com." in html
    assert "Tick the box to agree" in html
    assert "Attach your resume" in html
    assert "choose your resume file again" in html
    assert count(app, Candidate) == 0


def test_self_identification_answers_are_kept_and_a_made_up_one_is_named(app, users):
    public_id = published_job(app, users)
    response = apply(
        app.test_client(), public_id, gender="woman", veteran_status="pirate", resume=False
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<option value="woman" selected>Woman</option>' in html
    assert '<option value="prefer_not_to_say">Prefer not to say</option>' in html
    select = html[html.index('id="veteran_status"') :].split(">", 1)[0]
    assert 'aria-invalid="true"' in select and 'aria-describedby="veteran_status-error"' in select
    assert '<div class="invalid-feedback" id="veteran_status-error">Not a valid choice.' in html
    assert count(app, Candidate) == 0


def test_a_file_that_is_not_a_resume_is_refused(app, users):
    public_id = published_job(app, users)
    client = app.test_client()
    token = csrf_token(client, f"/careers/{public_id}")
    response = client.post(
        f"/careers/{public_id}",
        data={
            "csrf_token": token,
            "name": "K",
            "email": "k@example.com",
            "consent": "y",
            "resume": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "cv.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "This is not a PDF or Word (.docx) file" in response.get_data(as_text=True)
    assert count(app, Candidate) == 0


def test_without_the_form_token_nothing_is_stored_and_the_form_comes_back(app, users):
    public_id = published_job(app, users)
    response = app.test_client().post(
        f"/careers/{public_id}",
        data={"name": "Katherine", "email": "k@example.com", "consent": "y"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The form expired; send it again." in html and 'value="Katherine"' in html
    assert count(app, Candidate) == 0


def test_applications_are_limited_per_email_and_per_network(make_app):
    app = make_app(APPLY_LIMIT_PER_EMAIL="2 per hour", APPLY_LIMIT_PER_ADDRESS="4 per hour")
    manager = make_user(app, ("hiring_manager",))
    job_id = make_job(app, manager)
    with app.app_context():
        public_id = publication.publish(
            accounts.get_user(manager.id), job_id, expected_version=None, valid_through=None
        ).public_id
    client = app.test_client()
    assert apply(client, public_id).status_code == 303
    assert apply(client, public_id).status_code == 303
    limited = apply(client, public_id, name="Kept Name")
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "Wait an hour" in html and 'value="Kept Name"' in html
    # Another address gets one more try from this network, then the network is limited.
    assert apply(client, public_id, email="dorothy@example.com").status_code == 303
    assert apply(client, public_id, email="mary@example.com").status_code == 429
    assert count(app, Candidate) == 2


def test_only_published_open_jobs_take_applications(app, users):
    manager = users["hiring_manager"]
    draft_id = make_job(app, manager)
    with app.app_context():
        draft_public = db.session.get(Job, draft_id).public_id
    assert apply(app.test_client(), draft_public, token_page="/login").status_code == 404
    public_id = published_job(app, users)
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.public_id == public_id))
        publication.unpublish(accounts.get_user(manager.id), job.id, expected_version=None)
    assert apply(app.test_client(), public_id, token_page="/login").status_code == 410
    assert count(app, Candidate) == 0


def test_self_identification_is_never_shown_about_the_candidate(app, users):
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    job_id = make_job(app, manager)
    with app.app_context():
        public_id = publication.publish(
            accounts.get_user(manager.id), job_id, expected_version=None, valid_through=None
        ).public_id
    apply(
        app.test_client(), public_id, gender="non_binary", ethnicity="hispanic_latino",
        veteran_status="veteran", disability_status="yes",
    )  # fmt: skip
    with app.app_context():
        candidate_id = db.session.scalar(select(Candidate.id))
        application_id = db.session.scalar(select(Application.id))
    coding = round_ids(app, manager, job_id)["coding"]
    staff_round(app, manager, job_id, coding, [users["interviewer"].id])
    interview_id = make_interview(app, recruiter, application_id, coding)
    secrets = ("Non-binary", "non_binary", "Hispanic", "hispanic_latino", "veteran",
               "disability", "self-identification", "self_identification")  # fmt: skip

    def shows_nothing(text: str) -> None:
        lowered = text.lower()
        for secret in secrets:
            assert secret.lower() not in lowered, secret

    as_recruiter = app.test_client()
    login(as_recruiter, recruiter)
    page = as_recruiter.get(f"/candidates/{candidate_id}")
    assert page.status_code == 200 and "Katherine Johnson" in page.get_data(as_text=True)
    # The one mention allowed: the link to record answers, the same on every
    # candidate's page whether or not they answered.
    link = (
        f'href="/candidates/{candidate_id}/self-identification">Record self-identification '
        "the candidate gave you</a>"
    )
    html = page.get_data(as_text=True)
    assert html.count(link) == 1
    shows_nothing(html.replace(link, ""))
    as_interviewer = app.test_client()
    login(as_interviewer, users["interviewer"])
    for url in (f"/candidates/{candidate_id}", f"/interviews/{interview_id}/kit"):
        response = as_interviewer.get(url)
        assert response.status_code == 200, url
        shows_nothing(response.get_data(as_text=True))
    headers = auth_headers(issue_token(app, recruiter))
    api = app.test_client()
    record = api.get(f"/api/v1/candidates/{candidate_id}", headers=headers)
    assert record.status_code == 200
    shows_nothing(record.get_data(as_text=True))
    listing = api.get("/api/v1/candidates", headers=headers)
    shows_nothing(listing.get_data(as_text=True))


def test_erasing_the_candidate_deletes_the_self_identification(app, users):
    public_id = published_job(app, users)
    apply(app.test_client(), public_id, gender="woman")
    assert count(app, CandidateSelfIdentification) == 1
    with app.app_context():
        candidate_id = db.session.scalar(select(Candidate.id))
        privacy.erase_candidate(
            accounts.get_user(users["admin"].id), candidate_id, "katherine@example.com"
        )
    assert count(app, CandidateSelfIdentification) == 0


def test_the_public_page_runs_the_same_queries_however_many_applied(app, users, count_queries):
    public_id = published_job(app, users)
    visitor = app.test_client()
    apply(app.test_client(), public_id, email="first@example.com")
    with count_queries() as small:
        assert visitor.get(f"/careers/{public_id}").status_code == 200
    for number in range(6):
        apply(app.test_client(), public_id, email=f"applicant{number}@example.com")
    with count_queries() as large:
        assert visitor.get(f"/careers/{public_id}").status_code == 200
    assert large.count == small.count, large.statements
