"""Signing in and out, invitations, and the signed-in user's own account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from hiring import audit, policy, ratelimits
from hiring.accounts import api_tokens, own_account, services, sessions, sign_in
from hiring.accounts.forms import (
    ActionForm,
    ChangePasswordForm,
    LoginForm,
    SetPasswordForm,
    TimeZoneForm,
    TokenForm,
)
from hiring.domain import DomainError, NotFound, ValidationFailed
from hiring.extensions import limiter
from hiring.policy import Action
from hiring.time_zones import zone_label
from hiring.web import attach_errors, permission_required, safe_next_url

auth = Blueprint("auth", __name__)
account = Blueprint("account", __name__, url_prefix="/account")


def _sign_in_failed(response: object) -> bool:
    # Only failed attempts count towards the limits; a successful sign-in redirects.
    return getattr(response, "status_code", 200) != 302


def _attempted_account() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))


@auth.errorhandler(429)
def login_rate_limited(_exc: Exception) -> ResponseReturnValue:
    """The sign-in page again, saying why and for how long, instead of an error page."""
    form = LoginForm()
    form.password.data = ""
    form.form_errors.append(
        "Too many failed sign-in attempts for this account or from this network. "
        "Wait 15 minutes and try again, or ask an admin to check your account."
    )
    wait = ratelimits.breached_limit_retry_after()
    headers = {"Retry-After": str(wait)} if wait is not None else {}
    return render_template("auth/login.html", form=form), 429, headers


@auth.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_sign_in_failed,
    scope="login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_attempted_account,
    methods=["POST"],
    deduct_when=_sign_in_failed,
    scope="login-account",
)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        try:
            user = sign_in.authenticate(form.email.data or "", form.password.data or "")
        except sign_in.InvalidCredentials as exc:
            form.form_errors.append(exc.message)
        else:
            sessions.start_session(user)
            return redirect(safe_next_url(form.next.data) or url_for("dashboard.index"))
    status = 200 if request.method == "GET" or not form.errors else 422
    if form.form_errors:
        status = 401
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


@auth.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    form = ActionForm()
    if form.validate_on_submit():
        sign_in.record_logout(
            current_user._get_current_object(),  # type: ignore[attr-defined]
            sessions.current_secret(),
        )
        sessions.end_session()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@auth.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    try:
        invited = services.user_for_invitation(token)
    except NotFound as exc:
        return render_template("auth/invitation_invalid.html", message=exc.message), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(
                token, form.password.data or "", form.confirm.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            sessions.start_session(user)
            flash("Your password is set and you are signed in.", "success")
            return redirect(url_for("dashboard.index"))
    return render_template("auth/invitation.html", form=form, invited=invited), (
        422 if form.errors else 200
    )


# --- the signed-in user's account ---------------------------------------------------


def _render_account(
    *,
    password_form: ChangePasswordForm | None = None,
    token_form: TokenForm | None = None,
    time_zone_form: TimeZoneForm | None = None,
    new_token: api_tokens.NewToken | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    recent = audit.list_events(audit.AuditFilter(actor_id=user.id), per_page=10)
    return (
        render_template(
            "account/profile.html",
            user=user,
            password_form=password_form or ChangePasswordForm(formdata=None),
            token_form=token_form or TokenForm(formdata=None),
            time_zone_form=time_zone_form or TimeZoneForm(formdata=None, time_zone=user.time_zone),
            action_form=ActionForm(),
            tokens=api_tokens.list_api_tokens(user),
            open_sessions=own_account.open_sessions(
                user,
                sessions.current_secret(),
                lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"],
                idle_timeout=current_app.config["SESSION_IDLE_TIMEOUT"],
            ),
            new_token=new_token,
            recent=recent.events,
        ),
        status,
    )


@account.get("")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def profile() -> ResponseReturnValue:
    return _render_account()


@account.post("/password")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            own_account.change_password(
                user,
                form.current_password.data or "",
                form.password.data or "",
                form.confirm.data or "",
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            sessions.refresh_after_password_change(user)
            flash("Password changed. Your other sessions were signed out.", "success")
            return redirect(url_for("account.profile"))
    return _render_account(password_form=form, status=422)


@account.post("/time-zone")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def change_time_zone() -> ResponseReturnValue:
    form = TimeZoneForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            own_account.set_time_zone(user, form.time_zone.data or "")
        except ValidationFailed as exc:
            attach_errors(form, exc)
            form.keep_refused()
        else:
            if user.time_zone:
                flash(f"Times are now shown in {zone_label(user.time_zone)}.", "success")
            else:
                flash("Times now follow your browser's time zone.", "success")
            return redirect(url_for("account.profile"))
    return _render_account(time_zone_form=form, status=422)


@account.post("/tokens")
@permission_required(Action.USE_API)
def create_token() -> ResponseReturnValue:
    form = TokenForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            new_token = api_tokens.create_api_token(user, form.name.data or "")
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            # Shown once, in this response only: the token is stored hashed.
            return _render_account(new_token=new_token, status=201)
    return _render_account(token_form=form, status=422)


@account.post("/tokens/<int:token_id>/revoke")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def revoke_token(token_id: int) -> ResponseReturnValue:
    form = ActionForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            token = api_tokens.revoke_api_token(user, token_id)
        except DomainError as exc:
            if exc.status in (403, 404):
                return render_template(
                    "errors/error.html",
                    status=404,
                    title="Not found",
                    message="There is no such token.",
                ), 404
            raise
        flash(f"Token {token.name!r} revoked; it no longer works.", "success")
    return redirect(url_for("account.profile"))


@account.post("/sessions/<int:session_id>/revoke")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def sign_out_session(session_id: int) -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate_on_submit():
        flash("The form was incomplete; reload the page and try again.", "danger")
        return redirect(url_for("account.profile"))
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    # Another person's session is NotFound (404), as if it did not exist.
    ended = own_account.sign_out_session(user, session_id, sessions.current_secret())
    if ended.was_current:
        sessions.end_session()
        flash("You are signed out.", "info")
        return redirect(url_for("auth.login"))
    if ended.already_ended:
        flash(f"That session ({ended.browser}) had already ended.", "info")
    else:
        flash(f"Signed out the session on {ended.browser}; it no longer works.", "success")
    return redirect(url_for("account.profile", _anchor="sessions"))


@account.post("/sessions/revoke")
@permission_required(Action.MANAGE_OWN_ACCOUNT)
def sign_out_everywhere() -> ResponseReturnValue:
    form = ActionForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        own_account.sign_out_everywhere(user)
        sessions.end_session()
        flash("You are signed out of every session, this one included.", "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.profile"))


__all__ = ["account", "auth", "policy"]
