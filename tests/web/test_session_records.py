"""A copy of a session cookie stops working once that session is ended.

The cookie is signed, not stored: without the server-side record a copy taken before
sign-out would work until it timed out. Each test copies the cookie (and a CSRF token
that goes with it), ends the session, puts the copy back and tries to use it.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hiring.accounts import services
from hiring.accounts.models import UserSession
from hiring.candidates.models import Candidate
from hiring.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, post_form

COOKIE = "hiring_session"
NEW_CANDIDATE = {"name": "Grace Hopper", "email": "grace@example.com", "source": "referral"}


def copy_session(client) -> tuple[str, str]:
    """The cookie's value and a CSRF token of that session, as a thief would keep them."""
    token = csrf_token(client, "/candidates/new")
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value, token


def replay(client, copied: tuple[str, str]):
    """Put the copied cookie back and use it: read a page, then try to add a candidate."""
    value, token = copied
    client.set_cookie(COOKIE, value)
    page = client.get("/candidates")
    client.set_cookie(COOKIE, value)
    created = client.post("/candidates/new", data={**NEW_CANDIDATE, "csrf_token": token})
    return page, created


def candidate_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Candidate.id))) or 0


def assert_refused(app, page, created) -> None:
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert created.status_code == 302 and created.headers["Location"].startswith("/login")
    assert candidate_count(app) == 0


def test_the_copy_works_while_the_session_is_open(app, client, users):
    login(client, users["recruiter"])
    copied = copy_session(client)
    page, created = replay(app.test_client(), copied)
    assert page.status_code == 200
    assert created.status_code == 302 and created.headers["Location"].startswith("/candidates/")
    assert candidate_count(app) == 1


def test_a_cookie_copied_before_sign_out_is_refused_after(app, client, users):
    login(client, users["recruiter"])
    copied = copy_session(client)
    assert post_form(client, "/logout").status_code == 302
    assert_refused(app, *replay(app.test_client(), copied))


def test_sign_out_ends_only_that_session(app, users):
    first, second = app.test_client(), app.test_client()
    login(first, users["recruiter"])
    login(second, users["recruiter"])
    post_form(first, "/logout")
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 200


def test_a_cookie_copied_before_sign_out_everywhere_is_refused_after(app, client, users):
    login(client, users["recruiter"])
    copied = copy_session(client)
    assert post_form(client, "/account/sessions/revoke").status_code == 302
    assert_refused(app, *replay(app.test_client(), copied))
    with app.app_context():
        open_records = db.session.scalars(
            select(UserSession).where(UserSession.ended_at.is_(None))
        ).all()
    assert open_records == []


def test_a_cookie_copied_before_a_password_change_is_refused_after(app, client, users):
    login(client, users["recruiter"])
    copied = copy_session(client)
    new = "an entirely new passphrase"
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert client.get("/candidates").status_code == 200  # this browser got a new session
    assert_refused(app, *replay(app.test_client(), copied))


def test_a_cookie_copied_before_deactivation_is_refused_even_after_reactivation(app, client, users):
    login(client, users["recruiter"])
    copied = copy_session(client)
    with app.app_context():
        admin = services.get_user(users["admin"].id)
        services.deactivate_user(admin, users["recruiter"].id, expected_version=None)
        services.reactivate_user(admin, users["recruiter"].id, expected_version=None)
    assert_refused(app, *replay(app.test_client(), copied))


def test_only_a_digest_of_the_cookie_secret_is_stored(app, client, users):
    login(client, users["recruiter"])
    with client.session_transaction() as session:
        secret = session["sid"]
    with app.app_context():
        record = db.session.scalar(select(UserSession))
    assert record is not None and record.user_id == users["recruiter"].id
    assert secret not in record.token_hash and len(record.token_hash) == 64
