"""GET /api/v1/me: bearer-token authentication and problem+json errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from hiring import policy
from hiring.accounts import api_tokens, services
from hiring.accounts.models import ApiToken
from hiring.extensions import db
from tests.api.conftest import API, TokenRef, assert_problem
from tests.conftest import UserRef, login, make_user

ME = f"{API}/me"


def assert_unauthorized(response: TestResponse) -> dict[str, Any]:
    body = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    return body


# --- success -------------------------------------------------------------------------


def test_me_describes_the_owner_of_the_token(
    client: FlaskClient, api_token: TokenRef, api_user: UserRef
) -> None:
    response = client.get(ME, headers=api_token.headers)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "id": api_user.id,
        "email": "api.user@example.com",
        "name": "Api User",
        "roles": ["recruiter"],
        "active": True,
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_me_lists_every_role_sorted(
    app: Flask, client: FlaskClient, make_token: Callable[..., TokenRef]
) -> None:
    user = make_user(app, ("recruiter", "admin", "interviewer"))

    response = client.get(ME, headers=make_token(user).headers)

    assert response.status_code == 200
    assert response.get_json()["roles"] == ["admin", "interviewer", "recruiter"]


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter", "interviewer"])
def test_every_role_may_use_the_api(
    client: FlaskClient, users: dict[str, UserRef], make_token: Callable[..., TokenRef], role: str
) -> None:
    response = client.get(ME, headers=make_token(users[role]).headers)

    assert response.status_code == 200
    assert response.get_json()["id"] == users[role].id


def test_the_scheme_name_is_case_insensitive(client: FlaskClient, api_token: TokenRef) -> None:
    # RFC 9110 section 11.1: authentication schemes are case-insensitive.
    response = client.get(ME, headers={"Authorization": f"bearer {api_token.secret}"})

    assert response.status_code == 200


def test_using_a_token_records_when_it_was_last_used(
    app: Flask, client: FlaskClient, api_token: TokenRef
) -> None:
    client.get(ME, headers=api_token.headers)

    with app.app_context():
        assert db.session.get(ApiToken, api_token.id).last_used_at is not None


# --- 401: no usable credentials ------------------------------------------------------


def test_no_token_is_401_problem_json_with_a_bearer_challenge(client: FlaskClient) -> None:
    response = client.get(ME)

    body = assert_unauthorized(response)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert body["title"]
    assert "Bearer" in body["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "Basic YXBpLnVzZXJAZXhhbXBsZS5jb206c2VjcmV0",
        "Token {secret}",
        "{secret}",
        "Bearer\t{secret}",
    ],
    ids=[
        "empty",
        "scheme-only",
        "scheme-and-space",
        "blank-token",
        "basic",
        "other-scheme",
        "no-scheme",
        "tab-separator",
    ],
)
def test_malformed_authorization_header_is_401(
    client: FlaskClient, api_token: TokenRef, header: str
) -> None:
    response = client.get(ME, headers={"Authorization": header.format(secret=api_token.secret)})

    assert_unauthorized(response)


@pytest.mark.parametrize(
    "secret",
    [
        "hk_" + "A" * 43,  # right shape, never issued
        "not-a-hiring-token",
        "hk_",
    ],
)
def test_unknown_token_is_401_invalid_token(
    client: FlaskClient, api_token: TokenRef, secret: str
) -> None:
    response = client.get(ME, headers={"Authorization": f"Bearer {secret}"})

    body = assert_unauthorized(response)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "not valid" in body["detail"]


def test_a_token_with_a_character_changed_is_401(client: FlaskClient, api_token: TokenRef) -> None:
    last = api_token.secret[-1]
    tampered = api_token.secret[:-1] + ("A" if last != "A" else "B")

    assert_unauthorized(client.get(ME, headers={"Authorization": f"Bearer {tampered}"}))


def test_revoked_token_is_401(app: Flask, client: FlaskClient, api_token: TokenRef) -> None:
    assert client.get(ME, headers=api_token.headers).status_code == 200
    with app.app_context():
        api_tokens.revoke_api_token(services.get_user(api_token.user.id), api_token.id)

    response = client.get(ME, headers=api_token.headers)

    assert_unauthorized(response)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoking_one_token_leaves_the_others_working(
    app: Flask, client: FlaskClient, api_user: UserRef, make_token: Callable[..., TokenRef]
) -> None:
    revoked, kept = make_token(api_user, "laptop"), make_token(api_user, "ci")
    with app.app_context():
        api_tokens.revoke_api_token(services.get_user(api_user.id), revoked.id)

    assert client.get(ME, headers=revoked.headers).status_code == 401
    assert client.get(ME, headers=kept.headers).status_code == 200


def test_token_of_a_deactivated_user_is_401(
    app: Flask, client: FlaskClient, users: dict[str, UserRef], make_token: Callable[..., TokenRef]
) -> None:
    token = make_token(users["recruiter"])
    assert client.get(ME, headers=token.headers).status_code == 200
    with app.app_context():
        admin = services.get_user(users["admin"].id)
        services.deactivate_user(admin, users["recruiter"].id, expected_version=None)

    response = client.get(ME, headers=token.headers)

    assert_unauthorized(response)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_browser_session_does_not_authenticate_the_api(
    client: FlaskClient, api_user: UserRef
) -> None:
    login(client, api_user)
    assert client.get("/account").status_code == 200  # the session itself works

    response = client.get(ME)

    assert_unauthorized(response)


def test_a_session_cookie_does_not_help_a_bad_token(client: FlaskClient, api_user: UserRef) -> None:
    login(client, api_user)

    response = client.get(ME, headers={"Authorization": "Bearer hk_not-a-real-token"})

    assert_unauthorized(response)


# --- 403 -----------------------------------------------------------------------------


def test_an_account_the_policy_keeps_from_the_api_gets_403(
    client: FlaskClient, api_token: TokenRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every role may use the API today; the policy check is still enforced and documented.
    real_can = policy.can

    def can(user: Any, action: policy.Action, target: Any = None) -> bool:
        if action is policy.Action.USE_API:
            return False
        return real_can(user, action, target)

    monkeypatch.setattr(policy, "can", can)

    response = client.get(ME, headers=api_token.headers)

    body = assert_problem(response, 403)
    assert "may not use the API" in body["detail"]


# --- routing errors are problem+json too ---------------------------------------------


@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "with-token"])
def test_unknown_api_path_is_404_problem_json(
    client: FlaskClient, api_token: TokenRef, authenticated: bool
) -> None:
    headers = api_token.headers if authenticated else {}

    response = client.get(f"{API}/nope", headers=headers)

    assert_problem(response, 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "with-token"])
def test_wrong_method_is_405_problem_json_with_allow(
    client: FlaskClient, api_token: TokenRef, method: str, authenticated: bool
) -> None:
    headers = api_token.headers if authenticated else {}

    response = client.open(ME, method=method, headers=headers)

    assert_problem(response, 405)
    allowed = {item.strip() for item in response.headers["Allow"].split(",")}
    assert "GET" in allowed
    assert method not in allowed


def test_post_without_csrf_token_is_405_not_a_csrf_error(client: FlaskClient) -> None:
    # The API is exempt from CSRF protection: it authenticates with a header, not a cookie.
    response = client.post(ME, json={})

    assert_problem(response, 405)
