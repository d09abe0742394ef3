"""The benchmark's data generator makes what it is asked for (timings stay out of tests)."""

from __future__ import annotations

from sqlalchemy import func, select

from bench import database, generate
from hiring.extensions import db
from hiring.pipeline.models import Application
from hiring.scorecards.models import Scorecard
from tests.db.conftest import fresh_database


def test_the_generator_fills_a_migrated_database_with_the_rows_of_its_scale(tmp_path):
    scale = generate.SCALES["tiny"]
    with fresh_database(tmp_path, "bench") as url:
        built = generate.generate(url, scale)
        rows = database.row_counts(url)
        app = database.make_app(url)
        with app.app_context():
            board_active = db.session.scalar(
                select(func.count(Application.id)).where(
                    Application.job_id == built.board_job_id, Application.status == "active"
                )
            )
            debrief_cards = db.session.scalar(
                select(func.count(Scorecard.id))
                .join(Scorecard.interview)
                .where(Scorecard.interview.has(application_id=built.debrief_application_id))
            )
            db.session.remove()
            db.engine.dispose()
    assert rows["applications"] == scale.applications == built.counts["applications"]
    assert rows["jobs"] == scale.jobs
    assert rows["candidates"] == built.counts["candidates"] > 0
    # Every application has its history; the scorecards have their ratings.
    assert rows["stage_changes"] == built.counts["stage_changes"] >= scale.applications
    assert rows["scorecard_ratings"] == built.counts["scorecard_ratings"] > rows["scorecards"]
    assert rows["interviews"] == built.counts["interviews"] > 0
    assert board_active == scale.board_active
    assert debrief_cards == 8
    # Four people who sign in, the colleagues, and the recruiters who own applications.
    assert rows["users"] == 4 + (scale.interviewers - 1) + 3
