"""Level recommendation: the same evidence against the neighbouring levels' bars."""

from __future__ import annotations

import pytest

from hiring.evaluation.evidence import MustHaveBar, Rating, SkillProfile
from hiring.evaluation.levels import FAIL, MISSING, PASS, LevelLadder, recommend_level
from hiring.evaluation.scoring import MEETS_BAR, evaluate

NAMES = {
    "coding": "Coding",
    "ml-fundamentals": "ML fundamentals",
    "ml-systems-design": "ML system design",
    "technical-strategy": "Technical strategy",
}
LEVEL_NAMES = {"junior": "junior", "mid": "mid", "senior": "senior", "staff": "staff"}
BARS = {
    "junior": {"coding": 2, "ml-fundamentals": 2},
    "mid": {"coding": 3, "ml-fundamentals": 2},
    "senior": {"coding": 3, "ml-fundamentals": 3, "ml-systems-design": 3},
    "staff": {"coding": 3, "ml-systems-design": 4, "technical-strategy": 3},
}


def ladder(current: str) -> LevelLadder:
    return LevelLadder.from_bars(tuple(BARS), BARS, LEVEL_NAMES, current)


def recommend(combined, current="mid", job_bars=None):
    return recommend_level(combined, ladder(current), NAMES, job_bars)


def test_the_sentence_says_which_levels_the_evidence_meets():
    result = recommend({"coding": 3, "ml-fundamentals": 3, "ml-systems-design": 2})
    assert [c.level for c in result.checks] == ["junior", "mid", "senior"]
    assert result.summary == (
        "Meets junior on every must-have; meets mid on every must-have; "
        "meets senior on all but ML system design."
    )
    assert result.recommended == "mid"
    assert result.reason == "Recommended level: mid."


def test_the_highest_level_whose_must_haves_all_pass_is_recommended():
    result = recommend({"coding": 4, "ml-fundamentals": 3, "ml-systems-design": 3})
    assert [c.status for c in result.checks] == [PASS, PASS, PASS]
    assert result.recommended == "senior"
    assert result.recommended_name == "senior"


def test_a_level_with_a_failing_must_have_is_never_recommended():
    result = recommend({"coding": 2, "ml-fundamentals": 2}, current="mid")
    assert [c.status for c in result.checks] == [PASS, FAIL, FAIL]
    assert result.recommended == "junior"


def test_an_unrated_must_have_above_the_jobs_level_passes_that_level_over():
    result = recommend({"coding": 4, "ml-systems-design": 4, "ml-fundamentals": 3}, "senior")
    assert [c.level for c in result.checks] == ["mid", "senior", "staff"]
    staff = result.checks[2]
    assert (staff.status, staff.missing) == (MISSING, ("technical-strategy",))
    assert result.recommended == "senior"
    assert result.summary.endswith(
        "meets staff on every must-have rated (Technical strategy not rated)."
    )


def test_an_unrated_must_have_at_the_jobs_level_leaves_the_level_open():
    result = recommend({"coding": 3}, current="mid")
    assert result.recommended is None
    assert result.reason == "No level recommended yet: mid depends on ML fundamentals, not rated."


def test_no_level_is_recommended_when_every_level_fails():
    result = recommend({"coding": 1, "ml-fundamentals": 1}, current="mid")
    assert result.recommended is None
    assert result.summary.startswith("Meets junior on none of its must-haves;")
    assert "fails a must-have at every level" in result.reason


def test_the_ends_of_the_ladder_have_one_neighbour():
    assert [c.level for c in recommend({}, current="junior").checks] == ["junior", "mid"]
    assert [c.level for c in recommend({}, current="staff").checks] == ["senior", "staff"]


def test_the_jobs_own_level_is_held_to_its_pinned_bars():
    result = recommend({"coding": 3, "ml-fundamentals": 2}, "mid", job_bars={"coding": 4})
    mid = result.checks[1]
    assert (mid.is_job_level, mid.failing) == (True, ("coding",))
    assert result.recommended == "junior"


def test_an_unknown_job_level_is_refused():
    with pytest.raises(ValueError, match="not on the ladder"):
        recommend({}, current="principal")


def test_evaluate_uses_the_job_profile_at_the_jobs_level():
    profile = SkillProfile((MustHaveBar("coding", 3), MustHaveBar("ml-fundamentals", 2)), (), NAMES)
    ratings = [
        Rating(
            "coding",
            3,
            "Wrote the sampler with tests and explained its edge cases.",
            1,
            "Coding",
            "Ana Ruiz",
        ),
        Rating(
            "ml-fundamentals",
            2,
            "Explained overfitting but not how to detect leakage.",
            2,
            "Breadth",
            "Bo Chen",
        ),
        Rating(
            "ml-systems-design",
            1,
            "Could not describe a rollback plan for the model.",
            3,
            "Systems",
            "Dana Lee",
        ),
    ]
    result = evaluate(profile, ratings, levels=ladder("mid"))
    assert result.verdict == MEETS_BAR
    assert result.level_recommendation is not None
    assert result.level_recommendation.recommended == "mid"
    assert result.level_recommendation.summary.endswith(
        "meets senior on all but ML fundamentals and ML system design."
    )
