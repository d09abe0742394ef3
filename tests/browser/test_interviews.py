"""A recruiter schedules an interview from the candidate's page; the interviewer assigned
to the round signs in, finds it on "My interviews" and opens its kit."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from hiring.database import utcnow
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.interviews import round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


def test_a_scheduled_interview_reaches_its_interviewer(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    app = live_server.app
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    interviewer = users["interviewer"]
    job_id = make_job(app, manager)
    coding = round_ids(app, manager, job_id)["coding"]
    staff_round(app, manager, job_id, coding, [interviewer.id])
    candidate_id = make_candidate(app, recruiter)
    make_application(app, recruiter, candidate_id, job_id)
    day = (utcnow() + timedelta(days=7)).date().isoformat()

    sign_in(page, live_server, recruiter)
    page.goto(live_server(f"/candidates/{candidate_id}"))
    page.get_by_role("link", name=re.compile("^Schedule interview")).click()
    expect(page.get_by_role("heading", name="Schedule interview")).to_be_visible()
    page.get_by_label("Round").select_option(str(coding))
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    expect(
        page.get_by_label(re.compile(f"^{interviewer.name} \\(assigned: Coding\\)"))
    ).to_be_visible()
    page.get_by_label("Room or video link").fill("https://meet.example.com/ada")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_text("Scheduled Coding with Ada Lovelace")).to_be_visible()
    expect(page.get_by_role("link", name="Download invite (.ics)")).to_be_visible()
    screenshot(page, "interview-scheduled")
    problems.assert_none()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, interviewer)
    expect(page.get_by_test_id("my-upcoming-interviews")).to_contain_text("Ada Lovelace")
    page.get_by_test_id("main-nav").get_by_role("link", name="My interviews").click()
    expect(page.get_by_role("heading", name="My interviews")).to_be_visible()
    upcoming = page.get_by_test_id("upcoming-interviews")
    expect(upcoming).to_contain_text("Ada Lovelace")
    expect(upcoming).to_contain_text("Senior ML engineer, search ranking")
    expect(upcoming).to_contain_text(f"{day}")
    expect(upcoming).to_contain_text("10:30")
    screenshot(page, "my-interviews")
    problems.assert_none()

    upcoming.get_by_role("link", name=re.compile("^Open kit")).click()
    expect(page.get_by_role("heading", name="Coding · 60 minutes", level=1)).to_be_visible()
    expect(page.get_by_test_id("kit-candidate")).to_have_text("Ada Lovelace")
    expect(page.locator("[data-question]").first).to_be_visible()
    screenshot(page, "interview-kit")
    problems.assert_none()
