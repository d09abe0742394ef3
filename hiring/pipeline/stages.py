"""Stage rules: which moves are allowed and what each move requires. Pure.

Stages come from the rubric's ``stages.yaml`` (in order), plus the terminal states
rejected and withdrawn. A move forward needs nothing; a move backward, or out of a
terminal state, needs a reason; a rejection needs one of the managed rejection
reasons; an offer needs a recorded hire decision, and hiring comes after an offer
(when the rubric's stages have one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

REJECTED, WITHDRAWN = "rejected", "withdrawn"
OFFER, HIRED = "offer", "hired"


@dataclass(frozen=True)
class StageDef:
    id: str
    name: str
    target_days: int | None = None


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[StageDef, ...]
    terminal: tuple[StageDef, ...]
    rejection_reasons: tuple[tuple[str, str], ...]  # (id, name)

    def order(self, stage_id: str) -> int | None:
        for index, stage in enumerate(self.stages):
            if stage.id == stage_id:
                return index
        return None

    def is_terminal(self, stage_id: str) -> bool:
        return any(stage.id == stage_id for stage in self.terminal)

    def name(self, stage_id: str) -> str:
        for stage in (*self.stages, *self.terminal):
            if stage.id == stage_id:
                return stage.name
        return stage_id

    def target_days(self, stage_id: str) -> int | None:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage.target_days
        return None

    @property
    def first(self) -> str:
        return self.stages[0].id


@dataclass(frozen=True)
class Move:
    current: str
    target: str
    note: str = ""
    rejection_reason: str = ""
    # Whether the application's current decision is to hire; None where nothing
    # records decisions, and the offer rule cannot apply.
    hire_decision_recorded: bool | None = None
    # Every stage the application has been in (its history).
    visited: frozenset[str] = frozenset()


def move_problems(pipeline: Pipeline, move: Move) -> dict[str, list[str]]:
    """Everything wrong with a requested move, by form field; empty when allowed."""
    problems: dict[str, list[str]] = {}
    known = {s.id for s in (*pipeline.stages, *pipeline.terminal)}
    if move.target not in known:
        return {"target": [f"There is no stage {move.target!r}."]}
    if move.target == move.current:
        return {"target": [f"The application is already in {pipeline.name(move.target)}."]}
    note = move.note.strip()
    current_order = pipeline.order(move.current)
    target_order = pipeline.order(move.target)
    if pipeline.is_terminal(move.current) and not note:
        problems["note"] = [
            f"Say why the application leaves {pipeline.name(move.current)}; reopening is "
            "recorded with its reason."
        ]
    elif (
        current_order is not None
        and target_order is not None
        and target_order < current_order
        and not note
    ):
        problems["note"] = [
            f"Moving back from {pipeline.name(move.current)} to {pipeline.name(move.target)} "
            "needs a reason."
        ]
    if move.target == REJECTED:
        reasons = {reason_id for reason_id, _ in pipeline.rejection_reasons}
        if move.rejection_reason not in reasons:
            problems["rejection_reason"] = ["Choose the reason for the rejection."]
    if move.target == OFFER and move.hire_decision_recorded is False:
        problems["target"] = [
            "An offer needs a recorded hire decision: hold the debrief and record it first."
        ]
    has_offer_stage = pipeline.order(OFFER) is not None
    if (
        move.target == HIRED
        and has_offer_stage
        and move.current != OFFER
        and OFFER not in move.visited
    ):
        problems["target"] = [
            f"Hiring comes after an offer: move the application to {pipeline.name(OFFER)} first."
        ]
    return problems


def can_move(pipeline: Pipeline, move: Move) -> bool:
    return not move_problems(pipeline, move)


def is_backward(pipeline: Pipeline, current: str, target: str) -> bool:
    current_order, target_order = pipeline.order(current), pipeline.order(target)
    return current_order is not None and target_order is not None and target_order < current_order


def days_in_stage(entered_at: datetime, now: datetime) -> int:
    return max(0, (now - entered_at).days)


def is_stuck(pipeline: Pipeline, stage_id: str, entered_at: datetime, now: datetime) -> bool:
    """Longer in a stage than its target: the recruiter should act."""
    target = pipeline.target_days(stage_id)
    return target is not None and days_in_stage(entered_at, now) > target


def next_stage(pipeline: Pipeline, stage_id: str) -> str | None:
    order = pipeline.order(stage_id)
    if order is None or order + 1 >= len(pipeline.stages):
        return None
    return pipeline.stages[order + 1].id


def pipeline_from(
    stages: Sequence[tuple[str, str, int | None]],
    terminal: Sequence[tuple[str, str]],
    reasons: Sequence[tuple[str, str]],
) -> Pipeline:
    return Pipeline(
        stages=tuple(StageDef(i, n, d) for i, n, d in stages),
        terminal=tuple(StageDef(i, n) for i, n in terminal),
        rejection_reasons=tuple(reasons),
    )
