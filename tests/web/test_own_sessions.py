"""The account page lists where one is signed in, and signs out any one of those
sessions; nobody can end, or even confirm, another person's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hiring.accounts.models import UserSession
from hiring.audit import AuditEvent
from hiring.database import utcnow
from hiring.extensions import db
from tests.conftest import login, post_form

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def browser(app, user, user_agent: str):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    login(client, user)
    return client


def session_ids(app, user_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(UserSession.id)
                .where(UserSession.user_id == user_id)
                .order_by(UserSession.id)
            )
        )


def listed(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'data-session="(\d+)"', html)]


def test_the_account_page_lists_each_open_session_and_marks_this_one(app, users):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    browser(app, person, SAFARI)
    laptop_id, phone_id = session_ids(app, person.id)

    html = laptop.get("/account").get_data(as_text=True)

    assert sorted(listed(html)) == [laptop_id, phone_id]
    assert "Firefox on Linux" in html and "Safari on iOS" in html
    assert "127.0.0.1" in html
    row = html[html.index(f'data-session="{laptop_id}"') :].split("</li>")[0]
    assert 'data-testid="this-session"' in row
    other = html[html.index(f'data-session="{phone_id}"') :].split("</li>")[0]
    assert 'data-testid="this-session"' not in other
    assert f'action="/account/sessions/{phone_id}/revoke"' in other
    assert 'name="csrf_token"' in other
    # Someone else's sessions are not theirs to see.
    browser(app, users["admin"], FIREFOX)
    assert len(listed(laptop.get("/account").get_data(as_text=True))) == 2


def test_signing_out_another_session_ends_it_there_at_once(app, users):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    phone = browser(app, person, SAFARI)
    _, phone_id = session_ids(app, person.id)
    assert phone.get("/").status_code == 200

    response = post_form(laptop, f"/account/sessions/{phone_id}/revoke")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account#sessions"
    page = laptop.get("/account").get_data(as_text=True)
    assert "Signed out the session on Safari on iOS; it no longer works." in page
    assert phone_id not in listed(page)
    ended = phone.get("/")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/login")
    assert laptop.get("/").status_code == 200
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.session_ended")
        ).one()
        assert event.actor_id == person.id and "Safari on iOS" in event.summary
        assert event.details == {"session_id": phone_id}


def test_signing_out_this_session_signs_this_browser_out(app, users):
    person = users["interviewer"]
    laptop = browser(app, person, FIREFOX)
    (laptop_id,) = session_ids(app, person.id)

    response = post_form(laptop, f"/account/sessions/{laptop_id}/revoke")

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert laptop.get("/").headers["Location"].startswith("/login")


def test_a_session_already_ended_is_said_so(app, users):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    phone = browser(app, person, SAFARI)
    _, phone_id = session_ids(app, person.id)
    post_form(phone, "/logout")

    response = post_form(laptop, f"/account/sessions/{phone_id}/revoke", follow_redirects=True)

    assert response.status_code == 200
    assert "That session (Safari on iOS) had already ended." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "recruiter", "interviewer"])
def test_another_persons_session_is_404_and_keeps_working(app, users, role):
    owner = browser(app, users["hiring_manager"], FIREFOX)
    (owner_session,) = session_ids(app, users["hiring_manager"].id)
    someone = browser(app, users[role], SAFARI)

    response = post_form(someone, f"/account/sessions/{owner_session}/revoke")

    assert response.status_code == 404
    assert "Firefox" not in response.get_data(as_text=True)
    assert owner.get("/").status_code == 200
    assert post_form(someone, "/account/sessions/999999/revoke").status_code == 404


def test_without_the_csrf_token_nothing_is_signed_out(app, users):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    phone = browser(app, person, SAFARI)
    _, phone_id = session_ids(app, person.id)

    response = laptop.post(f"/account/sessions/{phone_id}/revoke", data={})

    assert response.status_code in (302, 400)
    assert phone.get("/").status_code == 200


def test_ended_and_timed_out_sessions_are_not_listed(app, users):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    signed_out = browser(app, person, SAFARI)
    post_form(signed_out, "/logout")
    browser(app, person, SAFARI)
    browser(app, person, SAFARI)
    laptop_id, _, idle_id, old_id = session_ids(app, person.id)
    now = utcnow()
    with app.app_context():
        idle = app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=10)
        lifetime = app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1)
        db.session.execute(
            update(UserSession).where(UserSession.id == idle_id).values(last_seen_at=now - idle)
        )
        db.session.execute(
            update(UserSession).where(UserSession.id == old_id).values(created_at=now - lifetime)
        )
        db.session.commit()

    assert listed(laptop.get("/account").get_data(as_text=True)) == [laptop_id]


def test_the_account_page_runs_the_same_queries_for_1_or_15_sessions(app, users, count_queries):
    person = users["recruiter"]
    laptop = browser(app, person, FIREFOX)
    laptop.get("/account")
    with count_queries() as few:
        assert laptop.get("/account").status_code == 200
    for _ in range(14):
        browser(app, person, SAFARI)
    with count_queries() as many:
        html = laptop.get("/account").get_data(as_text=True)
    assert len(listed(html)) == 15
    assert many.count == few.count, many.statements
