"""/healthz and /readyz: no sign-in, no session cookie, no rate limit."""

from __future__ import annotations

import time

from hiring.extensions import limiter
from tests.conftest import login


def test_healthz_answers_ok_without_touching_the_database(app, client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert response.mimetype == "text/plain"
    assert queries.count == 0


def test_probes_set_no_session_cookie_even_for_a_signed_in_browser(app, client, users):
    login(client, users["recruiter"])
    with client.session_transaction() as session:
        # Long enough ago that any other page would refresh the cookie.
        session["seen_at"] = time.time() - 600
    for url in ("/healthz", "/readyz"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
    assert "Set-Cookie" in client.get("/account").headers


def test_an_anonymous_probe_gets_no_cookie(client):
    for url in ("/healthz", "/readyz"):
        assert "Set-Cookie" not in client.get(url).headers


def test_probes_are_not_rate_limited(make_app, monkeypatch):
    # Default limits stick to the shared limiter object once set: keep them to this test.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    app = make_app(RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/login").status_code == 200
    assert client.get("/login").status_code == 429  # the default limit applies elsewhere
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code in (200, 503)
