"""Roles and expectation helpers shared by the access matrix and its feature parts."""

from __future__ import annotations

ANON, ADMIN, MANAGER, RECRUITER, INTERVIEWER = (
    "anonymous",
    "admin",
    "hiring_manager",
    "recruiter",
    "interviewer",
)
ROLES = (ANON, ADMIN, MANAGER, RECRUITER, INTERVIEWER)
SIGNED_IN = (ADMIN, MANAGER, RECRUITER, INTERVIEWER)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, **dict.fromkeys(SIGNED_IN, status)}


def admin_only(status: int) -> dict[str, int]:
    return {ANON: 302, ADMIN: status, MANAGER: 403, RECRUITER: 403, INTERVIEWER: 403}


def roles_only(status: int, *allowed: str) -> dict[str, int]:
    """``status`` for the allowed roles, 403 for the other signed-in roles, 302 anonymous."""
    return {ANON: 302, **{role: status if role in allowed else 403 for role in SIGNED_IN}}
