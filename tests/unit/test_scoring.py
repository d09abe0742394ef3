"""Scoring: from submitted ratings to a verdict, a growth plan and an explanation."""

from __future__ import annotations

import json
from statistics import median_low

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.evaluation.evidence import (
    MustHaveBar,
    PlannedCoverage,
    Rating,
    Recommendation,
    SkillProfile,
    TrainableTarget,
    combined_rating,
    quote,
)
from hiring.evaluation.levels import FAIL, MISSING, PASS, LevelBars, LevelLadder
from hiring.evaluation.scoring import (
    AT_TARGET,
    BELOW_BAR,
    GAP,
    INCOMPLETE,
    MEETS_BAR,
    NOT_ASSESSED,
    debrief_matrix,
    evaluate,
)
from hiring.jobs.profile import ProfileEntry

NAMES = {
    "coding": "Coding",
    "software-engineering": "Software design and code quality",
    "ml-fundamentals": "Machine learning fundamentals",
    "ml-systems-design": "ML system design",
    "mlops": "MLOps: deployment and monitoring",
    "model-evaluation": "Offline evaluation and metrics",
    "deep-learning": "Deep learning",
    "nlp-llm": "NLP and large language models",
}
EVIDENCE = "Wrote a vectorised softmax and explained the overflow fix without prompting."
PROFILE = SkillProfile(
    must_haves=(MustHaveBar("coding", 3), MustHaveBar("ml-systems-design", 3)),
    trainable=(
        TrainableTarget("mlops", 3, "Ships one model through the deployment path.", 12),
        TrainableTarget("model-evaluation", 3, "Leads the offline evaluation of a release.", 10),
    ),
    names=NAMES,
)
COVERAGE = PlannedCoverage(
    rounds={"coding": ("Coding", "Depth"), "ml-systems-design": ("Systems",)},
    outstanding=frozenset({"Systems"}),
    round_order=("Coding", "Depth", "Systems"),
)


def rating(
    skill: str,
    value: int | None,
    evidence: str = EVIDENCE,
    *,
    card: int = 1,
    round_name: str = "Coding",
    who: str = "Ana Ruiz",
    amended: bool = False,
) -> Rating:
    return Rating(skill, value, evidence, card, round_name, who, card, amended)


def systems(value: int, evidence: str = EVIDENCE, **kwargs) -> Rating:
    kwargs = {"card": 3, "round_name": "Systems", "who": "Dana Lee", **kwargs}
    return rating("ml-systems-design", value, evidence, **kwargs)


def must(evaluation, skill):
    return next(m for m in evaluation.must_haves if m.skill == skill)


# --- must-haves and the verdict ---------------------------------------------------------


def test_every_must_have_at_its_bar_meets_the_bar():
    result = evaluate(PROFILE, [rating("coding", 3), systems(3)])
    assert result.verdict == MEETS_BAR
    assert [m.status for m in result.must_haves] == [PASS, PASS]
    assert result.explanation[0] == "Meets the bar: all 2 must-haves reach their bar."


def test_a_must_have_below_its_bar_fails_and_blocks_the_verdict():
    result = evaluate(PROFILE, [rating("coding", 4), systems(2)])
    assert must(result, "ml-systems-design").status == FAIL
    assert result.verdict == BELOW_BAR


def test_a_split_median_takes_the_lower_middle_rating():
    result = evaluate(PROFILE, [rating("coding", 2), rating("coding", 3, card=2), systems(3)])
    coding = must(result, "coding")
    assert (coding.evidence.median, coding.evidence.range, coding.evidence.count) == (2, (2, 3), 2)
    assert coding.status == FAIL
    assert combined_rating([1, 2, 3, 4]) == 2
    assert combined_rating([2, 3, 4]) == 3
    assert combined_rating([]) is None


def test_not_assessed_ratings_never_count():
    result = evaluate(PROFILE, [rating("coding", 3), rating("coding", None, card=2), systems(3)])
    assert must(result, "coding").evidence.count == 1
    assert result.verdict == MEETS_BAR


def test_a_must_have_nobody_rated_is_missing_and_names_its_planned_rounds():
    result = evaluate(PROFILE, [rating("coding", 3)], coverage=COVERAGE)
    missing = must(result, "ml-systems-design")
    assert missing.status == MISSING
    assert missing.rounds_planned == ("Systems",)
    assert missing.rounds_outstanding == ("Systems",)
    assert result.verdict == INCOMPLETE
    assert result.explanation[0] == (
        "Incomplete: ML system design is not rated yet, so the bar cannot be judged."
    )
    assert (
        "ML system design: not rated yet against a bar of 3; planned in the Systems round "
        "(Systems still to come)." in result.explanation
    )
    assert result.explanation[-1] == (
        "Still to come: Systems; those scorecards may change this result."
    )


def test_a_missing_must_have_no_round_assesses_says_so():
    result = evaluate(PROFILE, [rating("coding", 3)])
    assert (
        "ML system design: not rated yet against a bar of 3; no round in the loop assesses it."
        in result.explanation
    )


def test_a_failing_must_have_is_below_bar_even_while_another_is_missing():
    result = evaluate(PROFILE, [rating("coding", 1)], coverage=COVERAGE)
    assert result.verdict == BELOW_BAR
    assert must(result, "ml-systems-design").status == MISSING
    assert result.explanation[0] == (
        "Below the bar: Coding is below the bar; ML system design not rated yet."
    )


def test_an_amended_rating_counts_with_its_new_value_and_says_so():
    result = evaluate(PROFILE, [rating("coding", 3), systems(3, amended=True)])
    assert must(result, "ml-systems-design").status == PASS
    sentence = next(s for s in result.explanation if s.startswith("ML system design:"))
    assert "Dana Lee rated 3 (amended):" in sentence


def test_a_rating_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="not on the 1-4 scale"):
        evaluate(PROFILE, [rating("coding", 5)])


# --- trainable skills, the growth plan and strengths -------------------------------------


def test_a_trainable_gap_becomes_a_growth_plan_step_with_how_and_weeks():
    ratings = [
        rating("coding", 3),
        systems(3),
        rating("mlops", 1, card=3, round_name="Systems", who="Dana Lee"),
        rating("model-evaluation", 2, card=2, round_name="Depth", who="Bo Chen"),
    ]
    result = evaluate(PROFILE, ratings)
    assert [(g.skill, g.target, g.median, g.gap, g.weeks) for g in result.growth_plan] == [
        ("mlops", 3, 1, 2, 12),
        ("model-evaluation", 3, 2, 1, 10),
    ]
    assert result.growth_plan[0].how == "Ships one model through the deployment path."
    assert "MLOps: deployment and monitoring (trainable): 1 against a target of 3, 2 points" in (
        " ".join(result.explanation)
    )


def test_trainable_gaps_never_fail_a_candidate():
    ratings = [rating("coding", 3), systems(3), rating("mlops", 1), rating("model-evaluation", 1)]
    result = evaluate(PROFILE, ratings)
    assert result.verdict == MEETS_BAR
    assert [t.status for t in result.trainable] == [GAP, GAP]
    assert "Trainable gaps go into the growth plan and never block a hire." in result.explanation


def test_an_unrated_trainable_skill_is_not_assessed_rather_than_a_gap():
    result = evaluate(PROFILE, [rating("coding", 3), systems(3), rating("mlops", 3)])
    assert [t.status for t in result.trainable] == [AT_TARGET, NOT_ASSESSED]
    assert result.growth_plan == ()
    assert (
        "Trainable, not assessed (no gap recorded): Offline evaluation and metrics."
        in result.explanation
    )


def test_strengths_are_a_point_above_the_bar_or_target_or_a_four_elsewhere():
    profile = SkillProfile(
        (MustHaveBar("coding", 3), MustHaveBar("software-engineering", 4)),
        (TrainableTarget("mlops", 2),),
        NAMES,
    )
    ratings = [
        rating("coding", 4),
        rating("software-engineering", 4),  # at a bar of 4: meets it, cannot exceed it
        rating("mlops", 3),
        rating("nlp-llm", 4),
        rating("deep-learning", 3),
    ]
    result = evaluate(profile, ratings)
    assert [(s.skill, s.kind, s.median, s.against) for s in result.strengths] == [
        ("coding", "must", 4, 3),
        ("mlops", "trainable", 3, 2),
        ("nlp-llm", "other", 4, None),
    ]
    assert [o.skill for o in result.other_skills] == ["nlp-llm", "deep-learning"]


# --- the explanation, JSON and the debrief matrix --------------------------------------


def test_the_explanation_cites_round_interviewer_rating_and_evidence():
    result = evaluate(
        PROFILE,
        [
            rating("coding", 3),
            systems(2, "proposed one model server without a cache; could not say how to roll back"),
        ],
    )
    assert result.explanation[0] == "Below the bar: ML system design is below the bar."
    assert result.explanation[2] == (
        "ML system design: 2 against a bar of 3, below the bar. Systems, Dana Lee rated 2: "
        '"proposed one model server without a cache; could not say how to roll back".'
    )


def test_several_ratings_show_how_the_median_was_reached():
    ratings = [rating("coding", 2), rating("coding", 4, card=2, round_name="Depth", who="Bo Chen")]
    result = evaluate(PROFILE, [*ratings, rating("coding", 3, card=4), systems(3)])
    sentence = result.explanation[1]
    assert sentence.startswith("Coding: 3 (median of 2, 3, 4) against a bar of 3, meets the bar.")
    assert "Depth, Bo Chen rated 4:" in sentence


def test_long_evidence_is_quoted_short_with_an_ellipsis():
    long = "Walked through the feature pipeline " + "and the backfill plan " * 20
    quoted = quote(long)
    assert len(quoted) <= 141
    assert quoted.endswith("…")
    assert quote("  two\n lines ") == "two lines"


def test_the_evaluation_is_json_ready():
    levels = LevelLadder(
        (LevelBars("mid", "Mid-level", {"coding": 3}), LevelBars("senior", "Senior", {})),
        "senior",
    )
    ratings = [rating("coding", 3), rating("mlops", 1)]
    recommendations = [Recommendation(1, "Coding", "Ana Ruiz", "yes")]
    data = json.loads(
        json.dumps(evaluate(PROFILE, ratings, recommendations, COVERAGE, levels).to_dict())
    )
    assert list(data) == [
        "verdict",
        "explanation",
        "must_haves",
        "trainable",
        "growth_plan",
        "strengths",
        "flags",
        "level_recommendation",
        "other_skills",
    ]
    coding = data["must_haves"][0]
    assert {k: coding[k] for k in ("skill", "name", "status", "bar", "median", "range")} == {
        "skill": "coding",
        "name": "Coding",
        "status": "pass",
        "bar": 3,
        "median": 3,
        "range": [3, 3],
    }
    assert coding["rounds_planned"] == ["Coding", "Depth"]
    assert coding["ratings"][0] == {
        "scorecard_id": 1,
        "round": "Coding",
        "interviewer": "Ana Ruiz",
        "interviewer_id": 1,
        "rating": 3,
        "evidence": EVIDENCE,
        "amended": False,
    }
    assert data["growth_plan"][0]["gap"] == 2
    assert data["level_recommendation"]["recommended"] is None  # ML system design unrated


def test_the_debrief_matrix_lays_skills_against_rounds():
    ratings = [
        rating("coding", 3),
        rating("coding", 4, card=2, round_name="Depth", who="Bo Chen"),
        rating("mlops", 2, card=2, round_name="Depth", who="Bo Chen"),
        rating("nlp-llm", 3, card=5, round_name="Take-home", who="Eli Park"),
    ]
    matrix = debrief_matrix(evaluate(PROFILE, ratings), COVERAGE.round_order)
    assert matrix.rounds == ("Coding", "Depth", "Systems", "Take-home")
    assert [(row.skill, row.kind, row.level) for row in matrix.rows] == [
        ("coding", "must", 3),
        ("ml-systems-design", "must", 3),
        ("mlops", "trainable", 3),
        ("model-evaluation", "trainable", 3),
        ("nlp-llm", "other", None),
    ]
    coding = matrix.rows[0].cells
    assert [None if c is None else [r.rating for r in c] for c in coding] == [
        [3],
        [4],
        None,
        None,
    ]
    assert matrix.rows[1].cells == (None, None, None, None)
    assert json.dumps(matrix.to_dict())


def test_a_profile_is_built_from_the_jobs_pinned_entries():
    entries = (
        ProfileEntry("coding", "must", 3, why="Writes code from week one."),
        ProfileEntry("mlops", "trainable", 2, weeks=8, how="Pairs on one release."),
        ProfileEntry("nlp-llm", "nice"),
    )
    profile = SkillProfile.from_entries(entries, NAMES)
    assert profile.must_haves == (MustHaveBar("coding", 3),)
    assert profile.trainable == (TrainableTarget("mlops", 2, "Pairs on one release.", 8),)
    with pytest.raises(ValueError, match="without a level"):
        SkillProfile.from_entries([ProfileEntry("coding", "must")], NAMES)


# --- properties ----------------------------------------------------------------------

SKILLS = tuple(NAMES)
ROUNDS = ("Coding", "Breadth", "Depth", "Systems")
PEOPLE = ("Ana Ruiz", "Bo Chen", "Dana Lee")
EVIDENCES = (EVIDENCE, "Great, very strong.", "Could not say how to roll back the model.")


@st.composite
def profiles(draw) -> SkillProfile:
    skills = draw(st.permutations(SKILLS))
    musts = draw(st.integers(0, 4))
    trainables = draw(st.integers(0, len(SKILLS) - musts))
    return SkillProfile(
        tuple(MustHaveBar(s, draw(st.integers(1, 4))) for s in skills[:musts]),
        tuple(
            TrainableTarget(s, draw(st.integers(1, 4)), "Pairs with a mentor.", 8)
            for s in skills[musts : musts + trainables]
        ),
        NAMES,
    )


def ratings_of(skills) -> st.SearchStrategy[list[Rating]]:
    if not skills:
        return st.just([])
    return st.lists(
        st.builds(
            Rating,
            skill=st.sampled_from(tuple(skills)),
            rating=st.none() | st.integers(1, 4),
            evidence=st.sampled_from(EVIDENCES),
            scorecard_id=st.integers(1, 6),
            round=st.sampled_from(ROUNDS),
            interviewer=st.sampled_from(PEOPLE),
            amended=st.booleans(),
        ),
        max_size=12,
    )


def passes(bar: int, skill: str, ratings: list[Rating]) -> bool:
    """The bar rule, restated independently of the module."""
    values = [r.rating for r in ratings if r.skill == skill and r.rating is not None]
    return bool(values) and median_low(values) >= bar


@settings(deadline=None)
@given(profile=profiles(), data=st.data())
def test_a_rating_at_or_above_the_bar_never_turns_a_pass_into_a_fail(profile, data):
    ratings = data.draw(ratings_of(SKILLS))
    before = evaluate(profile, ratings)
    for result in before.must_haves:
        if result.status != PASS:
            continue
        extra = rating(result.skill, data.draw(st.integers(result.bar, 4)), card=9)
        after = evaluate(profile, [*ratings, extra])
        assert must(after, result.skill).status == PASS


@settings(deadline=None)
@given(profile=profiles(), data=st.data())
def test_trainable_ratings_never_change_a_must_have_result(profile, data):
    trainable = [t.skill for t in profile.trainable]
    others = [s for s in SKILLS if s not in trainable]
    base = data.draw(ratings_of(others))
    first = evaluate(profile, [*base, *data.draw(ratings_of(trainable))])
    second = evaluate(profile, [*data.draw(ratings_of(trainable)), *base])
    assert first.verdict == second.verdict
    assert [m.status for m in first.must_haves] == [m.status for m in second.must_haves]


@settings(deadline=None)
@given(profile=profiles(), data=st.data())
def test_the_explanation_names_every_failing_and_missing_must_have(profile, data):
    result = evaluate(profile, data.draw(ratings_of(SKILLS)))
    for m in result.must_haves:
        if m.status in (FAIL, MISSING):
            assert any(s.startswith(f"{NAMES[m.skill]}:") for s in result.explanation)
            assert NAMES[m.skill] in result.explanation[0]


@st.composite
def ladders(draw) -> LevelLadder:
    ids = ("junior", "mid", "senior", "staff")[: draw(st.integers(1, 4))]
    levels = tuple(
        LevelBars(
            level,
            level.title(),
            draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), max_size=4)),
        )
        for level in ids
    )
    return LevelLadder(levels, draw(st.sampled_from(ids)))


@settings(deadline=None)
@given(profile=profiles(), ladder=ladders(), data=st.data())
def test_the_recommended_level_never_has_a_failing_or_unrated_must_have(profile, ladder, data):
    ratings = data.draw(ratings_of(SKILLS))
    recommendation = evaluate(profile, ratings, levels=ladder).level_recommendation
    assert recommendation is not None
    if recommendation.recommended is None:
        return
    chosen = next(level for level in ladder.levels if level.level == recommendation.recommended)
    bars = (
        {m.skill: m.bar for m in profile.must_haves}
        if chosen.level == ladder.current
        else chosen.bars
    )
    assert all(passes(bar, skill, ratings) for skill, bar in bars.items())


@settings(deadline=None)
@given(profile=profiles(), data=st.data())
def test_the_verdict_meets_the_bar_exactly_when_every_must_have_passes(profile, data):
    ratings = data.draw(ratings_of(SKILLS))
    result = evaluate(profile, ratings)
    every_pass = all(passes(m.bar, m.skill, ratings) for m in profile.must_haves)
    assert (result.verdict == MEETS_BAR) == every_pass
    assert (result.verdict == MEETS_BAR) == all(m.status == PASS for m in result.must_haves)
