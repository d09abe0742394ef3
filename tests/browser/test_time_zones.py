"""A recruiter whose computer is in Tokyo: the page's script reports the zone in the
``tz`` cookie, so the schedule form starts in Asia/Tokyo and the dashboard says so,
until they choose another zone on their account page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import TIMEOUT_MS, LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """The shared fresh profile, on a computer set to Tokyo time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Tokyo")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


def test_the_browsers_zone_is_the_default_until_the_recruiter_chooses_one(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
) -> None:
    app = live_server.app
    recruiter = users["recruiter"]
    job_id = make_job(app, users["hiring_manager"])
    application_id = make_application(app, recruiter, make_candidate(app, recruiter), job_id)

    sign_in(page, live_server, recruiter)  # the sign-in page already ran the script
    assert {"name": "tz", "value": "Asia/Tokyo"}.items() <= next(
        cookie for cookie in context.cookies() if cookie["name"] == "tz"
    ).items()
    expect(page.get_by_test_id("viewer-time-zone")).to_contain_text("Times in Asia/Tokyo")
    problems.assert_none()

    page.goto(live_server(f"/applications/{application_id}/interviews/new"))
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    problems.assert_none()

    page.goto(live_server("/"))
    page.get_by_test_id("viewer-time-zone").get_by_role("link", name="change").click()
    page.get_by_label("Show times in").select_option("Europe/Berlin")
    page.get_by_role("button", name="Save time zone").click()
    expect(page.get_by_text("Times are now shown in Europe/Berlin.")).to_be_visible()
    screenshot(page, "account-time-zone")
    problems.assert_none()

    page.goto(live_server(f"/applications/{application_id}/interviews/new"))
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")  # the setting wins
    problems.assert_none()
