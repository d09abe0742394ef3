"""Hiring decisions: the hiring manager's hire or no hire on an application, kept with
every earlier one it revised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.pipeline.models import Application


class HiringDecision(db.Model):
    """One decision on an application. A revision is a new row naming the one it
    replaces (``revises_id``); the newest is the application's current decision."""

    __tablename__ = "hiring_decisions"
    __table_args__ = (
        # A decision is revised once: two people revising the same one at the same time
        # cannot both succeed, nor can two first decisions of one application.
        Index(
            "uq_hiring_decisions_first",
            "application_id",
            unique=True,
            sqlite_where=db.text("revises_id IS NULL"),
            postgresql_where=db.text("revises_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    revises_id: Mapped[int | None] = mapped_column(
        ForeignKey("hiring_decisions.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[str] = mapped_column(String(16))  # decisions.HIRE | decisions.NO_HIRE
    # The level hired at (a rubric level id); empty for no hire.
    level: Mapped[str] = mapped_column(String(16), default="")
    rationale: Mapped[str] = mapped_column(Text)
    # The verdict of the evaluation when the decision was made, and, when the decision
    # goes against it, why.
    verdict: Mapped[str] = mapped_column(String(16))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[Application] = relationship(lazy="raise")
    decided_by: Mapped[User | None] = relationship(lazy="raise")
