"""An uploaded CSV kept between the mapping, preview and import steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db


class CandidateImport(db.Model):
    """An uploaded CSV kept between the mapping, preview and import steps."""

    __tablename__ = "candidate_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
