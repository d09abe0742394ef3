"""``demo seed`` writes a year of history that every report has something to show of."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from hiring.accounts import services as accounts
from hiring.candidates.models import Candidate, CandidateSelfIdentification
from hiring.config import PROJECT_ROOT
from hiring.demo import history
from hiring.demo.seeding import seed, seed_candidates, seed_interviews, seed_jobs
from hiring.extensions import db
from hiring.reports import services as reports
from hiring.reports.types import ReportFilter

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def shipped(make_app):
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


def figures(app) -> dict[str, list[dict]]:
    with app.app_context():
        manager = accounts.find_user_by_email("manager@example.com")
        found = {
            name: [dict(row) for row in reports.run_report(manager, name, ReportFilter()).rows]
            for name in reports.REPORT_NAMES
        }
        db.session.remove()
    return found


def seeded(app) -> int:
    with app.app_context():
        seed()
        seed_jobs()
        seed_candidates()
        seed_interviews()
        added = history.seed_history(now=NOW)
        db.session.remove()
    return added


def test_the_demo_command_seeds_the_history_once(shipped):
    runner = shipped.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert f"{history.APPLICATIONS} past applications added" in first.output
    assert "0 past applications added" in runner.invoke(args=["demo", "seed"]).output
    with shipped.app_context():
        count = select(func.count(Candidate.id)).where(
            Candidate.email.like("%@history.example.org")
        )
        assert db.session.scalar(count) == history.APPLICATIONS


def test_every_report_shows_something_meaningful(shipped):
    assert seeded(shipped) == history.APPLICATIONS
    found = figures(shipped)
    for name, rows in found.items():
        assert rows, name
    funnel = [row["reached"] for row in found["funnel"]]
    assert funnel == sorted(funnel, reverse=True) and funnel[0] > 300 and funnel[-1] > 5
    assert all(row["median_days"] for row in found["time-in-stage"])
    assert any(row["below_bar"] for row in found["must-have-failures"])
    assert any(row["overrides"] for row in found["verdict-overrides"])
    assert {row["source"] for row in found["source-yield"]} >= {"Referral", "Inbound"}
    assert all(row["hires"] for row in found["offers"])
    assert len(found["interviewer-load"]) >= 2


def test_the_history_is_the_same_on_every_run(shipped, make_app):
    other = make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))
    seeded(shipped)
    seeded(other)
    assert figures(shipped) == figures(other)


def test_the_history_has_self_identification_to_compare_groups(shipped):
    seeded(shipped)
    with shipped.app_context():
        sources = dict(
            db.session.execute(
                select(CandidateSelfIdentification.source, func.count()).group_by(
                    CandidateSelfIdentification.source
                )
            ).all()
        )
        prefer_not = db.session.scalar(
            select(func.count()).where(CandidateSelfIdentification.gender == "prefer_not_to_say")
        )
        db.session.remove()
    assert set(sources) == {"candidate", "recruiter_on_behalf"}
    # Most, not all, of the past candidates answered; some preferred not to say.
    assert history.APPLICATIONS * 0.7 < sum(sources.values()) < history.APPLICATIONS
    assert prefer_not > 0
    rows = figures(shipped)["adverse-impact"]
    for question in ("gender", "ethnicity", "veteran_status", "disability_status"):
        shown = {
            (row["group"], row["step_id"])
            for row in rows
            if row["dimension_id"] == question and row["applications"]
        }
        groups = {group for group, _ in shown}
        steps = {step for _, step in shown}
        assert len(groups) >= 2 and len(steps) >= 5, question
    assert any(row["flag"].startswith("Under four-fifths") for row in rows)
    assert any(row["applications"] is None for row in rows)  # a small group is hidden
