"""Fixtures for the JSON API: bearer tokens and the headers that carry them.

Tokens are issued through ``hiring.accounts.api_tokens.create_api_token``, the same
service the account page uses, so the tests exercise real hashed, revocable tokens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from hiring.accounts import api_tokens, services
from hiring.extensions import db
from tests.conftest import UserRef, make_user

API = "/api/v1"
PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class TokenRef:
    """An API token as its owner sees it once: the database id and the secret."""

    id: int
    secret: str
    user: UserRef

    @property
    def headers(self) -> dict[str, str]:
        return auth_headers(self.secret)


def auth_headers(token: TokenRef | str) -> dict[str, str]:
    """Request headers that authenticate with ``token``."""
    secret = token.secret if isinstance(token, TokenRef) else token
    return {"Authorization": f"Bearer {secret}"}


def issue_token(app: Flask, user: UserRef, name: str = "tests") -> TokenRef:
    """Create an API token for ``user`` through the accounts service."""
    with app.app_context():
        new = api_tokens.create_api_token(services.get_user(user.id), name)
        token = TokenRef(id=new.token.id, secret=new.secret, user=user)
        db.session.remove()
    return token


@pytest.fixture
def api_user(app: Flask) -> UserRef:
    return make_user(app, ("recruiter",), name="Api User", email="api.user@example.com")


@pytest.fixture
def make_token(app: Flask) -> Callable[..., TokenRef]:
    """Issue tokens for any user: ``make_token(user)`` or ``make_token(user, "ci")``."""

    def factory(user: UserRef, name: str = "tests") -> TokenRef:
        return issue_token(app, user, name)

    return factory


@pytest.fixture
def api_token(make_token: Callable[..., TokenRef], api_user: UserRef) -> TokenRef:
    """A valid token of an active recruiter (``api_user``)."""
    return make_token(api_user)


@pytest.fixture
def api_headers(api_token: TokenRef) -> dict[str, str]:
    return api_token.headers


@pytest.fixture
def role_headers(
    users: dict[str, UserRef], make_token: Callable[..., TokenRef]
) -> dict[str, dict[str, str]]:
    """Authorization headers of a token per role, keyed by role name (``users``)."""
    return {role: make_token(user).headers for role, user in users.items()}


@pytest.fixture
def headers_of(make_token: Callable[..., TokenRef]) -> Callable[[UserRef], dict[str, str]]:
    """Authorization headers for any user, one token each: ``headers_of(user)``."""
    tokens: dict[int, dict[str, str]] = {}

    def headers(user: UserRef) -> dict[str, str]:
        if user.id not in tokens:
            tokens[user.id] = make_token(user).headers
        return tokens[user.id]

    return headers


@pytest.fixture
def recruiter(users: dict[str, UserRef]) -> UserRef:
    return users["recruiter"]


@pytest.fixture
def headers(role_headers: dict[str, dict[str, str]]) -> dict[str, str]:
    """A recruiter's token: reads and writes candidates, applications and interviews
    (not erasure). Modules that work as someone else override it."""
    return role_headers["recruiter"]


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """An RFC 9457 problem details response with ``status``; returns the body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["instance"] == response.request.path
    return body


def walk_pages(
    client: FlaskClient,
    headers: dict[str, str],
    url: str,
    *,
    limit: int = 3,
    cursor: str | None = None,
    between: Callable[[], object] | None = None,
) -> list[dict[str, Any]]:
    """Every page of a cursor-paginated list, from ``cursor`` to the last; ``between``
    runs after each page (say, to add rows while the client pages)."""
    separator = "&" if "?" in url else "?"
    found = []
    for _ in range(200):  # a cursor that never ends the list fails instead of hanging
        page_url = f"{url}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(page_url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_json()
        found.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return found
        if between is not None:
            between()
    pytest.fail("the list never ended")


def post_at_once(
    app: Flask, url: str, body: dict[str, Any], headers: dict[str, str], times: int = 4
) -> list[tuple[int, dict[str, Any], str | None]]:
    """The same POST from ``times`` threads released together: each answer's status,
    JSON body and Idempotent-Replayed header."""
    start = threading.Barrier(times)
    answers: list[tuple[int, dict[str, Any], str | None]] = []

    def send() -> None:
        client = app.test_client()
        start.wait()
        response = client.post(url, json=body, headers=headers)
        answers.append(
            (response.status_code, response.get_json(), response.headers.get("Idempotent-Replayed"))
        )

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers
