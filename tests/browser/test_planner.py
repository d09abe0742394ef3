"""A hiring manager asks the team planner for the next hires, opens a draft job from a
recommendation, and reads that job's time-to-fill forecast chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hiring.config import PROJECT_ROOT
from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {
        "HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
        "FORECAST_RUNS": 200,
    }


def test_plan_open_a_draft_and_read_its_forecast(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    sign_in(page, live_server, users[Role.HIRING_MANAGER.value])
    page.get_by_test_id("main-nav").get_by_role("link", name="Team planner").click()

    page.get_by_label("Company stage").select_option(label="Series A")
    page.get_by_label("Engineering headcount").fill("30")
    page.get_by_label("How central ML is to the product").select_option("important")
    page.get_by_label("Data engineer").fill("1")
    page.get_by_role("button", name="Recommend hires").click()

    recommendations = page.get_by_test_id("recommendations")
    expect(recommendations.locator("li")).to_have_count(4)
    expect(recommendations.locator("li").first).to_contain_text(
        "Senior product manager, machine learning"
    )
    expect(page.get_by_test_id("planner-summary")).to_contain_text("1 of 30 engineers")

    # Open only the senior applied scientist.
    for box in recommendations.get_by_role("checkbox").all():
        box.uncheck()
    recommendations.get_by_label("Senior applied scientist").check()
    page.get_by_role("button", name="Open draft jobs for the selected hires").click()

    opened = page.get_by_test_id("opened-jobs")
    expect(opened.locator("li")).to_have_count(1)
    opened.get_by_role("link", name="Senior applied scientist").click()
    expect(page.get_by_role("heading", name="Senior applied scientist").first).to_be_visible()

    page.get_by_role("link", name="Time-to-fill forecast").click()
    chart = page.get_by_test_id("forecast-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("path[data-testid=probability-line]")).to_have_count(1)
    expect(page.get_by_test_id("forecast-table")).to_be_visible()
    expect(page.get_by_test_id("forecast-explanation")).to_contain_text("History is thin")
    problems.assert_none()
