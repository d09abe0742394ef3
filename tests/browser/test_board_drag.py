"""Dragging a card on the board: forward moves go through the board's one shared form;
a move that needs a note or a reason opens the card's move page with that column
chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.pipeline.models import Application
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def test_dragging_a_card_moves_it_or_opens_its_move_page(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    app = live_server.app
    recruiter = users["recruiter"]
    job_id = make_job(app, users["hiring_manager"])
    application_id = make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    sign_in(page, live_server, recruiter)
    page.goto(live_server(f"/jobs/{job_id}/board"))

    card = page.get_by_test_id(f"card-{application_id}")
    card.drag_to(page.locator('[data-stage="recruiter-screen"]'))
    expect(page.get_by_text("Moved Ada Lovelace to Recruiter screen.")).to_be_visible()
    expect(page.locator('[data-column="recruiter-screen"]')).to_contain_text("Ada Lovelace")

    # Moving back needs a note: the move page, with Applied chosen.
    page.get_by_test_id(f"card-{application_id}").drag_to(page.locator('[data-stage="applied"]'))
    expect(page.get_by_role("heading", name="Move Ada Lovelace")).to_be_visible()
    expect(page.get_by_label("Move to")).to_have_value("applied")
    page.get_by_label("Note").fill("Screened too early")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Moved Ada Lovelace to Applied.")).to_be_visible()
    with app.app_context():
        assert db.session.get(Application, application_id).stage == "applied"
    problems.assert_none()
