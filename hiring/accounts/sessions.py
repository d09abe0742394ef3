"""Browser sessions: who is signed in, for how long, and how sessions are revoked.

The session lives in a signed cookie. It carries the user's id, the user's session
version at sign-in, the secret of its server-side record (``session_records``), when
the user signed in and when they were last seen:

- idle timeout (``SESSION_IDLE_TIMEOUT``): no request for that long ends the session;
- absolute timeout (``PERMANENT_SESSION_LIFETIME``): a session ends that long after
  sign-in, however active;
- revocation: the user loader needs the cookie's record to be open, so signing out
  (this record) and deactivation, "sign out everywhere" or a password change (every
  record of the user, and a bumped ``User.session_version``) make every copy of the
  cookie worthless at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, flash, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager, current_user, login_user, logout_user

from hiring.accounts import session_records
from hiring.accounts.models import User
from hiring.accounts.sign_in import load_session_user
from hiring.web import is_sessionless_request

SEEN_GRANULARITY = timedelta(seconds=60)


class SessionInterface(SecureCookieSessionInterface):
    """Mark the cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        over_https = has_request_context() and request.is_secure
        return bool(app.config["SESSION_COOKIE_SECURE"] or over_https)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # Health probes never set (or refresh) a session cookie.
        if is_sessionless_request():
            return
        super().save_session(app, session, response)


def _now() -> datetime:
    return datetime.now(UTC)


def init_app(app: Flask, login_manager: LoginManager) -> None:
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # revocation is handled by session records
    login_manager.user_loader(load_user)
    app.before_request(enforce_timeouts)


def load_user(identifier: str) -> User | None:
    user_id, _, version = identifier.partition(":")
    secret = session.get("sid")
    if not (user_id.isdigit() and version.isdigit() and isinstance(secret, str) and secret):
        return None
    lifetime: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    found = load_session_user(int(user_id), int(version), secret, signed_in_after=_now() - lifetime)
    if found is None:
        return None
    return found[0]


def start_session(user: User) -> None:
    """Sign the user in with a fresh session: nothing from before sign-in survives."""
    session.clear()
    login_user(user)
    session.permanent = True
    now = _now().timestamp()
    session["signed_in_at"] = now
    session["seen_at"] = now
    session["sid"] = session_records.open_session(
        user,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=request.remote_addr,
    )


def current_secret() -> str:
    return str(session.get("sid") or "")


def end_session() -> None:
    """Forget the session in this browser (the record is ended by the caller's service)."""
    logout_user()
    session.clear()


def enforce_timeouts() -> None:
    if "_user_id" not in session or request.endpoint == "static" or is_sessionless_request():
        return
    now = _now()
    signed_in_at = _timestamp(session.get("signed_in_at"))
    seen_at = _timestamp(session.get("seen_at"))
    config: dict[str, Any] = current_app.config  # type: ignore[assignment]
    expired = (
        signed_in_at is None
        or seen_at is None
        or now - signed_in_at > config["PERMANENT_SESSION_LIFETIME"]
        or now - seen_at > config["SESSION_IDLE_TIMEOUT"]
    )
    if expired:
        end_session()
        flash("Your session has expired. Please sign in again.", "info")
        return
    if seen_at is not None and now - seen_at > SEEN_GRANULARITY:
        session["seen_at"] = now.timestamp()


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value, UTC)


def refresh_after_password_change(user: User) -> None:
    """Keep this session alive after the password change that revoked all others."""
    start_session(user)


__all__ = ["current_user", "end_session", "init_app", "start_session"]
