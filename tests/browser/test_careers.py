"""A visitor applies for a published job on its public page, without an account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.accounts import services as accounts
from hiring.candidates.models import Candidate, CandidateSelfIdentification
from hiring.extensions import db
from hiring.jobs import publication
from hiring.notifications.models import OutboxMessage
from hiring.pipeline.models import Application
from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job
from tests.fixtures.resumes import make_pdf


def resume_file() -> dict[str, object]:
    return {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}


def test_a_visitor_applies_through_the_public_page(
    page: Page,
    app: Flask,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
) -> None:
    manager = users[Role.HIRING_MANAGER.value]
    job_id = make_job(app, manager)
    with app.app_context():
        public_id = publication.publish(
            accounts.get_user(manager.id), job_id, expected_version=None, valid_through=None
        ).public_id

    page.goto(live_server(f"/careers/{public_id}"))
    expect(page.get_by_role("heading", name="Apply for this job")).to_be_visible()
    # The bot trap is not there for people or assistive technology.
    expect(page.get_by_role("textbox", name="Leave this empty")).to_have_count(0)
    page.get_by_label("Your name").fill("Katherine Johnson")
    page.get_by_label("Email").fill("katherine@example.com")
    page.get_by_label("Resume").set_input_files(resume_file())
    page.get_by_label("Links (optional)").fill("https://github.com/kjohnson")
    page.get_by_label("Gender").select_option(label="Prefer not to say")
    # Sent without ticking the consent: the server says what is missing.
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_text("Tick the box to agree")).to_be_visible()
    expect(page.get_by_test_id("file-again")).to_contain_text("choose your resume file again")
    expect(page.get_by_label("Your name")).to_have_value("Katherine Johnson")
    expect(page.get_by_label("Links (optional)")).to_have_value("https://github.com/kjohnson")
    expect(page.get_by_label("Gender")).to_have_value("prefer_not_to_say")

    page.get_by_label("Resume").set_input_files(resume_file())
    page.get_by_label("I agree that you keep my application").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_test_id("applied")).to_contain_text("your application was sent")
    assert urlsplit(page.url).path == f"/careers/{public_id}/applied"
    problems.assert_none()

    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        assert candidate is not None and candidate.source == "careers"
        application = db.session.scalar(select(Application))
        assert application is not None and application.job_id == job_id
        assert db.session.scalar(select(OutboxMessage.to)) == "katherine@example.com"
        answers = db.session.scalar(select(CandidateSelfIdentification))
        assert answers is not None and answers.gender == "prefer_not_to_say"
