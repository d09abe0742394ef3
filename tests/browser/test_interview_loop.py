"""A hiring manager drops a round, sees a must-have go unassessed, puts the round back,
staffs it, and opens and prints an interview kit in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.config import PROJECT_ROOT
from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def test_drop_restore_staff_and_print_a_kit(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    manager = users[Role.HIRING_MANAGER.value]
    interviewer = users[Role.INTERVIEWER.value]
    job_id = make_job(
        live_server.app,
        manager,
        title="Senior research scientist, language models",
        role_family="research-scientist",
        level="senior",
        focus="data",
    )
    sign_in(page, live_server, manager)
    page.goto(live_server(f"/jobs/{job_id}"))
    page.get_by_role("link", name="Open the loop, coverage and kits").click()
    expect(page.get_by_role("heading", name="Interview loop")).to_be_visible()

    research = page.locator("[data-testid=coverage-matrix] tr[data-skill=research-depth]")
    expect(research).not_to_have_class(re.compile("table-danger"))

    # The depth round and the research talk both assess research depth: dropping one
    # leaves it seen once, dropping both leaves a must-have bare.
    expect(research).to_have_attribute("data-times", "2")
    depth = page.locator("article[data-round=depth]")
    depth.get_by_role("button", name="Drop").click()
    expect(page.get_by_text("Round dropped.")).to_be_visible()
    expect(research).to_have_class(re.compile("table-warning"))
    page.locator("article[data-round=research-talk]").get_by_role("button", name="Drop").click()
    expect(page.get_by_text("Round dropped.")).to_be_visible()
    expect(research).to_have_class(re.compile("table-danger"))
    expect(research).to_contain_text("Not assessed")
    expect(
        page.locator("[data-warning=must-have-not-assessed]").filter(has_text="Research depth")
    ).to_be_visible()

    # Put it back.
    page.get_by_label("Add a round").select_option("depth")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Round added at the end of the loop.")).to_be_visible()
    expect(research).not_to_have_class(re.compile("table-danger"))

    # Staff the depth round with the interviewer.
    depth = page.locator("article[data-round=depth]")
    depth.get_by_label(re.compile(rf"^{re.escape(interviewer.name)}")).check()
    depth.get_by_role("button", name="Save round").click()
    expect(page.get_by_text("Round saved.")).to_be_visible()
    depth = page.locator("article[data-round=depth]")
    expect(depth.get_by_label(re.compile(rf"^{re.escape(interviewer.name)}"))).to_be_checked()
    problems.assert_none()

    # Open the round's kit and print it.
    depth.get_by_role("link", name="Kit").click()
    expect(page.get_by_role("heading", name=re.compile("Depth"))).to_be_visible()
    expect(page.get_by_text("(the bar for this job)").first).to_be_visible()
    expect(page.get_by_text("Red flags").first).to_be_visible()
    print_button = page.get_by_role("button", name="Print or save as PDF")
    expect(print_button).to_be_visible()
    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()  # screen-only controls vanish on paper
    expect(page.get_by_role("navigation")).to_have_count(0)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.emulate_media(media="screen")
    problems.assert_none()


def test_the_whole_loop_kit_prints_one_round_per_page(
    page: Page, live_server: LiveServer, users: dict[str, UserRef]
) -> None:
    manager = users[Role.HIRING_MANAGER.value]
    job_id = make_job(live_server.app, manager)
    sign_in(page, live_server, manager)
    page.goto(live_server(f"/jobs/{job_id}/loop/kit"))
    rounds = page.get_by_test_id("kit-round")
    count = rounds.count()
    assert count == 5
    page.emulate_media(media="print")
    breaks = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid=kit-round]'))
             .map((el) => getComputedStyle(el).breakAfter)"""
    )
    assert breaks[:-1] == ["page"] * (count - 1)
    pdf = page.pdf(format="A4")
    # One PDF page object per round at least (a long round may take more).
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= count
