"""Stage rules: what a move is allowed, and what it requires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hiring.pipeline.stages import (
    Move,
    days_in_stage,
    is_backward,
    is_stuck,
    move_problems,
    next_stage,
    pipeline_from,
)

PIPELINE = pipeline_from(
    [
        ("applied", "Applied", 5),
        ("recruiter-screen", "Recruiter screen", 7),
        ("technical-loop", "Technical loop", 14),
        ("offer", "Offer", 7),
        ("hired", "Hired", None),
    ],
    [("rejected", "Rejected"), ("withdrawn", "Withdrawn")],
    [("must-have-below-bar", "A must-have below the bar")],
)


def test_forward_moves_need_nothing():
    assert move_problems(PIPELINE, Move("applied", "recruiter-screen")) == {}
    assert move_problems(PIPELINE, Move("applied", "technical-loop")) == {}  # fast track


def test_backward_moves_need_a_reason():
    problems = move_problems(PIPELINE, Move("technical-loop", "recruiter-screen"))
    assert problems == {
        "note": ["Moving back from Technical loop to Recruiter screen needs a reason."]
    }
    assert move_problems(PIPELINE, Move("technical-loop", "applied", note="Wrong job")) == {}


def test_rejection_needs_a_managed_reason():
    assert "rejection_reason" in move_problems(PIPELINE, Move("applied", "rejected"))
    assert "rejection_reason" in move_problems(
        PIPELINE, Move("applied", "rejected", rejection_reason="we just did not like them")
    )
    assert (
        move_problems(PIPELINE, Move("applied", "rejected", rejection_reason="must-have-below-bar"))
        == {}
    )


def test_leaving_a_terminal_state_needs_a_reason():
    assert "note" in move_problems(PIPELINE, Move("withdrawn", "applied"))
    assert move_problems(PIPELINE, Move("withdrawn", "applied", note="Came back")) == {}


def test_an_offer_needs_a_hire_decision_once_scorecards_exist():
    assert move_problems(PIPELINE, Move("technical-loop", "offer")) == {}
    blocked = move_problems(PIPELINE, Move("technical-loop", "offer", hire_decision_recorded=False))
    assert "hire decision" in blocked["target"][0]
    assert (
        move_problems(PIPELINE, Move("technical-loop", "offer", hire_decision_recorded=True)) == {}
    )


def test_hiring_comes_after_an_offer():
    refused = move_problems(PIPELINE, Move("debrief", "hired"))
    assert "after an offer" in refused["target"][0]
    assert move_problems(PIPELINE, Move("offer", "hired")) == {}
    assert move_problems(PIPELINE, Move("debrief", "hired", visited=frozenset({"offer"}))) == {}


def test_unknown_and_same_stage_are_refused():
    assert move_problems(PIPELINE, Move("applied", "lunch")) == {
        "target": ["There is no stage 'lunch'."]
    }
    assert "already in Applied" in move_problems(PIPELINE, Move("applied", "applied"))["target"][0]


def test_days_in_stage_and_stuck():
    now = datetime(2026, 11, 24, tzinfo=UTC)
    assert days_in_stage(now - timedelta(days=6, hours=3), now) == 6
    assert is_stuck(PIPELINE, "applied", now - timedelta(days=6), now)
    assert not is_stuck(PIPELINE, "applied", now - timedelta(days=5), now)
    assert not is_stuck(PIPELINE, "hired", now - timedelta(days=999), now)
    assert next_stage(PIPELINE, "offer") == "hired" and next_stage(PIPELINE, "hired") is None


STAGES = [s.id for s in PIPELINE.stages]


@given(st.sampled_from(STAGES), st.sampled_from(STAGES), st.text(max_size=20))
def test_a_move_is_refused_only_for_a_reason_the_user_can_fix(current, target, note):
    problems = move_problems(PIPELINE, Move(current, target, note=note))
    if current == target:
        assert "target" in problems
    elif is_backward(PIPELINE, current, target) and not note.strip():
        assert set(problems) == {"note"}
    elif target == "hired" and current != "offer":
        # Nothing here says the application was ever in the offer stage.
        assert set(problems) == {"target"}
        assert "after an offer" in problems["target"][0]
    else:
        assert problems == {}
