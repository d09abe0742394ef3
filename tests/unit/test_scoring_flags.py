"""Debrief flags: disagreement, scorecards that contradict themselves, thin evidence."""

from __future__ import annotations

import pytest

from hiring.evaluation.evidence import MustHaveBar, Rating, Recommendation, SkillProfile
from hiring.evaluation.flags import (
    CONTRADICTION,
    RATING_DISAGREEMENT,
    RECOMMENDATION_DISAGREEMENT,
    THIN_EVIDENCE,
    debrief_flags,
    thin_evidence_reason,
)
from hiring.evaluation.scoring import evaluate

NAMES = {"coding": "Coding", "ml-systems-design": "ML system design"}
PROFILE = SkillProfile((MustHaveBar("coding", 3), MustHaveBar("ml-systems-design", 3)), (), NAMES)
JUDGEMENT = "only judgement words"
EVIDENCE = "Wrote a vectorised softmax and explained the overflow fix without prompting."


def rating(skill: str, value: int | None, card: int, evidence: str = EVIDENCE) -> Rating:
    rounds = {1: ("Coding", "Ana Ruiz"), 2: ("Depth", "Bo Chen"), 3: ("Systems", "Dana Lee")}
    round_name, who = rounds[card]
    return Rating(skill, value, evidence, card, round_name, who)


def call(card: int, recommendation: str) -> Recommendation:
    rounds = {1: ("Coding", "Ana Ruiz"), 2: ("Depth", "Bo Chen"), 3: ("Systems", "Dana Lee")}
    round_name, who = rounds[card]
    return Recommendation(card, round_name, who, recommendation)


def kinds(flags) -> list[str]:
    return [flag.kind for flag in flags]


def test_ratings_two_points_apart_are_a_disagreement():
    flags = debrief_flags(
        PROFILE, [rating("coding", 2, 1), rating("coding", 4, 2), rating("coding", 3, 3)], []
    )
    assert kinds(flags) == [RATING_DISAGREEMENT]
    assert flags[0].skill == "coding"
    assert flags[0].scorecards == (1, 2)
    assert flags[0].message == (
        "Interviewers disagree on Coding: Ana Ruiz (Coding) rated 2 and Bo Chen (Depth) "
        "rated 4. Ask each what they saw before relying on the combined rating."
    )


def test_ratings_one_point_apart_are_not_a_disagreement():
    assert debrief_flags(PROFILE, [rating("coding", 2, 1), rating("coding", 3, 2)], []) == ()


def test_a_hire_call_against_a_no_hire_call_is_a_split():
    flags = debrief_flags(PROFILE, [], [call(1, "yes"), call(2, "strong_no"), call(3, "yes")])
    assert kinds(flags) == [RECOMMENDATION_DISAGREEMENT]
    assert flags[0].skill is None
    assert flags[0].scorecards == (1, 3, 2)
    assert flags[0].message == (
        "The panel is split: yes from Ana Ruiz (Coding) and yes from Dana Lee (Systems); "
        "strong no from Bo Chen (Depth). Hear the evidence on both sides before deciding."
    )


def test_a_unanimous_panel_is_not_split():
    assert debrief_flags(PROFILE, [], [call(1, "yes"), call(2, "strong_yes")]) == ()


def test_a_strong_yes_beside_a_must_have_below_its_bar_contradicts_itself():
    flags = debrief_flags(
        PROFILE,
        [rating("coding", 4, 2), rating("ml-systems-design", 2, 2)],
        [call(2, "strong_yes")],
    )
    assert kinds(flags) == [CONTRADICTION]
    assert (flags[0].skill, flags[0].scorecards) == ("ml-systems-design", (2,))
    assert flags[0].message == (
        "Bo Chen (Depth) recommends strong yes but rated ML system design 2, below its bar "
        "of 3. Which of the two does the evidence support?"
    )


def test_a_strong_no_while_every_rated_must_have_passes_contradicts_itself():
    flags = debrief_flags(PROFILE, [rating("coding", 3, 3)], [call(3, "strong_no")])
    assert kinds(flags) == [CONTRADICTION]
    assert flags[0].message.startswith(
        "Dana Lee (Systems) recommends strong no, yet every must-have on the scorecard meets "
        "its bar (Coding 3 against 3)."
    )


@pytest.mark.parametrize(
    ("ratings", "recommendation"),
    [
        ([rating("coding", 2, 3)], "strong_no"),  # the no has a failing must-have behind it
        ([rating("coding", None, 3)], "strong_no"),  # nothing rated: nothing to contradict
        ([rating("coding", 2, 3)], "yes"),  # only a strong call is held to its ratings
        ([rating("coding", 4, 3)], "strong_yes"),
    ],
)
def test_a_scorecard_consistent_with_itself_is_not_flagged(ratings, recommendation):
    assert debrief_flags(PROFILE, ratings, [call(3, recommendation)]) == ()


@pytest.mark.parametrize(
    ("evidence", "reason"),
    [
        ("Great coder.", "only 2 words"),
        ("Strong.", "only 1 word"),
        ("  ", "empty"),
        ("Good understanding of ML, great communication, very solid overall.", JUDGEMENT),
        ("Really impressive, very smart and solid, pretty strong overall.", JUDGEMENT),
        (EVIDENCE, None),
        ("Could not say how to roll back a bad model release.", None),
    ],
)
def test_thin_evidence_is_short_or_only_judgement(evidence, reason):
    assert thin_evidence_reason(evidence) == reason


def test_thin_evidence_is_flagged_with_the_quote():
    flags = debrief_flags(
        PROFILE, [rating("coding", 4, 2, "Good understanding, very strong and solid overall.")], []
    )
    assert kinds(flags) == [THIN_EVIDENCE]
    assert flags[0].scorecards == (2,)
    assert flags[0].message == (
        "Coding: the evidence from Bo Chen (Depth) is only judgement words "
        '("Good understanding, very strong and solid overall."). Ask for what the candidate '
        "said or did before relying on the 4."
    )


def test_a_not_assessed_rating_needs_no_evidence():
    assert debrief_flags(PROFILE, [rating("coding", None, 1, "")], []) == ()


def test_the_evaluation_carries_the_flags():
    result = evaluate(PROFILE, [rating("coding", 1, 1), rating("coding", 4, 2, "Great.")])
    assert kinds(result.flags) == [RATING_DISAGREEMENT, THIN_EVIDENCE]
    assert result.to_dict()["flags"][0]["scorecards"] == [1, 2]
