"""The report pages, their CSV exports and their query counts, in the browser's terms."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import update

from hiring.extensions import db
from hiring.jobs.models import Job
from hiring.reports.exports import safe_cell
from hiring.reports.services import REPORT_NAMES
from tests.conftest import login
from tests.fixtures.evaluation import rubrics_with_an_offer
from tests.fixtures.reports import add_copies, build_history


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def history(app):
    return build_history(app)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_each_report_page_has_its_chart_table_filters_and_export(app, client, history, name):
    login(client, history.manager)
    html = client.get(f"/reports/{name}").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert f'<title id="chart-{name}-title">' in html
    assert 'class="axis-label"' in html
    assert 'data-testid="report-table"' in html
    assert 'data-testid="report-filters"' in html and 'method="get"' in html
    assert f'href="/reports/{name}/export.csv"' in html


def test_the_page_shows_the_figures_in_the_chart_and_the_table(app, client, history):
    login(client, history.recruiters[0])
    html = client.get("/reports/time-in-stage").get_data(as_text=True)
    chart, table = html.split('data-testid="report-table"')
    assert "Applied, Median days: 3.0 d" in chart
    assert "Target days: 5.0 d" in chart
    assert "5.4 d" in table and "25.0%" in table


def test_filters_narrow_the_page_and_its_export_link(app, client, history):
    login(client, history.manager)
    url = f"/reports/funnel?job={history.job_b}&date_from=2026-01-20"
    html = client.get(url).get_data(as_text=True)
    assert f'href="/reports/funnel/export.csv?job={history.job_b}&amp;date_from=2026-01-20"' in html
    rows = read_csv(client.get(f"/reports/funnel/export.csv?job={history.job_b}"))
    assert [row[2] for row in rows[1:]] == ["1", "1", "0", "0"]


def test_a_bad_date_range_is_explained_kept_and_not_applied(app, client, history):
    login(client, history.manager)
    response = client.get("/reports/funnel?date_from=2026-03-01&date_until=2026-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The end of the range is before its start. This filter is not applied." in html
    assert 'value="2026-01-01"' in html and 'value="2026-03-01"' in html
    response = client.get("/reports/funnel?date_from=yesterday&job=nope")
    assert response.status_code == 200
    assert "Not a valid date value." in response.get_data(as_text=True)


def test_csv_export_is_a_download_of_every_row(app, client, history):
    login(client, history.manager)
    response = client.get("/reports/source-yield/export.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="source-yield.csv"'
    assert response.is_streamed
    rows = read_csv(response)
    assert rows[0] == [
        "Source",
        "Applications",
        "Past Applied",
        "Pass-through",
        "Hires",
        "Hire rate",
    ]
    assert sorted(rows[1:]) == [
        ["Inbound", "2", "1", "0.5", "0", "0.0"],
        ["Referral", "2", "2", "1.0", "1", "0.5"],
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped(start):
    assert safe_cell(f'{start}HYPERLINK("http://evil")') == f'\'{start}HYPERLINK("http://evil")'
    assert safe_cell("Senior = great") == "Senior = great"
    assert safe_cell(-3) == "-3" and safe_cell(None) == ""


def test_a_job_title_written_as_a_formula_is_escaped_in_the_export(app, client, history):
    with app.app_context():
        db.session.execute(
            update(Job).where(Job.id == history.job_a).values(title="=SUM(1+1)*cmd|' /C calc'!A0")
        )
        db.session.commit()
    login(client, history.manager)
    rows = read_csv(client.get("/reports/verdict-overrides/export.csv"))
    assert "'=SUM(1+1)*cmd|' /C calc'!A0" in [row[0] for row in rows]
    assert not any(row[0].startswith("=") for row in rows)


def test_interviewers_get_403_and_no_navigation_entry(app, client, history, users):
    login(client, history.interviewers[0])
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/funnel/export.csv").status_code == 403
    assert 'href="/reports"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["hiring_manager", "recruiter", "admin"])
def test_the_navigation_links_the_reports_index(app, client, users, role):
    login(client, users[role])
    assert 'href="/reports"' in client.get("/").get_data(as_text=True)
    html = client.get("/reports").get_data(as_text=True)
    assert 'aria-current="page">Reports</a>' in html
    for name in REPORT_NAMES:
        assert f'href="/reports/{name}"' in html


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_queries_do_not_grow_with_the_data(app, client, history, count_queries, name):
    login(client, history.manager)
    client.get(f"/reports/{name}")  # warm the rubric cache and the session
    with count_queries() as small:
        assert client.get(f"/reports/{name}").status_code == 200
    with count_queries() as small_csv:
        client.get(f"/reports/{name}/export.csv").get_data()
    add_copies(app, history, first=1, count=12)
    with count_queries() as large:
        html = client.get(f"/reports/{name}").get_data(as_text=True)
    with count_queries() as large_csv:
        client.get(f"/reports/{name}/export.csv").get_data()
    assert "Nothing to report" not in html
    assert small.count == large.count, large.statements
    assert small_csv.count == large_csv.count
