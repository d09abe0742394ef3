"""GET /api/v1/reports/{report_name}: the pages' figures as JSON, or CSV on request."""

from __future__ import annotations

import csv
import io

import pytest

from hiring.reports.services import REPORT_NAMES
from tests.api.conftest import API, PROBLEM_JSON, issue_token
from tests.fixtures.evaluation import rubrics_with_an_offer
from tests.fixtures.reports import add_copies, build_history


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def history(app):
    return build_history(app)


@pytest.fixture
def headers(app, history):
    return issue_token(app, history.recruiters[0]).headers


def test_a_report_as_json_with_its_columns_rows_and_filters(client, history, headers):
    response = client.get(f"{API}/reports/funnel?job_id={history.job_a}", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "funnel"
    assert [c["key"] for c in body["columns"]][:3] == ["stage", "stage_id", "reached"]
    assert [row["reached"] for row in body["rows"]] == [3, 2, 2, 1]
    assert body["rows"][1]["from_previous"] == 0.6667
    assert body["filters"] == {"job_id": str(history.job_a)}


def test_the_api_and_the_page_agree_on_percentiles(client, history, headers):
    body = client.get(f"{API}/reports/time-in-stage", headers=headers).get_json()
    applied = next(row for row in body["rows"] if row["stage_id"] == "applied")
    assert (applied["median_days"], applied["p90_days"], applied["target_days"]) == (3.0, 5.4, 5)


def test_accept_text_csv_gives_the_export(client, history, headers):
    response = client.get(f"{API}/reports/source-yield", headers={**headers, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "Source" and len(rows) == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=2026-02-01&date_until=2026-01-01", "date_until"),
        ("job_id=abc", "job_id"),
        ("role_family=Not%20A%20Slug", "role_family"),
        ("colour=blue", "colour"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(client, history, headers, query, field):
    response = client.get(f"{API}/reports/funnel?{query}", headers=headers)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM_JSON
    assert field in str(response.get_json())


def test_an_unknown_report_is_404(client, history, headers):
    response = client.get(f"{API}/reports/no-such-report", headers=headers)
    assert response.status_code == 404 and response.mimetype == PROBLEM_JSON


def test_interviewers_get_403(app, client, history):
    token = issue_token(app, history.interviewers[0])
    response = client.get(f"{API}/reports/funnel", headers=token.headers)
    assert response.status_code == 403


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_queries_do_not_grow_with_the_data(app, client, history, headers, count_queries, name):
    client.get(f"{API}/reports/{name}", headers=headers)
    with count_queries() as small:
        assert client.get(f"{API}/reports/{name}", headers=headers).status_code == 200
    add_copies(app, history, first=1, count=12)
    with count_queries() as large:
        body = client.get(f"{API}/reports/{name}", headers=headers).get_json()
    assert body["rows"]
    assert small.count == large.count, large.statements
