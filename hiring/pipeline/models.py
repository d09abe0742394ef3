"""Applications: a candidate in one job's pipeline, and every stage change of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.accounts.models import User
from hiring.candidates.models import Candidate
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.jobs.models import Job

ACTIVE, REJECTED, WITHDRAWN, HIRED = "active", "rejected", "withdrawn", "hired"
APPLICATION_STATUSES = (ACTIVE, REJECTED, WITHDRAWN, HIRED)
# ``status = 'active'`` written into the SQL, so that the partial index below applies
# (SQLite and PostgreSQL's generic plans match a partial index on the text only).
ACTIVE_SQL = literal_column("'active'")


class Application(db.Model):
    """A candidate in the pipeline of one job."""

    __tablename__ = "applications"
    __table_args__ = (
        # At most one active application per candidate and job (partial unique index).
        Index(
            "uq_applications_active_candidate_job",
            "candidate_id",
            "job_id",
            unique=True,
            sqlite_where=db.text("status = 'active'"),
            postgresql_where=db.text("status = 'active'"),
        ),
        # A job's applications by stage, longest waiting first: the board's columns and
        # counts from the index alone.
        Index("ix_applications_job_stage_entered", "job_id", "stage", "entered_stage_at"),
        # The queues of the home pages (stuck, longest waiting first), read from the
        # index alone; a query uses it by saying ``status = 'active'`` in its SQL text
        # (``ACTIVE_SQL``), not as a bound parameter.
        Index(
            "ix_applications_active_queue",
            "entered_stage_at",
            "stage",
            "owner_id",
            "job_id",
            sqlite_where=db.text("status = 'active'"),
            postgresql_where=db.text("status = 'active'"),
        ),
        # "Jobs I hold active applications in"; active applications per job and stage.
        Index("ix_applications_owner_status_job", "owner_id", "status", "job_id"),
        Index("ix_applications_job_status_stage", "job_id", "status", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(64))
    entered_stage_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, index=True)
    rejection_reason: Mapped[str] = mapped_column(String(64), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # How the application arrived: "" when a recruiter added it, "careers" for the
    # public careers page.
    source: Mapped[str] = mapped_column(String(16), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    candidate: Mapped[Candidate] = relationship(lazy="raise")
    job: Mapped[Job] = relationship(lazy="raise")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="raise")
    changes: Mapped[list[StageChange]] = relationship(
        back_populates="application",
        lazy="raise",
        order_by="StageChange.id",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class StageChange(db.Model):
    """One move of an application (the first one is it entering the pipeline)."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(64))
    to_stage: Mapped[str] = mapped_column(String(64))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    rejection_reason: Mapped[str] = mapped_column(String(64), default="")

    application: Mapped[Application] = relationship(back_populates="changes", lazy="raise")
    by: Mapped[User | None] = relationship(lazy="raise")
