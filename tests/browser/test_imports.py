"""A recruiter imports ten candidates from a CSV file through the real pages: the column
mapping is guessed, the dry run shows one bad row, the import creates the other nine."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import UserRef

ROWS = [f"Person {n},person{n}@example.com,+1 555 010{n},Berlin,referral" for n in range(9)]
CSV = "Full name,Email,Phone,City,Source\n" + "\n".join([*ROWS, "No Email,,,,"]) + "\n"


def test_a_recruiter_imports_ten_candidates_from_csv(
    page: Page,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
    tmp_path: Path,
) -> None:
    csv_file = tmp_path / "candidates.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    sign_in(page, live_server, users[Role.RECRUITER.value])

    page.get_by_test_id("main-nav").get_by_role("link", name="Candidates").click()
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload and map the columns").click()

    expect(page.get_by_role("heading", name="Map the columns of candidates.csv")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("name")
    expect(page.get_by_label("City")).to_have_value("location")
    screenshot(page, "import-mapping")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name="Dry run of candidates.csv")).to_be_visible()
    rows = page.get_by_test_id("import-rows")
    expect(rows.locator('[data-outcome="created"]')).to_have_count(9)
    refused = rows.locator('[data-outcome="refused"]')
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("The email is missing.")
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("heading", name="Imported candidates.csv")).to_be_visible()
    expect(rows.locator('[data-outcome="created"]')).to_have_count(9)
    expect(refused).to_contain_text("No Email")
    expect(page.get_by_test_id("import-counts")).to_contain_text("9 created")
    screenshot(page, "import-report")
    problems.assert_none()

    rows.get_by_role("link", name="Person 4").click()
    expect(page.get_by_role("heading", name="Person 4", level=1)).to_be_visible()
    page.goto(live_server("/candidates"))
    expect(page.get_by_text("9 candidates")).to_be_visible()
    problems.assert_none()
