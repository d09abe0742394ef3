"""Scheduled interviews: an application, a loop round, a time and the people in it.

An interview keeps a copy of its round's definition and questions (``definition``),
taken when it was scheduled, so that changing or dropping the round afterwards never
rewrites what the interviewers were asked to run. ``loop_round_id`` only links back to
the round while it exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.pipeline.models import Application

SCHEDULED, CANCELLED = "scheduled", "cancelled"
INTERVIEW_STATUSES = (SCHEDULED, CANCELLED)

interview_interviewers = Table(
    "interview_interviewers",
    db.metadata,
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
    # True once this interviewer's scorecard on the interview is submitted (it stays
    # submitted). Only narrows what the late-scorecard lists read: the few pairs still
    # false, by the index below, instead of every past interview; the scorecard itself
    # stays the answer.
    Column("submitted", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_interview_interviewers_submitted", "submitted", "interview_id"),
)


class Interview(db.Model):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    loop_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("loop_rounds.id", ondelete="SET NULL"), index=True
    )
    # LoopRound.definition() as it was when the interview was scheduled.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    duration: Mapped[int] = mapped_column(Integer)
    # IANA name the interview was planned in, e.g. "Europe/Berlin".
    time_zone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    application: Mapped[Application] = relationship(lazy="raise")
    created_by: Mapped[User | None] = relationship(lazy="raise")
    interviewers: Mapped[list[User]] = relationship(
        secondary=interview_interviewers, lazy="raise", order_by=User.name
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def topic(self) -> str:
        """What the outbox files the interview's invites and cancellations under."""
        return f"interview:{self.id}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration)

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def local_ends_at(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def round_name(self) -> str:
        return str(self.definition.get("name", "Interview"))

    @property
    def is_video_link(self) -> bool:
        return self.location.startswith(("https://", "http://"))

    @property
    def interviewer_ids(self) -> set[int]:
        return {user.id for user in self.interviewers}
