"""What a debrief is judged on: the job's pinned profile, the submitted ratings and
recommendations, and the loop's planned coverage.

Plain frozen dataclasses built by the caller from the database, so the rules in
``scoring``, ``flags`` and ``levels`` never touch Flask or SQLAlchemy. The rule that
combines one skill's ratings lives here too, because every rule must use the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import median_low
from types import MappingProxyType
from typing import Any, Protocol

MUST, TRAINABLE = "must", "trainable"
# The recommendation strings of hiring.scorecards.rules, copied so this package stays
# self-contained.
STRONG_NO, NO, YES, STRONG_YES = "strong_no", "no", "yes", "strong_yes"
RECOMMENDATION_LABELS: Mapping[str, str] = MappingProxyType(
    {STRONG_NO: "strong no", NO: "no", YES: "yes", STRONG_YES: "strong yes"}
)
HIRE = frozenset({YES, STRONG_YES})
NO_HIRE = frozenset({NO, STRONG_NO})

QUOTE_LENGTH = 140


@dataclass(frozen=True)
class MustHaveBar:
    skill: str
    bar: int  # 1-4: the combined rating must reach it


@dataclass(frozen=True)
class TrainableTarget:
    skill: str
    target: int  # 1-4: expected after the ramp-up, not on day one
    how: str = ""
    weeks: int | None = None


class _ProfileEntryLike(Protocol):
    skill: str
    kind: str
    level: int | None
    weeks: int | None
    how: str


@dataclass(frozen=True)
class SkillProfile:
    """The job's profile as pinned on the job (tuned bars included), with display names."""

    must_haves: tuple[MustHaveBar, ...]
    trainable: tuple[TrainableTarget, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, skill: str) -> str:
        return self.names.get(skill, skill)

    @classmethod
    def from_entries(
        cls, entries: Iterable[_ProfileEntryLike], names: Mapping[str, str]
    ) -> SkillProfile:
        """From ``hiring.jobs.profile.ProfileEntry`` objects; nice-to-haves carry no bar."""
        musts, trainable = [], []
        for entry in entries:
            if entry.kind in (MUST, TRAINABLE) and entry.level is None:
                raise ValueError(f"{entry.skill} is a {entry.kind} skill without a level.")
            if entry.kind == MUST:
                musts.append(MustHaveBar(entry.skill, int(entry.level or 0)))
            elif entry.kind == TRAINABLE:
                trainable.append(
                    TrainableTarget(entry.skill, int(entry.level or 0), entry.how, entry.weeks)
                )
        return cls(tuple(musts), tuple(trainable), dict(names))


@dataclass(frozen=True)
class Rating:
    """One skill on one submitted scorecard, with what traces it back to a person.

    ``rating`` is the effective value (an amendment replaces the original, ``amended``
    says so); ``None`` means "not assessed", which never counts.
    """

    skill: str
    rating: int | None
    evidence: str
    scorecard_id: int | str
    round: str
    interviewer: str
    interviewer_id: int | str | None = None
    amended: bool = False

    @property
    def assessed(self) -> bool:
        return self.rating is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scorecard_id": self.scorecard_id,
            "round": self.round,
            "interviewer": self.interviewer,
            "interviewer_id": self.interviewer_id,
            "rating": self.rating,
            "evidence": self.evidence,
            "amended": self.amended,
        }


@dataclass(frozen=True)
class Recommendation:
    """A scorecard's overall call: one of strong_no, no, yes, strong_yes."""

    scorecard_id: int | str
    round: str
    interviewer: str
    recommendation: str
    interviewer_id: int | str | None = None

    @property
    def label(self) -> str:
        return RECOMMENDATION_LABELS.get(self.recommendation, self.recommendation)


@dataclass(frozen=True)
class PlannedCoverage:
    """The loop's plan: which rounds are meant to assess each skill (by round name), which
    rounds still lack a scorecard, and the loop's round order for the debrief matrix."""

    rounds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    outstanding: frozenset[str] = frozenset()
    round_order: tuple[str, ...] = ()

    def rounds_for(self, skill: str) -> tuple[str, ...]:
        return tuple(self.rounds.get(skill, ()))

    def outstanding_for(self, skill: str) -> tuple[str, ...]:
        return tuple(r for r in self.rounds_for(skill) if r in self.outstanding)


def combined_rating(values: Iterable[int]) -> int | None:
    """The skill's combined rating: the median, taking the lower middle value when the
    count is even (``statistics.median_low``). A split between a 2 and a 3 is a 2: a bar is
    met by evidence, never by averaging a weak rating into a strong one. None when unrated.
    """
    values = list(values)
    return median_low(values) if values else None


def quote(evidence: str, limit: int = QUOTE_LENGTH) -> str:
    """The evidence on one line, cut at a word boundary with an ellipsis past ``limit``."""
    text = re.sub(r"\s+", " ", evidence).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def join_names(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
