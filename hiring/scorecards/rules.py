"""Scorecard rules: what a complete scorecard holds, when it can be written, when it is
late. Pure: plain data in, messages and answers out.

A scorecard rates each focus skill of the interview's pinned round on the skill's
anchored 1-4 scale, or marks it "not assessed", and backs every rating with evidence:
what the candidate said or did. It ends with an overall recommendation that has no
neutral option. A draft may be incomplete; submitting checks everything, and a
submitted scorecard is final.

An interviewer can write from the moment the interview starts. A scorecard is due
``LATE_AFTER`` (24 hours) after the interview ends; an interviewer on an interview
that is not cancelled, without a submitted scorecard past that, is late.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DRAFT, SUBMITTED = "draft", "submitted"
SCORECARD_STATUSES = (DRAFT, SUBMITTED)

NOT_ASSESSED = "na"
RATINGS = (1, 2, 3, 4)
RECOMMENDATIONS: dict[str, str] = {
    "strong_no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}
HIRE_RECOMMENDATIONS = frozenset({"yes", "strong_yes"})

# A word or two ("good", "strong") is a verdict, not something another person can check.
MIN_EVIDENCE = 15
MAX_EVIDENCE = 5_000
MAX_NOTES = 20_000

LATE_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class RatingInput:
    """One focus skill as typed: ``rating`` is "1"-"4", "na" or "" (not chosen yet)."""

    skill: str
    rating: str
    evidence: str = ""


@dataclass(frozen=True)
class SkillRating:
    """One focus skill as stored. In a draft a skill may have no choice yet: neither a
    rating nor marked not assessed."""

    skill: str
    rating: int | None
    not_assessed: bool
    evidence: str

    @property
    def choice(self) -> str:
        """What the form shows: "1"-"4", "na", or "" (nothing chosen)."""
        if self.not_assessed:
            return NOT_ASSESSED
        return "" if self.rating is None else str(self.rating)


def parse_rating(text: str) -> int | str | None:
    """1-4 as an int, NOT_ASSESSED, or None for no choice (or anything else)."""
    value = (text or "").strip().lower()
    if value == NOT_ASSESSED:
        return NOT_ASSESSED
    if value in {str(rating) for rating in RATINGS}:
        return int(value)
    return None


def rating_field(skill: str) -> str:
    return f"rating:{skill}"


def evidence_field(skill: str) -> str:
    return f"evidence:{skill}"


def check(
    focus_skills: Sequence[str],
    ratings: Sequence[RatingInput],
    recommendation: str,
    notes: str,
    *,
    submitting: bool,
    skill_names: Mapping[str, str] | None = None,
) -> dict[str, list[str]]:
    """Every problem with a scorecard, keyed by field; empty when it may be saved.

    A draft is checked only for what can never be saved (unknown skills, odd values,
    text too long). Submitting also needs every focus skill rated or marked not
    assessed, evidence for each rating, at least one skill rated, and a recommendation.
    """
    names = dict(skill_names or {})
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    by_skill: dict[str, RatingInput] = {}
    for entry in ratings:
        if entry.skill not in focus_skills:
            add("ratings", f"{entry.skill!r} is not a focus skill of this round.")
        elif entry.skill in by_skill:
            add("ratings", f"{names.get(entry.skill, entry.skill)} appears twice.")
        else:
            by_skill[entry.skill] = entry

    rated = 0
    for skill in focus_skills:
        name = names.get(skill, skill)
        entry = by_skill.get(skill, RatingInput(skill, ""))
        raw = (entry.rating or "").strip()
        value = parse_rating(raw)
        evidence = (entry.evidence or "").strip()
        if raw and value is None:
            add(rating_field(skill), f"Choose 1 to 4 for {name}, or mark it not assessed.")
        elif value is None and submitting:
            add(
                rating_field(skill),
                f"Rate {name} from 1 to 4, or mark it not assessed if the interview did "
                "not cover it.",
            )
        if len(evidence) > MAX_EVIDENCE:
            add(evidence_field(skill), f"Keep the evidence under {MAX_EVIDENCE} characters.")
        if isinstance(value, int):
            rated += 1
            if submitting and not evidence:
                add(
                    evidence_field(skill),
                    f"Write what the candidate said or did that supports your rating of {name}.",
                )
            elif submitting and len(evidence) < MIN_EVIDENCE:
                add(
                    evidence_field(skill),
                    f"Say more than a verdict: describe what you saw or heard (at least "
                    f"{MIN_EVIDENCE} characters).",
                )

    if submitting and focus_skills and rated == 0 and not errors:
        add(
            "ratings",
            "Rate at least one focus skill: a recommendation needs evidence behind it.",
        )
    recommendation = (recommendation or "").strip()
    if recommendation and recommendation not in RECOMMENDATIONS:
        add("recommendation", "Choose strong no, no, yes or strong yes.")
    elif submitting and not recommendation:
        add(
            "recommendation",
            "Choose an overall recommendation. There is no neutral option: decide which "
            "way the evidence points.",
        )
    if len(notes or "") > MAX_NOTES:
        add("notes", f"Keep the notes under {MAX_NOTES} characters.")
    return errors


def clean_ratings(focus_skills: Sequence[str], ratings: Sequence[RatingInput]) -> list[SkillRating]:
    """The ratings to store, in the round's order, for input that passed ``check``.

    Skills with neither a choice nor evidence (allowed in a draft) are left out.
    """
    by_skill = {entry.skill: entry for entry in ratings}
    stored = []
    for skill in focus_skills:
        entry = by_skill.get(skill)
        if entry is None:
            continue
        value = parse_rating(entry.rating)
        evidence = (entry.evidence or "").strip()
        if value is None and not evidence:
            continue
        stored.append(
            SkillRating(
                skill,
                value if isinstance(value, int) else None,
                value == NOT_ASSESSED,
                evidence,
            )
        )
    return stored


# --- time ------------------------------------------------------------------------------


def is_open(starts_at: datetime, now: datetime) -> bool:
    """Scorecards can be written from the start of the interview on."""
    return now >= starts_at


def due_at(ends_at: datetime) -> datetime:
    return ends_at + LATE_AFTER


def is_late(ends_at: datetime, *, cancelled: bool, submitted: bool, now: datetime) -> bool:
    return not cancelled and not submitted and now > due_at(ends_at)


def hours_late(ends_at: datetime, now: datetime) -> int:
    """Whole hours past the due time (0 in the first hour, and when not yet due)."""
    return max(0, int((now - due_at(ends_at)) // timedelta(hours=1)))


def lateness(hours: int) -> str:
    """Hours for the first two days, then days: "5 hours late", "3 days late"."""
    if hours < 1:
        return "less than an hour late"
    if hours < 48:
        return f"{hours} hour{'' if hours == 1 else 's'} late"
    return f"{hours // 24} days late"


# --- where an interviewer stands --------------------------------------------------------

NOT_YET, WRITE, CONTINUE, DONE, CANCELLED = "not_yet", "write", "continue", "done", "cancelled"


def interviewer_state(
    status: str | None, *, starts_at: datetime, cancelled: bool, now: datetime
) -> str:
    """What "My interviews" offers one interviewer for one interview."""
    if status == SUBMITTED:
        return DONE
    if cancelled:
        return CANCELLED
    if status == DRAFT:
        return CONTINUE
    return WRITE if is_open(starts_at, now) else NOT_YET


@dataclass(frozen=True)
class Tally:
    """Scorecards of one application: expected (interviewers on interviews not
    cancelled), submitted, and late."""

    expected: int = 0
    submitted: int = 0
    late: int = 0

    @property
    def label(self) -> str:
        return f"Scorecards {self.submitted}/{self.expected}"
