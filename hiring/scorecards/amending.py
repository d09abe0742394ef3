"""Amending a submitted scorecard: what an amendment may change, and the scorecard as
it stands once its amendments are applied. Pure.

A submitted scorecard stays as it was submitted. Its author (or an admin) can add an
amendment: new ratings for some of its focus skills, each with the evidence behind
it, and perhaps a new overall recommendation, always with the reason. Amendments
apply in the order they were made; the last word on a skill is the one that counts,
and everything that was amended says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from hiring.scorecards.rules import (
    MAX_EVIDENCE,
    MIN_EVIDENCE,
    NOT_ASSESSED,
    RECOMMENDATIONS,
    RatingInput,
    SkillRating,
    evidence_field,
    parse_rating,
    rating_field,
)

MIN_REASON, MAX_REASON = 15, 2_000


@dataclass(frozen=True)
class Amendment:
    id: int
    author: str
    at: datetime
    reason: str
    recommendation: str  # empty: unchanged
    ratings: tuple[SkillRating, ...]


@dataclass(frozen=True)
class Effective:
    """A scorecard's ratings and recommendation with its amendments applied."""

    ratings: tuple[SkillRating, ...]
    recommendation: str
    # Skill id -> the amendment that set its current value; "recommendation" likewise.
    amended_by: Mapping[str, Amendment]
    amendments: tuple[Amendment, ...]

    def is_amended(self, skill: str) -> bool:
        return skill in self.amended_by

    @property
    def recommendation_amended(self) -> bool:
        return "recommendation" in self.amended_by


def apply_amendments(
    ratings: Sequence[SkillRating], recommendation: str, amendments: Sequence[Amendment]
) -> Effective:
    current = {rating.skill: rating for rating in ratings}
    order = [rating.skill for rating in ratings]
    amended_by: dict[str, Amendment] = {}
    for amendment in amendments:
        for rating in amendment.ratings:
            if rating.skill not in current:
                order.append(rating.skill)
            current[rating.skill] = rating
            amended_by[rating.skill] = amendment
        if amendment.recommendation:
            recommendation = amendment.recommendation
            amended_by["recommendation"] = amendment
    return Effective(
        ratings=tuple(current[skill] for skill in order),
        recommendation=recommendation,
        amended_by=amended_by,
        amendments=tuple(amendments),
    )


class RatingRow(NamedTuple):
    """A rating as submitted (``amendment_id`` None) or one row of an amendment: the
    skill it changes (None when it changes only the recommendation) with who, when and
    why."""

    scorecard_id: int
    amendment_id: int | None
    position: int | None
    skill: str | None
    rating: int | None
    not_assessed: bool | None
    evidence: str | None
    reason: str | None
    recommendation: str | None
    at: datetime | None
    author: str | None


def _order(row: RatingRow) -> tuple[int, int, int, str]:
    # Ratings by position, then amendments in the order they were made, each one's
    # skills by id: the order the scorecard's relationships load them in.
    return (row.scorecard_id, row.amendment_id or 0, row.position or 0, row.skill or "")


def effective_from_rows(
    rows: Iterable[RatingRow], recommendations: dict[int, str]
) -> dict[int, Effective]:
    """Each scorecard's effective ratings, from its rows and submitted recommendation
    (keyed by scorecard id; every scorecard given gets one, rows or not)."""
    ratings: dict[int, list[SkillRating]] = {card_id: [] for card_id in recommendations}
    amendments: dict[int, dict[int, Amendment]] = {card_id: {} for card_id in recommendations}
    for row in sorted(rows, key=_order):
        rated = (
            SkillRating(row.skill, row.rating, bool(row.not_assessed), row.evidence or "")
            if row.skill is not None
            else None
        )
        if row.amendment_id is None:
            if rated is not None:
                ratings[row.scorecard_id].append(rated)
            continue
        made = amendments[row.scorecard_id]
        earlier = made.get(row.amendment_id)
        made[row.amendment_id] = Amendment(
            id=row.amendment_id,
            author=row.author or "",
            at=row.at,  # type: ignore[arg-type]  # an amendment's time is never null
            reason=row.reason or "",
            recommendation=row.recommendation or "",
            ratings=(earlier.ratings if earlier else ()) + ((rated,) if rated else ()),
        )
    return {
        card_id: apply_amendments(
            ratings[card_id], recommendation, list(amendments[card_id].values())
        )
        for card_id, recommendation in recommendations.items()
    }


def amendment_problems(
    focus_skills: Sequence[str],
    current: Effective,
    changes: Sequence[RatingInput],
    recommendation: str,
    reason: str,
    *,
    skill_names: Mapping[str, str] | None = None,
) -> dict[str, list[str]]:
    """Everything wrong with an amendment, by field; empty when it may be added.

    Only the skills it changes are given; each needs a rating (1-4 or not assessed)
    and, for a rating, evidence like a scorecard's. It must change something, and say
    why.
    """
    names = dict(skill_names or {})
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    now = {rating.skill: rating for rating in current.ratings}
    changed = 0
    seen: set[str] = set()
    for entry in changes:
        name = names.get(entry.skill, entry.skill)
        if entry.skill not in focus_skills:
            add("ratings", f"{entry.skill!r} is not a focus skill of this scorecard's round.")
            continue
        if entry.skill in seen:
            add("ratings", f"{name} appears twice.")
            continue
        seen.add(entry.skill)
        value = parse_rating(entry.rating)
        evidence = (entry.evidence or "").strip()
        if value is None:
            add(rating_field(entry.skill), f"Choose 1 to 4 for {name}, or not assessed.")
            continue
        if len(evidence) > MAX_EVIDENCE:
            add(evidence_field(entry.skill), f"Keep the evidence under {MAX_EVIDENCE} characters.")
        elif isinstance(value, int) and len(evidence) < MIN_EVIDENCE:
            add(
                evidence_field(entry.skill),
                f"Describe what the candidate said or did that supports the new rating of "
                f"{name} (at least {MIN_EVIDENCE} characters).",
            )
        before = now.get(entry.skill)
        after = SkillRating(
            entry.skill, value if isinstance(value, int) else None, value == NOT_ASSESSED, evidence
        )
        if before != after:
            changed += 1
    recommendation = (recommendation or "").strip()
    if recommendation and recommendation not in RECOMMENDATIONS:
        add("recommendation", "Choose strong no, no, yes or strong yes, or leave it as it is.")
    elif recommendation and recommendation != current.recommendation:
        changed += 1
    if not errors and changed == 0:
        add("ratings", "The amendment changes nothing: give a new rating or recommendation.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        add(
            "reason",
            f"Say what changed your mind and why (at least {MIN_REASON} characters); the "
            "debrief shows it next to the change.",
        )
    elif len(reason) > MAX_REASON:
        add("reason", f"Keep the reason under {MAX_REASON} characters.")
    return errors


def amended_ratings(changes: Sequence[RatingInput]) -> list[SkillRating]:
    """The ratings to store for changes that passed ``amendment_problems``."""
    stored = []
    for entry in changes:
        value = parse_rating(entry.rating)
        stored.append(
            SkillRating(
                entry.skill,
                value if isinstance(value, int) else None,
                value == NOT_ASSESSED,
                (entry.evidence or "").strip(),
            )
        )
    return stored
