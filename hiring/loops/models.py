"""Interview loops, their rounds and interviewers, question exposure, loop templates.

A loop round keeps its own copy of the round definition and of the questions chosen
for it (``definition``), so a scheduled interview can pin exactly what it was planned
with, whatever happens to the loop or the rubric afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.jobs.models import Job


class InterviewLoop(db.Model):
    __tablename__ = "interview_loops"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), unique=True)
    rubric_version: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    job: Mapped[Job] = relationship(lazy="raise")
    rounds: Mapped[list[LoopRound]] = relationship(
        back_populates="loop",
        lazy="raise",
        order_by="LoopRound.position",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class LoopRound(db.Model):
    __tablename__ = "loop_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(
        ForeignKey("interview_loops.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    round_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    technical: Mapped[bool] = mapped_column(default=True)
    duration: Mapped[int] = mapped_column(Integer)
    max_focus_skills: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(Text, default="")
    interviewer_guidance: Mapped[str] = mapped_column(Text, default="")
    # [{"minutes": 5, "activity": "..."}]
    timing: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Skill ids this round may assess (from the rubric), and the ones it focuses on.
    assesses: Mapped[list[str]] = mapped_column(JSON, default=list)
    focus_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Full copies of the chosen questions: id, skill, question, follow_ups, strong, weak,
    # red_flags. A rubric edit never changes a planned round's kit.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    loop: Mapped[InterviewLoop] = relationship(back_populates="rounds", lazy="raise")
    interviewer_links: Mapped[list[LoopRoundInterviewer]] = relationship(
        back_populates="loop_round", lazy="raise", cascade="all, delete-orphan"
    )

    def definition(self) -> dict[str, Any]:
        """Everything an interview needs to be run as planned, as plain data."""
        return {
            "round_id": self.round_id,
            "name": self.name,
            "technical": self.technical,
            "duration": self.duration,
            "purpose": self.purpose,
            "interviewer_guidance": self.interviewer_guidance,
            "timing": list(self.timing),
            "focus_skills": list(self.focus_skills),
            "questions": [dict(question) for question in self.questions],
        }


class LoopRoundInterviewer(db.Model):
    __tablename__ = "loop_round_interviewers"

    loop_round_id: Mapped[int] = mapped_column(
        ForeignKey("loop_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)

    loop_round: Mapped[LoopRound] = relationship(back_populates="interviewer_links", lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")


class QuestionExposure(db.Model):
    """How often a question was asked, and whether it was retired (leaked).

    Scheduled interviews count towards ``times_asked``; retired questions stay in the
    history of the interviews that used them but are never proposed again.
    """

    __tablename__ = "question_exposure"

    question_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    times_asked: Mapped[int] = mapped_column(Integer, default=0)
    last_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_reason: Mapped[str] = mapped_column(String(300), default="")


class LoopTemplate(db.Model):
    """A tuned loop saved for reuse by new jobs of the same role family and level."""

    __tablename__ = "loop_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role_family: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    # [{"round_id", "duration", "focus_skills": [...], "question_ids": [...]}]
    rounds: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="raise")
