"""The server-side record of every browser sign-in.

The signed cookie alone cannot be taken back: a copy made before sign-out would keep
working until it times out. So each sign-in opens a ``UserSession`` whose random secret
the cookie carries, and every request needs that record to be open. Signing out ends
this record; signing out everywhere, deactivation and a password change end them all.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from hiring.accounts.credentials import secret_digest
from hiring.accounts.models import User, UserSession
from hiring.database import utcnow
from hiring.extensions import db

log = logging.getLogger("hiring.auth")

# "Last seen" is for people telling their sessions apart, not for the idle timeout
# (the signed cookie enforces that); writing it on every request would turn reads
# into writes.
SEEN_GRANULARITY = timedelta(minutes=5)
USER_AGENT_LENGTH = 200


def open_session(user: User, *, user_agent: str, ip_address: str | None) -> str:
    """Record a new sign-in and return the secret for the cookie (stored hashed)."""
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=secret_digest(secret),
            user_agent=user_agent[:USER_AGENT_LENGTH],
            ip_address=ip_address,
        )
    )
    db.session.commit()
    return secret


def close_session(secret: str) -> None:
    """End the session this cookie secret belongs to; the caller commits."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == secret_digest(secret), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def close_all_sessions(user_id: int) -> None:
    """End every open session of a user; the caller commits."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def note_activity(record: UserSession) -> None:
    now = utcnow()
    if now - record.last_seen_at <= SEEN_GRANULARITY:
        return
    record.last_seen_at = now
    try:
        db.session.commit()
    except OperationalError:  # a busy database must not fail the request for a timestamp
        db.session.rollback()
        log.warning("could not record session activity", exc_info=True)


def open_sessions(
    user_id: int, *, started_after: datetime, seen_after: datetime
) -> list[UserSession]:
    """The user's sessions still open: not ended, signed in after ``started_after`` (the
    absolute timeout) and seen after ``seen_after`` (the idle timeout, less the
    granularity of "last seen"); latest first, in one query."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.ended_at.is_(None),
                UserSession.created_at > started_after,
                UserSession.last_seen_at > seen_after - SEEN_GRANULARITY,
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def is_secret_of(record: UserSession, secret: str) -> bool:
    return bool(secret) and record.token_hash == secret_digest(secret)
