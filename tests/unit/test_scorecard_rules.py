"""What a complete scorecard holds, when one can be written and when it is late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hiring.scorecards import rules
from hiring.scorecards.rules import RatingInput

FOCUS = ("coding", "ml-fundamentals")
NAMES = {"coding": "Coding", "ml-fundamentals": "ML fundamentals"}
EVIDENCE = "Wrote a vectorised softmax and explained the overflow fix."
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def submit(*ratings: RatingInput, recommendation: str = "yes", notes: str = ""):
    return rules.check(FOCUS, ratings, recommendation, notes, submitting=True, skill_names=NAMES)


def draft(*ratings: RatingInput, recommendation: str = "", notes: str = ""):
    return rules.check(FOCUS, ratings, recommendation, notes, submitting=False)


def test_a_complete_scorecard_passes():
    assert submit(RatingInput("coding", "3", EVIDENCE), RatingInput("ml-fundamentals", "na")) == {}


def test_submitting_needs_every_focus_skill_rated_or_marked_not_assessed():
    errors = submit(RatingInput("coding", "3", EVIDENCE))
    assert list(errors) == ["rating:ml-fundamentals"]
    assert (
        "Rate ML fundamentals from 1 to 4, or mark it not assessed"
        in errors["rating:ml-fundamentals"][0]
    )


def test_every_rating_needs_evidence_and_more_than_a_verdict():
    missing = submit(RatingInput("coding", "2", "  "), RatingInput("ml-fundamentals", "na"))
    assert missing["evidence:coding"] == [
        "Write what the candidate said or did that supports your rating of Coding."
    ]
    verdict = submit(RatingInput("coding", "4", "great"), RatingInput("ml-fundamentals", "na"))
    assert "at least 15 characters" in verdict["evidence:coding"][0]


def test_not_assessed_needs_no_evidence_but_at_least_one_skill_must_be_rated():
    errors = submit(RatingInput("coding", "na"), RatingInput("ml-fundamentals", "na"))
    assert errors == {
        "ratings": ["Rate at least one focus skill: a recommendation needs evidence behind it."]
    }


def test_submitting_needs_a_recommendation_and_there_is_no_neutral_one():
    complete = (RatingInput("coding", "3", EVIDENCE), RatingInput("ml-fundamentals", "na"))
    assert "no neutral option" in submit(*complete, recommendation="")["recommendation"][0]
    assert submit(*complete, recommendation="maybe")["recommendation"] == [
        "Choose strong no, no, yes or strong yes."
    ]
    assert set(rules.RECOMMENDATIONS) == {"strong_no", "no", "yes", "strong_yes"}


def test_a_draft_may_be_incomplete_but_never_hold_nonsense():
    assert draft() == {}
    assert draft(RatingInput("coding", "", "half a thought")) == {}
    assert draft(RatingInput("coding", "7"))["rating:coding"] == [
        "Choose 1 to 4 for coding, or mark it not assessed."
    ]
    assert draft(RatingInput("coding", "3", "x" * (rules.MAX_EVIDENCE + 1))) == {
        "evidence:coding": [f"Keep the evidence under {rules.MAX_EVIDENCE} characters."]
    }
    assert "notes" in draft(notes="x" * (rules.MAX_NOTES + 1))
    assert "recommendation" in draft(recommendation="neutral")


def test_skills_outside_the_round_and_duplicates_are_refused():
    errors = draft(
        RatingInput("sql", "3", EVIDENCE),
        RatingInput("coding", "3", EVIDENCE),
        RatingInput("coding", "2", EVIDENCE),
    )
    assert errors["ratings"] == [
        "'sql' is not a focus skill of this round.",
        "coding appears twice.",
    ]


def test_a_round_without_focus_skills_needs_only_a_recommendation():
    assert rules.check((), (), "no", "", submitting=True) == {}


def test_clean_ratings_keep_the_round_order_and_tell_not_assessed_from_not_chosen():
    stored = rules.clean_ratings(
        FOCUS,
        [
            RatingInput("ml-fundamentals", "", "Started on bias and variance."),
            RatingInput("coding", " 3 ", f"  {EVIDENCE}  "),
        ],
    )
    assert stored == [
        rules.SkillRating("coding", 3, False, EVIDENCE),
        rules.SkillRating("ml-fundamentals", None, False, "Started on bias and variance."),
    ]
    assert [rating.choice for rating in stored] == ["3", ""]
    marked = rules.clean_ratings(FOCUS, [RatingInput("coding", "na")])
    assert marked == [rules.SkillRating("coding", None, True, "")]
    assert marked[0].choice == "na"
    assert rules.clean_ratings(FOCUS, [RatingInput("coding", "", "  ")]) == []


@given(st.text(max_size=5))
def test_parse_rating_accepts_only_one_to_four_and_not_assessed(text):
    value = rules.parse_rating(text)
    assert value in (None, rules.NOT_ASSESSED, 1, 2, 3, 4)
    if value is not None:
        assert text.strip().lower() in ("na", "1", "2", "3", "4")


# --- time ------------------------------------------------------------------------------


def test_a_scorecard_opens_when_the_interview_starts():
    assert not rules.is_open(NOW + timedelta(seconds=1), NOW)
    assert rules.is_open(NOW, NOW)


def test_late_means_more_than_24_hours_after_the_end_and_not_submitted():
    ended = NOW - timedelta(hours=24)
    assert not rules.is_late(ended, cancelled=False, submitted=False, now=NOW)
    later = NOW + timedelta(minutes=1)
    assert rules.is_late(ended, cancelled=False, submitted=False, now=later)
    assert not rules.is_late(ended, cancelled=True, submitted=False, now=later)
    assert not rules.is_late(ended, cancelled=False, submitted=True, now=later)
    assert rules.due_at(ended) == NOW


def test_hours_late_and_how_they_read():
    ended = NOW - timedelta(hours=24)
    assert rules.hours_late(ended, NOW) == 0
    assert rules.hours_late(ended, NOW + timedelta(hours=5, minutes=59)) == 5
    assert rules.hours_late(NOW, NOW) == 0  # not due yet
    assert rules.lateness(0) == "less than an hour late"
    assert rules.lateness(1) == "1 hour late"
    assert rules.lateness(47) == "47 hours late"
    assert rules.lateness(72) == "3 days late"


@given(
    st.integers(min_value=-10_000, max_value=10_000),
    st.booleans(),
    st.booleans(),
)
def test_late_scorecards_are_exactly_the_unsubmitted_ones_past_due(minutes, cancelled, done):
    ended = NOW - rules.LATE_AFTER + timedelta(minutes=minutes)
    late = rules.is_late(ended, cancelled=cancelled, submitted=done, now=NOW)
    assert late == (not cancelled and not done and minutes < 0)
    if late:
        assert rules.hours_late(ended, NOW) == (-minutes) // 60


def test_what_my_interviews_offers():
    start = NOW - timedelta(hours=1)
    state = rules.interviewer_state
    assert state(None, starts_at=start, cancelled=False, now=NOW) == rules.WRITE
    assert state(None, starts_at=NOW + timedelta(hours=1), cancelled=False, now=NOW) == (
        rules.NOT_YET
    )
    assert state(rules.DRAFT, starts_at=start, cancelled=False, now=NOW) == rules.CONTINUE
    assert state(rules.SUBMITTED, starts_at=start, cancelled=False, now=NOW) == rules.DONE
    assert state(rules.DRAFT, starts_at=start, cancelled=True, now=NOW) == rules.CANCELLED
    assert state(rules.SUBMITTED, starts_at=start, cancelled=True, now=NOW) == rules.DONE


def test_a_tally_reads_submitted_of_expected():
    assert rules.Tally(expected=3, submitted=1, late=1).label == "Scorecards 1/3"
