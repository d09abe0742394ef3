"""Each API token may make API_RATE_LIMIT calls per window; the answer says where it stands."""

from __future__ import annotations

import time

from tests.api.conftest import API, PROBLEM_JSON, issue_token
from tests.conftest import EXTERNAL_DATABASE_URL, make_user


def test_calls_beyond_the_token_limit_get_429_problem_json(make_app):
    app = make_app(API_RATE_LIMIT="3 per minute")
    user = make_user(app, ("recruiter",))
    token, other = issue_token(app, user), issue_token(app, user, "other")
    client = app.test_client()
    answers = [client.get(f"{API}/me", headers=token.headers) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    first, refused = answers[0], answers[3]
    assert first.headers["X-RateLimit-Limit"] == "3"
    assert first.headers["X-RateLimit-Remaining"] == "2"
    assert int(first.headers["X-RateLimit-Reset"]) > time.time()
    assert refused.mimetype == PROBLEM_JSON
    assert refused.get_json()["status"] == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 61
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    # The limit is per token: another token of the same person still works.
    assert client.get(f"{API}/me", headers=other.headers).status_code == 200


def test_the_api_limit_is_shared_through_the_database(make_app, tmp_path):
    app = make_app(
        API_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="database://",
        SQLALCHEMY_DATABASE_URI=EXTERNAL_DATABASE_URL or f"sqlite:///{tmp_path / 'api.sqlite3'}",
    )
    token = issue_token(app, make_user(app, ("recruiter",)))
    client = app.test_client()
    statuses = [client.get(f"{API}/me", headers=token.headers).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # A POST on SQLite: the counter's write must not wait for the request's own lock.
    started = time.monotonic()
    response = client.post(f"{API}/candidates", headers=token.headers, json={"name": "X"})
    assert response.status_code == 429 and time.monotonic() - started < 5


def test_429_is_documented_with_retry_after(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    too_many = spec["components"]["responses"]["TOO_MANY_REQUESTS"]
    assert "Retry-After" in too_many["headers"]
    assert "429" in spec["paths"]["/api/v1/me"]["get"]["responses"]
