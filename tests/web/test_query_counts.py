"""Pages run a fixed number of SQL queries whatever the amount of data.

Each page is rendered once with little data and once with a lot; the counts must be
equal. Relationships are ``lazy="raise"``, so a lazy load in a loop would also fail
loudly here.
"""

from __future__ import annotations

import uuid

import pytest

from hiring import audit
from hiring.accounts import api_tokens, services
from hiring.extensions import db
from tests.conftest import login, make_user


def grow(app, users, extra_users: int, extra_events: int, extra_tokens: int) -> None:
    for _ in range(extra_users):
        make_user(app, ("interviewer", "recruiter"))
    with app.app_context():
        admin = services.get_user(users["admin"].id)
        for number in range(extra_tokens):
            api_tokens.create_api_token(admin, f"token {number}")
        for number in range(extra_events):
            audit.record(admin, "test.event", "user", admin.id, f"event {number}")
        db.session.commit()


PAGES = [
    "/",
    "/admin/users",
    "/admin/users?role=interviewer&q=example",
    "/admin/audit",
    "/account",
    "/admin/users/{admin_id}",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_data(app, client, users, count_queries, page):
    url = page.format(admin_id=users["admin"].id)
    login(client, users["admin"])
    grow(app, users, extra_users=1, extra_events=1, extra_tokens=1)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    grow(app, users, extra_users=40, extra_events=120, extra_tokens=25)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, large.statements
    assert small.count <= 12


def clone_jobs(app, job_id: int, copies: int) -> None:
    """Many jobs fast: copies of one opened through the service, inserted in bulk."""
    from sqlalchemy import insert, select
    from sqlalchemy.orm import undefer

    from hiring.jobs.models import Job, JobDescriptionVersion

    with app.app_context():
        job = db.session.scalar(
            select(Job).options(undefer(Job.rubric_snapshot)).where(Job.id == job_id)
        )
        columns = [c.key for c in Job.__table__.columns if c.key != "id"]
        batch = uuid.uuid4().hex[:6]
        rows = []
        for number in range(copies):
            row = {key: getattr(job, key) for key in columns}
            row.update(public_id=f"{batch}-{number}", title=f"Copy {number} of {job.title}")
            rows.append(row)
        db.session.execute(insert(Job), rows)
        version = db.session.scalar(
            select(JobDescriptionVersion).order_by(JobDescriptionVersion.number)
        )
        first = job.current_description_number + 1
        extra = max(1, copies // 10)
        db.session.execute(
            insert(JobDescriptionVersion),
            [
                {"job_id": job.id, "number": n, "markdown": version.markdown, "html": version.html,
                 "findings": version.findings, "note": f"copy {n}"}
                for n in range(first, first + extra)
            ],
        )  # fmt: skip
        job.current_description_number = first + extra - 1
        db.session.commit()


@pytest.mark.parametrize(
    "page",
    ["/jobs", "/jobs?status=draft&q=copy", "/jobs/{job_id}", "/jobs/{job_id}/description",
     "/jobs/{job_id}/skills", "/jobs/{job_id}/description/versions/2"],
)  # fmt: skip
def test_job_pages_run_the_same_queries_for_1_or_500_jobs(app, users, count_queries, page):
    from tests.fixtures.jobs import make_job

    job_id = make_job(app, users["hiring_manager"])
    client = app.test_client()
    login(client, users["hiring_manager"])
    clone_jobs(app, job_id, 1)
    url = page.format(job_id=job_id)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    clone_jobs(app, job_id, 499)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, large.statements


@pytest.mark.parametrize("page", ["/jobs/{job_id}/loop", "/jobs/{job_id}/loop/kit", "/"])
def test_loop_pages_run_the_same_queries_whatever_the_rounds_and_interviewers(
    app, users, count_queries, page
):
    from hiring.accounts import services as accounts
    from hiring.loops import editing
    from hiring.loops import services as loops
    from tests.fixtures.jobs import make_job

    job_id = make_job(app, users["hiring_manager"])
    client = app.test_client()
    login(client, users["hiring_manager"])

    def staff(extra_rounds: int, interviewers: int) -> None:
        people = [make_user(app, ("interviewer",)).id for _ in range(interviewers)]
        with app.app_context():
            actor = accounts.get_user(users["hiring_manager"].id)
            for _ in range(extra_rounds):
                editing.add_round(actor, job_id, "coding", expected_version=None)
            for loop_round in loops.get_loop(actor, job_id).loop.rounds:
                editing.update_round(
                    actor,
                    job_id,
                    loop_round.id,
                    expected_version=None,
                    changes=editing.RoundChanges(
                        list(loop_round.focus_skills),
                        [q["id"] for q in loop_round.questions],
                        loop_round.duration,
                        [link.user_id for link in loop_round.interviewer_links] + people,
                    ),
                )

    url = page.format(job_id=job_id)
    staff(0, 1)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    staff(6, 8)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, large.statements
