"""The adverse-impact report on hand-built applications whose rates are known.

Job A (stages applied, debrief, offer, hired), every application applied on day 0:

    gender woman       10 applications, 5 reached debrief, 2 hired   -> 0.5, 0.2
    gender man         10 applications, 8 reached debrief, 4 hired   -> 0.8, 0.4
    gender non-binary   3 applications (fewer than 5: not shown)
    gender self-described 3 applications, 1 reached debrief (not shown either)
    prefer not to say   2, no self-identification at all 3: one unflagged row of 5

So women are flagged at debrief (0.5 / 0.8 = 0.625) and at the decision (0.2 / 0.4 =
0.5), not at "applied" (1.0 / 1.0).
"""

from __future__ import annotations

import csv
import io

import pytest

from hiring.accounts import services as accounts
from hiring.candidates.models import CandidateSelfIdentification
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.reports import services
from hiring.reports.types import ReportFilter
from tests.api.conftest import API, issue_token
from tests.conftest import login, make_user
from tests.fixtures.evaluation import rubrics_with_an_offer
from tests.fixtures.jobs import make_job
from tests.fixtures.reports import _application, day

GROUPS = (
    # (gender answer or None for no row, applications, reached debrief, hired)
    ("woman", 10, 5, 2),
    ("man", 10, 8, 4),
    ("non_binary", 3, 3, 3),
    ("self_described", 3, 1, 0),
    ("prefer_not_to_say", 2, 1, 0),
    (None, 3, 1, 0),
)


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


def build(app, manager, recruiter, job_id, copies: int = 1, first: int = 0, groups=GROUPS) -> None:
    with app.app_context():
        number = 0
        for copy in range(first, first + copies):
            for answer, total, reached, hired in groups:
                for index in range(total):
                    number += 1
                    moves = [("applied", day(0))]
                    if index < reached:
                        moves.append(("debrief", day(2)))
                    if index < hired:
                        moves += [("offer", day(4)), ("hired", day(5))]
                    application = _application(
                        copy * 1000 + number,
                        f"Person{number}",
                        "inbound",
                        recruiter,
                        job_id,
                        moves,
                        "hired" if index < hired else "active",
                    )
                    if answer is not None:
                        db.session.add(
                            CandidateSelfIdentification(
                                candidate_id=application.candidate_id,
                                gender=answer,
                                ethnicity="prefer_not_to_say",
                            )
                        )
                    if index < hired:
                        db.session.add(
                            HiringDecision(
                                application_id=application.id,
                                outcome="hire",
                                rationale="r",
                                verdict="meets_bar",
                            )
                        )
        db.session.commit()
        db.session.remove()


@pytest.fixture
def people(app):
    manager = make_user(app, ("hiring_manager",), name="Hana Manager")
    recruiter = make_user(app, ("recruiter",), name="Rae One")
    interviewer = make_user(app, ("interviewer",), name="Ivo View")
    job_id = make_job(app, manager, title="Job A")
    build(app, manager, recruiter, job_id)
    return manager, recruiter, interviewer, job_id


def gender_rows(app, manager) -> dict[tuple[str, str], dict]:
    with app.app_context():
        actor = accounts.get_user(manager.id)
        report = services.run_report(actor, "adverse-impact", ReportFilter())
        db.session.remove()
    return {
        (row["group"], row["step_id"]): row
        for row in report.rows
        if row["dimension_id"] == "gender"
    }


def test_rates_ratios_and_the_flagged_group(app, people):
    rows = gender_rows(app, people[0])
    assert rows[("Woman", "debrief")]["selection_rate"] == 0.5
    assert rows[("Man", "debrief")]["selection_rate"] == 0.8
    assert rows[("Woman", "debrief")]["impact_ratio"] == 0.625
    assert rows[("Woman", "debrief")]["flag"].startswith("Under four-fifths")
    assert rows[("Woman", "hire_decision")]["selection_rate"] == 0.2
    assert rows[("Woman", "hire_decision")]["impact_ratio"] == 0.5
    assert rows[("Woman", "hire_decision")]["flag"]
    assert rows[("Man", "hire_decision")]["impact_ratio"] == 1.0
    assert not rows[("Man", "hire_decision")]["flag"]
    assert rows[("Woman", "applied")]["impact_ratio"] == 1.0
    assert not rows[("Woman", "applied")]["flag"]


def test_prefer_not_to_say_and_no_answer_are_one_unflagged_row(app, people):
    rows = gender_rows(app, people[0])
    unanswered = rows[("Prefer not to say or no answer", "hire_decision")]
    assert unanswered["applications"] == 5
    assert unanswered["selection_rate"] == 0.0
    assert unanswered["impact_ratio"] is None and unanswered["flag"] == ""


def test_a_small_group_is_suppressed_and_never_the_highest(app, people):
    rows = gender_rows(app, people[0])
    small = [row for (group, _), row in rows.items() if group == "Non-binary"]
    # Non-binary applicants were all hired (rate 1.0): had they counted, men would be
    # flagged too.
    assert len(small) == 1
    assert small[0]["applications"] is None and small[0]["selection_rate"] is None
    assert small[0]["flag"] == "Fewer than 5 applications: not shown"


def test_the_minimum_is_configurable(make_app, tmp_path):
    app = make_app(
        HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")),
        ADVERSE_IMPACT_MIN_GROUP=2,
    )
    manager = make_user(app, ("hiring_manager",), name="Hana Manager")
    recruiter = make_user(app, ("recruiter",), name="Rae One")
    build(app, manager, recruiter, make_job(app, manager, title="Job A"))
    rows = gender_rows(app, manager)
    assert rows[("Non-binary", "hire_decision")]["selection_rate"] == 1.0
    assert rows[("Man", "hire_decision")]["impact_ratio"] == 0.4
    assert rows[("Man", "hire_decision")]["flag"]


def test_the_page_shows_the_table_chart_and_suppression(app, client, people):
    login(client, people[1])
    response = client.get("/reports/adverse-impact")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'role="img"' in html and "Hire decisions per application, per group" in html
    assert "Gender: Woman" in html
    assert "Under four-fifths of the highest group" in html
    assert "Fewer than 5 applications: not shown" in html
    assert "62.5%" in html


def test_the_csv_export_suppresses_small_groups(app, client, people):
    login(client, people[0])
    response = client.get("/reports/adverse-impact/export.csv")
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header = lines[0]
    small = [dict(zip(header, line, strict=True)) for line in lines if "Non-binary" in line]
    assert len(small) == 1
    assert small[0]["Applications"] == "" and small[0]["Selection rate"] == ""


def test_the_api_gives_aggregates_with_small_groups_suppressed(app, client, people):
    headers = issue_token(app, people[1]).headers
    body = client.get(f"{API}/reports/adverse-impact", headers=headers).get_json()
    assert body["name"] == "adverse-impact"
    small = [row for row in body["rows"] if row["group"] == "Non-binary"]
    assert [(r["applications"], r["selected"], r["selection_rate"]) for r in small] == [
        (None, None, None)
    ]
    assert not any("candidate_id" in row or "name" in row for row in body["rows"])
    csv_text = client.get(
        f"{API}/reports/adverse-impact", headers={**headers, "Accept": "text/csv"}
    ).get_data(as_text=True)
    assert "Fewer than 5 applications: not shown" in csv_text
    denied = client.get(
        f"{API}/reports/adverse-impact", headers=issue_token(app, people[2]).headers
    )
    assert denied.status_code == 403


def test_the_api_documents_the_route(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    paths = [path for path in spec["paths"] if path.endswith("/reports/adverse-impact")]
    assert paths and "get" in spec["paths"][paths[0]]


def test_queries_do_not_grow_with_the_data(app, client, people, count_queries):
    manager, recruiter, _, job_id = people
    login(client, manager)
    client.get("/reports/adverse-impact")
    with count_queries() as small:
        assert client.get("/reports/adverse-impact").status_code == 200
    build(app, manager, recruiter, job_id, copies=5, first=1)
    with count_queries() as large:
        assert client.get("/reports/adverse-impact").status_code == 200
    assert large.count == small.count
