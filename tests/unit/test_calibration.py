"""The calibration rules on known sums, and their invariants (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.config import ConfigError, load_config
from hiring.evaluation.calibration import (
    HARDER,
    IN_LINE,
    SOFTER,
    InterviewerTotals,
    PeerSums,
    calibrate,
    compare_with_peers,
    one_decimal,
    ordered,
    recommendation_mix,
)


def sums_of(offsets: list[float], candidates: int | None = None) -> PeerSums:
    """What the database adds up for these offsets."""
    return PeerSums(
        comparisons=len(offsets),
        shared_candidates=len(offsets) if candidates is None else candidates,
        offset_sum=sum(offsets),
        offset_square_sum=sum(value * value for value in offsets),
    )


def totals(interviewer_id: int, name: str, peers: PeerSums, **changes) -> InterviewerTotals:
    return InterviewerTotals(
        interviewer_id, name, changes.pop("scorecards", 4), peers=peers, **changes
    )


# --- comparison with peers ------------------------------------------------------------


def test_a_harder_interviewer_is_described_with_offset_spread_and_sample():
    # Five comparisons over seven shared candidates: mean -0.6, spread 0.36.
    peers = compare_with_peers(sums_of([-1.0, -1.0, -0.2, -0.2, -0.6], candidates=7), 3)
    assert peers.offset == pytest.approx(-0.6)
    assert peers.spread == pytest.approx(0.3577708764)
    assert peers.direction == HARDER
    assert peers.headline == "Harder by 0.6"
    assert peers.label == (
        "rates harder than peers by 0.6 on average (spread 0.4, 7 shared candidates)"
    )


def test_a_softer_interviewer_and_one_in_line():
    softer = compare_with_peers(sums_of([1.0, 0.5, 0.5], candidates=3), 3)
    assert softer.direction == SOFTER
    assert softer.label == (
        "rates softer than peers by 0.7 on average (spread 0.2, 3 shared candidates)"
    )
    in_line = compare_with_peers(sums_of([0.5, -0.5, 0.2], candidates=3), 3)
    assert in_line.direction == IN_LINE
    assert in_line.headline == "In line (0.1 apart)"
    assert in_line.label == (
        "rates in line with peers (0.1 apart on average; spread 0.4, 3 shared candidates)"
    )


def test_the_in_line_band_ends_at_a_quarter_point():
    assert compare_with_peers(sums_of([-0.25] * 3), 3).direction == HARDER
    assert compare_with_peers(sums_of([-0.24] * 3), 3).direction == IN_LINE
    assert compare_with_peers(sums_of([0.25] * 3), 3).headline == "Softer by 0.3"


def test_under_the_minimum_nothing_is_shown():
    peers = compare_with_peers(sums_of([-2.0, -2.0], candidates=2), 3)
    assert (peers.offset, peers.spread, peers.direction, peers.bar) == (None, None, None, None)
    assert not peers.enough
    assert peers.headline == "Not enough shared candidates"
    assert peers.label == "not enough shared candidates to compare (2 of the 3 needed)"
    assert compare_with_peers(PeerSums(), 1).offset is None


def test_one_shared_candidate_reads_in_the_singular():
    peers = compare_with_peers(sums_of([1.0], candidates=1), 1)
    assert peers.label.endswith("(spread 0.0, 1 shared candidate)")


def test_halves_round_up_as_by_hand():
    assert [one_decimal(v) for v in (0.25, 0.35, 0.05, 1.0, 2.449)] == [
        "0.3",
        "0.4",
        "0.1",
        "1.0",
        "2.4",
    ]


def test_the_bar_grows_from_the_middle_and_stops_at_the_edge():
    harder = compare_with_peers(sums_of([-1.0] * 3), 3).bar
    assert (harder.start, harder.width) == (25.0, 25.0)
    softer = compare_with_peers(sums_of([3.0] * 3), 3).bar
    assert (softer.start, softer.width) == (50.0, 50.0)


# --- the other figures ----------------------------------------------------------------


def test_adherence_recommendations_and_turnaround_in_words():
    report = calibrate(
        [
            totals(
                1,
                "Ada",
                PeerSums(),
                scorecards=6,
                focus_assigned=20,
                focus_rated=15,
                recommendations={"strong_no": 1, "no": 1, "yes": 3, "strong_yes": 1},
                median_turnaround_hours=5.25,
                late=2,
            )
        ],
        minimum=3,
    )
    row = report.rows[0]
    assert row.adherence.text == "15 of 20 (75%)" and row.adherence.low
    assert row.adherence.label == "rated 15 of 20 focus skills (75%)"
    assert [s.text for s in row.recommendations.shares] == [
        "1 (17%)",
        "1 (17%)",
        "3 (50%)",
        "1 (17%)",
    ]
    assert row.recommendations.label == "yes or strong yes on 4 of 6 scorecards (67%)"
    assert row.turnaround.median_text == "5.3 h"
    assert row.turnaround.label == "median 5.3 hours from the interview's end; 2 of 6 late"
    assert report.hire_share_text == "67%"
    assert report.summary == (
        "1 interviewer with 6 submitted scorecards; 0 of them share at least 3 candidates "
        "with peers and can be compared."
    )


def test_nothing_assigned_is_not_low_adherence():
    row = calibrate([totals(1, "Ada", PeerSums(), scorecards=0)], minimum=3).rows[0]
    assert row.adherence.share is None and not row.adherence.low
    assert row.adherence.text == "none assigned"
    assert row.turnaround.median_text == "none"
    assert row.recommendations.label == "no recommendations"


def test_an_empty_report_says_so():
    assert calibrate([], minimum=3).summary == "No submitted scorecards match these filters."


def test_the_minimum_is_at_least_one():
    with pytest.raises(ValueError):
        calibrate([], minimum=0)


def test_ordered_by_the_size_of_the_offset_either_way_then_the_rest_by_name():
    people = [
        totals(1, "bea", sums_of([0.5] * 3)),
        totals(2, "Abe", sums_of([-1.5] * 3)),
        totals(3, "Cy", sums_of([1.0] * 2)),  # under the minimum
        totals(4, "al", sums_of([-0.2] * 3)),
        totals(5, "Ann", PeerSums()),
    ]
    report = calibrate(people, minimum=3)
    assert [row.name for row in report.rows] == ["Abe", "bea", "al", "Ann", "Cy"]
    assert calibrate(people, minimum=3, sort="name").rows[0].name == "Abe"
    assert calibrate(people, minimum=3, sort="nonsense").sort == "offset"


def test_other_orders_put_rows_without_the_figure_last():
    people = [
        totals(1, "Fast", PeerSums(), focus_assigned=4, focus_rated=4, median_turnaround_hours=1),
        totals(2, "Slow", PeerSums(), focus_assigned=4, focus_rated=2, median_turnaround_hours=9),
        totals(3, "None", PeerSums()),
    ]
    rows = calibrate(people, minimum=3, sort="turnaround").rows
    assert [row.name for row in rows] == ["Slow", "Fast", "None"]
    rows = calibrate(people, minimum=3, sort="adherence").rows
    assert [row.name for row in rows] == ["Slow", "Fast", "None"]


# --- invariants -----------------------------------------------------------------------

offsets = st.lists(
    st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda v: round(v * 6) / 6),
    min_size=1,
    max_size=40,
)
ratings = st.integers(min_value=1, max_value=4)


@given(offsets, st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=10))
def test_an_interviewer_under_the_minimum_is_never_given_an_offset(values, shared, minimum):
    peers = compare_with_peers(sums_of(values, candidates=shared), minimum)
    if shared < minimum:
        assert peers.offset is None and peers.spread is None and peers.bar is None
        assert "not enough shared candidates" in peers.label
    else:
        assert peers.offset is not None and "not enough" not in peers.label


@given(offsets)
def test_the_spread_is_never_negative_nor_nan_and_matches_the_definition(values):
    peers = compare_with_peers(sums_of(values), 1)
    mean = sum(values) / len(values)
    expected = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    assert peers.spread is not None and peers.spread >= 0
    assert peers.spread == pytest.approx(expected, abs=1e-6)
    bar = peers.bar
    assert bar is not None and 0 <= bar.start <= 50 and bar.start + bar.width <= 100
    assert bar.start == 50 or bar.start + bar.width == pytest.approx(50)


@given(st.lists(st.tuples(ratings, ratings), min_size=1, max_size=30))
def test_two_interviewers_on_the_same_ratings_get_opposite_offsets(pairs):
    """A and B rated the same skills of the same candidates: A's offsets are a - b,
    B's are b - a, so their mean offsets are opposite and their spreads equal."""
    first = compare_with_peers(sums_of([a - b for a, b in pairs]), 1)
    second = compare_with_peers(sums_of([b - a for a, b in pairs]), 1)
    assert first.offset == pytest.approx(-second.offset)
    assert first.spread == pytest.approx(second.spread, abs=1e-6)
    opposite = {HARDER: SOFTER, SOFTER: HARDER, IN_LINE: IN_LINE}
    assert second.direction == opposite[first.direction]
    words = second.label.replace("softer", "HARDER").replace("harder", "softer")
    assert words.replace("HARDER", "harder") == first.label


@given(st.dictionaries(st.sampled_from(["strong_no", "no", "yes", "strong_yes"]), ratings))
def test_recommendation_shares_add_up_to_the_whole(counts):
    mix = recommendation_mix(counts)
    assert mix.total == sum(counts.values())
    assert sum(share.count for share in mix.shares) == mix.total
    if mix.total:
        assert sum(share.share for share in mix.shares) == pytest.approx(1.0)
    assert [share.key for share in mix.shares] == ["strong_no", "no", "yes", "strong_yes"]


@given(st.lists(st.tuples(offsets, st.integers(min_value=0, max_value=9)), max_size=12))
def test_ordering_by_offset_puts_bigger_differences_first(people):
    rows = ordered(
        calibrate(
            [totals(n, f"P{n}", sums_of(v, candidates=c)) for n, (v, c) in enumerate(people)],
            minimum=3,
        ).rows,
        "offset",
    )
    sizes = [abs(row.peers.offset) for row in rows if row.peers.enough]
    assert sizes == sorted(sizes, reverse=True)
    enough = [row.peers.enough for row in rows]
    assert enough == sorted(enough, reverse=True)


# --- the setting ----------------------------------------------------------------------


def test_the_minimum_defaults_to_three_and_reads_the_environment(tmp_path):
    base = {"SECRET_KEY": "k" * 40}
    assert load_config(str(tmp_path), {}, base)["CALIBRATION_MIN_SHARED_CANDIDATES"] == 3
    environ = {"CALIBRATION_MIN_SHARED_CANDIDATES": "5"}
    assert load_config(str(tmp_path), environ, base)["CALIBRATION_MIN_SHARED_CANDIDATES"] == 5


@pytest.mark.parametrize("value", ["0", "-2", "three"])
def test_an_unusable_minimum_is_refused_with_a_reason(tmp_path, value):
    with pytest.raises(ConfigError, match="CALIBRATION_MIN_SHARED_CANDIDATES"):
        load_config(
            str(tmp_path), {"CALIBRATION_MIN_SHARED_CANDIDATES": value}, {"SECRET_KEY": "k" * 40}
        )
    with pytest.raises(ConfigError, match="at least 1"):
        load_config(
            str(tmp_path), {}, {"SECRET_KEY": "k" * 40, "CALIBRATION_MIN_SHARED_CANDIDATES": 0}
        )
