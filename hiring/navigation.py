"""Navigation per role, and the template helpers every page uses.

Each entry names the permission that shows it, so a role sees exactly the pages it
may open; later features add their entries here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, request
from flask_login import current_user

from hiring import policy
from hiring.accounts.forms import ActionForm
from hiring.policy import Action
from hiring.roles import ROLE_LABELS, Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    endpoint: str
    action: Action
    # Endpoints (by prefix) under which the entry shows as the current page.
    sections: tuple[str, ...]


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("Dashboard", "dashboard.index", Action.VIEW_DASHBOARD, ("dashboard.",)),
    NavEntry("Jobs", "jobs.index", Action.VIEW_JOBS, ("jobs.", "loops.", "pipeline.board")),
    NavEntry(
        "Candidates",
        "candidates.index",
        Action.VIEW_CANDIDATES,
        ("candidates.", "pipeline.applications", "pipeline.add_to_job", "imports.", "merge."),
    ),
    NavEntry("My interviews", "interviews.mine", Action.VIEW_MY_INTERVIEWS, ("interviews.mine",)),
    NavEntry("Calibration", "calibration.index", Action.VIEW_CALIBRATION, ("calibration.",)),
    NavEntry("Reports", "reports.index", Action.VIEW_REPORTS, ("reports.",)),
    NavEntry("Team planner", "planner.index", Action.PLAN_TEAM, ("planner.",)),
    NavEntry("Rubrics", "rubrics.index", Action.VIEW_RUBRICS, ("rubrics.",)),
    NavEntry("Users", "admin.users", Action.MANAGE_USERS, ("admin.users",)),
    NavEntry("Audit log", "admin.audit_log", Action.VIEW_AUDIT_LOG, ("admin.audit",)),
    NavEntry("Outbox", "outbox.index", Action.MANAGE_OUTBOX, ("outbox.",)),
)


def navigation_for(user: Any) -> list[NavEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [entry for entry in NAVIGATION if policy.can(user, entry.action)]


def is_current(entry: NavEntry) -> bool:
    return (request.endpoint or "").startswith(entry.sections)


def format_timestamp(value: datetime | None) -> str:
    if value is None:
        return "never"
    return value.strftime("%Y-%m-%d %H:%M UTC")


def role_label(value: str) -> str:
    try:
        return ROLE_LABELS[Role(value)]
    except ValueError:
        return value


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_navigation() -> dict[str, Any]:
        return {
            "navigation": navigation_for(current_user),
            "is_current": is_current,
            "logout_form": ActionForm() if current_user.is_authenticated else None,
        }

    app.jinja_env.filters["timestamp"] = format_timestamp
    app.jinja_env.filters["role_label"] = role_label
