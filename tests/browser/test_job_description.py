"""A hiring manager opens a senior ML engineer job with the shipped rubrics, edits its
description while the linter follows along, publishes it, and a visitor reads it."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from hiring.config import PROJECT_ROOT
from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def test_open_edit_lint_publish_and_read_logged_out(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
) -> None:
    manager = users[Role.HIRING_MANAGER.value]
    sign_in(page, live_server, manager)
    page.get_by_test_id("main-nav").get_by_role("link", name="Jobs").click()
    page.get_by_role("link", name="Open a job").click()
    page.get_by_label("Role family").select_option(label="Machine learning engineer")
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Team").fill("Search relevance")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Country", exact=True).select_option("DE")
    page.get_by_label("Salary from (yearly)").fill("95000")
    page.get_by_label("Salary to (yearly)").fill("125000")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_role("button", name="Open job").click()

    expect(
        page.get_by_role("heading", name="Senior machine learning engineer").first
    ).to_be_visible()
    expect(page.get_by_text("No lint findings.")).to_be_visible()
    page.get_by_role("link", name="Edit description").click()

    editor = page.get_by_label("Description (Markdown)")
    expect(editor).to_have_value(re.compile(r"^# Senior machine learning engineer"))
    findings = page.get_by_test_id("lint-findings")
    expect(findings).to_have_text(re.compile("No lint findings"))
    # Typing is linted and previewed live, without saving.
    editor.press("End")
    editor.fill(editor.input_value() + "\n\nWe want a rockstar with 9+ years of LLMs.\n")
    expect(findings.locator("[data-rule=wording]")).to_contain_text("rockstar")
    expect(findings.locator("[data-rule=years-beyond-technology]")).to_be_visible()
    expect(page.get_by_test_id("description-preview")).to_contain_text("We want a rockstar")
    # Fix it, save a new version, and the findings are gone.
    editor.fill(
        editor.input_value().replace("We want a rockstar with 9+ years of LLMs.", "We ship weekly.")
    )
    expect(findings).to_have_text(re.compile("No lint findings"))
    page.get_by_label("What changed (optional)").fill("Added how often we ship")
    page.get_by_role("button", name="Save version").click()
    expect(page.get_by_text("Saved version 2. No lint findings.")).to_be_visible()
    expect(page.get_by_role("cell", name="Added how often we ship")).to_be_visible()

    page.get_by_role("link", name="Senior machine learning engineer").first.click()
    page.get_by_role("button", name="Publish").click()
    public_link = page.get_by_test_id("public-link")
    expect(public_link).to_be_visible()
    public_url = public_link.get_attribute("href")
    assert public_url
    problems.assert_none()

    visitor = browser.new_context()
    try:
        public = visitor.new_page()
        public.goto(live_server(public_url))
        expect(
            public.get_by_role("heading", name="Senior machine learning engineer")
        ).to_be_visible()
        expect(public.get_by_text("We ship weekly.")).to_be_visible()
        expect(public.get_by_role("link", name="Sign out")).to_have_count(0)
        data = json.loads(public.locator("script[type='application/ld+json']").inner_text())
        assert data["@type"] == "JobPosting"
        assert data["baseSalary"]["value"]["minValue"] == 95000
    finally:
        visitor.close()
