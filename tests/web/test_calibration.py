"""Interviewer calibration: who may see it, the figures for a data set worked out by
hand, the minimum sample, the filters, and a fixed number of queries."""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from hiring.accounts import services as accounts
from hiring.domain import PermissionDenied
from hiring.evaluation import calibration_services as services
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.scorecards import amendment_services as amendments
from hiring.scorecards.models import Scorecard
from hiring.scorecards.rules import RatingInput
from tests.conftest import UserRef, login, make_user
from tests.fixtures.evaluation import Loop, hold_interview, make_loop, submit_card
from tests.fixtures.pipeline import make_application, make_candidate

MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
ROUND_MINUTES = {"coding": 60, "ml-systems": 60, "overview": 45}


def another_candidate(loop: Loop, number: int) -> Loop:
    """The same job and loop, another candidate's application."""
    candidate_id = make_candidate(
        loop.app, loop.recruiter, name=f"Candidate {number}", email=f"c{number}@example.com"
    )
    application_id = make_application(loop.app, loop.recruiter, candidate_id, loop.job_id)
    return replace(loop, candidate_id=candidate_id, application_id=application_id, interviews={})


def pin_times(loop: Loop, interview_id: int, starts: datetime, hours: dict[int, float]) -> None:
    """Move an interview to ``starts`` and each interviewer's submission to ``hours``
    after its end (the builders submit now)."""
    with loop.app.app_context():
        interview = db.session.get(Interview, interview_id)
        end = starts + timedelta(minutes=interview.duration)
        db.session.execute(
            update(Interview).where(Interview.id == interview_id).values(starts_at=starts)
        )
        for interviewer_id, after in hours.items():
            db.session.execute(
                update(Scorecard)
                .where(
                    Scorecard.interview_id == interview_id,
                    Scorecard.interviewer_id == interviewer_id,
                )
                .values(submitted_at=end + timedelta(hours=after))
            )
        db.session.commit()


def coding(
    loop: Loop,
    cards: dict[UserRef, tuple[str, str, str]],
    starts: datetime,
    hours: dict[UserRef, float],
) -> dict[UserRef, int]:
    """A coding interview (coding, ML fundamentals) by a panel: each interviewer's
    ratings and recommendation; their scorecard ids."""
    interview_id = hold_interview(loop, "coding", interviewers=tuple(cards))
    ids = {
        person: submit_card(
            loop, interview_id, person, {"coding": c, "ml-fundamentals": f}, recommendation
        )
        for person, (c, f, recommendation) in cards.items()
    }
    pin_times(loop, interview_id, starts, {person.id: h for person, h in hours.items()})
    return ids


@pytest.fixture
def team(app):
    """The hand-worked data set (figures in the tests below).

    Hard and Soft interview candidates 1-3 together in March; Hard and New interview
    candidate 4 in April, New also alone in an ML systems round. Hard later amends
    candidate 3's coding rating (1 -> 2) and recommendation (no -> yes).
    """
    loop = make_loop(app)
    hard = make_user(app, name="Hana Hard")
    soft = make_user(app, name="Sami Soft")
    new = make_user(app, name="Nell New")
    first, second, third, fourth = (another_candidate(loop, n) for n in (1, 2, 3, 4))
    coding(first, {hard: ("2", "2", "no"), soft: ("3", "4", "yes")}, MARCH, {hard: 2, soft: 1})
    coding(
        second,
        {hard: ("3", "na", "strong_no"), soft: ("4", "3", "strong_yes")},
        MARCH + timedelta(days=1),
        {hard: 30, soft: 26},
    )
    third_cards = coding(
        third,
        {hard: ("1", "2", "no"), soft: ("2", "2", "yes")},
        MARCH + timedelta(days=2),
        {hard: 5, soft: -0.5},
    )
    coding(fourth, {hard: ("3", "3", "yes"), new: ("4", "na", "strong_yes")}, APRIL, {hard: 10})
    systems = hold_interview(fourth, "ml-systems", interviewers=(new,))
    submit_card(fourth, systems, new, {"mlops": "3"}, "yes")
    pin_times(fourth, systems, APRIL + timedelta(hours=2), {new.id: -1})
    # New's coding card of candidate 4: 48 hours after the end.
    with app.app_context():
        interview_id = db.session.execute(
            db.select(Scorecard.interview_id).where(
                Scorecard.interviewer_id == new.id, Scorecard.interview_id != systems
            )
        ).scalar_one()
    pin_times(fourth, interview_id, APRIL, {new.id: 48})
    with app.app_context():
        amendments.amend(
            accounts.get_user(hard.id),
            third_cards[hard],
            amendments.AmendmentInput(
                reason="Watched the recording again: the tests were there, only slow.",
                ratings=(
                    RatingInput("coding", "2", "Wrote working k-means with tests, but slowly."),
                ),
                recommendation="yes",
            ),
            expected_version=None,
        )
    return {"manager": loop.manager, "hard": hard, "soft": soft, "new": new, "loop": loop}


def report_for(app, user: UserRef, filters=None, *, minimum: int = 3):
    with app.app_context():
        return services.interviewer_calibration(
            accounts.get_user(user.id),
            filters or services.CalibrationFilter(),
            minimum=minimum,
        )


def row_of(report, user: UserRef):
    return next(row for row in report.rows if row.interviewer_id == user.id)


# --- who may see it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("hiring_manager", 200), ("recruiter", 403), ("interviewer", 403)],
)
def test_only_hiring_managers_and_admins_open_the_page(client, login_as, role, status):
    login_as(role)
    response = client.get("/calibration")
    assert response.status_code == status
    nav_link = 'href="/calibration"'
    assert (nav_link in client.get("/").get_data(as_text=True)) is (status == 200)


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/calibration")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_service_refuses_other_roles(app, users):
    with app.app_context(), pytest.raises(PermissionDenied):
        services.interviewer_calibration(
            accounts.get_user(users["recruiter"].id), services.CalibrationFilter(), minimum=3
        )


# --- the figures ----------------------------------------------------------------------


def test_offsets_use_amended_ratings_and_match_the_hand_worked_figures(app, team):
    report = report_for(app, team["manager"])
    hard = row_of(report, team["hard"])
    # Offsets of Hard (their rating minus the other's), per candidate and skill:
    # 1: coding 2-3, fundamentals 2-4; 2: coding 3-4 (fundamentals not assessed);
    # 3: coding 2-2 (amended from 1), fundamentals 2-2; 4: coding 3-4 (New left
    # fundamentals not assessed) -> -1, -2, -1, 0, 0, -1: mean -5/6, variance
    # 7/6 - 25/36 = 17/36.
    assert hard.peers.comparisons == 6
    assert hard.peers.shared_candidates == 4
    assert hard.peers.offset == pytest.approx(-5 / 6)
    assert hard.peers.spread == pytest.approx(math.sqrt(17) / 6)
    assert hard.peers.label == (
        "rates harder than peers by 0.8 on average (spread 0.7, 4 shared candidates)"
    )
    soft = row_of(report, team["soft"])
    # +1, +2, +1, 0, 0: mean 0.8, variance 6/5 - 0.64 = 0.56.
    assert (soft.peers.comparisons, soft.peers.shared_candidates) == (5, 3)
    assert soft.peers.offset == pytest.approx(0.8)
    assert soft.peers.spread == pytest.approx(math.sqrt(0.56))
    assert soft.peers.label == (
        "rates softer than peers by 0.8 on average (spread 0.7, 3 shared candidates)"
    )
    new = row_of(report, team["new"])
    assert (new.peers.comparisons, new.peers.shared_candidates) == (1, 1)
    assert new.peers.offset is None and new.peers.spread is None
    assert new.peers.label == "not enough shared candidates to compare (1 of the 3 needed)"
    # Largest difference first; the interviewer without enough candidates last.
    assert [row.name for row in report.rows] == ["Hana Hard", "Sami Soft", "Nell New"]


def test_adherence_recommendations_and_turnaround_match_the_hand_worked_figures(app, team):
    report = report_for(app, team["manager"])
    hard, soft, new = (row_of(report, team[name]) for name in ("hard", "soft", "new"))
    # Hard left ML fundamentals of candidate 2 not assessed: 7 of 8.
    assert (hard.adherence.rated, hard.adherence.assigned) == (7, 8)
    assert hard.adherence.text == "7 of 8 (88%)" and not hard.adherence.low
    assert (soft.adherence.rated, soft.adherence.assigned) == (6, 6)
    # New rated coding but not ML fundamentals, and MLOps: 2 of 3, low.
    assert new.adherence.text == "2 of 3 (67%)" and new.adherence.low

    counts = {share.key: share.count for share in hard.recommendations.shares}
    # Candidate 3's "no" became "yes" by the amendment.
    assert counts == {"strong_no": 1, "no": 1, "yes": 2, "strong_yes": 0}
    assert [s.text for s in hard.recommendations.shares] == [
        "1 (25%)",
        "1 (25%)",
        "2 (50%)",
        "0 (0%)",
    ]
    assert [s.text for s in soft.recommendations.shares] == [
        "0 (0%)",
        "0 (0%)",
        "2 (67%)",
        "1 (33%)",
    ]

    # Hard: 2, 30, 5, 10 hours -> median 7.5, one late. Soft: 1, 26 and 0 (submitted
    # before the end) -> median 1. New: 48 and 0 (an hour early) -> median 24.
    assert (hard.turnaround.median_hours, hard.turnaround.late) == (pytest.approx(7.5), 1)
    assert (soft.turnaround.median_hours, soft.turnaround.late) == (pytest.approx(1.0), 1)
    assert (new.turnaround.median_hours, new.turnaround.late) == (pytest.approx(24.0), 1)
    assert hard.turnaround.label == "median 7.5 hours from the interview's end; 1 of 4 late"


def test_the_page_shows_the_figures_in_words(app, client, team):
    login(client, team["manager"])
    html = client.get("/calibration").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Harder by 0.8" in text and "Softer by 0.8" in text
    assert "rates harder than peers by 0.8 on average (spread 0.7, 4 shared candidates)" in text
    row = html.split(f'data-testid="interviewer-{team["new"].id}"')[1].split("</tr>")[0]
    assert "Not enough shared candidates" in row
    assert 'data-testid="offset-bar"' not in row
    assert "not enough shared candidates to compare (1 of the 3 needed)" in text
    assert "<caption" in html and 'scope="row"' in html and 'scope="colgroup"' in html
    assert "7 of 8 (88%)" in text and "7.5 h" in text
    # Hard's row comes first: ordered by the size of the offset, and the caption says so.
    assert "Interviewers in order: largest offset first." in text
    assert html.index(f'interviewer-{team["hard"].id}"') < html.index(
        f'interviewer-{team["soft"].id}"'
    )
    assert "cdn" not in html.lower()


def test_the_minimum_is_configurable(make_app):
    app = make_app(CALIBRATION_MIN_SHARED_CANDIDATES=5)
    loop = make_loop(app)
    one, other = make_user(app), make_user(app)
    for number in range(4):
        coding(
            another_candidate(loop, number),
            {one: ("2", "2", "no"), other: ("3", "3", "yes")},
            MARCH + timedelta(days=number),
            {one: 1, other: 1},
        )
    client = app.test_client()
    login(client, loop.manager)
    html = client.get("/calibration").get_data(as_text=True)
    assert "not enough shared candidates to compare (4 of the 5 needed)" in html
    assert "Harder by" not in html
    report = report_for(app, loop.manager, minimum=4)
    assert row_of(report, one).peers.offset == pytest.approx(-1.0)


def test_the_date_range_counts_interviews_by_their_start(app, client, team):
    march = services.CalibrationFilter(starts_until=date(2026, 3, 31))
    report = report_for(app, team["manager"], march)
    assert team["new"].id not in {row.interviewer_id for row in report.rows}
    hard = row_of(report, team["hard"])
    # Candidate 4 (April) drops out: -1, -2, -1, 0, 0.
    assert (hard.peers.comparisons, hard.peers.shared_candidates) == (5, 3)
    assert hard.peers.offset == pytest.approx(-0.8)
    assert hard.scorecards == 3
    april = report_for(app, team["manager"], services.CalibrationFilter(date(2026, 4, 1)))
    assert {row.name for row in april.rows} == {"Hana Hard", "Nell New"}
    # Through the form: the same range, and a backwards one is refused, not applied.
    login(client, team["manager"])
    html = client.get("/calibration?starts_until=2026-03-31").get_data(as_text=True)
    assert "Nell New" not in html
    assert "rates harder than peers by 0.8 on average (spread 0.7, 3 shared candidates)" in html
    html = client.get("/calibration?starts_from=2026-04-01&starts_until=2026-03-01").get_data(
        as_text=True
    )
    assert "The end of the range is before its start." in html
    assert "Nell New" in html


def test_a_job_filter_keeps_other_jobs_out(app, client, team):
    other = make_loop(app, candidate_email="other@example.com")
    coding(other, {team["hard"]: ("4", "4", "yes"), team["soft"]: ("1", "1", "no")}, MARCH, {})
    everything = row_of(report_for(app, team["manager"]), team["hard"])
    assert everything.peers.shared_candidates == 5
    only = services.CalibrationFilter(job_id=team["loop"].job_id)
    hard = row_of(report_for(app, team["manager"], only), team["hard"])
    assert hard.peers.offset == pytest.approx(-5 / 6)
    family = services.CalibrationFilter(role_family="ml-engineer")
    assert row_of(report_for(app, team["manager"], family), team["hard"]).scorecards == 5
    nobody = services.CalibrationFilter(role_family="data-engineer")
    assert report_for(app, team["manager"], nobody).rows == ()
    login(client, team["manager"])
    html = client.get(f"/calibration?job={team['loop'].job_id}").get_data(as_text=True)
    assert "(spread 0.7, 4 shared candidates)" in html


def test_deactivated_interviewers_are_not_listed_but_still_count_as_peers(app, team):
    with app.app_context():
        user = accounts.get_user(team["soft"].id)
        user.active = False
        db.session.commit()
    report = report_for(app, team["manager"])
    assert team["soft"].id not in {row.interviewer_id for row in report.rows}
    assert row_of(report, team["hard"]).peers.offset == pytest.approx(-5 / 6)


# --- the SQL against the definition written out longhand ------------------------------


def longhand(ratings: dict[tuple[int, int, str], list[int]]) -> dict[int, tuple]:
    """(interviewer, application, skill) -> their ratings; per interviewer the
    comparisons, shared candidates, mean offset and spread, by the definition."""
    own = {key: sum(values) / len(values) for key, values in ratings.items()}
    by_pair = defaultdict(dict)
    for (person, application, skill), rating in own.items():
        by_pair[(application, skill)][person] = rating
    offsets = defaultdict(list)
    for (application, _skill), raters in by_pair.items():
        for person, rating in raters.items():
            others = [r for p, r in raters.items() if p != person]
            if others:
                offsets[person].append((application, rating - sum(others) / len(others)))
    result = {}
    for person, found in offsets.items():
        values = [value for _, value in found]
        mean = sum(values) / len(values)
        spread = math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))
        result[person] = (len(values), len({a for a, _ in found}), mean, spread)
    return result


def test_the_sql_matches_the_definition_on_panels_of_three(app):
    chance = random.Random(11)
    loop = make_loop(app)
    people = [make_user(app, name=f"Panel {n}") for n in range(4)]
    ratings: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for number in range(6):
        candidate = another_candidate(loop, number)
        panel = chance.sample(people, 3)
        cards = {}
        for person in panel:
            values = {skill: chance.choice(["1", "2", "3", "4", "na"]) for skill in ("c", "f")}
            values["c"] = values["c"] if values["c"] != "na" else "3"
            cards[person] = (values["c"], values["f"], chance.choice(["no", "yes"]))
            for skill, value in zip(("coding", "ml-fundamentals"), cards[person][:2], strict=True):
                if value != "na":
                    ratings[(person.id, candidate.application_id, skill)].append(int(value))
        coding(candidate, cards, MARCH + timedelta(days=number), {})
    expected = longhand(ratings)
    report = report_for(app, loop.manager, minimum=1)
    assert {row.interviewer_id for row in report.rows} == {person.id for person in people}
    for row in report.rows:
        comparisons, shared, mean, spread = expected[row.interviewer_id]
        assert (row.peers.comparisons, row.peers.shared_candidates) == (comparisons, shared)
        assert row.peers.offset == pytest.approx(mean)
        assert row.peers.spread == pytest.approx(spread, abs=1e-9)
    # Each candidate's skill adds offsets that cancel out: over everyone they sum to 0.
    total = sum(row.peers.offset * row.peers.comparisons for row in report.rows)
    assert total == pytest.approx(0.0, abs=1e-9)


# --- a fixed number of queries --------------------------------------------------------


def test_the_page_runs_the_same_queries_for_one_and_for_ten(app, count_queries):
    loop = make_loop(app)
    people = [make_user(app, name=f"Interviewer {n}") for n in range(11)]
    coding(
        another_candidate(loop, 0),
        {people[0]: ("2", "3", "no"), people[1]: ("3", "3", "yes")},
        MARCH,
        {people[0]: 1},
    )
    client = app.test_client()
    login(client, loop.manager)
    client.get("/calibration")
    with count_queries() as small:
        assert client.get("/calibration").status_code == 200
    for number in range(1, 11):
        coding(
            another_candidate(loop, number),
            {people[number]: ("1", "2", "no"), people[number - 1]: ("4", "na", "strong_yes")},
            MARCH + timedelta(days=number),
            {people[number]: 30},
        )
    with count_queries() as large:
        response = client.get("/calibration")
    assert response.status_code == 200
    assert "Interviewer 10" in response.get_data(as_text=True)
    assert large.count == small.count, large.statements
    assert small.count <= 8, small.statements
