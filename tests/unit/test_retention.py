"""Who is due for erasure: the retention rule as a pure function."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.privacy.retention import (
    ACTIVE,
    CLOSED,
    HIRED,
    NO_APPLICATION,
    CandidateFacts,
    RetentionPolicy,
    due_for_erasure,
    retention_class,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
POLICY = RetentionPolicy(closed_days=365, no_application_days=180, hired_days=0)


def facts(candidate_id, statuses, days_ago, erased=False):
    return CandidateFacts(candidate_id, tuple(statuses), NOW - timedelta(days=days_ago), erased)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), NO_APPLICATION),
        (("rejected", "withdrawn"), CLOSED),
        (("rejected", "active"), ACTIVE),
        (("hired", "rejected"), HIRED),
        (("hired", "active"), ACTIVE),
    ],
)
def test_retention_class(statuses, expected):
    assert retention_class(statuses) == expected


def test_only_candidates_past_their_period_are_due():
    due = due_for_erasure(
        [
            facts(1, ["rejected"], 366),  # due
            facts(2, ["rejected"], 364),  # not yet
            facts(3, ["active"], 5000),  # in process: never
            facts(4, ["hired"], 5000),  # hired: never by default
            facts(5, [], 181),  # never applied: due after 180 days
            facts(6, ["withdrawn"], 900, erased=True),  # already erased
            facts(7, ["rejected", "withdrawn"], 365),  # exactly on the day: due
        ],
        POLICY,
        NOW,
    )
    assert [item.candidate_id for item in due] == [1, 7, 5]
    assert due[0].retention_class == CLOSED and due[0].days_inactive == 366


def test_a_hired_period_can_be_set_and_zero_turns_a_class_off():
    policy = RetentionPolicy(closed_days=0, no_application_days=0, hired_days=730)
    due = due_for_erasure(
        [facts(1, ["hired"], 731), facts(2, ["rejected"], 5000), facts(3, [], 5000)],
        policy,
        NOW,
    )
    assert [item.candidate_id for item in due] == [1]


@given(
    st.lists(st.sampled_from(["active", "rejected", "withdrawn", "hired"]), max_size=4),
    st.integers(min_value=0, max_value=3000),
    st.booleans(),
)
def test_active_or_erased_candidates_are_never_due(statuses, days_ago, erased):
    item = facts(1, statuses, days_ago, erased)
    due = due_for_erasure([item], POLICY, NOW)
    if erased or "active" in statuses:
        assert due == []
    # Erasing is idempotent: what was due is not due once marked erased.
    assert due_for_erasure([facts(1, statuses, days_ago, True)], POLICY, NOW) == []
