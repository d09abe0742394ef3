"""Monte Carlo time-to-fill: when will a job's pipeline produce its hires? Pure.

The pipeline is a chain of stages ending in the final one (hired). From each stage an
application either moves on (with the stage's pass rate, after a number of days drawn
from the stage's duration samples) or drops out. A run walks every application in the
pipeline now; the job is filled on the day its last opening gets a hire. Many runs
give the probability of being filled by each day.

Every application draws from its own seeded ``random.Random``, keyed by where it is
(stage, days there, and which of the identical ones it is). Adding applications never
changes the draws of the others, so with the same seed more applications can never
lower the probability of filling by any day: a run's hires are a superset.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

TARGET_CHANCE = 0.8
MAX_EXTRA_CANDIDATES = 500


@dataclass(frozen=True)
class StageModel:
    """One stage before the final one: how often an application moves on from it, and
    how many days it spends here before doing so (``durations``: (days, weight))."""

    id: str
    name: str
    pass_rate: float
    durations: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        if not 0.0 <= self.pass_rate <= 1.0:
            raise ValueError(f"pass rate of {self.id} must be between 0 and 1")
        if not self.durations or any(d < 0 or w <= 0 for d, w in self.durations):
            raise ValueError(f"{self.id} needs durations: non-negative days, positive weights")

    @classmethod
    def of(cls, id: str, name: str, pass_rate: float, samples: Sequence[int]) -> StageModel:
        """A stage from plain duration samples (days, repeated as often as seen)."""
        return cls(id, name, pass_rate, tuple(sorted(Counter(samples).items())))

    @property
    def min_days(self) -> int:
        return min(days for days, _ in self.durations)

    def median_days(self) -> int:
        total = sum(w for _, w in self.durations)
        seen = 0
        for days, weight in sorted(self.durations):
            seen += weight
            if seen * 2 >= total:
                return days
        return self.durations[-1][0]


@dataclass(frozen=True)
class InPipeline:
    """``count`` active applications in ``stage`` for ``days`` already."""

    stage: str
    days: int
    count: int = 1


@dataclass(frozen=True)
class ForecastInput:
    stages: tuple[StageModel, ...]
    pipeline: tuple[InPipeline, ...]
    openings: int
    today: date
    target: date
    horizon_days: int = 365
    runs: int = 1000
    seed: int = 0


@dataclass(frozen=True)
class DayChance:
    day: date
    probability: float


@dataclass(frozen=True)
class ExtraCandidates:
    """How many more applications in the first stage, today, give TARGET_CHANCE by the
    target date; ``needed`` is None when no number up to MAX_EXTRA_CANDIDATES does,
    and ``reason`` then says why."""

    needed: int | None
    probability: float | None
    reason: str = ""


@dataclass(frozen=True)
class Forecast:
    curve: tuple[DayChance, ...]  # P(filled by day), today to the horizon
    p10: date | None  # None: not filled by then in enough runs (later, or never)
    p50: date | None
    p90: date | None
    target: date
    by_target: float
    extra: ExtraCandidates
    runs: int
    candidates: int = 0
    never: float = 0.0  # share of runs in which the pipeline never fills the job

    def probability_on(self, day: date) -> float:
        index = (day - self.curve[0].day).days
        if index < 0:
            return 0.0
        return self.curve[min(index, len(self.curve) - 1)].probability


class _Sampler:
    """Weighted draws of a stage's durations, also conditioned on days already spent."""

    def __init__(self, stage: StageModel) -> None:
        ordered = sorted(stage.durations)
        self.days = [days for days, _ in ordered]
        self.cumulative: list[int] = []
        total = 0
        for _, weight in ordered:
            total += weight
            self.cumulative.append(total)

    def draw(self, rng: random.Random) -> int:
        pick = rng.random() * self.cumulative[-1]
        return self.days[min(bisect.bisect_right(self.cumulative, pick), len(self.days) - 1)]

    def remaining(self, rng: random.Random, spent: int) -> int:
        """Days left for an application already ``spent`` days here: a duration of at
        least that long, less what is spent. One here longer than any duration seen
        starts over, as if it had just arrived (someone is chasing it now)."""
        start = bisect.bisect_left(self.days, spent)
        if start >= len(self.days):
            return self.draw(rng)
        before = self.cumulative[start - 1] if start else 0
        pick = before + rng.random() * (self.cumulative[-1] - before)
        index = min(bisect.bisect_right(self.cumulative, pick), len(self.days) - 1)
        return self.days[max(index, start)] - spent


def _walk(
    rng: random.Random, rates: list[float], samplers: list[_Sampler], start: int, spent: int
) -> int | None:
    """Days until this application is hired, or None when it drops out."""
    days = 0
    for index in range(start, len(rates)):
        if rng.random() >= rates[index]:
            return None
        sampler = samplers[index]
        days += sampler.remaining(rng, spent) if index == start else sampler.draw(rng)
    return days


def _hire_days(data: ForecastInput) -> tuple[list[list[int]], int]:
    """Per run, the days on which an application of the pipeline now is hired."""
    order = {stage.id: index for index, stage in enumerate(data.stages)}
    rates = [stage.pass_rate for stage in data.stages]
    samplers = [_Sampler(stage) for stage in data.stages]
    per_run: list[list[int]] = [[] for _ in range(data.runs)]
    grouped: Counter[tuple[str, int]] = Counter()
    for entry in data.pipeline:
        grouped[(entry.stage, max(0, entry.days))] += max(0, entry.count)
    counted = 0
    for (stage, spent), count in sorted(grouped.items()):
        if stage not in order:
            continue
        for ordinal in range(count):
            counted += 1
            rng = random.Random(f"{data.seed}:{stage}:{spent}:{ordinal}")
            for run in range(data.runs):
                day = _walk(rng, rates, samplers, order[stage], spent)
                if day is not None:
                    per_run[run].append(day)
    return per_run, counted


def _fill_day(hires: list[int], openings: int) -> float:
    if len(hires) < openings:
        return math.inf
    return sorted(hires)[openings - 1]


def _percentile(fill_days: list[float], share: float, today: date) -> date | None:
    ordered = sorted(fill_days)
    value = ordered[max(0, math.ceil(share * len(ordered)) - 1)]
    return None if math.isinf(value) else today + timedelta(days=int(value))


def _extra_candidates(data: ForecastInput, per_run: list[list[int]]) -> ExtraCandidates:
    """The fewest extra first-stage applications that fill the job by the target in at
    least TARGET_CHANCE of the runs. Each extra one has its own stream, so one more
    never undoes a run that fewer already filled."""
    target_day = (data.target - data.today).days
    if not data.stages:
        return ExtraCandidates(None, None, "the pipeline has no stages before the last one")
    reach = math.prod(stage.pass_rate for stage in data.stages)
    if reach == 0:
        zero = next(stage for stage in data.stages if stage.pass_rate == 0)
        return ExtraCandidates(None, None, f"nobody moves on from {zero.name}")
    fastest = sum(stage.min_days for stage in data.stages)
    if fastest > target_day:
        return ExtraCandidates(
            None,
            None,
            f"an application that starts today needs at least {fastest} days to be hired",
        )
    needed = [max(0, data.openings - sum(1 for d in hires if d <= target_day)) for hires in per_run]
    goal = math.ceil(TARGET_CHANCE * data.runs)
    done = sum(1 for n in needed if n == 0)
    if done >= goal:
        return ExtraCandidates(0, done / data.runs)
    rates = [stage.pass_rate for stage in data.stages]
    samplers = [_Sampler(stage) for stage in data.stages]
    for extra in range(MAX_EXTRA_CANDIDATES):
        rng = random.Random(f"{data.seed}:extra:{extra}")
        for run in range(data.runs):
            day = _walk(rng, rates, samplers, 0, 0)
            if needed[run] > 0 and day is not None and day <= target_day:
                needed[run] -= 1
                if needed[run] == 0:
                    done += 1
        if done >= goal:
            return ExtraCandidates(extra + 1, done / data.runs)
    return ExtraCandidates(
        None,
        None,
        f"even {MAX_EXTRA_CANDIDATES} more would not give an {TARGET_CHANCE:.0%} chance",
    )


def forecast(data: ForecastInput) -> Forecast:
    """The probability of filling ``data.openings`` by each day, its 10th, 50th and 90th
    percentile dates, and the extra candidates the target date needs."""
    if data.runs < 1 or data.openings < 1 or data.horizon_days < 1:
        raise ValueError("runs, openings and the horizon must be at least 1")
    per_run, counted = _hire_days(data)
    fill_days = [_fill_day(hires, data.openings) for hires in per_run]
    horizon = max(data.horizon_days, (data.target - data.today).days)
    filled_on = Counter(int(day) for day in fill_days if day <= horizon)
    curve = []
    filled = 0
    for offset in range(horizon + 1):
        filled += filled_on.get(offset, 0)
        curve.append(DayChance(data.today + timedelta(days=offset), filled / data.runs))
    target_day = (data.target - data.today).days
    by_target = sum(1 for day in fill_days if day <= target_day) / data.runs
    return Forecast(
        curve=tuple(curve),
        p10=_percentile(fill_days, 0.1, data.today),
        p50=_percentile(fill_days, 0.5, data.today),
        p90=_percentile(fill_days, 0.9, data.today),
        target=data.target,
        by_target=by_target,
        extra=_extra_candidates(data, per_run),
        runs=data.runs,
        candidates=counted,
        never=sum(1 for day in fill_days if math.isinf(day)) / data.runs,
    )
