"""An application's evaluation: its submitted scorecards (amendments applied) held
against the job's pinned skill profile, the loop's plan and the role's levels.

The judging is the pure ``scoring`` module; here the inputs are gathered, in a fixed
number of queries whatever the number of interviews, scorecards or amendments. Who
may read it follows the scorecards: the hiring team, and an interviewer on the
application once they owe no scorecard of it (the debrief never anchors anyone).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hiring import policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import PermissionDenied
from hiring.evaluation import decision_services
from hiring.evaluation.decisions import DecisionInput
from hiring.evaluation.evidence import PlannedCoverage, Rating, Recommendation, SkillProfile
from hiring.evaluation.levels import LevelLadder
from hiring.evaluation.models import HiringDecision
from hiring.evaluation.scoring import DebriefMatrix, Evaluation, debrief_matrix, evaluate
from hiring.extensions import db
from hiring.interviews.models import CANCELLED, Interview
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import LEVEL_LABELS, LEVELS
from hiring.scorecards import services as scorecards
from hiring.scorecards.amending import Effective
from hiring.scorecards.effective import effective_ratings
from hiring.scorecards.models import Scorecard


class LevelLadderSource:
    """Where the neighbouring levels' bars of a debrief came from."""

    PINNED = "pinned"  # the job's snapshot of its role family
    CURRENT_RUBRIC = "current_rubric"  # older jobs: the rubric as it is now
    UNAVAILABLE = "unavailable"  # the role family or the job's level is gone


@dataclass(frozen=True)
class ReadCard:
    """A submitted scorecard as the debrief reads it: amendments applied."""

    scorecard: Scorecard
    interview: Interview
    interviewer: User
    round: str  # the round's label in the debrief (unique among the application's)
    effective: Effective


@dataclass(frozen=True)
class ApplicationEvaluation:
    found: scorecards.ApplicationScorecards
    job: Job
    evaluation: Evaluation
    matrix: DebriefMatrix
    coverage: PlannedCoverage
    cards: list[ReadCard]
    recommendations: list[Recommendation]
    decisions: list[HiringDecision]  # newest first
    levels: dict[str, str]  # the role family's levels, id -> name (for hiring at a level)
    ladder_source: str  # LevelLadderSource: where the neighbouring levels' bars came from
    now: datetime = field(default_factory=utcnow)

    @property
    def application(self) -> Any:
        return self.found.application

    @property
    def decision(self) -> HiringDecision | None:
        return self.decisions[0] if self.decisions else None

    @property
    def complete(self) -> bool:
        """Every scheduled interview's scorecards are in, and every planned round has one."""
        tally = self.found.tally
        return (
            bool(tally.expected)
            and tally.submitted == tally.expected
            and not (self.coverage.outstanding)
        )


def _round_labels(interviews: list[Interview]) -> dict[int, str]:
    """Each interview's round name, numbered when the application has it twice."""
    counts = Counter(i.round_name for i in interviews if i.status != CANCELLED)
    seen: Counter[str] = Counter()
    labels = {}
    for interview in interviews:
        name = interview.round_name
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        labels[interview.id] = name
    return labels


def _read_cards(found: scorecards.ApplicationScorecards) -> list[ReadCard]:
    """The submitted scorecards of interviews not cancelled, with their effective
    ratings (one query)."""
    labels = _round_labels([item.interview for item in found.interviews])
    read = [
        (seat, item.interview)
        for item in found.interviews
        if not item.cancelled
        for seat in item.seats
        if seat.status == "submitted" and seat.scorecard is not None
    ]
    effective = effective_ratings([seat.scorecard for seat, _ in read])
    return [
        ReadCard(
            seat.scorecard,
            interview,
            seat.interviewer,
            labels[interview.id],
            effective[seat.scorecard.id],
        )
        for seat, interview in read
    ]


def _ratings(cards: list[ReadCard]) -> list[Rating]:
    return [
        Rating(
            skill=rating.skill,
            rating=None if rating.not_assessed else rating.rating,
            evidence=rating.evidence,
            scorecard_id=card.scorecard.id,
            round=card.round,
            interviewer=card.interviewer.name,
            interviewer_id=card.scorecard.interviewer_id,
            amended=card.effective.is_amended(rating.skill),
        )
        for card in cards
        for rating in card.effective.ratings
    ]


def _recommendations(cards: list[ReadCard]) -> list[Recommendation]:
    return [
        Recommendation(
            scorecard_id=card.scorecard.id,
            round=card.round,
            interviewer=card.interviewer.name,
            recommendation=card.effective.recommendation,
            interviewer_id=card.scorecard.interviewer_id,
        )
        for card in cards
    ]


def _coverage(job_id: int, found: scorecards.ApplicationScorecards) -> PlannedCoverage:
    """The loop's rounds meant to assess each skill, and those without a submitted
    scorecard yet (no interview, or none of its scorecards in). One query."""
    rounds = list(
        db.session.scalars(
            select(LoopRound)
            .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
            .where(InterviewLoop.job_id == job_id)
            .order_by(LoopRound.position)
        )
    )
    done = {
        item.interview.loop_round_id
        for item in found.interviews
        if not item.cancelled and any(seat.status == "submitted" for seat in item.seats)
    }
    planned: dict[str, list[str]] = {}
    for loop_round in rounds:
        for skill in loop_round.focus_skills:
            planned.setdefault(skill, []).append(loop_round.name)
    return PlannedCoverage(
        rounds={skill: tuple(names) for skill, names in planned.items()},
        outstanding=frozenset(r.name for r in rounds if r.id not in done),
        round_order=tuple(r.name for r in rounds),
    )


def _ladder(job: Job, snapshot: dict[str, Any]) -> tuple[LevelLadder | None, str]:
    """The role family's levels as pinned on the job, or (for jobs opened before jobs
    kept them) as the current rubric has them; None when the job's level is not there."""
    pinned = snap.ladder_of(snapshot)
    source = LevelLadderSource.PINNED
    if pinned is None:
        source = LevelLadderSource.CURRENT_RUBRIC
        try:
            role = current_rubric().roles_by_id.get(job.role_family)
        except RubricsUnavailable:
            role = None
        if role is None:
            return None, LevelLadderSource.UNAVAILABLE
        pinned = snap.ladder_from(role)
    order = [level for level in LEVELS if level in pinned]
    if job.level not in order:
        return None, LevelLadderSource.UNAVAILABLE
    ladder = LevelLadder.from_bars(
        order,
        {level: pinned[level]["must_have"] for level in order},
        {level: LEVEL_LABELS.get(level, level) for level in order},
        job.level,
    )
    return ladder, source


def evaluation_of(actor: User, application_id: int) -> ApplicationEvaluation:
    """The evaluation of one application for someone who may read every scorecard of it
    (403 otherwise), in eight queries whatever the numbers: the scorecards, their
    ratings and amendments in one, the loop's rounds and the decisions."""
    found = scorecards.application_scorecards(actor, application_id, with_ratings=False)
    if not found.sees_others:
        raise PermissionDenied(
            "The debrief opens for you once you have submitted your own scorecards for "
            "this candidate."
        )
    # Loaded with the scorecards, its rubric snapshot included.
    job = found.application.job
    snapshot = job.rubric_snapshot
    names = {skill_id: skill.name for skill_id, skill in found.skills.items()}
    profile = SkillProfile.from_entries(profile_from_json(job.skill_profile), names)
    cards = _read_cards(found)
    coverage = _coverage(job.id, found)
    ladder, source = _ladder(job, snapshot)
    ratings = _ratings(cards)
    recommendations = _recommendations(cards)
    result = evaluate(profile, ratings, recommendations, coverage, ladder)
    matrix = debrief_matrix(result, coverage.round_order)
    levels = {level.level: level.name for level in ladder.levels} if ladder else {}
    if not levels:
        levels = {job.level: LEVEL_LABELS.get(job.level, job.level)}
    return ApplicationEvaluation(
        found=found,
        job=job,
        evaluation=result,
        matrix=matrix,
        coverage=coverage,
        cards=cards,
        recommendations=recommendations,
        decisions=decision_services.decisions_of(application_id),
        levels=levels,
        ladder_source=source,
        now=found.now,
    )


def card_of(evaluation: ApplicationEvaluation, scorecard_id: int) -> ReadCard | None:
    return next((c for c in evaluation.cards if c.scorecard.id == scorecard_id), None)


def decide(
    actor: User, application_id: int, data: DecisionInput, *, revises_id: int | None
) -> HiringDecision:
    """Record (or revise) the decision against the evaluation as it stands now."""
    policy.require(actor, Action.RECORD_DECISION)
    found = evaluation_of(actor, application_id)
    return decision_services.record_decision(
        actor,
        found.application,
        data,
        verdict=found.evaluation.verdict,
        levels=found.levels,
        revises_id=revises_id,
    )
