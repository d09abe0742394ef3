"""The outbox: every email the app wants to send, queued with the change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

PENDING, SENT, FAILED = "pending", "sent", "failed"
OUTBOX_STATUSES = (PENDING, SENT, FAILED)


class OutboxMessage(db.Model):
    """One email. ``notifications send`` claims, sends and marks it; rows are kept."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # Files sent with the message: [{"filename", "content_type", "content"}], text only
    # (an iCalendar invite, say).
    attachments: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # What the message is about, as "<kind>:<id>" (e.g. "interview:12"), so the page of
    # that thing can say when its messages could not be sent.
    topic: Mapped[str | None] = mapped_column(String(64), index=True)
    # The candidate the message is about, if any: erasing them scrubs the message.
    candidate_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The same reminder is queued once: a second insert with this key is ignored.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Which ``send`` run holds the message, and since when (a crashed run's claim goes stale).
    claimed_by: Mapped[str | None] = mapped_column(String(100), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
