"""The reports in a real browser: a recruiter opens every report from the navigation,
sees its chart drawn (an SVG with a title and bars) beside its table, narrows it with
the filter form, and downloads its CSV."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from hiring.reports.services import CATALOG
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.fixtures.evaluation import rubrics_with_an_offer
from tests.fixtures.reports import History, build_history
from tests.web.test_adverse_impact import build as build_self_identified


@pytest.fixture
def live_server_config(tmp_path) -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(rubrics_with_an_offer(tmp_path / "rubrics"))}


@pytest.fixture
def history(app) -> History:
    history = build_history(app)
    # Self-identified applicants in groups big enough to show, for the adverse-impact
    # report (the history above has none).
    build_self_identified(app, history.manager, history.recruiters[0], history.job_a, first=5)
    return history


def test_each_report_draws_its_chart_and_downloads_its_csv(
    page: Page, live_server: LiveServer, history: History, problems: PageProblems
) -> None:
    sign_in(page, live_server, history.recruiters[0])
    page.get_by_test_id("main-nav").get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    for entry in CATALOG:
        page.goto(live_server("/reports"))
        page.get_by_test_id(f"report-link-{entry.name}").click()
        chart = page.get_by_test_id("report-chart")
        expect(chart).to_be_visible()
        # Rendered as SVG, with an accessible name, and with bars of some width.
        assert chart.evaluate("node => node.namespaceURI") == "http://www.w3.org/2000/svg"
        expect(chart).to_have_attribute("role", "img")
        assert chart.locator("title").first.text_content()
        widths = [float(w) for w in chart.locator("rect[height='16']").evaluate_all(
            "bars => bars.map(bar => bar.getBBox().width)"
        )]  # fmt: skip
        assert widths and max(widths) > 0, entry.name
        expect(page.get_by_test_id("report-table").locator("tbody tr").first).to_be_visible()

        with page.expect_download() as download_info:
            page.get_by_test_id("report-export").click()
        download = download_info.value
        assert download.suggested_filename == f"{entry.name}.csv"
        with open(download.path(), encoding="utf-8") as exported:
            rows = list(csv.reader(io.StringIO(exported.read())))
        assert len(rows) >= 2, entry.name
        header = page.get_by_test_id("report-table").locator("thead th").first.text_content()
        assert rows[0][0] == (header or "").strip()
    problems.assert_none()


def test_the_filter_form_narrows_the_chart_and_the_export(
    page: Page, live_server: LiveServer, history: History, problems: PageProblems
) -> None:
    sign_in(page, live_server, history.manager)
    page.goto(live_server("/reports/funnel"))
    form = page.get_by_test_id("report-filters")
    form.get_by_label("Job").select_option(label="Job B")
    form.get_by_role("button", name="Show").click()
    expect(page).to_have_url(
        live_server(
            f"/reports/funnel?job={history.job_b}&role_family=&recruiter=&date_from=&date_until="
        )
    )
    first_row = page.get_by_test_id("report-table").locator("tbody tr").first
    expect(first_row.locator("td[data-column='reached']")).to_have_text("1")
    expect(page.get_by_test_id("report-chart").locator("desc")).to_contain_text(
        "Applied: Applications that reached it 1"
    )
    with page.expect_download() as download_info:
        page.get_by_test_id("report-export").click()
    with open(download_info.value.path(), encoding="utf-8") as exported:
        rows = list(csv.reader(exported))
    assert [row[2] for row in rows[1:]] == ["1", "1", "0", "0"]
    problems.assert_none()
