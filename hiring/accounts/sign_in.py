"""Signing in and out, and who a browser session belongs to.

Every attempt is logged and audited, failed ones included, with the reason kept out of
what the person is told. ``sessions`` holds the cookie side: timeouts and revocation.
"""

from __future__ import annotations

import logging

from hiring import audit
from hiring.accounts.credentials import hash_parameters
from hiring.accounts.models import User
from hiring.accounts.passwords import hash_password, needs_rehash, verify_password
from hiring.accounts.services import find_user_by_email, normalise_email, users_with_roles
from hiring.database import utcnow
from hiring.domain import DomainError
from hiring.extensions import db

log = logging.getLogger("hiring.auth")


class InvalidCredentials(DomainError):
    status = 401
    title = "Unauthorized"


def load_session_user(user_id: int, session_version: int) -> User | None:
    """The signed-in user of a session, or None when the session was revoked."""
    user = db.session.scalar(users_with_roles().where(User.id == user_id))
    if user is None or not user.active or user.session_version != session_version:
        return None
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for valid credentials; log and audit every attempt."""
    address = normalise_email(email)
    user = find_user_by_email(address)
    parameters = hash_parameters()
    ok = verify_password(user.password_hash if user else None, password, parameters)
    if not ok or user is None or not user.active:
        reason = "unknown account" if user is None else "inactive account" if ok else "bad password"
        log.warning("sign-in failed for %s: %s", address, reason)
        audit.record(
            user,
            "auth.login_failed",
            "user",
            user.id if user else None,
            f"Failed sign-in for {address}",
            {"reason": reason},
            actor_email=address,
        )
        db.session.commit()
        raise InvalidCredentials("Email or password is incorrect.")
    if user.password_hash and needs_rehash(user.password_hash, parameters):
        user.password_hash = hash_password(password, parameters)
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", "user", user.id, f"{user.email} signed in")
    db.session.commit()
    log.info("sign-in succeeded for %s", address)
    return user


def record_logout(user: User) -> None:
    audit.record(user, "auth.logout", "user", user.id, f"{user.email} signed out")
    db.session.commit()
