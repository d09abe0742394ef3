"""Admin pages: users (create, invite, change roles, deactivate) and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import SelectChoice

from hiring import audit
from hiring.accounts import services
from hiring.accounts.forms import (
    AuditFilterForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    VersionedActionForm,
)
from hiring.domain import Conflict, ValidationFailed
from hiring.policy import Action
from hiring.web import attach_errors, page_number, permission_required

admin = Blueprint("admin", __name__, url_prefix="/admin")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


@admin.get("/users")
@permission_required(Action.MANAGE_USERS)
def users() -> ResponseReturnValue:
    form = UserFilterForm(request.args)
    form.validate()
    filters = services.UserFilter(
        query=form.q.data or "",
        role=form.role.data if not form.role.errors else "",
        status=form.status.data if form.status.data and not form.status.errors else "active",
    )
    result = services.list_users(_actor(), filters, page=page_number())
    return render_template("admin/users.html", form=form, result=result)


@admin.route("/users/new", methods=["GET", "POST"])
@permission_required(Action.MANAGE_USERS)
def create_user() -> ResponseReturnValue:
    form = UserCreateForm()
    if form.validate_on_submit():
        wants_password = form.access.data == "password"
        try:
            created = services.create_user(
                _actor(),
                email=form.email.data or "",
                name=form.name.data or "",
                roles=form.roles.data or [],
                password=(form.password.data or "") if wants_password else None,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            if created.invitation_token:
                link = url_for(
                    "auth.accept_invitation", token=created.invitation_token, _external=True
                )
                return render_template(
                    "admin/user_created.html", user=created.user, invitation_link=link
                ), 201
            flash(f"{created.user.name} can now sign in with the password you set.", "success")
            return redirect(url_for("admin.edit_user", user_id=created.user.id))
    form.password.data = ""
    status = 422 if request.method == "POST" else 200
    return render_template("admin/user_new.html", form=form), status


def _render_edit(user_id: int, form: UserEditForm | None = None, status: int = 200):
    user = services.get_user(user_id)
    if form is None:
        form = UserEditForm(formdata=None, obj=user)
        form.roles.data = sorted(user.roles)
    action_form = VersionedActionForm(formdata=None, version=user.version)
    events = audit.list_events_for_object("user", user.id, limit=20)
    return (
        render_template(
            "admin/user_edit.html", user=user, form=form, action_form=action_form, events=events
        ),
        status,
    )


@admin.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required(Action.MANAGE_USERS)
def edit_user(user_id: int) -> ResponseReturnValue:
    if request.method == "GET":
        return _render_edit(user_id)
    form = UserEditForm()
    if form.validate_on_submit():
        try:
            services.update_user(
                _actor(),
                user_id,
                expected_version=form.version.data,
                name=form.name.data or "",
                roles=form.roles.data or [],
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            # Keep what they typed, show the current version to compare and retry.
            current = services.get_user(user_id)
            form.version.data = current.version
            return _render_edit(user_id, form, status=409)
        else:
            flash("Changes saved.", "success")
            return redirect(url_for("admin.edit_user", user_id=user_id))
    return _render_edit(user_id, form, status=422)


def _user_action(user_id: int, perform, success: str) -> ResponseReturnValue:
    form = VersionedActionForm()
    if form.validate_on_submit():
        try:
            perform(_actor(), user_id, expected_version=form.version.data)
        except ValidationFailed as exc:
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "danger")
            return _render_edit(user_id, status=422)
        except Conflict as exc:
            flash(exc.message, "danger")
            return _render_edit(user_id, status=409)
        flash(success, "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@admin.post("/users/<int:user_id>/deactivate")
@permission_required(Action.MANAGE_USERS)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    return _user_action(
        user_id,
        services.deactivate_user,
        "User deactivated; their sessions and API tokens stopped working.",
    )


@admin.post("/users/<int:user_id>/reactivate")
@permission_required(Action.MANAGE_USERS)
def reactivate_user(user_id: int) -> ResponseReturnValue:
    return _user_action(user_id, services.reactivate_user, "User reactivated.")


@admin.post("/users/<int:user_id>/sign-out")
@permission_required(Action.MANAGE_USERS)
def revoke_sessions(user_id: int) -> ResponseReturnValue:
    return _user_action(user_id, services.revoke_user_sessions, "Signed out of every session.")


@admin.post("/users/<int:user_id>/invitation")
@permission_required(Action.MANAGE_USERS)
def reissue_invitation(user_id: int) -> ResponseReturnValue:
    form = VersionedActionForm()
    if form.validate_on_submit():
        try:
            token = services.reissue_invitation(
                _actor(), user_id, expected_version=form.version.data
            )
        except ValidationFailed as exc:
            flash(exc.message, "danger")
            return _render_edit(user_id, status=422)
        except Conflict as exc:
            flash(exc.message, "danger")
            return _render_edit(user_id, status=409)
        user = services.get_user(user_id)
        link = url_for("auth.accept_invitation", token=token, _external=True)
        return render_template(
            "admin/user_created.html", user=user, invitation_link=link, reissued=True
        )
    return redirect(url_for("admin.edit_user", user_id=user_id))


@admin.get("/audit")
@permission_required(Action.VIEW_AUDIT_LOG)
def audit_log() -> ResponseReturnValue:
    form = AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", "Any action")] + [
        SelectChoice(action) for action in audit.known_actions()
    ]
    form.object_type.choices = [SelectChoice("", "Any object")] + [
        SelectChoice(kind) for kind in audit.known_object_types()
    ]
    form.validate()
    since = form.since.data if not form.since.errors else None
    until = form.until.data if not form.until.errors else None
    filters = audit.AuditFilter(
        actor=form.actor.data or "",
        action=form.action.data if not form.action.errors else "",
        object_type=form.object_type.data if not form.object_type.errors else "",
        since=datetime.combine(since, time.min, UTC) if since else None,
        until=datetime.combine(until, time.min, UTC) + timedelta(days=1) if until else None,
    )
    page = audit.list_events(filters, page=page_number())
    return render_template("admin/audit.html", form=form, page=page)
