"""Debrief flags: what the panel should talk about before trusting the numbers.

A combined rating hides disagreement, a scorecard can argue against itself, and a
rating backed by a verdict word cannot be checked by anyone else. Each flag names the
scorecards involved and says in one sentence what to discuss. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hiring.evaluation.evidence import (
    HIRE,
    NO_HIRE,
    STRONG_NO,
    STRONG_YES,
    Rating,
    Recommendation,
    SkillProfile,
    join_names,
    quote,
)

RATING_DISAGREEMENT = "rating_disagreement"
RECOMMENDATION_DISAGREEMENT = "recommendation_disagreement"
CONTRADICTION = "contradiction"
THIN_EVIDENCE = "thin_evidence"

# Two points apart on a 1-4 scale is the difference between "below" and "above" the bar.
DISAGREEMENT_SPREAD = 2
MIN_EVIDENCE_WORDS = 6

# Words that judge without describing; evidence made only of these (and FILLER) says what
# the interviewer concluded, not what the candidate said or did.
_JUDGEMENT = """
    good great strong solid weak excellent poor ok okay nice impressive smart bad fine
    amazing awesome brilliant decent fantastic outstanding average mediocre terrible superb
    competent capable knowledgeable sharp clear confident fluent talented exceptional
    stellar lacking limited adequate sufficient reasonable fair meh best better worse
    bright clever skilled experienced well poorly nicely impressed wow
"""
_FILLER = """
    a an the and or but of in on at to for with as very really quite pretty super so too
    extremely overall generally is was are were be been seems seemed seem looks looked
    has had have showed shows demonstrated demonstrates displayed he she they them their
    his her candidate i we it this that think thought felt feel also all around not no
    enough bit lot some more less knowledge understanding grasp skills skill experience
    communication communicator fundamentals ml coding coder code engineer engineering job
    work performance answer answers interview technical technically background ability
    abilities level area areas
"""
JUDGEMENT_WORDS = frozenset(_JUDGEMENT.split())
FILLER_WORDS = frozenset(_FILLER.split())
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019-][a-z0-9]+)*")


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str
    skill: str | None = None
    scorecards: tuple[int | str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "skill": self.skill,
            "scorecards": list(self.scorecards),
            "message": self.message,
        }


def thin_evidence_reason(evidence: str) -> str | None:
    """Why evidence is too thin to check ("only 3 words", "only judgement words"), or None.

    Thin means fewer than six words, or words that are all judgement words ("good",
    "strong", "solid"...) and filler ("very", "overall", "understanding of ML").
    """
    words = _WORD.findall(evidence.lower())
    if not words:
        return "empty"
    if len(words) < MIN_EVIDENCE_WORDS:
        return f"only {len(words)} word{'' if len(words) == 1 else 's'}"
    if all(word in JUDGEMENT_WORDS or word in FILLER_WORDS for word in words):
        return "only judgement words"
    return None


def _who(rating: Rating | Recommendation) -> str:
    return f"{rating.interviewer} ({rating.round})"


def _unique(ids: Sequence[int | str]) -> tuple[int | str, ...]:
    return tuple(dict.fromkeys(ids))


def rating_disagreements(profile: SkillProfile, ratings: Sequence[Rating]) -> list[Flag]:
    """Skills whose ratings lie two or more points apart."""
    by_skill: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        if rating.assessed:
            by_skill[rating.skill].append(rating)
    flags = []
    for skill, rated in by_skill.items():
        low = min(r.rating or 0 for r in rated)
        high = max(r.rating or 0 for r in rated)
        if high - low < DISAGREEMENT_SPREAD:
            continue
        extremes = [r for r in rated if r.rating in (low, high)]
        said = join_names(f"{_who(r)} rated {r.rating}" for r in extremes)
        flags.append(
            Flag(
                RATING_DISAGREEMENT,
                f"Interviewers disagree on {profile.name(skill)}: {said}. "
                "Ask each what they saw before relying on the combined rating.",
                skill,
                _unique([r.scorecard_id for r in extremes]),
            )
        )
    return flags


def recommendation_disagreement(recommendations: Sequence[Recommendation]) -> list[Flag]:
    """A hire call from one interviewer against a no-hire call from another."""
    hire = [r for r in recommendations if r.recommendation in HIRE]
    no_hire = [r for r in recommendations if r.recommendation in NO_HIRE]
    if not hire or not no_hire:
        return []
    yes = join_names(f"{r.label} from {_who(r)}" for r in hire)
    no = join_names(f"{r.label} from {_who(r)}" for r in no_hire)
    return [
        Flag(
            RECOMMENDATION_DISAGREEMENT,
            f"The panel is split: {yes}; {no}. Hear the evidence on both sides before deciding.",
            None,
            _unique([r.scorecard_id for r in (*hire, *no_hire)]),
        )
    ]


def contradictions(
    profile: SkillProfile, ratings: Sequence[Rating], recommendations: Sequence[Recommendation]
) -> list[Flag]:
    """A strong yes beside a must-have rated below its bar, or a strong no from a scorecard
    whose every rated must-have meets its bar."""
    bars = {m.skill: m.bar for m in profile.must_haves}
    flags = []
    for call in recommendations:
        rated = [
            r
            for r in ratings
            if r.scorecard_id == call.scorecard_id and r.assessed and r.skill in bars
        ]
        if call.recommendation == STRONG_YES:
            for r in rated:
                if (r.rating or 0) < bars[r.skill]:
                    flags.append(
                        Flag(
                            CONTRADICTION,
                            f"{_who(call)} recommends strong yes but rated "
                            f"{profile.name(r.skill)} {r.rating}, below its bar of "
                            f"{bars[r.skill]}. Which of the two does the evidence support?",
                            r.skill,
                            (call.scorecard_id,),
                        )
                    )
        elif (
            call.recommendation == STRONG_NO
            and rated
            and all((r.rating or 0) >= bars[r.skill] for r in rated)
        ):
            met = join_names(
                f"{profile.name(r.skill)} {r.rating} against {bars[r.skill]}" for r in rated
            )
            flags.append(
                Flag(
                    CONTRADICTION,
                    f"{_who(call)} recommends strong no, yet every must-have on the "
                    f"scorecard meets its bar ({met}). Ask what the concern is and "
                    "which evidence shows it.",
                    None,
                    (call.scorecard_id,),
                )
            )
    return flags


def thin_evidence(profile: SkillProfile, ratings: Sequence[Rating]) -> list[Flag]:
    """Ratings whose evidence another person could not check."""
    flags = []
    for r in ratings:
        reason = thin_evidence_reason(r.evidence) if r.assessed else None
        if reason:
            flags.append(
                Flag(
                    THIN_EVIDENCE,
                    f"{profile.name(r.skill)}: the evidence from {_who(r)} is {reason} "
                    f'("{quote(r.evidence)}"). Ask for what the candidate said or did '
                    f"before relying on the {r.rating}.",
                    r.skill,
                    (r.scorecard_id,),
                )
            )
    return flags


def debrief_flags(
    profile: SkillProfile,
    ratings: Sequence[Rating],
    recommendations: Sequence[Recommendation],
) -> tuple[Flag, ...]:
    """Every flag, disagreements first: they change the result most."""
    return (
        *rating_disagreements(profile, ratings),
        *recommendation_disagreement(recommendations),
        *contradictions(profile, ratings, recommendations),
        *thin_evidence(profile, ratings),
    )
