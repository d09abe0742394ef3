"""The signed-in person's own account: changing the password, their open sessions
(signing out one, or everywhere), the time zone pages show times in.

Changing the password and signing out everywhere end every other session (their
records, and ``User.session_version``): whoever learned the old password, or holds a
forgotten session, is signed out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hiring import audit, policy
from hiring.accounts import session_records
from hiring.accounts.credentials import check_new_password, hash_parameters
from hiring.accounts.models import User, UserSession
from hiring.accounts.passwords import hash_password, verify_password
from hiring.accounts.user_agents import describe_user_agent
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.extensions import db
from hiring.policy import Action
from hiring.time_zones import zone_named
from hiring.transactions import commit_or_conflict

# How the audit log names an empty time zone setting.
BROWSER = "the browser's"


@dataclass(frozen=True)
class OpenSession:
    """One of the person's signed-in browsers, as the account page lists it."""

    id: int
    browser: str  # "Firefox on Linux"
    user_agent: str
    ip_address: str | None
    created_at: datetime
    last_seen_at: datetime
    is_current: bool  # the browser asking


def _open_session(record: UserSession, current_secret: str) -> OpenSession:
    return OpenSession(
        id=record.id,
        browser=describe_user_agent(record.user_agent),
        user_agent=record.user_agent,
        ip_address=record.ip_address,
        created_at=record.created_at,
        last_seen_at=record.last_seen_at,
        is_current=session_records.is_secret_of(record, current_secret),
    )


def open_sessions(
    user: User, current_secret: str, *, lifetime: timedelta, idle_timeout: timedelta
) -> list[OpenSession]:
    """The person's sessions that still work, this browser's marked (one query)."""
    policy.require(user, Action.MANAGE_OWN_ACCOUNT)
    now = utcnow()
    records = session_records.open_sessions(
        user.id, started_after=now - lifetime, seen_after=now - idle_timeout
    )
    return [_open_session(record, current_secret) for record in records]


@dataclass(frozen=True)
class SessionSignedOut:
    browser: str
    was_current: bool  # the browser asking signed itself out
    already_ended: bool


def sign_out_session(user: User, session_id: int, current_secret: str) -> SessionSignedOut:
    """End one of the person's own sessions; another person's (or none) is NotFound,
    so ids of other people's sessions are never confirmed."""
    record = db.session.get(UserSession, session_id)
    if record is None or not policy.can(user, Action.END_OWN_SESSION, record):
        raise NotFound("There is no such session.")
    seen = _open_session(record, current_secret)
    if record.ended_at is not None:
        return SessionSignedOut(seen.browser, seen.is_current, already_ended=True)
    record.ended_at = utcnow()
    audit.record(
        user,
        "auth.session_ended",
        "user",
        user.id,
        f"Signed out one session ({seen.browser}, signed in {record.created_at:%Y-%m-%d %H:%M} "
        "UTC)",
        {"session_id": record.id},
    )
    commit_or_conflict("account")
    return SessionSignedOut(seen.browser, seen.is_current, already_ended=False)


def sign_out_everywhere(user: User) -> None:
    user.session_version += 1
    session_records.close_all_sessions(user.id)
    audit.record(user, "auth.sessions_revoked", "user", user.id, "Signed out of every session")
    commit_or_conflict("account")


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    if not verify_password(user.password_hash, current, hash_parameters()):
        raise ValidationFailed({"current_password": ["Your current password is incorrect."]})
    check_new_password(new, confirm, name=user.name, email=user.email)
    user.password_hash = hash_password(new, hash_parameters())
    # Other sessions may belong to whoever learned the old password.
    user.session_version += 1
    session_records.close_all_sessions(user.id)
    audit.record(user, "auth.password_changed", "user", user.id, "Changed password")
    commit_or_conflict("account")


def set_time_zone(user: User, name: str) -> None:
    """Show times in the IANA zone ``name``; "" follows the browser's zone again."""
    name = name.strip()
    if name and zone_named(name) is None:
        raise ValidationFailed(
            {
                "time_zone": [
                    "That is not a time zone we know. Choose one from the list, such as "
                    "Europe/Berlin, or your browser's time zone."
                ]
            }
        )
    before = user.time_zone
    if name == before:
        return
    user.time_zone = name
    audit.record(
        user,
        "account.time_zone_changed",
        "user",
        user.id,
        f"Time zone set to {name or BROWSER} (was {before or BROWSER})",
        {"time_zone": [before, name]},
    )
    commit_or_conflict("account")
