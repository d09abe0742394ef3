"""From submitted scorecards to a verdict the debrief can check line by line.

Each skill's ratings combine into one number (``evidence.combined_rating``: the median,
lower middle on a tie). A must-have passes when that number reaches the job's bar and
fails below it; a must-have nobody rated is missing. Verdict:

- ``below_bar`` as soon as one must-have fails, even while others are missing: rating the
  missing ones cannot lift the failing one (they are still listed, with their rounds);
- ``incomplete`` when none fails but at least one is missing;
- ``meets_bar`` exactly when every must-have passes.

Trainable skills never fail a candidate: a gap below the target becomes a growth plan
step with the rubric's way to learn it. A strength is a combined rating at least one
point above the bar (must-have) or target (trainable), or a 4 on a skill with neither.
Every sentence of the explanation cites the ratings behind it. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from hiring.evaluation.evidence import (
    MUST,
    TRAINABLE,
    PlannedCoverage,
    Rating,
    Recommendation,
    SkillProfile,
    combined_rating,
    join_names,
    quote,
)
from hiring.evaluation.flags import Flag, debrief_flags
from hiring.evaluation.levels import (
    FAIL,
    MISSING,
    PASS,
    LevelLadder,
    LevelRecommendation,
    recommend_level,
)

MEETS_BAR, BELOW_BAR, INCOMPLETE = "meets_bar", "below_bar", "incomplete"
VERDICTS = (MEETS_BAR, BELOW_BAR, INCOMPLETE)
AT_TARGET, GAP, NOT_ASSESSED = "at_target", "gap", "not_assessed"
OTHER = "other"
TOP_RATING = 4


@dataclass(frozen=True)
class SkillEvidence:
    """One skill's submitted ratings (not-assessed ones left out) and what they combine to."""

    skill: str
    name: str
    ratings: tuple[Rating, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(r.rating for r in self.ratings if r.rating is not None)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> int | None:
        return combined_rating(self.values)

    @property
    def range(self) -> tuple[int, int] | None:
        return (min(self.values), max(self.values)) if self.values else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "name": self.name,
            "median": self.median,
            "range": list(self.range) if self.range else None,
            "count": self.count,
            "ratings": [r.to_dict() for r in self.ratings],
        }


@dataclass(frozen=True)
class SkillResult:
    """A skill's evidence judged against what the job asks of it."""

    evidence: SkillEvidence

    @property
    def skill(self) -> str:
        return self.evidence.skill

    @property
    def name(self) -> str:
        return self.evidence.name


@dataclass(frozen=True)
class MustHaveResult(SkillResult):
    bar: int
    rounds_planned: tuple[str, ...] = ()
    rounds_outstanding: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        median = self.evidence.median
        if median is None:
            return MISSING
        return PASS if median >= self.bar else FAIL

    def to_dict(self) -> dict[str, Any]:
        return self.evidence.to_dict() | {
            "status": self.status,
            "bar": self.bar,
            "rounds_planned": list(self.rounds_planned),
            "rounds_outstanding": list(self.rounds_outstanding),
        }


@dataclass(frozen=True)
class TrainableResult(SkillResult):
    target: int
    how: str = ""
    weeks: int | None = None

    @property
    def status(self) -> str:
        median = self.evidence.median
        if median is None:
            return NOT_ASSESSED
        return GAP if median < self.target else AT_TARGET

    @property
    def gap(self) -> int:
        """Points below the target; 0 at or above it and when not assessed."""
        median = self.evidence.median
        return 0 if median is None else max(0, self.target - median)

    def to_dict(self) -> dict[str, Any]:
        return self.evidence.to_dict() | {
            "status": self.status,
            "target": self.target,
            "gap": self.gap,
            "how": self.how,
            "weeks": self.weeks,
        }


@dataclass(frozen=True)
class GrowthStep:
    skill: str
    name: str
    target: int
    median: int
    gap: int
    how: str
    weeks: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Strength:
    skill: str
    name: str
    kind: str  # must | trainable | other
    median: int
    against: int | None  # the bar or target it clears; None for a skill with neither

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    explanation: tuple[str, ...]
    must_haves: tuple[MustHaveResult, ...]
    trainable: tuple[TrainableResult, ...]
    growth_plan: tuple[GrowthStep, ...]
    strengths: tuple[Strength, ...]
    flags: tuple[Flag, ...]
    level_recommendation: LevelRecommendation | None
    other_skills: tuple[SkillEvidence, ...]  # rated, but neither must-have nor trainable

    def to_dict(self) -> dict[str, Any]:
        level = self.level_recommendation
        return {
            "verdict": self.verdict,
            "explanation": list(self.explanation),
            "must_haves": [m.to_dict() for m in self.must_haves],
            "trainable": [t.to_dict() for t in self.trainable],
            "growth_plan": [g.to_dict() for g in self.growth_plan],
            "strengths": [s.to_dict() for s in self.strengths],
            "flags": [f.to_dict() for f in self.flags],
            "level_recommendation": level.to_dict() if level else None,
            "other_skills": [o.to_dict() for o in self.other_skills],
        }


def _evidence(profile: SkillProfile, skill: str, ratings: Sequence[Rating]) -> SkillEvidence:
    rated = tuple(r for r in ratings if r.skill == skill and r.assessed)
    return SkillEvidence(skill, profile.name(skill), rated)


def must_have_results(
    profile: SkillProfile, ratings: Sequence[Rating], coverage: PlannedCoverage
) -> tuple[MustHaveResult, ...]:
    return tuple(
        MustHaveResult(
            _evidence(profile, m.skill, ratings),
            m.bar,
            coverage.rounds_for(m.skill),
            coverage.outstanding_for(m.skill),
        )
        for m in profile.must_haves
    )


def trainable_results(
    profile: SkillProfile, ratings: Sequence[Rating]
) -> tuple[TrainableResult, ...]:
    return tuple(
        TrainableResult(_evidence(profile, t.skill, ratings), t.target, t.how, t.weeks)
        for t in profile.trainable
    )


def growth_plan(trainable: Sequence[TrainableResult]) -> tuple[GrowthStep, ...]:
    """Trainable skills rated below their target, largest gap first."""
    gaps = [t for t in trainable if t.status == GAP]
    steps = [
        GrowthStep(t.skill, t.name, t.target, t.evidence.median or 0, t.gap, t.how, t.weeks)
        for t in gaps
    ]
    return tuple(sorted(steps, key=lambda step: -step.gap))


def strengths(
    must_haves: Sequence[MustHaveResult],
    trainable: Sequence[TrainableResult],
    others: Sequence[SkillEvidence],
) -> tuple[Strength, ...]:
    """At least a point above the bar or target; a 4 where there is neither."""
    found = [
        Strength(m.skill, m.name, MUST, m.evidence.median, m.bar)
        for m in must_haves
        if m.evidence.median is not None and m.evidence.median >= m.bar + 1
    ]
    found += [
        Strength(t.skill, t.name, TRAINABLE, t.evidence.median, t.target)
        for t in trainable
        if t.evidence.median is not None and t.evidence.median >= t.target + 1
    ]
    found += [
        Strength(o.skill, o.name, OTHER, TOP_RATING, None) for o in others if o.median == TOP_RATING
    ]
    return tuple(found)


def must_have_verdict(must_haves: Sequence[MustHaveResult]) -> str:
    statuses = {m.status for m in must_haves}
    if FAIL in statuses:
        return BELOW_BAR
    return INCOMPLETE if MISSING in statuses else MEETS_BAR


# --- the explanation ---------------------------------------------------------------


def _citations(evidence: SkillEvidence) -> str:
    return "; ".join(
        f"{r.round}, {r.interviewer} rated {r.rating}"
        f'{" (amended)" if r.amended else ""}: "{quote(r.evidence)}"'
        for r in evidence.ratings
    )


def _value(evidence: SkillEvidence) -> str:
    """The combined rating, showing how it was reached when more than one rating counts."""
    if evidence.count == 1:
        return str(evidence.median)
    listed = ", ".join(str(v) for v in sorted(evidence.values))
    kind = "median" if evidence.count % 2 else "lower median"
    return f"{evidence.median} ({kind} of {listed})"


def _is_are(names: Sequence[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _headline(verdict: str, must_haves: Sequence[MustHaveResult]) -> str:
    failing = [m.name for m in must_haves if m.status == FAIL]
    missing = [m.name for m in must_haves if m.status == MISSING]
    unrated = f"; {join_names(missing)} not rated yet" if missing else ""
    if verdict == BELOW_BAR:
        return f"Below the bar: {join_names(failing)} {_is_are(failing)} below the bar{unrated}."
    if verdict == INCOMPLETE:
        return (
            f"Incomplete: {join_names(missing)} {_is_are(missing)} not rated yet, so the bar "
            "cannot be judged."
        )
    if not must_haves:
        return "Meets the bar: the job has no must-haves to hold the evidence against."
    return f"Meets the bar: all {len(must_haves)} must-haves reach their bar."


def _must_have_sentence(m: MustHaveResult) -> str:
    if m.status == MISSING:
        if not m.rounds_planned:
            plan = "no round in the loop assesses it"
        else:
            s = "s" if len(m.rounds_planned) > 1 else ""
            plan = f"planned in the {join_names(m.rounds_planned)} round{s}"
            if m.rounds_outstanding:
                plan += f" ({join_names(m.rounds_outstanding)} still to come)"
        return f"{m.name}: not rated yet against a bar of {m.bar}; {plan}."
    result = "meets the bar" if m.status == PASS else "below the bar"
    return (
        f"{m.name}: {_value(m.evidence)} against a bar of {m.bar}, {result}. "
        f"{_citations(m.evidence)}."
    )


def explain(
    verdict: str,
    must_haves: Sequence[MustHaveResult],
    trainable: Sequence[TrainableResult],
    found_strengths: Sequence[Strength],
    coverage: PlannedCoverage,
) -> tuple[str, ...]:
    """Plain sentences, one per must-have and trainable gap, each citing its ratings."""
    sentences = [_headline(verdict, must_haves)]
    sentences += [_must_have_sentence(m) for m in must_haves]
    gaps = [t for t in trainable if t.status == GAP]
    for t in gaps:
        s = "" if t.gap == 1 else "s"
        sentences.append(
            f"{t.name} (trainable): {_value(t.evidence)} against a target of "
            f"{t.target}, {t.gap} point{s} for the growth plan. {_citations(t.evidence)}."
        )
    if gaps:
        sentences.append("Trainable gaps go into the growth plan and never block a hire.")
    unassessed = [t.name for t in trainable if t.status == NOT_ASSESSED]
    if unassessed:
        sentences.append(f"Trainable, not assessed (no gap recorded): {join_names(unassessed)}.")
    if found_strengths:
        listed = join_names(
            f"{s.name} ({s.median}" + (f" against {s.against})" if s.against else ")")
            for s in found_strengths
        )
        sentences.append(f"Strengths: {listed}.")
    if coverage.outstanding:
        order = [r for r in coverage.round_order if r in coverage.outstanding]
        order += sorted(coverage.outstanding - set(order))
        sentences.append(
            f"Still to come: {join_names(order)}; those scorecards may change this result."
        )
    return tuple(sentences)


# --- the whole evaluation and the debrief matrix -------------------------------------


def evaluate(
    profile: SkillProfile,
    ratings: Sequence[Rating],
    recommendations: Sequence[Recommendation] = (),
    coverage: PlannedCoverage | None = None,
    levels: LevelLadder | None = None,
) -> Evaluation:
    """Everything the debrief shows for one candidate on one job."""
    for r in ratings:
        if r.rating is not None and r.rating not in (1, 2, 3, 4):
            raise ValueError(f"Rating {r.rating!r} for {r.skill} is not on the 1-4 scale.")
    coverage = coverage or PlannedCoverage()
    musts = must_have_results(profile, ratings, coverage)
    trainable = trainable_results(profile, ratings)
    known = {m.skill for m in profile.must_haves} | {t.skill for t in profile.trainable}
    other_ids = dict.fromkeys(r.skill for r in ratings if r.assessed and r.skill not in known)
    others = tuple(_evidence(profile, skill, ratings) for skill in other_ids)
    verdict = must_have_verdict(musts)
    found = strengths(musts, trainable, others)
    level = None
    if levels is not None:
        rated = (*(m.evidence for m in musts), *(t.evidence for t in trainable), *others)
        combined = {e.skill: e.median for e in rated}
        level = recommend_level(
            combined, levels, profile.names, {m.skill: m.bar for m in profile.must_haves}
        )
    return Evaluation(
        verdict=verdict,
        explanation=explain(verdict, musts, trainable, found, coverage),
        must_haves=musts,
        trainable=trainable,
        growth_plan=growth_plan(trainable),
        strengths=found,
        flags=debrief_flags(profile, ratings, recommendations),
        level_recommendation=level,
        other_skills=others,
    )


@dataclass(frozen=True)
class MatrixRow:
    skill: str
    name: str
    kind: str  # must | trainable | other
    level: int | None  # bar or target
    cells: tuple[tuple[Rating, ...] | None, ...]  # one per round; None where not rated

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "name": self.name,
            "kind": self.kind,
            "level": self.level,
            "cells": [None if c is None else [r.to_dict() for r in c] for c in self.cells],
        }


@dataclass(frozen=True)
class DebriefMatrix:
    rounds: tuple[str, ...]
    rows: tuple[MatrixRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rounds": list(self.rounds), "rows": [row.to_dict() for row in self.rows]}


def debrief_matrix(evaluation: Evaluation, round_order: Sequence[str] = ()) -> DebriefMatrix:
    """Skills (must-haves, then trainable, then other rated skills) against rounds: the
    loop's order first, then any other round that produced a rating."""
    rows_in = [
        *((m.evidence, MUST, m.bar) for m in evaluation.must_haves),
        *((t.evidence, TRAINABLE, t.target) for t in evaluation.trainable),
        *((o, OTHER, None) for o in evaluation.other_skills),
    ]
    seen = [r.round for evidence, _, _ in rows_in for r in evidence.ratings]
    rounds = tuple(dict.fromkeys([*round_order, *seen]))
    rows = []
    for evidence, kind, level in rows_in:
        cells = tuple(
            tuple(r for r in evidence.ratings if r.round == name) or None for name in rounds
        )
        rows.append(MatrixRow(evidence.skill, evidence.name, kind, level, cells))
    return DebriefMatrix(rounds, tuple(rows))
