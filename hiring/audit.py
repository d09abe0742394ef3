"""The append-only audit log.

Services call ``record`` inside their transaction, so an event exists exactly when
the change it describes was committed. Rows are never updated or deleted: the ORM
refuses it here and database triggers (see the initial migration) refuse raw SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from flask import has_request_context, request
from sqlalchemy import DDL, JSON, ForeignKey, String, Text, event, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.paging import PageOf

if TYPE_CHECKING:  # the log sits below accounts: it names the model, never imports it
    from hiring.accounts.models import User


class Actor(Protocol):
    """Who did it: any signed-in user (the log needs nothing else of them)."""

    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A copy of the actor's email at the time, so the log reads right after renames.
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64), index=True)
    object_id: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[User | None] = relationship("User", lazy="raise")


class AuditLogIsAppendOnly(RuntimeError):
    pass


# The same triggers as the initial migration, for schemas made by ``db.create_all``.
_APPEND_ONLY_DDL = {
    "sqlite": [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ],
}
for _dialect, _statements in _APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(
            AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(*_args: Any) -> None:
    raise AuditLogIsAppendOnly("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(*_args: Any) -> None:
    raise AuditLogIsAppendOnly("audit events cannot be deleted")


def record(
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: object | None,
    summary: str,
    details: dict[str, Any] | None = None,
    *,
    actor_email: str | None = None,
) -> AuditEvent:
    """Add an event to the current transaction; the caller's commit persists it."""
    audit_event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else actor_email,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        summary=summary,
        details=details or {},
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(audit_event)
    return audit_event


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    since: datetime | None = None
    until: datetime | None = None
    actor_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class AuditPage(PageOf):
    events: list[AuditEvent]


def list_events(filters: AuditFilter, page: int = 1, per_page: int = 50) -> AuditPage:
    """One page of events, newest first, in two queries whatever the size of the log."""
    query = select(AuditEvent)
    if filters.actor:
        query = query.where(
            AuditEvent.actor_email.icontains(filters.actor.strip(), autoescape=True)
        )
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.since:
        query = query.where(AuditEvent.occurred_at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.occurred_at < filters.until)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    events = db.session.scalars(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return AuditPage(events=list(events), total=total, page=page, per_page=per_page)


def list_events_for_object(
    object_type: str, object_id: object, limit: int = 20
) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by("action")))


def known_object_types() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.object_type).distinct().order_by("object_type"))
    )
