"""Oversized bodies are refused before they are read; forwarded headers are trusted
only from as many proxies as PROXY_COUNT says."""

from __future__ import annotations

import io
import ssl

from sqlalchemy import select

from hiring.audit import AuditEvent
from hiring.extensions import db
from tests.api.conftest import API, PROBLEM_JSON, issue_token
from tests.conftest import make_user

SIXTY_MIB = 60 * 1024 * 1024


class CountingStream(io.RawIOBase):
    """A request body that says it is huge and counts what the app reads of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), 64 * 1024)
        buffer[:size] = b"a" * size
        self.read_bytes += size
        return size


def post_huge(client, url: str, content_type: str, **kwargs):
    body = CountingStream()
    response = client.post(
        url,
        content_type=content_type,
        environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(SIXTY_MIB)},
        **kwargs,
    )
    return response, body.read_bytes


def test_a_60_mib_sign_in_post_gets_a_friendly_413_unread(client):
    response, read = post_huge(client, "/login", "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html" and "Too large" in response.get_data(as_text=True)
    assert read == 0


def test_a_60_mib_api_post_gets_413_problem_json_unread(app, client):
    token = issue_token(app, make_user(app, ("recruiter",)))
    response, read = post_huge(
        client, f"{API}/candidates", "application/json", headers=token.headers
    )
    assert response.status_code == 413
    assert response.mimetype == PROBLEM_JSON and response.get_json()["status"] == 413
    assert read == 0


def test_the_body_limit_is_a_little_above_the_largest_upload(app):
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["RESUME_MAX_BYTES"] + 1024 * 1024


def test_the_body_limit_is_configurable(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    response = app.test_client().post("/login", data={"email": "x" * 2000})
    assert response.status_code == 413


def failed_sign_in(client, forwarded_for: str, email: str = "nobody@example.com"):
    return client.post(
        "/login",
        data={"email": email, "password": "not the password!"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def audited_addresses(app) -> list[str | None]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.ip_address).where(AuditEvent.action == "auth.login_failed")
            )
        )


def test_without_proxies_a_spoofed_forwarded_for_changes_nothing(make_app):
    app = make_app(PROXY_COUNT=0, WTF_CSRF_ENABLED=False, LOGIN_LIMIT_PER_ADDRESS="2 per hour")
    client = app.test_client()
    statuses = [
        failed_sign_in(client, f"203.0.113.{n}", f"guess{n}@example.com").status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 429]  # one address, whatever the header claims
    assert audited_addresses(app) == ["127.0.0.1", "127.0.0.1"]


def test_behind_one_proxy_the_forwarded_address_counts(make_app):
    app = make_app(PROXY_COUNT=1, WTF_CSRF_ENABLED=False, LOGIN_LIMIT_PER_ADDRESS="2 per hour")
    client = app.test_client()
    statuses = [
        failed_sign_in(client, f"203.0.113.{n}", f"guess{n}@example.com").status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 401]  # three clients behind the proxy
    assert audited_addresses(app) == ["203.0.113.0", "203.0.113.1", "203.0.113.2"]


def test_without_proxies_a_scheme_gunicorn_took_from_the_header_is_undone(make_app):
    app = make_app(PROXY_COUNT=0)
    plain_socket = object()  # what gunicorn puts in the environ for a plain-HTTP client
    response = app.test_client().get(
        "/login",
        headers={"X-Forwarded-Proto": "https"},
        environ_overrides={"wsgi.url_scheme": "https", "gunicorn.socket": plain_socket},
    )
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert not isinstance(plain_socket, ssl.SSLSocket)
