"""A job's time-to-fill forecast page: history or the rubric's targets, the chart, bad
input, and a fixed number of queries whatever the history."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from hiring.accounts import services as accounts
from hiring.database import utcnow
from hiring.forecasting import services
from hiring.forecasting.services import HISTORY, RUBRIC
from tests.conftest import login, make_user
from tests.fixtures.history import add_history
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def app(make_app):
    return make_app(FORECAST_MIN_TRANSITIONS=10, FORECAST_RUNS=200)


@pytest.fixture
def setting(app, users):
    manager = make_user(app, ("hiring_manager",))
    job_id = make_job(app, manager)
    past_job = make_job(app, manager, title="Last year's ML engineer")
    candidate_id = make_candidate(app, users["recruiter"])
    return {"manager": manager, "job_id": job_id, "past_job": past_job, "candidate": candidate_id}


def forecast_of(app, user, job_id, target=None):
    with app.app_context():
        return services.job_forecast(accounts.get_user(user.id), job_id, target)


def test_thin_history_uses_the_rubric_stage_targets(app, client, users, setting):
    add_history(app, setting["candidate"], setting["past_job"], [("applied", 4), ("hired", 0)])
    make_application(app, users["recruiter"], setting["candidate"], setting["job_id"])

    result = forecast_of(app, users["recruiter"], setting["job_id"])
    assert result.source == RUBRIC
    assert [b.model.pass_rate for b in result.basis] == [0.5]  # no pass_rate in the rubric
    assert result.basis[0].moves == 1

    login(client, users["recruiter"])
    html = client.get(f"/jobs/{setting['job_id']}/forecast").get_data(as_text=True)
    assert "History is thin: using the rubric&#39;s stage targets" in html
    assert "(assumed)" in html


def test_enough_history_is_used_and_said(app, client, users, setting):
    # 12 past applications: 3 hired after 6 days in Applied, 9 rejected.
    add_history(
        app, setting["candidate"], setting["past_job"], [("applied", 6), ("hired", 0)], copies=3
    )
    add_history(
        app, setting["candidate"], setting["past_job"], [("applied", 2), ("rejected", 0)], copies=9
    )
    make_application(app, users["recruiter"], setting["candidate"], setting["job_id"])

    result = forecast_of(app, users["recruiter"], setting["job_id"])
    assert result.source == HISTORY
    assert result.past_applications == 12
    (basis,) = result.basis
    assert basis.model.pass_rate == 0.25
    assert basis.model.durations == ((6, 3),)
    # One candidate, hired with a chance of one in four, six days from today.
    assert result.forecast.probability_on(result.today + timedelta(days=6)) == pytest.approx(
        0.25, abs=0.08
    )
    assert result.forecast.probability_on(result.today + timedelta(days=5)) == 0.0

    login(client, setting["manager"])
    html = client.get(f"/jobs/{setting['job_id']}/forecast").get_data(as_text=True)
    assert "Based on 12 past applications" in html
    assert 'data-testid="forecast-chart"' in html and '<title id="forecast-title">' in html
    assert 'data-testid="percentile-band"' in html
    assert 'data-testid="forecast-table"' in html
    assert "Probability filled" in html and "Date (UTC)" in html
    assert re.search(r"add about <strong>\d+</strong> more candidates? at Applied", html)


def test_a_target_date_in_the_past_is_refused_and_kept(app, client, users, setting):
    login(client, users["recruiter"])
    past = (utcnow().date() - timedelta(days=3)).isoformat()

    response = client.get(f"/jobs/{setting['job_id']}/forecast?target={past}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a date after today." in html
    assert f'value="{past}"' in html

    response = client.get(f"/jobs/{setting['job_id']}/forecast?target=next+spring")
    assert response.status_code == 422
    assert 'value="next spring"' in response.get_data(as_text=True)


def test_a_chosen_target_is_used(app, client, users, setting):
    login(client, users["admin"])
    target = (utcnow().date() + timedelta(days=40)).isoformat()
    html = client.get(f"/jobs/{setting['job_id']}/forecast?target={target}").get_data(as_text=True)
    assert f"Chance of filling by {target}" in html


def test_the_job_page_links_to_its_forecast(client, users, setting):
    login(client, users["recruiter"])
    html = client.get(f"/jobs/{setting['job_id']}").get_data(as_text=True)
    assert f'href="/jobs/{setting["job_id"]}/forecast"' in html


def test_interviewers_cannot_see_forecasts(client, users, setting):
    login(client, users["interviewer"])
    assert client.get(f"/jobs/{setting['job_id']}/forecast").status_code == 403


def test_the_page_runs_the_same_queries_for_little_and_much_history(
    app, client, users, setting, count_queries
):
    login(client, users["recruiter"])
    url = f"/jobs/{setting['job_id']}/forecast"
    add_history(app, setting["candidate"], setting["past_job"], [("applied", 3), ("hired", 0)])
    make_application(app, users["recruiter"], setting["candidate"], setting["job_id"])
    with count_queries() as small:
        assert client.get(url).status_code == 200
    add_history(
        app, setting["candidate"], setting["past_job"], [("applied", 5), ("hired", 0)], copies=150
    )
    add_history(
        app,
        setting["candidate"],
        setting["past_job"],
        [("applied", 1), ("rejected", 0)],
        copies=150,
    )
    for number in range(5):
        other = make_candidate(
            app, users["recruiter"], name=f"Extra {number}", email=f"x{number}@example.com"
        )
        make_application(app, users["recruiter"], other, setting["job_id"])
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, large.statements
