"""The board and the lists of a job run the same SQL queries for 2 or 2,000 applications."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from hiring.candidates.models import Candidate, CandidateTag
from hiring.database import utcnow
from hiring.extensions import db
from hiring.pipeline.models import Application, StageChange
from tests.conftest import login
from tests.fixtures.jobs import make_job

STAGES = ("applied", "hired", "rejected")


def add_applications(app, job_id: int, count: int, by: int) -> None:
    """Many candidates, each in the job's pipeline, inserted in bulk."""
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
                    "resume_text": "pytorch ranking",
                    "notes": "",
                    "notes_html": "",
                    "created_by_id": by,
                }
                for n in range(count)
            ],
        )
        ids = db.session.scalars(
            select(Candidate.id).where(Candidate.email.like(f"%@{batch}.example"))
        ).all()
        db.session.execute(
            insert(CandidateTag), [{"candidate_id": cid, "tag": "ranking"} for cid in ids]
        )
        db.session.execute(
            insert(Application),
            [
                {
                    "candidate_id": cid,
                    "job_id": job_id,
                    "stage": STAGES[n % 3],
                    "status": "rejected" if STAGES[n % 3] == "rejected" else "active",
                    "entered_stage_at": now - timedelta(days=n % 40),
                    "owner_id": by,
                }
                for n, cid in enumerate(ids)
            ],
        )
        application_ids = db.session.scalars(
            select(Application.id).where(Application.candidate_id.in_(ids))
        ).all()
        db.session.execute(
            insert(StageChange),
            [
                {"application_id": aid, "to_stage": "applied", "by_id": by}
                for aid in application_ids
            ],
        )
        db.session.commit()


@pytest.mark.parametrize(
    "page",
    [
        "/jobs/{job_id}/board",
        "/applications?job={job_id}",
        "/applications?job={job_id}&status=any&q=candidate&tag=ranking&min_days=1&sort=name",
        "/applications?job={job_id}&stage=applied&source=inbound&owner={owner}&sort=newest",
        "/candidates",
        "/candidates?q=pytorch&tag=ranking&source=inbound",
    ],
)
def test_pipeline_pages_run_the_same_queries_for_2_or_2000_applications(
    app, users, count_queries, page
):
    job_id = make_job(app, users["hiring_manager"])
    recruiter = users["recruiter"]
    client = app.test_client()
    login(client, recruiter)
    url = page.format(job_id=job_id, owner=recruiter.id)
    add_applications(app, job_id, 2, recruiter.id)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    add_applications(app, job_id, 1998, recruiter.id)
    with count_queries() as large:
        response = client.get(url)
        assert response.status_code == 200
    assert large.count == small.count, large.statements
    assert small.count <= 12
    if "board" in url:
        html = response.get_data(as_text=True)
        assert "more in the list" in html  # columns stop at their card limit


def test_a_candidate_page_runs_the_same_queries_whatever_their_history(app, users, count_queries):
    from tests.fixtures.pipeline import make_application, make_candidate

    recruiter = users["recruiter"]
    candidate_id = make_candidate(app, recruiter)
    client = app.test_client()
    login(client, recruiter)
    make_application(app, recruiter, candidate_id, make_job(app, users["hiring_manager"]))
    with count_queries() as small:
        assert client.get(f"/candidates/{candidate_id}").status_code == 200
    for _ in range(5):
        make_application(app, recruiter, candidate_id, make_job(app, users["hiring_manager"]))
    with count_queries() as large:
        assert client.get(f"/candidates/{candidate_id}").status_code == 200
    assert large.count == small.count, large.statements
