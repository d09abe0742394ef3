"""The signed-in person's own account: changing the password, signing out everywhere,
the time zone pages show times in.

Changing the password and signing out everywhere end every other session (their
records, and ``User.session_version``): whoever learned the old password, or holds a
forgotten session, is signed out.
"""

from __future__ import annotations

from hiring import audit
from hiring.accounts import session_records
from hiring.accounts.credentials import check_new_password, hash_parameters
from hiring.accounts.models import User
from hiring.accounts.passwords import hash_password, verify_password
from hiring.domain import ValidationFailed
from hiring.time_zones import zone_named
from hiring.transactions import commit_or_conflict

# How the audit log names an empty time zone setting.
BROWSER = "the browser's"


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
