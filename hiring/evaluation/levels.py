"""Which level the evidence supports: the same combined ratings held against the
must-have bars of the level below, the job's level and the level above.

A candidate who falls short of a senior bar may clear the mid one, and the debrief should
see that without a second loop. The rule never recommends a level with a failing or
unrated must-have. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hiring.evaluation.evidence import join_names

PASS, FAIL, MISSING = "pass", "fail", "missing"


@dataclass(frozen=True)
class LevelBars:
    level: str  # the rubric's level id: junior, mid, senior, staff
    name: str  # its display name
    bars: Mapping[str, int]  # must-have skill -> bar


@dataclass(frozen=True)
class LevelLadder:
    """A role family's levels, lowest first, and the job's own level among them."""

    levels: tuple[LevelBars, ...]
    current: str

    @classmethod
    def from_bars(
        cls,
        order: Sequence[str],
        bars: Mapping[str, Mapping[str, int]],
        names: Mapping[str, str],
        current: str,
    ) -> LevelLadder:
        return cls(
            tuple(LevelBars(level, names.get(level, level), bars[level]) for level in order),
            current,
        )

    def neighbours(self) -> tuple[LevelBars, ...]:
        """The level below, the job's level and the level above, where they exist."""
        ids = [level.level for level in self.levels]
        if self.current not in ids:
            raise ValueError(f"The job's level {self.current!r} is not on the ladder {ids}.")
        index = ids.index(self.current)
        return self.levels[max(0, index - 1) : index + 2]


@dataclass(frozen=True)
class LevelCheck:
    level: str
    name: str
    is_job_level: bool
    passing: tuple[str, ...]
    failing: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.failing:
            return FAIL
        return MISSING if self.missing else PASS

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "name": self.name,
            "is_job_level": self.is_job_level,
            "status": self.status,
            "passing": list(self.passing),
            "failing": list(self.failing),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class LevelRecommendation:
    checks: tuple[LevelCheck, ...]  # lowest level first
    recommended: str | None
    summary: str  # "Meets Mid-level on every must-have; meets Senior on all but ..."
    reason: str  # why this level, or why none

    @property
    def recommended_name(self) -> str | None:
        return next((c.name for c in self.checks if c.level == self.recommended), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommended": self.recommended,
            "recommended_name": self.recommended_name,
            "summary": self.summary,
            "reason": self.reason,
            "levels": [check.to_dict() for check in self.checks],
        }


def check_level(
    combined: Mapping[str, int | None], bars: Mapping[str, int], level: LevelBars, is_job: bool
) -> LevelCheck:
    passing, failing, missing = [], [], []
    for skill, bar in bars.items():
        value = combined.get(skill)
        (missing if value is None else passing if value >= bar else failing).append(skill)
    return LevelCheck(
        level.level, level.name, is_job, tuple(passing), tuple(failing), tuple(missing)
    )


def _phrase(check: LevelCheck, names: Mapping[str, str]) -> str:
    def named(skills: Sequence[str]) -> str:
        return join_names(names.get(skill, skill) for skill in skills)

    if check.failing and not check.passing:
        text = f"meets {check.name} on none of its must-haves"
    elif check.failing:
        text = f"meets {check.name} on all but {named(check.failing)}"
    elif check.missing:
        text = f"meets {check.name} on every must-have rated"
    else:
        text = f"meets {check.name} on every must-have"
    if check.missing:
        text += f" ({named(check.missing)} not rated)"
    return text


def recommend_level(
    combined: Mapping[str, int | None],
    ladder: LevelLadder,
    names: Mapping[str, str],
    job_bars: Mapping[str, int] | None = None,
) -> LevelRecommendation:
    """The highest neighbouring level whose must-haves all pass.

    ``combined`` is each skill's combined rating (None when unrated). ``job_bars``, when
    given, replaces the ladder's bars at the job's level: a tuned job is judged on its
    pinned bars, so this never contradicts the verdict. Walking down from the top, a
    level with a failing must-have is passed over; so is a level above the job's with
    unrated must-haves (the loop was not built to test it). An unrated must-have at the
    job's level or below is decisive missing evidence: no level is recommended until it
    is rated, because the answer could be that level.
    """
    checks = tuple(
        check_level(
            combined,
            job_bars if job_bars is not None and level.level == ladder.current else level.bars,
            level,
            level.level == ladder.current,
        )
        for level in ladder.neighbours()
    )
    summary = "; ".join(_phrase(check, names) for check in checks)
    summary = summary[:1].upper() + summary[1:] + "."
    job_index = next(i for i, check in enumerate(checks) if check.is_job_level)
    for index in range(len(checks) - 1, -1, -1):
        check = checks[index]
        if check.status == PASS:
            return LevelRecommendation(
                checks, check.level, summary, f"Recommended level: {check.name}."
            )
        if check.status == MISSING and index <= job_index:
            unrated = join_names(names.get(skill, skill) for skill in check.missing)
            return LevelRecommendation(
                checks,
                None,
                summary,
                f"No level recommended yet: {check.name} depends on {unrated}, not rated.",
            )
    return LevelRecommendation(
        checks,
        None,
        summary,
        "No level recommended: the evidence fails a must-have at every level considered.",
    )
