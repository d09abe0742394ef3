"""Complementary suppression in the adverse-impact report.

A question's groups add up to every application, and the funnel report shows how many
reached each stage, so hiding one small group alone hides nothing: its figures are the
totals minus the rows shown. These tests play the reader who knows the totals and the
rows shown, list every set of figures the hidden groups could have, and check that a
small group's figures are never the only possibility.
"""

from __future__ import annotations

import csv
import io
import itertools

import pytest

from hiring.reports.fairness import hidden_groups
from tests.api.conftest import API, issue_token
from tests.conftest import login, make_user
from tests.fixtures.jobs import make_job
from tests.web.test_adverse_impact import app, build, gender_rows  # noqa: F401

MINIMUM = 5


def splits(total: int, parts: int):
    """Every way to share ``total`` among ``parts`` groups."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in splits(total - first, parts - 1):
            yield (first, *rest)


def possible(counts: dict[str, list[int]], hidden: set[str], group: str) -> set[tuple[int, ...]]:
    """What a reader could take ``group``'s figures (applications, then each step) to
    be, from the totals and the shown rows: every split of the hidden sums in which
    each hidden group has applications, reaches no step more often than it applied,
    and at least one of them is under the minimum (why anything is hidden)."""
    order = sorted(hidden)
    width = len(next(iter(counts.values())))
    sums = [sum(counts[key][column] for key in order) for column in range(width)]
    options = [list(splits(total, len(order))) for total in sums]
    seen = set()
    for combination in itertools.product(*options):
        per_group = list(zip(*combination, strict=True))
        if any(values[0] == 0 for values in per_group):
            continue
        if any(max(values[1:], default=0) > values[0] for values in per_group):
            continue
        if all(values[0] >= MINIMUM for values in per_group):
            continue
        seen.add(per_group[order.index(group)])
    return seen


def assert_underivable(counts: dict[str, list[int]]) -> set[str]:
    small, also = hidden_groups(counts, MINIMUM)
    hidden = small | also
    assert hidden, "nothing was hidden"
    for group in small:
        assert counts[group] and len(possible(counts, hidden, group)) > 1, group
        # The naive derivation gives the sum of every hidden group, never one of them.
        total = [sum(values[c] for values in counts.values()) for c in range(len(counts[group]))]
        shown = [sum(counts[k][c] for k in counts if k not in hidden) for c in range(len(total))]
        derived = [t - s for t, s in zip(total, shown, strict=True)]
        assert derived != counts[group]
    return also


def test_one_small_group_takes_the_next_smallest_with_it():
    counts = {"woman": [10, 5, 2], "man": [12, 8, 4], "non_binary": [3, 2, 1], "": [6, 2, 1]}
    also = assert_underivable(counts)
    assert also == {""}  # the next-smallest (6 applications), not a larger one


def test_two_small_groups_are_enough_when_they_reach_the_minimum_together():
    counts = {"woman": [10, 5, 2], "man": [12, 8, 4], "non_binary": [3, 2, 1], "self": [3, 1, 0]}
    assert hidden_groups(counts, MINIMUM) == ({"non_binary", "self"}, set())
    assert_underivable(counts)


def test_small_groups_under_the_minimum_together_take_another():
    counts = {"woman": [10, 5, 2], "man": [12, 8, 4], "non_binary": [1, 1, 0], "self": [2, 1, 1]}
    assert assert_underivable(counts) == {"woman"}


def test_a_hidden_group_with_no_hires_is_not_given_away_by_a_partner_without_any():
    # Non-binary and the unanswered row hired nobody; hiding them together would say
    # so (hires overall minus the rows shown is 0): the smallest group with hires joins.
    counts = {
        "woman": [20, 10, 3],
        "man": [9, 6, 2],
        "non_binary": [3, 2, 0],
        "": [6, 1, 0],
    }
    also = assert_underivable(counts)
    assert also == {"", "man"}


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert hidden_groups({"woman": [5, 1, 0], "man": [7, 2, 1]}, MINIMUM) == (set(), set())


GROUPS = (
    ("woman", 10, 5, 2),
    ("man", 12, 8, 4),
    ("non_binary", 3, 3, 3),
    (None, 6, 2, 0),
)


@pytest.fixture
def people(app):  # noqa: F811
    manager = make_user(app, ("hiring_manager",), name="Hana Manager")
    recruiter = make_user(app, ("recruiter",), name="Rae One")
    job_id = make_job(app, manager, title="Job A")
    build(app, manager, recruiter, job_id, groups=GROUPS)
    return manager, recruiter


def test_the_report_hides_the_partner_and_says_why_on_page_csv_and_api(app, client, people):  # noqa: F811
    manager, recruiter = people
    rows = gender_rows(app, manager)
    hidden = {group for (group, step), row in rows.items() if row["applications"] is None}
    assert hidden == {"Non-binary", "Prefer not to say or no answer"}
    shown = {row["applications"] for row in rows.values() if row["applications"] is not None}
    assert shown == {10, 12}  # 31 applications in all: 31 - 22 is the two hidden together
    flag = "Not shown: fewer than 5 applications, or hidden with such a group"
    assert {rows[(group, "")]["flag"] for group in hidden} == {flag}
    login(client, recruiter)
    html = client.get("/reports/adverse-impact").get_data(as_text=True)
    note = "Gender: Non-binary and Prefer not to say or no answer are not shown."
    assert note in html and flag in html
    lines = list(csv.reader(io.StringIO(client.get("/reports/adverse-impact/export.csv").text)))
    hidden_lines = [line for line in lines if line[2] in hidden and line[1] == "gender"]
    assert len(hidden_lines) == 2 and all(line[5] == line[6] == "" for line in hidden_lines)
    body = client.get(
        f"{API}/reports/adverse-impact", headers=issue_token(app, manager).headers
    ).get_json()
    assert any(text.startswith(note) for text in body["notes"])
    api_hidden = [r for r in body["rows"] if r["dimension_id"] == "gender" and r["group"] in hidden]
    assert [(r["applications"], r["selected"]) for r in api_hidden] == [(None, None)] * 2
