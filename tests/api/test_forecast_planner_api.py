"""GET /api/v1/jobs/{id}/forecast and POST /api/v1/planner."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.config import PROJECT_ROOT
from hiring.database import utcnow
from tests.api.conftest import API, assert_problem
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def app(make_app):
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"), FORECAST_RUNS=200)


@pytest.fixture
def job_id(app, users):
    job = make_job(app, users["hiring_manager"])
    candidate = make_candidate(app, users["recruiter"])
    make_application(app, users["recruiter"], candidate, job)
    return job


def test_forecast_of_a_job(client, role_headers, job_id):
    target = (utcnow().date() + timedelta(days=120)).isoformat()
    response = client.get(
        f"{API}/jobs/{job_id}/forecast?target={target}", headers=role_headers["recruiter"]
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "open"
    assert body["target"] == target
    assert body["source"] == "rubric"
    assert body["explanation"].startswith("History is thin")
    assert body["stages"][0]["id"] == "applied"
    assert body["stages"][0]["in_pipeline"] == 1
    assert 0 <= body["probability_by_target"] <= 1
    assert body["curve"][0]["date"] == utcnow().date().isoformat()
    assert body["extra_candidates"]["needed"] is None or body["extra_candidates"]["needed"] > 0


def test_forecast_refuses_a_past_target(client, role_headers, job_id):
    past = (utcnow().date() - timedelta(days=1)).isoformat()
    response = client.get(
        f"{API}/jobs/{job_id}/forecast?target={past}", headers=role_headers["admin"]
    )
    body = assert_problem(response, 422)
    assert body["errors"]["target"] == ["Choose a date after today."]


def test_interviewers_get_no_forecast(client, role_headers, job_id):
    response = client.get(f"{API}/jobs/{job_id}/forecast", headers=role_headers["interviewer"])
    assert_problem(response, 403)


def test_planner_recommends_in_order(client, role_headers):
    response = client.post(
        f"{API}/planner",
        json={
            "company_stage": "series-a",
            "engineering_headcount": 30,
            "ml_centrality": "important",
            "team": [],
        },
        headers=role_headers["hiring_manager"],
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert [h["role_family"] for h in body["recommendations"]] == [
        "ml-product-manager",
        "applied-scientist",
        "ml-engineer",
        "data-engineer",
    ]
    assert body["recommendations"][3]["count"] == 2
    assert body["team_stage"]["id"] == "nascent"
    assert body["budget"] == 6


def test_planner_refuses_a_team_larger_than_engineering(client, role_headers):
    response = client.post(
        f"{API}/planner",
        json={
            "company_stage": "seed",
            "engineering_headcount": 2,
            "ml_centrality": "core",
            "team": [{"role_family": "ml-engineer", "count": 3}],
        },
        headers=role_headers["recruiter"],
    )
    body = assert_problem(response, 422)
    assert "larger than engineering" in body["errors"]["engineers"][0]


def test_planner_refuses_an_unknown_stage(client, role_headers):
    response = client.post(
        f"{API}/planner",
        json={"company_stage": "series-z", "engineering_headcount": 5, "ml_centrality": "core"},
        headers=role_headers["recruiter"],
    )
    body = assert_problem(response, 422)
    assert "company_stage" in str(body["errors"])
