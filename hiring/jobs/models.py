"""Jobs and the versions of their descriptions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

DRAFT, PUBLISHED, UNPUBLISHED = "draft", "published", "unpublished"
STATUSES = (DRAFT, PUBLISHED, UNPUBLISHED)


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public page's stable address; random so job ids are not guessable from it.
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    role_family: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    team: Mapped[str] = mapped_column(String(200), default="")
    company_stage: Mapped[str] = mapped_column(String(16))
    focus: Mapped[str] = mapped_column(String(16))
    # The one line people read ("Denver, Colorado, United States"), composed from the
    # structured place below; the pay-transparency rule matches it.
    location: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    country_code: Mapped[str] = mapped_column(String(2), default="")  # ISO 3166-1 alpha-2
    remote_policy: Mapped[str] = mapped_column(String(16))
    # Where a remote hire may live: ISO 3166-1 alpha-2 codes, comma-separated ("DE,NL").
    remote_regions: Mapped[str] = mapped_column(String(200), default="")
    employment_type: Mapped[str] = mapped_column(String(16))
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_currency: Mapped[str] = mapped_column(String(3), default="USD")
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    target_start: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unpublished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    valid_through: Mapped[date | None] = mapped_column(Date)
    # What the public page and its JSON-LD show, frozen when the job was last published
    # (``hiring.jobs.publishing.posting_to_json``); edits wait for a republish.
    published_posting: Mapped[dict[str, Any] | None] = deferred(mapped_column(JSON))
    rubric_version: Mapped[str] = mapped_column(String(16))
    # Large and only needed on a job's own pages: never loaded by lists.
    rubric_snapshot: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    skill_profile: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Skills the job's interview loop assesses, kept current by the loop; None until the
    # job has a loop (the rubric's rounds are used then).
    assessed_skills: Mapped[list[str] | None] = mapped_column(JSON)
    hiring_manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    current_description_number: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    hiring_manager: Mapped[User | None] = relationship(
        foreign_keys=[hiring_manager_id], lazy="raise"
    )
    description_versions: Mapped[list[JobDescriptionVersion]] = relationship(
        back_populates="job",
        lazy="raise",
        order_by="JobDescriptionVersion.number",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class JobDescriptionVersion(db.Model):
    """One saved state of a job's description; versions are never edited."""

    __tablename__ = "job_description_versions"
    __table_args__ = (UniqueConstraint("job_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text)
    # Rendered and sanitised when saved, never on view.
    html: Mapped[str] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    job: Mapped[Job] = relationship(back_populates="description_versions", lazy="raise")
    created_by: Mapped[User | None] = relationship(lazy="raise")
