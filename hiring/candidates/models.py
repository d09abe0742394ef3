"""Candidates: the people, their tags and their resume files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db


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


# The same-name check of the candidate page and of adding a candidate compares
# lower(name): without this index it reads every candidate.
Index("ix_candidates_lower_name", func.lower(Candidate.name))


class CandidateTag(db.Model):
    """One tag of a candidate; a table, so lists filter and bulk-tag in plain SQL."""

    __tablename__ = "candidate_tags"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


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
    # Why the file's text is missing from the resume text, or cut (a limit of
    # ``RESUME_TEXT_*`` / ``RESUME_PARSE_*`` was reached); empty when all of it is in.
    text_note: Mapped[str] = mapped_column(String(300), default="", server_default="")

    uploaded_by: Mapped[User | None] = relationship(lazy="raise")


SELF_ID_SOURCES = ("candidate", "recruiter_on_behalf")


class CandidateSelfIdentification(db.Model):
    """Voluntary self-identification, kept apart from the candidate record.

    Only aggregate reports read it (adverse-impact ratios); no page about a candidate,
    no interviewer view and no API candidate record shows it. Erasing the candidate
    deletes the row. Each answer is one of the choices in
    ``hiring.candidates.self_identification`` ("" when the question was skipped).
    """

    __tablename__ = "candidate_self_identifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    gender: Mapped[str] = mapped_column(String(32), default="")
    ethnicity: Mapped[str] = mapped_column(String(32), default="")
    veteran_status: Mapped[str] = mapped_column(String(32), default="")
    disability_status: Mapped[str] = mapped_column(String(32), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None when the candidate answered themselves on the careers page.
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(24), default="candidate")
