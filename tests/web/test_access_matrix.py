"""Every URL, every role (anonymous included), the expected status.

``test_every_route_is_in_the_matrix`` fails when a route is added without deciding
here who may use it.
"""

from __future__ import annotations

import pytest

from hiring.accounts import services
from hiring.extensions import db
from tests.conftest import csrf_token, login, make_user
from tests.web.matrix_common import (
    ADMIN,
    ANON,
    INTERVIEWER,
    MANAGER,
    RECRUITER,
    ROLES,
    SIGNED_IN,
    admin_only,
    everyone,
    signed_in,
)
from tests.web.matrix_jobs import JOBS_MATRIX
from tests.web.matrix_rubrics import RUBRICS_MATRIX

# (method, url, expected status per role). Placeholders are filled per test.
MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/login", {ANON: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    ("POST", "/login", {ANON: 422, **dict.fromkeys(SIGNED_IN, 302)}),
    ("POST", "/logout", everyone(302)),
    ("GET", "/invitations/not-a-real-token", everyone(404)),
    ("POST", "/invitations/not-a-real-token", everyone(404)),
    ("GET", "/", signed_in(200)),
    ("GET", "/account", signed_in(200)),
    ("POST", "/account/password", signed_in(422)),
    ("POST", "/account/tokens", signed_in(422)),
    (
        "POST",
        "/account/tokens/{token_id}/revoke",
        {ANON: 302, ADMIN: 302, MANAGER: 404, RECRUITER: 404, INTERVIEWER: 404},
    ),
    ("POST", "/account/sessions/revoke", signed_in(302)),
    ("GET", "/admin/users", admin_only(200)),
    ("GET", "/admin/users/new", admin_only(200)),
    ("POST", "/admin/users/new", admin_only(422)),
    ("GET", "/admin/users/{user_id}", admin_only(200)),
    ("POST", "/admin/users/{user_id}", admin_only(422)),
    ("POST", "/admin/users/{user_id}/deactivate", admin_only(302)),
    ("POST", "/admin/users/{user_id}/reactivate", admin_only(302)),
    ("POST", "/admin/users/{user_id}/sign-out", admin_only(302)),
    ("POST", "/admin/users/{user_id}/invitation", admin_only(302)),
    ("GET", "/admin/audit", admin_only(200)),
    ("GET", "/api/v1/openapi.json", everyone(200)),
    # A browser session never authenticates the API: only bearer tokens do.
    ("GET", "/api/v1/me", everyone(401)),
    ("GET", "/static/css/app.css", everyone(200)),
    ("GET", "/bootstrap/static/css/bootstrap.min.css", everyone(200)),
    *RUBRICS_MATRIX,
    *JOBS_MATRIX,
]


@pytest.fixture
def placeholders(app, users):
    owner = make_user(app, ("recruiter",))
    with app.app_context():
        owner_user = services.get_user(owner.id)
        token_id = services.create_api_token(owner_user, "owner's token").token.id
        db.session.remove()
    return {"user_id": owner.id, "token_id": token_id}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "url", "expected"), MATRIX, ids=[f"{m} {u}" for m, u, _ in MATRIX]
)
def test_access(app, users, placeholders, role, method, url, expected):
    client = app.test_client()
    if role != ANON:
        login(client, users[role])
    target = url.format(**placeholders)
    if method == "GET":
        response = client.get(target)
    else:
        token = csrf_token(client, "/account" if role != ANON else "/login")
        response = client.post(target, data={"csrf_token": token})
    response.close()
    assert response.status_code == expected[role], f"{role} {method} {target}"


def test_every_route_is_in_the_matrix(app):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, url, _ in MATRIX:
        endpoint, _ = adapter.match(url.format(user_id=1, token_id=1), method=method)
        covered.add((endpoint, method))
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - covered == set(), "add these routes to MATRIX"
