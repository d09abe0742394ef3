"""The team planner page: recommendations for a team, bad input kept, draft jobs
opened from the chosen recommendations (once, however often the form is sent)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.jobs.models import DRAFT, Job
from tests.conftest import csrf_token, login

SERIES_A = {
    "company_stage": "series-a",
    "engineers": "30",
    "centrality": "important",
}


@pytest.fixture
def app(make_app):
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


def job_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Job))


def test_recommendations_in_order_with_reasons(client, users):
    login(client, users["recruiter"])
    html = client.get("/planner", query_string=SERIES_A).get_data(as_text=True)

    order = re.findall(r'data-rule="([a-z-]+)"', html)
    assert order == [
        "product-manager-first",
        "senior-scientist-first",
        "engineer-beside-the-scientist",
        "data-engineers-per-scientist",
    ]
    assert "most senior" in html
    assert "0 of 30 engineers" in html
    # Recruiters may read the plan but not open jobs from it.
    assert "Open draft jobs" not in html


def test_bad_input_is_explained_and_kept(client, users):
    login(client, users["hiring_manager"])
    response = client.get(
        "/planner",
        query_string={
            **SERIES_A,
            "engineers": "3",
            "team_ml_engineer": "5",
            "team_data_engineer": "x",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid integer value." in html
    assert 'value="x"' in html and 'value="5"' in html


def test_a_team_larger_than_engineering_is_refused(client, users):
    login(client, users["hiring_manager"])
    response = client.get(
        "/planner", query_string={**SERIES_A, "engineers": "3", "team_ml_engineer": "5"}
    )
    assert response.status_code == 422
    assert "larger than engineering" in response.get_data(as_text=True)


def test_opening_drafts_from_the_plan(app, client, users):
    login(client, users["hiring_manager"])
    html = client.get("/planner", query_string=SERIES_A).get_data(as_text=True)
    token = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html).group(1)
    form = {
        **SERIES_A,
        "csrf_token": csrf_token(client, "/account"),
        "submission_token": token,
        "hires": ["senior-scientist-first", "data-engineers-per-scientist"],
        "remote_policy": "remote",
        "location": "",
    }
    before = job_count(app)

    response = client.post("/planner/drafts", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Senior applied scientist" in page
    assert "2 openings" in page
    with app.app_context():
        jobs = list(db.session.scalars(select(Job).order_by(Job.id.desc()).limit(2)))
        assert {job.status for job in jobs} == {DRAFT}
        assert {job.role_family for job in jobs} == {"applied-scientist", "data-engineer"}
        assert {job.company_stage for job in jobs} == {"nascent"}
    assert job_count(app) == before + 2

    # The same form again opens nothing more.
    again = client.post("/planner/drafts", data=form)
    assert again.status_code == 302
    assert job_count(app) == before + 2


def test_an_on_site_draft_needs_a_location(app, client, users):
    login(client, users["admin"])
    form = {
        **SERIES_A,
        "csrf_token": csrf_token(client, "/account"),
        "hires": ["senior-scientist-first"],
        "remote_policy": "onsite",
        "location": "",
    }
    before = job_count(app)
    response = client.post("/planner/drafts", data=form)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Say where the job is" in html
    assert job_count(app) == before
    assert 'data-rule="senior-scientist-first"' in html


def test_nothing_chosen_opens_nothing(app, client, users):
    login(client, users["admin"])
    form = {**SERIES_A, "csrf_token": csrf_token(client, "/account"), "remote_policy": "remote"}
    response = client.post("/planner/drafts", data=form)
    assert response.status_code == 422
    assert "Choose at least one recommendation" in response.get_data(as_text=True)


def test_the_menu_links_the_planner(client, users):
    login(client, users["hiring_manager"])
    assert 'href="/planner"' in client.get("/").get_data(as_text=True)
