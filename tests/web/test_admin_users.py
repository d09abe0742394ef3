import re

from sqlalchemy import select

from hiring.accounts import services
from hiring.audit import AuditEvent
from hiring.extensions import db
from tests.conftest import csrf_token, login, make_user, post_form


def user_version(app, user_id):
    with app.app_context():
        return services.get_user(user_id).version


def test_admin_creates_a_user_with_a_password(app, client, users):
    login(client, users["admin"])
    response = post_form(
        client,
        "/admin/users/new",
        {
            "name": "Priya Recruiter",
            "email": "Priya@Example.com",
            "roles": ["recruiter", "interviewer"],
            "access": "password",
            "password": "a strong initial phrase",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = services.find_user_by_email("priya@example.com")
        assert user is not None and user.roles == {"recruiter", "interviewer"}
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "user.created", AuditEvent.object_id == str(user.id)
            )
        )
        assert event.actor_email == users["admin"].email and "priya@example.com" in event.summary


def test_admin_invites_a_user_and_sees_the_link_once(app, client, users):
    login(client, users["admin"])
    response = post_form(
        client,
        "/admin/users/new",
        {"name": "Ivan", "email": "ivan@example.com", "roles": ["interviewer"], "access": "invite"},
    )
    assert response.status_code == 201
    link = re.search(r"https?://[^\s<]+/invitations/[\w-]+", response.get_data(as_text=True))
    assert link
    invitee = app.test_client()
    assert invitee.get(link.group(0).split("localhost", 1)[1]).status_code == 200


def test_bad_input_comes_back_filled_in_with_errors_next_to_fields(client, users):
    login(client, users["admin"])
    response = post_form(
        client,
        "/admin/users/new",
        {
            "name": "Dana Duplicate",
            "email": users["recruiter"].email,
            "roles": [],
            "access": "password",
            "password": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Dana Duplicate"' in html
    assert f'value="{users["recruiter"].email}"' in html
    # Each message is rendered inside the field's own group, after its input.
    email_group = re.search(r'<input[^>]+id="email"[^>]*>.*?</div>', html, re.S).group(0)
    assert "A user with this email address already exists." in email_group
    assert "Choose at least one role." in html
    assert "Use at least 12 characters." in html


def test_a_common_password_is_refused_when_an_admin_sets_it(client, users):
    login(client, users["admin"])
    response = post_form(
        client,
        "/admin/users/new",
        {
            "name": "Weak",
            "email": "weak@example.com",
            "roles": ["recruiter"],
            "access": "password",
            "password": "qwerty123456",
        },
    )
    assert response.status_code == 422
    assert "commonly used" in response.get_data(as_text=True)


def test_admin_changes_roles_and_the_change_is_audited(app, client, users):
    login(client, users["admin"])
    target = users["interviewer"]
    response = post_form(
        client,
        f"/admin/users/{target.id}",
        {
            "name": target.name,
            "roles": ["interviewer", "hiring_manager"],
            "version": user_version(app, target.id),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert services.get_user(target.id).roles == {"interviewer", "hiring_manager"}
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.updated"))
        assert "Interviewer -> Hiring manager, Interviewer" in event.summary


def test_two_admins_editing_one_user_get_a_conflict_not_a_lost_update(app, users):
    second_admin = make_user(app, ("admin",))
    first, second = app.test_client(), app.test_client()
    login(first, users["admin"])
    login(second, second_admin)
    target = users["recruiter"]
    version = user_version(app, target.id)
    ok = post_form(
        first,
        f"/admin/users/{target.id}",
        {"name": "Renamed By First", "roles": ["recruiter"], "version": version},
    )
    assert ok.status_code == 302
    stale = post_form(
        second,
        f"/admin/users/{target.id}",
        {"name": target.name, "roles": ["recruiter", "admin"], "version": version},
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "changed by someone else" in html
    # What the second admin typed is still there to re-apply.
    assert f'value="{target.name}"' in html
    with app.app_context():
        user = services.get_user(target.id)
        assert user.name == "Renamed By First" and user.roles == {"recruiter"}


def test_the_last_admin_cannot_lose_the_admin_role(app, client, users):
    admin = users["admin"]
    login(client, admin)
    response = post_form(
        client,
        f"/admin/users/{admin.id}",
        {"name": admin.name, "roles": ["recruiter"], "version": user_version(app, admin.id)},
    )
    assert response.status_code == 422
    assert "At least one active admin must remain" in response.get_data(as_text=True)


def test_deactivate_and_reactivate(app, client, users):
    login(client, users["admin"])
    target = users["hiring_manager"]
    response = post_form(
        client,
        f"/admin/users/{target.id}/deactivate",
        {"version": user_version(app, target.id)},
    )
    assert response.status_code == 302
    page = client.get("/admin/users?status=inactive").get_data(as_text=True)
    assert target.email in page
    response = post_form(
        client,
        f"/admin/users/{target.id}/reactivate",
        {"version": user_version(app, target.id)},
    )
    assert response.status_code == 302
    with app.app_context():
        assert services.get_user(target.id).active
        actions = list(db.session.scalars(select(AuditEvent.action)))
        assert "user.deactivated" in actions and "user.reactivated" in actions


def test_an_admin_cannot_deactivate_themselves(app, client, users):
    admin = users["admin"]
    login(client, admin)
    response = post_form(
        client, f"/admin/users/{admin.id}/deactivate", {"version": user_version(app, admin.id)}
    )
    assert response.status_code == 403
    with app.app_context():
        assert services.get_user(admin.id).active


def test_users_are_never_deleted(app):
    rules = {rule.rule for rule in app.url_map.iter_rules() if "DELETE" in rule.methods}
    assert not any(rule.startswith("/admin/users") for rule in rules)


def test_user_list_filters_and_search(client, users):
    login(client, users["admin"])
    html = client.get("/admin/users?role=recruiter").get_data(as_text=True)
    assert users["recruiter"].email in html and users["interviewer"].email not in html
    html = client.get(f"/admin/users?q={users['interviewer'].name}").get_data(as_text=True)
    assert users["interviewer"].email in html and users["recruiter"].email not in html
    html = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "No users match these filters." in html


def test_admin_signs_a_user_out_everywhere(app, users):
    admin_client, user_client = app.test_client(), app.test_client()
    login(admin_client, users["admin"])
    login(user_client, users["recruiter"])
    target = users["recruiter"]
    response = post_form(
        admin_client,
        f"/admin/users/{target.id}/sign-out",
        {"version": user_version(app, target.id)},
    )
    assert response.status_code == 302
    assert user_client.get("/").status_code == 302


def test_reissuing_an_invitation_replaces_the_old_link(app, client, users):
    with app.app_context():
        created = services.create_user(
            None, email="pending@example.com", name="Pending", roles=["recruiter"]
        )
        pending_id = created.user.id
    old = created.invitation_token
    login(client, users["admin"])
    response = post_form(
        client,
        f"/admin/users/{pending_id}/invitation",
        {"version": user_version(app, pending_id)},
    )
    assert response.status_code == 200
    assert "/invitations/" in response.get_data(as_text=True)
    assert app.test_client().get(f"/invitations/{old}").status_code == 404


def test_csrf_token_is_required_on_admin_forms(client, users):
    login(client, users["admin"])
    csrf_token(client, "/admin/users/new")
    response = client.post(
        "/admin/users/new",
        data={"name": "X", "email": "x@example.com", "roles": ["recruiter"], "access": "invite"},
    )
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
