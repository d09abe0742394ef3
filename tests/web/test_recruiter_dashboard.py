"""The recruiter's part of the dashboard: my open jobs by stage, stuck candidates."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update

from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.extensions import db
from hiring.pipeline.models import Application
from tests.conftest import login, make_user
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


def age(app, application_id: int, days: int, **values) -> None:
    with app.app_context():
        db.session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(entered_stage_at=utcnow() - timedelta(days=days), **values)
        )
        db.session.commit()


def test_a_recruiter_sees_their_jobs_by_stage_and_stuck_candidates_oldest_first(app, users):
    recruiter = users["recruiter"]
    other = make_user(app, ("recruiter",))
    mine = make_job(app, users["hiring_manager"], title="Ranking engineer")
    theirs = make_job(app, users["hiring_manager"], title="Platform engineer")
    ada = make_application(app, recruiter, make_candidate(app, recruiter), mine)
    grace_id = make_candidate(app, recruiter, name="Grace Hopper", email="grace@example.com")
    grace = make_application(app, recruiter, grace_id, mine)
    fresh_id = make_candidate(app, recruiter, name="Fresh Face", email="fresh@example.com")
    fresh = make_application(app, recruiter, fresh_id, mine)
    alan_id = make_candidate(app, recruiter, name="Alan Turing", email="alan@example.com")
    alan = make_application(app, recruiter, alan_id, theirs)
    age(app, ada, 8, owner_id=recruiter.id)
    age(app, grace, 12, owner_id=recruiter.id)
    age(app, fresh, 1, owner_id=recruiter.id)
    age(app, alan, 30, owner_id=other.id)  # someone else's

    client = app.test_client()
    login(client, recruiter)
    html = client.get("/").get_data(as_text=True)
    assert "My open jobs" in html
    jobs = html[
        html.index('data-testid="my-open-jobs"') : html.index('data-testid="stuck-candidates"')
    ]
    assert "Ranking engineer" in jobs and "Platform engineer" not in jobs
    assert f'href="/jobs/{mine}/board"' in jobs
    assert '<td class="text-end">3</td>' in jobs  # three in Applied
    stuck = html[html.index('data-testid="stuck-candidates"') :]
    assert stuck.index("Grace Hopper") < stuck.index("Ada Lovelace")
    assert "12 days (target 5)" in stuck
    assert "Fresh Face" not in stuck and "Alan Turing" not in stuck
    assert f'href="/jobs/{mine}/board"' in stuck


def test_admins_see_every_open_job_and_every_stuck_candidate(app, users):
    recruiter = users["recruiter"]
    job_id = make_job(app, users["hiring_manager"], title="Ranking engineer")
    application_id = make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    age(app, application_id, 9)
    client = app.test_client()
    login(client, users["admin"])
    html = client.get("/").get_data(as_text=True)
    assert ">Open jobs<" in html and "Ranking engineer" in html
    assert "9 days (target 5)" in html


def test_a_hiring_manager_sees_the_jobs_they_manage(app, users):
    manager = users["hiring_manager"]
    job_id = make_job(app, manager, title="Research scientist", hiring_manager_id=manager.id)
    make_job(app, users["admin"], title="Someone else's job")
    application_id = make_application(app, users["recruiter"], make_candidate(app, manager), job_id)
    age(app, application_id, 7)
    client = app.test_client()
    login(client, manager)
    html = client.get("/").get_data(as_text=True)
    assert "Research scientist" in html and "Someone else&#39;s job" not in html
    assert "Ada Lovelace" in html


def test_interviewers_get_no_pipeline_panel(app, users):
    client = app.test_client()
    login(client, users["interviewer"])
    html = client.get("/").get_data(as_text=True)
    assert "my-open-jobs" not in html and "stuck-candidates" not in html


def add_stuck_applications(app, job_id: int, count: int, owner_id: int) -> None:
    batch = uuid.uuid4().hex[:8]
    now = utcnow()
    with app.app_context():
        db.session.execute(
            insert(Candidate),
            [
                {
                    "name": f"Candidate {batch} {n}",
                    "email": f"c{n}@{batch}.example",
                    "source": "inbound",
                    "links": [],
                    "created_by_id": owner_id,
                }
                for n in range(count)
            ],
        )
        ids = db.session.scalars(
            select(Candidate.id).where(Candidate.email.like(f"%@{batch}.example"))
        ).all()
        db.session.execute(
            insert(Application),
            [
                {
                    "candidate_id": cid,
                    "job_id": job_id,
                    "stage": "applied",
                    "status": "active",
                    "entered_stage_at": now - timedelta(days=3 + n % 20),
                    "owner_id": owner_id,
                }
                for n, cid in enumerate(ids)
            ],
        )
        db.session.commit()


@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_the_dashboard_runs_the_same_queries_for_2_or_200_applications(
    app, users, count_queries, role
):
    recruiter = users["recruiter"]
    client = app.test_client()
    login(client, users[role])
    first = make_job(app, users["hiring_manager"])
    add_stuck_applications(app, first, 2, recruiter.id)
    with count_queries() as small:
        assert client.get("/").status_code == 200
    for _ in range(3):
        add_stuck_applications(app, make_job(app, users["hiring_manager"]), 66, recruiter.id)
    with count_queries() as large:
        response = client.get("/")
        assert response.status_code == 200
    assert large.count == small.count, large.statements
    assert "more: see" in response.get_data(as_text=True)  # the list stops at its limit


def test_interviews_this_week_are_listed(app, client, users):
    from tests.fixtures.interviews import make_interview, round_ids
    from tests.fixtures.jobs import make_job as open_job
    from tests.fixtures.pipeline import make_application, make_candidate

    job_id = open_job(app, users["hiring_manager"])
    rounds = round_ids(app, users["hiring_manager"], job_id)
    application_id = make_application(
        app, users["recruiter"], make_candidate(app, users["recruiter"]), job_id
    )
    for days in (2, 12):
        make_interview(
            app,
            users["recruiter"],
            application_id,
            rounds["coding"],
            interviewer_ids=(users["interviewer"].id,),
            days_ahead=days,
        )
    login(client, users["admin"])
    html = client.get("/").get_data(as_text=True)
    section = html.split('data-testid="interviews-this-week"', 1)[1].split("</section>", 1)[0]
    assert section.count("list-group-item") == 1  # the one in 12 days is not this week
    assert users["interviewer"].name in section and "Coding" in section


# --- late scorecards -------------------------------------------------------------------


def late_scorecard_setup(app, users, *, title: str = "Ranking engineer", owner=None):
    """An application with a coding interview ~30 hours ago and two interviewers on it;
    returns (application id, interview id, the second interviewer, the rounds)."""
    from tests.fixtures.interviews import round_ids
    from tests.web.test_scorecards import past_interview

    recruiter = owner or users["recruiter"]
    job_id = make_job(app, users["hiring_manager"], title=title)
    rounds = round_ids(app, users["hiring_manager"], job_id)
    candidate_id = make_candidate(
        app, recruiter, name=f"Late {title}", email=f"{uuid.uuid4().hex[:8]}@example.com"
    )
    application_id = make_application(app, recruiter, candidate_id, job_id)
    age(app, application_id, 0, owner_id=recruiter.id)
    second = make_user(app, ("interviewer",), name=f"Second of {title}")
    interview_id = past_interview(
        app,
        recruiter,
        application_id,
        rounds["coding"],
        (users["interviewer"].id, second.id),
        hours_ago=31,
    )
    return application_id, interview_id, second, rounds


def test_late_scorecards_are_listed_with_interviewer_candidate_job_and_hours(app, users):
    from tests.web.test_scorecards import past_interview, set_start, write_scorecard

    application_id, interview_id, second, rounds = late_scorecard_setup(app, users)
    write_scorecard(app, second, interview_id)  # in: not late
    recruiter = users["recruiter"]
    # Not due yet (ended 20 hours ago) and cancelled: neither is late.
    recent = past_interview(
        app, recruiter, application_id, rounds["overview"], (second.id,), hours_ago=21
    )
    cancelled = past_interview(
        app, recruiter, application_id, rounds["overview"], (second.id,), hours_ago=90
    )
    set_start(app, cancelled, utcnow() - timedelta(hours=90), status="cancelled")

    client = app.test_client()
    login(client, recruiter)
    html = client.get("/").get_data(as_text=True)
    panel = html.split('data-testid="late-scorecards"', 1)[1].split("</section>", 1)[0]
    rows = panel.count("<tr data-testid=")
    assert rows == 1, panel
    row = panel.split(f'data-testid="late-{interview_id}-{users["interviewer"].id}"')[1]
    row = row.split("</tr>")[0]
    assert users["interviewer"].name in row
    assert "Late Ranking engineer" in row and "Ranking engineer" in row and "Coding" in row
    assert "6 h" in row  # 31 hours since the start, 60 minutes long, due a day after
    assert f"/applications/{application_id}/scorecards" in row
    assert f"late-{recent}-" not in panel and f"late-{cancelled}-" not in panel
    assert '<span class="badge text-bg-danger">1</span>' in panel


def test_late_scorecards_are_mine_for_recruiters_and_all_for_admins(app, users):
    other = make_user(app, ("recruiter",))
    late_scorecard_setup(app, users, title="Mine")
    late_scorecard_setup(app, users, title="Theirs", owner=other)
    client = app.test_client()
    login(client, users["recruiter"])
    panel = client.get("/").get_data(as_text=True).split('data-testid="late-scorecards"')[1]
    panel = panel.split("</section>")[0]
    assert "Late Mine" in panel and "Late Theirs" not in panel
    admin = app.test_client()
    login(admin, users["admin"])
    panel = admin.get("/").get_data(as_text=True).split('data-testid="late-scorecards"')[1]
    assert "Late Mine" in panel and "Late Theirs" in panel.split("</section>")[0]


def test_late_scorecards_of_closed_applications_are_not_chased(app, users):
    application_id, interview_id, _, _ = late_scorecard_setup(app, users, title="Closed")
    client = app.test_client()
    login(client, users["recruiter"])
    assert f"late-{interview_id}-" in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Application, application_id).status = "rejected"
        db.session.commit()
    assert f"late-{interview_id}-" not in client.get("/").get_data(as_text=True)


def test_interviewers_get_no_late_scorecards_panel(app, users):
    late_scorecard_setup(app, users)
    client = app.test_client()
    login(client, users["interviewer"])
    assert "late-scorecards" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager", "admin"])
def test_the_late_scorecards_panel_runs_the_same_queries_for_1_or_many(
    app, users, count_queries, role
):
    from hiring.dashboard import recruiter as dashboard

    late_scorecard_setup(app, users, title="First")
    client = app.test_client()
    login(client, users[role])
    with count_queries() as few:
        assert client.get("/").status_code == 200
    for number in range(12):
        late_scorecard_setup(app, users, title=f"Job {number}")
    with count_queries() as many:
        response = client.get("/")
        assert response.status_code == 200
    assert many.count == few.count, many.statements
    html = response.get_data(as_text=True)
    panel = html.split('data-testid="late-scorecards"')[1].split("</section>")[0]
    if role != "hiring_manager":  # managers: the jobs are not theirs (see _my_applications)
        assert panel.count("<tr data-testid=") == min(26, dashboard.DASHBOARD_LATE_SCORECARDS)
        assert "more." in panel


def test_the_pairs_still_due_follow_the_scorecards_however_they_were_written(app, users):
    """``interview_interviewers.submitted`` only narrows the late list: the service sets
    it on submitting, bulk data gets it from ``mark_submitted_pairs``, and a pair still
    marked due but with its scorecard in is not late."""
    from hiring.interviews.models import interview_interviewers
    from hiring.scorecards import progress
    from hiring.scorecards.models import Scorecard
    from tests.web.test_scorecards import write_scorecard

    _, interview_id, second, _ = late_scorecard_setup(app, users)

    def state():
        with app.app_context():
            flags = dict(
                db.session.execute(
                    select(
                        interview_interviewers.c.user_id, interview_interviewers.c.submitted
                    ).where(interview_interviewers.c.interview_id == interview_id)
                ).all()
            )
            late = progress.late_scorecards(utcnow()).rows
            return flags, {row.interviewer.id for row in late}

    interviewer = users["interviewer"].id
    assert state() == ({interviewer: False, second.id: False}, {interviewer, second.id})
    write_scorecard(app, users["interviewer"], interview_id, submit=False)  # a draft: late
    assert state() == ({interviewer: False, second.id: False}, {interviewer, second.id})
    write_scorecard(app, users["interviewer"], interview_id)
    assert state() == ({interviewer: True, second.id: False}, {second.id})
    # Written in bulk, the way the demo data and the benchmark do.
    with app.app_context():
        db.session.execute(
            insert(Scorecard).values(
                interview_id=interview_id,
                interviewer_id=second.id,
                status="submitted",
                submitted_at=utcnow(),
            )
        )
        db.session.commit()
    assert state() == ({interviewer: True, second.id: False}, set())
    with app.app_context():
        progress.mark_submitted_pairs()
        db.session.commit()
    assert state() == ({interviewer: True, second.id: True}, set())
