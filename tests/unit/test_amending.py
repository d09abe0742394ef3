"""Amending a submitted scorecard (pure): what counts once amendments apply, and what an
amendment must say."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from hiring.scorecards.amending import (
    Amendment,
    amended_ratings,
    amendment_problems,
    apply_amendments,
)
from hiring.scorecards.rules import RatingInput, SkillRating

AT = datetime(2026, 12, 1, tzinfo=UTC)
EVIDENCE = "Explained bias and variance with the learning curves of their own model."
REASON = "Re-read my notes after the debrief: the answer was complete and correct."
SUBMITTED = (
    SkillRating("coding", 3, False, "Wrote k-means from scratch and tested it."),
    SkillRating("ml-fundamentals", 2, False, "Mixed up precision and recall once."),
)


def amendment(number: int, *ratings: SkillRating, recommendation: str = "") -> Amendment:
    return Amendment(number, "Ines", AT, REASON, recommendation, tuple(ratings))


def test_amendments_apply_in_order_and_say_what_they_changed() -> None:
    first = amendment(1, SkillRating("ml-fundamentals", 3, False, EVIDENCE))
    second = amendment(2, SkillRating("ml-fundamentals", 4, False, EVIDENCE), recommendation="yes")
    effective = apply_amendments(SUBMITTED, "no", [first, second])
    assert [(r.skill, r.rating) for r in effective.ratings] == [
        ("coding", 3),
        ("ml-fundamentals", 4),
    ]
    assert effective.recommendation == "yes" and effective.recommendation_amended
    assert effective.amended_by["ml-fundamentals"] is second
    assert not effective.is_amended("coding")


def test_without_amendments_the_scorecard_stands_as_submitted() -> None:
    effective = apply_amendments(SUBMITTED, "no", [])
    assert effective.ratings == SUBMITTED and effective.recommendation == "no"
    assert not effective.amended_by


def test_an_amendment_needs_evidence_a_reason_and_a_change() -> None:
    current = apply_amendments(SUBMITTED, "no", [])
    focus = ["coding", "ml-fundamentals"]
    assert (
        amendment_problems(
            focus, current, [RatingInput("ml-fundamentals", "3", EVIDENCE)], "", REASON
        )
        == {}
    )
    thin = amendment_problems(focus, current, [RatingInput("coding", "4", "good")], "", REASON)
    assert set(thin) == {"evidence:coding"}
    no_reason = amendment_problems(focus, current, [], "yes", "because")
    assert set(no_reason) == {"reason"}
    nothing = amendment_problems(focus, current, [], "no", REASON)
    assert "changes nothing" in nothing["ratings"][0]
    unknown = amendment_problems(focus, current, [RatingInput("mlops", "3", EVIDENCE)], "", REASON)
    assert "not a focus skill" in unknown["ratings"][0]
    odd = amendment_problems(focus, current, [RatingInput("coding", "7", EVIDENCE)], "", REASON)
    assert set(odd) == {"rating:coding"}
    assert amendment_problems(focus, current, [], "maybe", REASON).keys() == {"recommendation"}


def test_not_assessed_needs_no_evidence_and_is_stored_as_such() -> None:
    current = apply_amendments(SUBMITTED, "no", [])
    changes = [RatingInput("ml-fundamentals", "na", "")]
    assert amendment_problems(["coding", "ml-fundamentals"], current, changes, "", REASON) == {}
    assert amended_ratings(changes) == [SkillRating("ml-fundamentals", None, True, "")]


@given(
    st.lists(
        st.tuples(st.sampled_from(["coding", "ml-fundamentals"]), st.integers(1, 4)),
        max_size=6,
    )
)
def test_the_last_amendment_of_a_skill_is_the_one_that_counts(changes) -> None:
    amendments = [
        amendment(number, SkillRating(skill, rating, False, EVIDENCE))
        for number, (skill, rating) in enumerate(changes, start=1)
    ]
    effective = {r.skill: r.rating for r in apply_amendments(SUBMITTED, "no", amendments).ratings}
    expected = {r.skill: r.rating for r in SUBMITTED} | dict(changes)
    assert effective == expected
