"""Signing in and out, and who a browser session belongs to.

Every attempt is logged and audited, failed ones included, with the reason kept out of
what the person is told. ``sessions`` holds the cookie side: timeouts and revocation.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring import audit
from hiring.accounts import session_records
from hiring.accounts.credentials import hash_parameters, secret_digest
from hiring.accounts.models import User, UserSession
from hiring.accounts.passwords import hash_password, needs_rehash, verify_password
from hiring.accounts.services import find_user_by_email, normalise_email
from hiring.database import utcnow
from hiring.domain import DomainError
from hiring.extensions import db

log = logging.getLogger("hiring.auth")


class InvalidCredentials(DomainError):
    status = 401
    title = "Unauthorized"


def load_session_user(
    user_id: int, session_version: int, secret: str, *, signed_in_after: datetime
) -> tuple[User, UserSession] | None:
    """The signed-in user and session record of a cookie, or None once it has ended.

    One query for both (plus the role grants), so checking the record costs nothing.
    """
    row = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .options(selectinload(User.role_grants))
        .where(
            User.id == user_id,
            UserSession.token_hash == secret_digest(secret),
            UserSession.ended_at.is_(None),
            UserSession.created_at > signed_in_after,
        )
    ).first()
    if row is None:
        return None
    user, record = row
    if not user.active or user.session_version != session_version:
        return None
    session_records.note_activity(record)
    return user, record


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


def record_logout(user: User, secret: str) -> None:
    session_records.close_session(secret)
    audit.record(user, "auth.logout", "user", user.id, f"{user.email} signed out")
    db.session.commit()
