"""An interviewer writes a scorecard after the interview with the plain form: a draft
first, then a refused submit (evidence missing) that keeps what was typed, then the
final card; the recruiter reads it on the application's scorecards page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update

from hiring.config import PROJECT_ROOT
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.interviews import make_interview, round_ids
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

EVIDENCE = "Implemented logistic regression with NumPy, vectorised the gradient, added tests."


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def test_an_interviewer_submits_a_scorecard_and_the_recruiter_reads_it(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    app = live_server.app
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    interviewer = users["interviewer"]
    job_id = make_job(app, manager)
    coding = round_ids(app, manager, job_id)["coding"]
    application_id = make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    interview_id = make_interview(
        app, recruiter, application_id, coding, interviewer_ids=(interviewer.id,)
    )
    with app.app_context():  # the interview took place this morning
        db.session.execute(
            update(Interview)
            .where(Interview.id == interview_id)
            .values(starts_at=utcnow() - timedelta(hours=3))
        )
        db.session.commit()
        skills = db.session.get(Interview, interview_id).definition["focus_skills"]
        db.session.remove()

    sign_in(page, live_server, interviewer)
    page.get_by_test_id("main-nav").get_by_role("link", name="My interviews").click()
    page.get_by_test_id("past-interviews").get_by_role(
        "link", name=re.compile("^Write scorecard")
    ).click()
    expect(page.get_by_role("heading", name="Scorecard: Coding with Ada Lovelace")).to_be_visible()
    form = page.get_by_test_id("scorecard-form")
    expect(form.locator("fieldset[data-skill]")).to_have_count(len(skills))
    screenshot(page, "scorecard-form")
    problems.assert_none()

    # A draft with the first skill rated, then a submit with evidence missing.
    first = form.locator(f'fieldset[data-skill="{skills[0]}"]')
    first.get_by_label(re.compile(r"^3 · ")).check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_test_id("scorecard-status")).to_have_text("Draft, only visible to you")
    first = page.locator(f'fieldset[data-skill="{skills[0]}"]')
    expect(first.get_by_label(re.compile(r"^3 · "))).to_be_checked()
    for skill in skills[1:]:
        page.locator(f'fieldset[data-skill="{skill}"]').get_by_label(
            "Not assessed in this interview"
        ).check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()
    expect(first.get_by_text(re.compile("^Write what the candidate said or did"))).to_be_visible()
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()  # kept
    screenshot(page, "scorecard-form-errors")
    problems.assert_none()

    first.get_by_role("textbox").fill(EVIDENCE)
    page.get_by_label("Summary (Markdown, optional)").fill("Probe **monitoring** next.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Scorecards: "))).to_be_visible()
    problems.assert_none()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, recruiter)
    page.goto(live_server(f"/jobs/{job_id}/board"))
    page.get_by_role("link", name="Scorecards 1/1 of Ada Lovelace").click()
    seat = page.get_by_test_id(f"seat-{interview_id}-{interviewer.id}")
    expect(seat).to_contain_text("Submitted")
    expect(seat).to_contain_text(EVIDENCE)
    expect(seat.get_by_test_id("recommendation")).to_have_text("Yes")
    expect(seat.get_by_test_id("scorecard-notes").locator("strong")).to_have_text("monitoring")
    expect(page.get_by_role("link", name=re.compile("scorecard", re.I))).to_have_count(0)
    screenshot(page, "scorecards-recruiter")
    problems.assert_none()
