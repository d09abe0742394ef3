"""A recruiter finds a duplicate on a candidate's page, reviews the merge side by side,
keeps the other record's email and sees both applications on the kept candidate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hiring.config import PROJECT_ROOT
from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def test_a_recruiter_merges_a_duplicate_and_keeps_both_applications(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    app = live_server.app
    recruiter = users[Role.RECRUITER.value]
    manager = users[Role.HIRING_MANAGER.value]
    keep = make_candidate(app, recruiter, location="")
    other = make_candidate(
        app,
        recruiter,
        email="ada.lovelace@mail.example",
        phone="+44 (20) 7946-0000",
        location="Cambridge, UK",
        tags=("search",),
        notes="Met at the ranking meetup.",
    )
    ranking = make_job(app, manager)
    ads = make_job(app, manager, title="Applied scientist, ads")
    make_application(app, recruiter, keep, ranking)
    make_application(app, recruiter, other, ads)
    sign_in(page, live_server, recruiter)

    page.goto(live_server(f"/candidates/{keep}"))
    panel = page.get_by_test_id("duplicates")
    reasons = "Same name and phone; same name and a similar email"
    expect(panel.get_by_test_id(f"duplicate-{other}")).to_contain_text(reasons)
    panel.get_by_role("link", name="Review merge").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Merge Ada Lovelace (#{other}) into Ada Lovelace (#{keep})"
    )
    expect(page.get_by_test_id("merge-summary")).to_contain_text(
        "1 application, 1 note and 0 resume files moving"
    )
    expect(page.get_by_label("Location: Cambridge, UK")).to_be_checked()  # kept one is empty
    page.get_by_label("Email: ada.lovelace@mail.example").check()
    screenshot(page, "merge-review")
    problems.assert_none()
    page.get_by_role("button", name=f"Merge into Ada Lovelace (#{keep})").click()

    expect(page.get_by_text(f"Merged Ada Lovelace (#{other}) into Ada Lovelace")).to_be_visible()
    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_test_id("current-stage")).to_have_count(2)
    for title in ("Senior ML engineer, search ranking", "Applied scientist, ads"):
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text("ada.lovelace@mail.example", exact=True)).to_be_visible()
    expect(page.get_by_test_id("notes")).to_contain_text("Met at the ranking meetup.")
    expect(page.get_by_test_id(f"duplicate-{other}")).to_have_count(0)
    screenshot(page, "merge-kept-candidate")
    problems.assert_none()
