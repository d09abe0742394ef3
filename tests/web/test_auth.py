from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hiring.accounts import services
from hiring.audit import AuditEvent
from hiring.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, make_user, post_form


def audit_actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_sign_in_lands_on_the_dashboard_and_is_audited(app, client, users):
    login(client, users["recruiter"])
    page = client.get("/")
    assert page.status_code == 200
    assert "Welcome, " + users["recruiter"].name in page.get_data(as_text=True)
    assert "auth.login" in audit_actions(app)


def test_wrong_password_keeps_the_email_and_says_what_failed(app, client, users):
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": users["admin"].email, "password": "not the password", "csrf_token": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Email or password is incorrect." in html
    assert f'value="{users["admin"].email}"' in html
    assert "not the password" not in html
    assert "auth.login_failed" in audit_actions(app)


def test_unknown_account_gets_the_same_message(client, users):
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": "nobody@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_inactive_user_cannot_sign_in(app, client):
    user = make_user(app, ("recruiter",), active=False)
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401


def test_email_is_matched_without_regard_to_case(client, users):
    user = users["interviewer"]
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": user.email.upper(), "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_failed_sign_ins_are_limited_per_account(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    user = make_user(app, ("recruiter",))
    client = app.test_client()
    token = csrf_token(client)
    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": "wrong guess!!", "csrf_token": token}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    blocked = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in html
    assert f'value="{user.email}"' in html
    # Another account from the same address is not blocked by this account's limit.
    other = make_user(app, ("interviewer",))
    ok = client.post(
        "/login", data={"email": other.email, "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302


def test_failed_sign_ins_are_limited_per_address(make_app):
    app = make_app(LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes")
    client = app.test_client()
    token = csrf_token(client)
    statuses = [
        client.post(
            "/login",
            data={
                "email": f"guess{i}@example.com",
                "password": "wrong guess!!",
                "csrf_token": token,
            },
        ).status_code
        for i in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_successful_sign_ins_do_not_use_up_the_limit(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    user = make_user(app, ("recruiter",))
    for _ in range(4):
        client = app.test_client()
        login(client, user)


def test_session_contents_are_replaced_at_sign_in(client, users):
    csrf_token(client)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        before = dict(session)
    login(client, users["admin"])
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid") and session.get("sid") != before.get("sid")
        assert session.permanent


def test_session_cookie_flags(client, users):
    login(client, users["admin"])
    response = client.get("/")
    cookie = client.get_cookie("hiring_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure
    assert response.status_code == 200


def test_session_cookie_is_secure_over_https(app, users):
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"email": users["admin"].email, "password": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},  # CSRF checks the referrer over HTTPS
    )
    assert response.status_code == 302
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    set_cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_idle_sessions_expire(app, client, users):
    login(client, users["admin"])
    with client.session_transaction() as session:
        session["seen_at"] = (datetime.now(UTC) - timedelta(minutes=31)).timestamp()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sessions_end_at_the_absolute_timeout_even_when_active(app, client, users):
    login(client, users["admin"])
    with client.session_transaction() as session:
        session["signed_in_at"] = (datetime.now(UTC) - timedelta(hours=12, minutes=1)).timestamp()
    response = client.get("/")
    assert response.status_code == 302


def test_deactivating_a_user_ends_their_sessions(app, client, users):
    login(client, users["recruiter"])
    assert client.get("/").status_code == 200
    with app.app_context():
        admin = services.get_user(users["admin"].id)
        services.deactivate_user(admin, users["recruiter"].id, expected_version=None)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sign_out_everywhere_ends_every_session(app, users):
    first, second = app.test_client(), app.test_client()
    login(first, users["hiring_manager"])
    login(second, users["hiring_manager"])
    response = post_form(first, "/account/sessions/revoke")
    assert response.status_code == 302
    assert second.get("/").status_code == 302
    assert first.get("/").status_code == 302
    assert "auth.sessions_revoked" in audit_actions(app)


def test_logout_is_a_post_and_ends_the_session(client, users):
    login(client, users["admin"])
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    response = post_form(client, "/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_logout_without_csrf_token_is_refused(client, users):
    login(client, users["admin"])
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200


def test_after_sign_in_only_local_next_urls_are_followed(client, users):
    user = users["admin"]
    for target, expected in (
        ("/admin/users", "/admin/users"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
    ):
        client.get("/login")
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["Location"] == expected
        post_form(client, "/logout")


def test_protected_page_redirects_to_sign_in_with_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_change_password_keeps_this_session_and_ends_others(app, users):
    mine, other = app.test_client(), app.test_client()
    user = users["interviewer"]
    login(mine, user)
    login(other, user)
    response = post_form(
        mine,
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert mine.get("/").status_code == 200
    assert other.get("/").status_code == 302
    fresh = app.test_client()
    token = csrf_token(fresh)
    ok = fresh.post(
        "/login",
        data={"email": user.email, "password": "a brand new passphrase", "csrf_token": token},
    )
    assert ok.status_code == 302


def test_change_password_errors_sit_next_to_their_fields(client, users):
    login(client, users["interviewer"])
    response = post_form(
        client,
        "/account/password",
        {"current_password": "wrong one", "password": "short", "confirm": "different"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your current password is incorrect." in html
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "password1234", "confirm": "password1234"},
    )
    assert "commonly used" in response.get_data(as_text=True)
    response = post_form(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "long enough phrase",
            "confirm": "different one",
        },
    )
    assert "The two passwords do not match." in response.get_data(as_text=True)


def test_an_invitation_lets_the_user_choose_a_password_once(app, client):
    with app.app_context():
        created = services.create_user(
            None, email="new@example.com", name="New Person", roles=["interviewer"]
        )
        token = created.invitation_token
    assert token
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 200 and "Welcome, New Person" in page.get_data(as_text=True)
    weak = post_form(client, f"/invitations/{token}", {"password": "short", "confirm": "short"})
    assert weak.status_code == 422
    assert "Use at least 12 characters." in weak.get_data(as_text=True)
    done = post_form(
        client,
        f"/invitations/{token}",
        {"password": "my own good phrase", "confirm": "my own good phrase"},
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200
    assert app.test_client().get(f"/invitations/{token}").status_code == 404


def test_expired_invitation_is_refused(app, client):
    with app.app_context():
        created = services.create_user(
            None, email="late@example.com", name="Late Person", roles=["recruiter"]
        )
        user = services.get_user(created.user.id)
        user.invitation_expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    response = client.get(f"/invitations/{created.invitation_token}")
    assert response.status_code == 404
    assert "expired" in response.get_data(as_text=True)
