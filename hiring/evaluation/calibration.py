"""Interviewer calibration: who rates harder or softer than their peers on the same
candidates, how often they rate the focus skills their rounds assign, how they
recommend, and how soon their scorecards come in. Pure: per-interviewer sums in (the
database adds them up), figures and plain sentences out.

The definitions, in the words the page uses:

- A **comparison** is one skill of one candidate (an application) that the interviewer
  rated 1-4 and at least one other interviewer rated too. Its **offset** is the
  interviewer's rating minus the mean of the other interviewers' ratings of that skill
  of that candidate (someone who rated it in two interviews counts once, with the mean
  of their two ratings).
- The **mean offset** is the mean of their offsets: below zero they rate **harder**
  than their peers (lower marks for the same candidate), above zero **softer**; within
  ``IN_LINE_WITHIN`` of zero they are in line with them.
- The **spread** is the standard deviation of their offsets around that mean (divided
  by the number of comparisons, not one less): small when they are harder or softer
  by about the same amount every time, large when it changes from candidate to
  candidate. A standard deviation rather than a mean absolute deviation because it
  follows from two sums the database adds up in one pass (of the offsets and of their
  squares), and it is in rating points like the offset.
- Nothing is shown until an interviewer shares ``minimum`` candidates with peers: on
  one or two candidates a single unusual interview looks like a habit.
- **Adherence** is the share of the focus skills their rounds assigned that they
  rated 1-4; "not assessed" and skills left out count as not rated.
- **Turnaround** is the time from the interview's scheduled end to submitting the
  scorecard (0 when submitted before the end); late means over ``LATE_AFTER_HOURS``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hiring.scorecards.rules import HIRE_RECOMMENDATIONS, LATE_AFTER, RECOMMENDATIONS

# A mean offset closer to zero than this (a quarter of a point) is noise, not a habit.
IN_LINE_WITHIN = 0.25
# Fewer focus skills rated than this share leaves the debrief short of evidence.
LOW_ADHERENCE = 0.8
LATE_AFTER_HOURS = LATE_AFTER.total_seconds() / 3600
# The offset bar reaches the edge at this many points (and stops there).
BAR_SCALE = 2.0

HARDER, SOFTER, IN_LINE = "harder", "softer", "in_line"

SORTS: dict[str, str] = {
    "offset": "Largest offset first",
    "name": "Name",
    "adherence": "Lowest adherence first",
    "turnaround": "Slowest turnaround first",
}


# --- what the database adds up ---------------------------------------------------------


@dataclass(frozen=True)
class PeerSums:
    """One interviewer's comparisons with peers, summed."""

    comparisons: int = 0
    shared_candidates: int = 0
    offset_sum: float = 0.0
    offset_square_sum: float = 0.0


@dataclass(frozen=True)
class InterviewerTotals:
    """Everything counted for one interviewer over their submitted scorecards."""

    interviewer_id: int
    name: str
    scorecards: int
    focus_assigned: int = 0
    focus_rated: int = 0
    # Recommendation key (rules.RECOMMENDATIONS) -> scorecards recommending it.
    recommendations: Mapping[str, int] = field(default_factory=dict)
    median_turnaround_hours: float | None = None
    late: int = 0
    peers: PeerSums = PeerSums()


# --- what the page shows ---------------------------------------------------------------


def one_decimal(value: float) -> str:
    """0.25 -> "0.3": halves round up, as people round by hand."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(share: float) -> str:
    return f"{Decimal(repr(share * 100)).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class OffsetBar:
    """Where the offset bar lies, in percent of its width; the middle is no offset."""

    start: float
    width: float


@dataclass(frozen=True)
class PeerComparison:
    shared_candidates: int
    comparisons: int
    minimum: int
    # None under the minimum: nothing is shown then.
    offset: float | None
    spread: float | None

    @property
    def enough(self) -> bool:
        return self.offset is not None

    @property
    def direction(self) -> str | None:
        if self.offset is None:
            return None
        if abs(self.offset) < IN_LINE_WITHIN:
            return IN_LINE
        return HARDER if self.offset < 0 else SOFTER

    @property
    def headline(self) -> str:
        """What the table cell says: "Harder by 0.6", "In line (0.1)"."""
        if self.offset is None:
            return "Not enough shared candidates"
        size = one_decimal(abs(self.offset))
        if self.direction == IN_LINE:
            return f"In line ({size} apart)"
        return f"{'Harder' if self.direction == HARDER else 'Softer'} by {size}"

    @property
    def label(self) -> str:
        """The whole finding in one sentence."""
        if self.offset is None or self.spread is None:
            return (
                f"not enough shared candidates to compare ({self.shared_candidates} of the "
                f"{self.minimum} needed)"
            )
        size = one_decimal(abs(self.offset))
        sample = f"spread {one_decimal(self.spread)}, {self.candidates_text}"
        if self.direction == IN_LINE:
            return f"rates in line with peers ({size} apart on average; {sample})"
        return f"rates {self.direction} than peers by {size} on average ({sample})"

    @property
    def spread_text(self) -> str:
        return "none" if self.spread is None else one_decimal(self.spread)

    @property
    def candidates_text(self) -> str:
        return plural(self.shared_candidates, "shared candidate")

    @property
    def bar(self) -> OffsetBar | None:
        if self.offset is None:
            return None
        reach = max(-1.0, min(1.0, self.offset / BAR_SCALE)) * 50
        return OffsetBar(start=50 + min(reach, 0.0), width=abs(reach))


def compare_with_peers(sums: PeerSums, minimum: int) -> PeerComparison:
    """The mean offset and its spread, or nothing under ``minimum`` shared candidates."""
    if sums.shared_candidates < minimum or sums.comparisons == 0:
        return PeerComparison(sums.shared_candidates, sums.comparisons, minimum, None, None)
    mean = sums.offset_sum / sums.comparisons
    # Sums of floats can leave a hair below zero where the true variance is zero.
    variance = max(0.0, sums.offset_square_sum / sums.comparisons - mean * mean)
    return PeerComparison(
        sums.shared_candidates, sums.comparisons, minimum, mean, math.sqrt(variance)
    )


@dataclass(frozen=True)
class Adherence:
    assigned: int
    rated: int

    @property
    def share(self) -> float | None:
        # Ratings only exist for focus skills; min() keeps odd old data from passing 100%.
        return min(self.rated, self.assigned) / self.assigned if self.assigned else None

    @property
    def low(self) -> bool:
        return self.share is not None and self.share < LOW_ADHERENCE

    @property
    def text(self) -> str:
        """What the table cell says: "17 of 20 (85%)"."""
        if self.share is None:
            return "none assigned"
        return f"{min(self.rated, self.assigned)} of {self.assigned} ({percent(self.share)})"

    @property
    def label(self) -> str:
        if self.share is None:
            return "no focus skills assigned"
        rated = min(self.rated, self.assigned)
        return f"rated {rated} of {plural(self.assigned, 'focus skill')} ({percent(self.share)})"


@dataclass(frozen=True)
class RecommendationShare:
    key: str
    label: str
    count: int
    share: float | None

    @property
    def text(self) -> str:
        return str(self.count) if self.share is None else f"{self.count} ({percent(self.share)})"


@dataclass(frozen=True)
class RecommendationMix:
    shares: tuple[RecommendationShare, ...]
    total: int

    @property
    def hires(self) -> int:
        return sum(s.count for s in self.shares if s.key in HIRE_RECOMMENDATIONS)

    @property
    def hire_share(self) -> float | None:
        return self.hires / self.total if self.total else None

    @property
    def label(self) -> str:
        if not self.total:
            return "no recommendations"
        share = percent(self.hire_share or 0.0)
        return f"yes or strong yes on {self.hires} of {plural(self.total, 'scorecard')} ({share})"


def recommendation_mix(counts: Mapping[str, int]) -> RecommendationMix:
    """Counts and shares in the scale's order, strong no to strong yes."""
    total = sum(counts.get(key, 0) for key in RECOMMENDATIONS)
    return RecommendationMix(
        tuple(
            RecommendationShare(
                key, label, counts.get(key, 0), counts.get(key, 0) / total if total else None
            )
            for key, label in RECOMMENDATIONS.items()
        ),
        total,
    )


@dataclass(frozen=True)
class Turnaround:
    submitted: int
    median_hours: float | None
    late: int

    @property
    def median_text(self) -> str:
        return "none" if self.median_hours is None else f"{one_decimal(self.median_hours)} h"

    @property
    def label(self) -> str:
        if self.median_hours is None:
            return "no scorecards"
        return (
            f"median {one_decimal(self.median_hours)} hours from the interview's end; "
            f"{self.late} of {self.submitted} late"
        )


@dataclass(frozen=True)
class InterviewerCalibration:
    interviewer_id: int
    name: str
    scorecards: int
    peers: PeerComparison
    adherence: Adherence
    recommendations: RecommendationMix
    turnaround: Turnaround


@dataclass(frozen=True)
class Calibration:
    rows: tuple[InterviewerCalibration, ...]
    minimum: int
    sort: str

    @property
    def compared(self) -> int:
        return sum(1 for row in self.rows if row.peers.enough)

    @property
    def scorecards(self) -> int:
        return sum(row.scorecards for row in self.rows)

    @property
    def hire_share(self) -> float | None:
        """Everyone's share of yes and strong yes, to hold each interviewer's against."""
        total = sum(row.recommendations.total for row in self.rows)
        hires = sum(row.recommendations.hires for row in self.rows)
        return hires / total if total else None

    @property
    def hire_share_text(self) -> str:
        return "" if self.hire_share is None else percent(self.hire_share)

    @property
    def summary(self) -> str:
        if not self.rows:
            return "No submitted scorecards match these filters."
        cards = plural(self.scorecards, "submitted scorecard")
        return (
            f"{plural(len(self.rows), 'interviewer')} with {cards}; "
            f"{self.compared} of them share at least {plural(self.minimum, 'candidate')} with "
            "peers and can be compared."
        )


def calibrate(
    totals: Sequence[InterviewerTotals], *, minimum: int, sort: str = "offset"
) -> Calibration:
    if minimum < 1:
        raise ValueError("the minimum of shared candidates is at least 1")
    rows = [
        InterviewerCalibration(
            interviewer_id=item.interviewer_id,
            name=item.name,
            scorecards=item.scorecards,
            peers=compare_with_peers(item.peers, minimum),
            adherence=Adherence(item.focus_assigned, item.focus_rated),
            recommendations=recommendation_mix(item.recommendations),
            turnaround=Turnaround(item.scorecards, item.median_turnaround_hours, item.late),
        )
        for item in totals
    ]
    sort = sort if sort in SORTS else "offset"
    return Calibration(tuple(ordered(rows, sort)), minimum, sort)


def ordered(rows: Sequence[InterviewerCalibration], sort: str) -> list[InterviewerCalibration]:
    """Rows in the chosen order; rows without the figure sorted on go last, by name.

    By offset: the largest difference from peers first, whichever way it goes.
    """

    def by_name(row: InterviewerCalibration) -> tuple[str, int]:
        return (row.name.casefold(), row.interviewer_id)

    def figure(row: InterviewerCalibration) -> float | None:
        if sort == "offset":
            return None if row.peers.offset is None else -abs(row.peers.offset)
        if sort == "adherence":
            return row.adherence.share
        if sort == "turnaround":
            hours = row.turnaround.median_hours
            return None if hours is None else -hours
        return 0.0

    def key(row: InterviewerCalibration) -> tuple[bool, float, tuple[str, int]]:
        value = figure(row)
        return (value is None, 0.0 if value is None else value, by_name(row))

    return sorted(rows, key=key)
