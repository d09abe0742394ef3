"""A recruiter adds a candidate, adds them to a job and moves them on the board through
two stages with the plain forms (no drag and drop); the stage history shows both moves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.accounts.roles import Role
from hiring.config import PROJECT_ROOT
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def move_on_board(page: Page, name: str, stage: str) -> None:
    card = page.get_by_role("listitem").filter(has=page.get_by_text(f"Move {name}"))
    card.get_by_text(f"Move {name}").click()  # opens the card's form (a <details>)
    card.get_by_label("Move to").select_option(label=stage)
    card.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text(f"Moved {name} to {stage}.")).to_be_visible()


def test_a_recruiter_adds_a_candidate_and_moves_them_on_the_board(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    job_id = make_job(live_server.app, users[Role.HIRING_MANAGER.value])
    recruiter = users[Role.RECRUITER.value]
    sign_in(page, live_server, recruiter)

    page.get_by_test_id("main-nav").get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Phone").fill("+44 20 7946 0000")
    page.get_by_label("Source").select_option("referral")
    page.get_by_label("Tags").fill("ranking, pytorch")
    page.get_by_label("Notes (Markdown)").fill("Strong on **offline evaluation**.")
    page.get_by_role("button", name="Add candidate").click()

    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_test_id("notes").locator("strong")).to_have_text("offline evaluation")
    page.get_by_label("Job", exact=True).select_option(label="Senior ML engineer, search ranking")
    page.get_by_label("Recruiter").select_option(label=recruiter.name)
    page.get_by_role("button", name="Add to job").click()
    expect(page.get_by_test_id("current-stage")).to_have_text("Applied")

    page.get_by_role("link", name="Open the board").click()
    expect(page.get_by_role("heading", name=re.compile("^Board: "))).to_be_visible()
    move_on_board(page, "Ada Lovelace", "Recruiter screen")
    move_on_board(page, "Ada Lovelace", "Overview with an ML leader")
    overview = page.locator('[data-column="overview"]')
    expect(overview.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    screenshot(page, "pipeline-board")
    problems.assert_none()

    overview.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_test_id("current-stage")).to_have_text("Overview with an ML leader")
    history = page.get_by_test_id("stage-history")
    expect(history.get_by_role("listitem")).to_have_count(3)
    expect(history).to_contain_text("Applied → Recruiter screen")
    expect(history).to_contain_text("Recruiter screen → Overview with an ML leader")
    expect(history).to_contain_text(f"by {recruiter.name}")
    screenshot(page, "pipeline-candidate")
    problems.assert_none()
    assert job_id
