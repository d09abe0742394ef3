"""Amending a submitted scorecard (pure): what counts once amendments apply, and what an
amendment must say."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from hiring.scorecards.amending import (
    Amendment,
    RatingRow,
    amended_ratings,
    amendment_problems,
    apply_amendments,
    effective_from_rows,
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


def submitted_row(card: int, position: int, skill: str, rating: int, evidence: str):
    return RatingRow(card, None, position, skill, rating, False, evidence, None, None, None, None)


def amendment_row(card: int, number: int, skill: str | None, rating: int | None = None, **more):
    return RatingRow(
        card,
        number,
        None,
        skill,
        rating,
        more.get("not_assessed", False) if skill else None,
        EVIDENCE if skill else None,
        REASON,
        more.get("recommendation", ""),
        AT,
        "Ines",
    )


def test_rows_read_back_as_the_scorecards_stand_with_their_amendments() -> None:
    rows = [
        # Out of order, as a database may return a UNION ALL.
        amendment_row(7, 12, "coding", 4),
        submitted_row(7, 1, "ml-fundamentals", 2, "Mixed up precision and recall once."),
        amendment_row(7, 11, "coding", 2),
        amendment_row(7, 11, "ml-fundamentals", None, not_assessed=True),
        submitted_row(7, 0, "coding", 3, "Wrote k-means from scratch and tested it."),
        amendment_row(8, 13, None, recommendation="strong_yes"),
        submitted_row(8, 0, "coding", 2, "Struggled with the loop invariant."),
    ]

    effective = effective_from_rows(rows, {7: "no", 8: "yes", 9: "no"})

    seven = effective[7]
    # The later amendment wins; the earlier one's other change still stands.
    assert [(r.skill, r.rating, r.not_assessed) for r in seven.ratings] == [
        ("coding", 4, False),
        ("ml-fundamentals", None, True),
    ]
    assert [a.id for a in seven.amendments] == [11, 12]
    assert [r.skill for r in seven.amendments[0].ratings] == ["coding", "ml-fundamentals"]
    assert seven.amended_by["coding"].id == 12 and seven.is_amended("ml-fundamentals")
    assert seven.recommendation == "no" and not seven.recommendation_amended
    eight = effective[8]
    # A recommendation-only amendment leaves the unamended rating as submitted.
    assert eight.ratings == (SkillRating("coding", 2, False, "Struggled with the loop invariant."),)
    assert not eight.is_amended("coding")
    assert eight.recommendation == "strong_yes" and eight.recommendation_amended
    assert eight.amendments[0].ratings == () and eight.amendments[0].author == "Ines"
    # A scorecard without rows still reads, as submitted.
    assert effective[9] == apply_amendments([], "no", [])


def test_rows_read_back_like_apply_amendments_on_the_loaded_scorecard() -> None:
    first = amendment(1, SkillRating("ml-fundamentals", 3, False, EVIDENCE))
    second = amendment(2, SkillRating("ml-fundamentals", 4, False, EVIDENCE), recommendation="yes")
    rows = [
        RatingRow(1, None, position, r.skill, r.rating, r.not_assessed, r.evidence, *[None] * 4)
        for position, r in enumerate(SUBMITTED)
    ] + [
        RatingRow(
            1,
            a.id,
            None,
            r.skill,
            r.rating,
            r.not_assessed,
            r.evidence,
            a.reason,
            a.recommendation,
            a.at,
            a.author,
        )
        for a in (second, first)
        for r in a.ratings
    ]

    assert effective_from_rows(rows, {1: "no"})[1] == apply_amendments(
        SUBMITTED, "no", [first, second]
    )
