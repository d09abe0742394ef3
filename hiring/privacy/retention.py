"""Who is due for erasure under the retention policy: a pure module.

A candidate's retention class follows from the statuses of their applications:

- ``active``: at least one application is still open. Never due: they are in process.
- ``hired``: at least one application ended in a hire (and none is open).
- ``closed``: every application was rejected or withdrawn.
- ``no_application``: never added to a job.

Each class but ``active`` has a retention period in days (0 or less: never erase).
A candidate is due when the period has passed since their last activity (the latest
of their own edits, their applications' changes, their stage moves and their uploads).
Candidates already erased are never due again, which makes enforcement idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

ACTIVE, HIRED, CLOSED, NO_APPLICATION = "active", "hired", "closed", "no_application"


@dataclass(frozen=True)
class RetentionPolicy:
    closed_days: int = 365
    no_application_days: int = 365
    hired_days: int = 0

    def days_for(self, retention_class: str) -> int | None:
        days = {
            CLOSED: self.closed_days,
            NO_APPLICATION: self.no_application_days,
            HIRED: self.hired_days,
        }.get(retention_class, 0)
        return days if days > 0 else None


@dataclass(frozen=True)
class CandidateFacts:
    candidate_id: int
    application_statuses: tuple[str, ...]
    last_activity: datetime
    erased: bool = False


@dataclass(frozen=True)
class Due:
    candidate_id: int
    retention_class: str
    last_activity: datetime
    days_inactive: int


def retention_class(application_statuses: Iterable[str]) -> str:
    statuses = set(application_statuses)
    if not statuses:
        return NO_APPLICATION
    if "active" in statuses:
        return ACTIVE
    if "hired" in statuses:
        return HIRED
    return CLOSED


def due_for_erasure(
    candidates: Iterable[CandidateFacts], policy: RetentionPolicy, now: datetime
) -> list[Due]:
    """The candidates to erase now, oldest activity first."""
    due = []
    for facts in candidates:
        if facts.erased:
            continue
        kind = retention_class(facts.application_statuses)
        days = policy.days_for(kind)
        if days is None:
            continue
        if facts.last_activity <= now - timedelta(days=days):
            inactive = (now - facts.last_activity).days
            due.append(Due(facts.candidate_id, kind, facts.last_activity, inactive))
    return sorted(due, key=lambda item: (item.last_activity, item.candidate_id))
