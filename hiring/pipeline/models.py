"""Candidates, their applications to jobs and every stage change of an application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.jobs.models import Job

SOURCES = {
    "referral": "Referral",
    "sourced": "Sourced",
    "inbound": "Inbound",
    "agency": "Agency",
    "event": "Event",
    "other": "Other",
}

ACTIVE, REJECTED, WITHDRAWN, HIRED = "active", "rejected", "withdrawn", "hired"
APPLICATION_STATUSES = (ACTIVE, REJECTED, WITHDRAWN, HIRED)


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # Stored lowercased, so uniqueness is case-insensitive on every engine.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16), index=True)
    # Large and only needed on the candidate's own page (and in search, in SQL).
    resume_text: Mapped[str] = deferred(mapped_column(Text, default=""))
    notes: Mapped[str] = deferred(mapped_column(Text, default=""))
    # Rendered and sanitised when saved, never on view.
    notes_html: Mapped[str] = deferred(mapped_column(Text, default=""))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Set when the candidate's personal data was erased (privacy request or retention).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User | None] = relationship(lazy="raise")
    tag_rows: Mapped[list[CandidateTag]] = relationship(
        lazy="raise", order_by="CandidateTag.tag", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]


class CandidateTag(db.Model):
    """One tag of a candidate; a table, so lists filter and bulk-tag in plain SQL."""

    __tablename__ = "candidate_tags"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


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
        Index("ix_applications_job_stage", "job_id", "stage"),
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


class ResumeFile(db.Model):
    """An uploaded resume (PDF or DOCX), kept on disk under a random name.

    The file lives in ``RESUME_STORAGE_DIR`` (outside the web root) as ``stored_name``;
    ``original_filename`` is a cleaned copy of what the browser sent, used only as the
    download name.
    """

    __tablename__ = "resume_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    uploaded_by: Mapped[User | None] = relationship(lazy="raise")


class CandidateImport(db.Model):
    """An uploaded CSV kept between the mapping, preview and import steps."""

    __tablename__ = "candidate_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
