"""Scorecards: one per interviewer and interview, a rating with evidence per focus skill.

The skills rated are the focus skills of the interview's pinned round (its
``definition``), so a later change to the loop or the rubric never changes what a
scorecard refers to. Notes are Markdown, rendered and sanitised when saved.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.accounts.models import User
from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.scorecards.amending import Amendment, Effective, apply_amendments
from hiring.scorecards.rules import DRAFT, SUBMITTED, SkillRating


class Scorecard(db.Model):
    __tablename__ = "scorecards"
    __table_args__ = (
        # One scorecard per interviewer and interview (also answers "this interview's cards").
        UniqueConstraint("interview_id", "interviewer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    # One of rules.RECOMMENDATIONS; empty while a draft has none yet.
    recommendation: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    interview: Mapped[Interview] = relationship(lazy="raise")
    interviewer: Mapped[User] = relationship(lazy="raise")
    ratings: Mapped[list[ScorecardRating]] = relationship(
        lazy="raise",
        order_by="ScorecardRating.position",
        cascade="all, delete-orphan",
        back_populates="scorecard",
    )
    amendments: Mapped[list[ScorecardAmendment]] = relationship(
        lazy="raise",
        order_by="ScorecardAmendment.id",
        cascade="all, delete-orphan",
        back_populates="scorecard",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED

    def skill_ratings(self) -> list[SkillRating]:
        """As submitted (or as the draft stands), before any amendment."""
        return [SkillRating(r.skill, r.rating, r.not_assessed, r.evidence) for r in self.ratings]

    def effective(self) -> Effective:
        """What counts: the submitted ratings and recommendation with every amendment
        applied in order (needs ``ratings`` and ``amendments`` with their ratings loaded)."""
        return apply_amendments(
            self.skill_ratings(),
            self.recommendation,
            [amendment.change() for amendment in self.amendments],
        )


class ScorecardRating(db.Model):
    """One focus skill of a scorecard: 1-4 on its anchored scale, or not assessed."""

    __tablename__ = "scorecard_ratings"

    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True
    )
    # The skill's stable rubric id.
    skill: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # None with not_assessed false: no choice yet (drafts only).
    rating: Mapped[int | None] = mapped_column(Integer)
    not_assessed: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="ratings", lazy="raise")


class ScorecardAmendment(db.Model):
    """A change to a submitted scorecard, with who made it, when and why.

    The scorecard itself never changes; the debrief and the scoring read it with its
    amendments applied, and show that they were.
    """

    __tablename__ = "scorecard_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    # A new overall recommendation, or empty when it stays as it was.
    recommendation: Mapped[str] = mapped_column(String(16), default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="amendments", lazy="raise")
    author: Mapped[User] = relationship(lazy="raise")
    ratings: Mapped[list[ScorecardAmendmentRating]] = relationship(
        lazy="raise",
        order_by="ScorecardAmendmentRating.skill",
        cascade="all, delete-orphan",
    )

    def change(self) -> Amendment:
        return Amendment(
            id=self.id,
            author=self.author.name,
            at=self.created_at,
            reason=self.reason,
            recommendation=self.recommendation,
            ratings=tuple(
                SkillRating(r.skill, r.rating, r.not_assessed, r.evidence) for r in self.ratings
            ),
        )


class ScorecardAmendmentRating(db.Model):
    """One skill an amendment changes: its new rating (or not assessed) and evidence."""

    __tablename__ = "scorecard_amendment_ratings"

    amendment_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_amendments.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(64), primary_key=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    not_assessed: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")
