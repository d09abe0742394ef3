"""One recruiter's morning, end to end in the browser.

The recruiter adds a candidate, imports ten more from CSV (one bad row is reported,
nine are created), moves the first one through stages on the job's board with the
plain forms, and schedules an interview. The interviewer assigned to the round signs
in, finds it on "My interviews", opens the candidate's brief and the interview kit.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hiring.config import PROJECT_ROOT
from hiring.database import utcnow
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef
from tests.fixtures.interviews import round_ids, staff_round
from tests.fixtures.jobs import make_job

JOB = "Senior ML engineer, search ranking"
ROWS = [f"Person {n},person{n}@example.com,+1 555 010{n},Berlin,referral" for n in range(9)]
CSV = "Full name,Email,Phone,City,Source\n" + "\n".join([*ROWS, "No Email,,,,"]) + "\n"


@pytest.fixture
def live_server_config() -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(PROJECT_ROOT / "rubrics")}


def move_on_board(page: Page, name: str, stage: str) -> None:
    page.get_by_role("link", name=f"Move {name}").click()  # the card's move page
    page.get_by_label("Move to").select_option(label=stage)
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text(f"Moved {name} to {stage}.")).to_be_visible()


def test_a_recruiter_adds_imports_moves_schedules_and_the_interviewer_sees_it(
    page: Page,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
    tmp_path: Path,
) -> None:
    app = live_server.app
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    interviewer = users["interviewer"]
    job_id = make_job(app, manager)
    coding = round_ids(app, manager, job_id)["coding"]
    staff_round(app, manager, job_id, coding, [interviewer.id])

    # 1. Add a candidate and put her on the job.
    sign_in(page, live_server, recruiter)
    page.get_by_test_id("main-nav").get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Phone").fill("+44 20 7946 0000")
    page.get_by_label("Location").fill("London, UK")
    page.get_by_label("Source").select_option("referral")
    page.get_by_label("Notes (Markdown)").fill("Strong on **offline evaluation**.")
    page.get_by_role("button", name="Add candidate").click()
    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_test_id("notes").locator("strong")).to_have_text("offline evaluation")
    page.get_by_label("Job", exact=True).select_option(label=JOB)
    page.get_by_label("Recruiter").select_option(label=recruiter.name)
    page.get_by_role("button", name="Add to job").click()
    expect(page.get_by_test_id("current-stage")).to_have_text("Applied")
    problems.assert_none()

    # 2. Import ten from CSV: the dry run reports the bad row; nine are created.
    csv_file = tmp_path / "candidates.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    page.get_by_test_id("main-nav").get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page.get_by_role("heading", name="Map the columns of candidates.csv")).to_be_visible()
    page.get_by_role("button", name="Preview the import").click()
    rows = page.get_by_test_id("import-rows")
    expect(rows.locator('[data-outcome="created"]')).to_have_count(9)
    expect(rows.locator('[data-outcome="refused"]')).to_contain_text("The email is missing.")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Imported candidates.csv")).to_be_visible()
    expect(page.get_by_test_id("import-counts")).to_contain_text("9 created")
    expect(page.get_by_test_id("import-counts")).to_contain_text("1 refused")
    page.goto(live_server("/candidates"))
    expect(page.get_by_text("10 candidates")).to_be_visible()  # Ada and the nine
    problems.assert_none()

    # 3. Move Ada through the stages on the job's board.
    page.goto(live_server(f"/jobs/{job_id}/board"))
    expect(page.get_by_role("heading", name=re.compile("^Board: "))).to_be_visible()
    move_on_board(page, "Ada Lovelace", "Recruiter screen")
    move_on_board(page, "Ada Lovelace", "Overview with an ML leader")
    move_on_board(page, "Ada Lovelace", "Technical loop")
    loop_column = page.locator('[data-column="technical-loop"]')
    expect(loop_column.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    screenshot(page, "journey-board")
    problems.assert_none()

    # 4. Schedule the coding interview from her page.
    loop_column.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_test_id("current-stage")).to_have_text("Technical loop")
    history = page.get_by_test_id("stage-history")
    expect(history.get_by_role("listitem")).to_have_count(4)
    expect(history).to_contain_text("Overview with an ML leader → Technical loop")
    expect(history).to_contain_text(f"by {recruiter.name}")
    page.get_by_role("link", name=re.compile("^Schedule interview")).click()
    day = (utcnow() + timedelta(days=7)).date().isoformat()
    page.get_by_label("Round").select_option(str(coding))
    page.get_by_label("Date").fill(day)
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Room or video link").fill("https://meet.example.com/ada")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_text("Scheduled Coding with Ada Lovelace")).to_be_visible()
    problems.assert_none()

    # 5. The interviewer sees it, opens the candidate's brief and the kit.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, interviewer)
    expect(page.get_by_test_id("my-upcoming-interviews")).to_contain_text("Ada Lovelace")
    page.get_by_test_id("main-nav").get_by_role("link", name="My interviews").click()
    upcoming = page.get_by_test_id("upcoming-interviews")
    expect(upcoming).to_contain_text(JOB)
    expect(upcoming).to_contain_text(day)
    expect(upcoming).to_contain_text("10:30")
    upcoming.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_text("London, UK")).to_be_visible()
    expect(page.get_by_test_id("brief-interviews")).to_contain_text("Coding")
    expect(page.get_by_text("ada@example.com")).to_have_count(0)
    expect(page.get_by_text("offline evaluation")).to_have_count(0)
    screenshot(page, "journey-candidate-brief")
    page.get_by_test_id("brief-interviews").get_by_role(
        "link", name=re.compile("^Open kit")
    ).click()
    expect(page.get_by_role("heading", name="Coding · 60 minutes", level=1)).to_be_visible()
    expect(page.get_by_test_id("kit-candidate")).to_have_text("Ada Lovelace")
    problems.assert_none()
