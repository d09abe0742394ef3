"""Every report on the hand-built history of ``tests.fixtures.reports``: the figures
worked out by hand, the filters, the pages and the CSV exports."""

from __future__ import annotations

import pytest

from hiring.accounts import services as accounts
from hiring.extensions import db
from hiring.reports import services, sql
from hiring.reports.types import ReportFilter
from tests.fixtures.evaluation import rubrics_with_an_offer
from tests.fixtures.reports import History, build_history, on


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def history(app) -> History:
    return build_history(app)


def rows(app, history: History, name: str, **filters) -> list[dict]:
    with app.app_context():
        actor = accounts.get_user(history.manager.id)
        report = services.run_report(actor, name, ReportFilter(**filters))
        db.session.remove()
    return [dict(row) for row in report.rows]


def by(rows_: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows_}


def test_funnel_counts_each_stage_reached_and_its_conversion(app, history):
    funnel = by(rows(app, history, "funnel"), "stage_id")
    assert [funnel[s]["reached"] for s in ("applied", "debrief", "offer", "hired")] == [4, 3, 2, 1]
    assert funnel["applied"]["from_previous"] is None
    assert funnel["debrief"]["from_previous"] == 0.75
    assert funnel["offer"]["from_previous"] == 0.6667
    assert funnel["hired"]["from_previous"] == 0.5
    assert funnel["hired"]["from_top"] == 0.25


def test_funnel_filters_by_job_role_family_recruiter_and_dates(app, history):
    def reached(**filters) -> list[int]:
        return [row["reached"] for row in rows(app, history, "funnel", **filters)]

    assert reached(job_id=history.job_b) == [1, 1, 0, 0]
    assert reached(role_family="ml-engineer") == [3, 2, 2, 1]
    assert reached(recruiter_id=history.recruiters[1].id) == [2, 1, 0, 0]
    assert reached(date_from=on(20)) == [1, 1, 0, 0]
    assert reached(date_until=on(0)) == [3, 2, 2, 1]
    assert reached(date_from=on(40)) == [0, 0, 0, 0]


def test_time_in_stage_median_and_90th_percentile_against_targets(app, history):
    stages = by(rows(app, history, "time-in-stage"), "stage_id")
    # Applied: 2, 4, 1 and 6 days. Median of 1, 2, 4, 6 is 3; the 90th percentile
    # interpolates 0.7 of the way from 4 to 6. One stay of four is over 5 days.
    assert stages["applied"] == {
        "stage": "Applied",
        "stage_id": "applied",
        "stays": 4,
        "median_days": 3.0,
        "p90_days": 5.4,
        "target_days": 5,
        "over_target": 0.25,
    }
    # Debrief: 3 days twice (A4 is still there); offer: one day twice.
    assert (stages["debrief"]["stays"], stages["debrief"]["median_days"]) == (2, 3.0)
    assert stages["debrief"]["over_target"] == 0.0
    assert (stages["offer"]["median_days"], stages["offer"]["p90_days"]) == (1.0, 1.0)
    assert "hired" not in stages


def test_source_yield(app, history):
    sources = by(rows(app, history, "source-yield"), "source")
    assert sources["Referral"] == {
        "source": "Referral",
        "applications": 2,
        "passed_first_stage": 2,
        "pass_through": 1.0,
        "hires": 1,
        "hire_rate": 0.5,
    }
    assert (sources["Inbound"]["passed_first_stage"], sources["Inbound"]["hires"]) == (1, 0)


def test_offers_and_time_to_hire(app, history):
    (job_a,) = rows(app, history, "offers")
    assert job_a == {
        "job": "Job A",
        "job_id": history.job_a,
        "offers": 2,
        "accepted": 1,
        "declined": 1,
        "acceptance": 0.5,
        "hires": 1,
        "median_days_to_hire": 6.0,
        "p90_days_to_hire": 6.0,
    }


def test_pass_rate_per_round_counts_amended_recommendations(app, history):
    rounds = by(rows(app, history, "round-pass-rate"), "round_id")
    # X's coding card on A2 was amended from no to strong no: still not a pass.
    assert rounds["coding"] == {
        "round": "Coding",
        "round_id": "coding",
        "scorecards": 3,
        "candidates": 2,
        "passed": 2,
        "pass_rate": 0.6667,
    }
    assert (rounds["overview"]["scorecards"], rounds["overview"]["pass_rate"]) == (1, 1.0)


def test_must_have_failures_use_the_median_rating_against_the_bar(app, history):
    failures = rows(app, history, "must-have-failures")
    # A1: coding 4 and 3 -> 3 (passes), fundamentals 3 and 2 -> 2 (fails);
    # A2: coding amended to 1, fundamentals 2: both fail. Most failed first.
    assert [(r["skill_id"], r["rated"], r["below_bar"], r["failure_rate"]) for r in failures] == [
        ("ml-fundamentals", 2, 2, 1.0),
        ("coding", 2, 1, 0.5),
    ]
    assert {r["job"] for r in failures} == {"Job A"} and failures[0]["bar"] == 3


def test_verdict_overrides_count_current_decisions_only(app, history):
    jobs = by(rows(app, history, "verdict-overrides"), "job")
    assert jobs["Job A"] == {
        "job": "Job A",
        "job_id": history.job_a,
        "decisions": 2,
        "hires": 1,
        "overrides": 1,
        "hired_against_verdict": 1,
        "override_rate": 0.5,
    }
    assert (jobs["Job B"]["decisions"], jobs["Job B"]["overrides"]) == (1, 0)


def test_scorecard_turnaround(app, history):
    people = by(rows(app, history, "scorecard-turnaround"), "interviewer")
    assert people["Xavi X"] | {"interviewer_id": 0} == {
        "interviewer": "Xavi X",
        "interviewer_id": 0,
        "submitted": 2,
        "median_hours": 6.0,
        "p90_hours": 9.2,
        "late": 0,
        "late_share": 0.0,
    }
    assert (people["Yara Y"]["median_hours"], people["Yara Y"]["p90_hours"]) == (40.0, 48.0)
    assert people["Yara Y"]["late"] == 2


def test_interviewer_load_and_interview_dates(app, history):
    people = by(rows(app, history, "interviewer-load"), "interviewer")
    x, y = people["Xavi X"], people["Yara Y"]
    # The cancelled interview is not counted; the one without a card is owed.
    assert (x["interviews"], x["hours"], x["candidates"]) == (3, 3.0, 3)
    assert (x["scorecards_submitted"], x["scorecards_owed"]) == (2, 1)
    assert (y["interviews"], y["hours"], y["scorecards_owed"]) == (2, 2.0, 0)
    later = by(rows(app, history, "interviewer-load", date_from=on(2)), "interviewer")
    assert later["Xavi X"]["interviews"] == 1 and later["Yara Y"]["interviews"] == 1


def test_window_percentiles_match_percentile_cont(app, history):
    """SQLite computes percentiles with window functions; on PostgreSQL the same query
    must agree with percentile_cont (run the suite with DATABASE_URL to check both)."""
    from sqlalchemy import literal, select, union_all

    with app.app_context():
        values = union_all(
            *(
                select(literal(key).label("key"), literal(value).label("value"))
                for key, numbers in {
                    "a": (1.0, 2.0, 4.0, 6.0),
                    "b": (5.0,),
                    "c": (3.0, 1.0),
                }.items()
                for value in numbers
            )
        ).subquery("numbers")
        window = sorted(db.session.execute(sql.percentiles(values, method=sql.WINDOW)))
        assert [(k, round(p50, 6), round(p90, 6)) for k, p50, p90 in window] == [
            ("a", 3.0, 5.4),
            ("b", 5.0, 5.0),
            ("c", 2.0, 2.8),
        ]
        if db.engine.dialect.name == "postgresql":
            cont = sorted(db.session.execute(sql.percentiles(values, method=sql.PERCENTILE_CONT)))
            assert [(k, round(a, 6), round(b, 6)) for k, a, b in cont] == [
                (k, round(a, 6), round(b, 6)) for k, a, b in window
            ]
        else:
            print("percentile_cont is PostgreSQL only: compared there with DATABASE_URL set")
