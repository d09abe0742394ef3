"""The API's view of job places and of republishing a job shown on the careers page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import API, assert_problem
from tests.conftest import UserRef
from tests.fixtures.jobs import make_job


def test_places_are_answered_in_parts_and_a_removed_pay_range_blocks_republishing(
    app: Flask,
    client: FlaskClient,
    users: dict[str, UserRef],
    role_headers: dict[str, dict[str, str]],
) -> None:
    headers = role_headers["hiring_manager"]
    job_id = make_job(app, users["hiring_manager"], location="Denver, Colorado")
    url = f"{API}/jobs/{job_id}"
    job = client.get(url, headers=headers).get_json()
    assert (job["city"], job["region"], job["country_code"]) == ("Denver", "Colorado", "US")
    published = client.post(f"{url}/publish", json={"version": job["version"]}, headers=headers)
    assert published.status_code == 200, published.get_data(as_text=True)
    version = published.get_json()["version"]
    unpaid = client.patch(
        url, json={"version": version, "salary_min": None, "salary_max": None}, headers=headers
    )
    assert unpaid.status_code == 200, unpaid.get_data(as_text=True)
    refused = client.post(
        f"{url}/publish", json={"version": unpaid.get_json()["version"]}, headers=headers
    )
    body = assert_problem(refused, 422)
    assert "pay-transparency law of Colorado" in str(body["errors"])


def test_remote_regions_are_countries(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], users: dict[str, UserRef], app
) -> None:
    headers = role_headers["hiring_manager"]
    job_id = make_job(app, users["hiring_manager"])
    url = f"{API}/jobs/{job_id}"
    version = client.get(url, headers=headers).get_json()["version"]
    bad = client.patch(
        url,
        json={"version": version, "remote_policy": "remote", "remote_regions": "Anywhere"},
        headers=headers,
    )
    assert "ISO 3166-1 alpha-2 country codes" in str(assert_problem(bad, 422)["errors"])
    good = client.patch(
        url,
        json={"version": version, "remote_policy": "remote", "remote_regions": "DE, NL"},
        headers=headers,
    )
    assert good.status_code == 200 and good.get_json()["remote_regions"] == "DE,NL"
