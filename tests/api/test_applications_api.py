"""/api/v1/applications: add candidates to jobs, list and read applications, move them.

The fixture rubric's pipeline: applied -> hired, plus rejected and withdrawn; one
rejection reason, must-have-below-bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.accounts import services as accounts
from hiring.extensions import db
from hiring.jobs import queries as jobs
from hiring.pipeline.models import Application, StageChange
from tests.api.conftest import API, assert_problem, walk_pages
from tests.conftest import EXTERNAL_DATABASE_URL, UserRef, make_user
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

APPLICATIONS = f"{API}/applications"


def application_url(application_id: int, tail: str = "") -> str:
    return f"{APPLICATIONS}/{application_id}{tail}"


@pytest.fixture
def job_id(app: Flask, users: dict[str, UserRef]) -> int:
    return make_job(app, users["hiring_manager"])


@pytest.fixture
def candidate_id(app: Flask, recruiter: UserRef) -> int:
    return make_candidate(app, recruiter)


def candidate(app: Flask, actor: UserRef, n: int, **changes: Any) -> int:
    return make_candidate(
        app, actor, name=f"Person {n}", email=f"person{n}@example.com", phone="", **changes
    )


def read(client: FlaskClient, headers: dict[str, str], application_id: int) -> dict[str, Any]:
    response = client.get(application_url(application_id), headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def move(client: FlaskClient, headers: dict[str, str], application_id: int, **body: Any) -> Any:
    return client.post(application_url(application_id, "/move"), json=body, headers=headers)


def applications_in_db(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application)) or 0


# --- add to a job ----------------------------------------------------------------------


def test_post_adds_the_candidate_to_the_jobs_first_stage(
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    candidate_id: int,
    job_id: int,
) -> None:
    response = client.post(
        APPLICATIONS,
        json={"candidate_id": candidate_id, "job_id": job_id, "owner_id": recruiter.id},
        headers=headers,
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert urlsplit(response.headers["Location"]).path == application_url(body["id"])
    assert body["candidate"] == {"id": candidate_id, "name": "Ada Lovelace"}
    assert body["job"]["id"] == job_id
    assert (body["stage"], body["stage_name"], body["status"]) == ("applied", "Applied", "active")
    assert body["owner"] == {"id": recruiter.id, "name": recruiter.name}
    assert body["days_in_stage"] == 0 and body["stuck"] is False
    [entry] = body["stage_history"]
    assert entry["from"] is None and entry["to"] == "applied"
    assert entry["by"] == {"id": recruiter.id, "name": recruiter.name}
    assert read(client, headers, body["id"]) == body


def test_a_second_active_application_to_the_job_is_409(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    candidate_id: int,
    job_id: int,
) -> None:
    first = make_application(app, recruiter, candidate_id, job_id)

    response = client.post(
        APPLICATIONS, json={"candidate_id": candidate_id, "job_id": job_id}, headers=headers
    )

    problem = assert_problem(response, 409)
    assert problem["application_id"] == first
    assert "already in the pipeline" in problem["detail"]
    assert applications_in_db(app) == 1


def test_adding_a_candidate_twice_at_once_makes_one_application(make_app, tmp_path) -> None:
    """Concurrent requests on separate connections (a SQLite file, or the external
    database): one is created, the others are told it exists."""
    from tests.api.conftest import issue_token

    if EXTERNAL_DATABASE_URL:
        app = make_app()
    else:
        app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'api.sqlite3'}")
        with app.app_context():
            db.create_all()
    recruiter = make_user(app, ("recruiter",))
    job = make_job(app, make_user(app, ("hiring_manager",)))
    body = {"candidate_id": make_candidate(app, recruiter), "job_id": job}
    headers = issue_token(app, recruiter).headers
    start = threading.Barrier(4)
    statuses: list[int] = []

    def send() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(client.post(APPLICATIONS, json=body, headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [201, 409, 409, 409]
    assert applications_in_db(app) == 1
    with app.app_context():
        db.session.remove()


def test_after_a_rejection_the_candidate_may_apply_again(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    candidate_id: int,
    job_id: int,
) -> None:
    first = make_application(app, recruiter, candidate_id, job_id)
    rejected = move(
        client,
        headers,
        first,
        to_stage="rejected",
        version=read(client, headers, first)["version"],
        rejection_reason="must-have-below-bar",
    )
    assert rejected.status_code == 200

    again = client.post(
        APPLICATIONS, json={"candidate_id": candidate_id, "job_id": job_id}, headers=headers
    )

    assert again.status_code == 201
    assert applications_in_db(app) == 2


def test_invalid_applications_are_422(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    users: dict[str, UserRef],
    candidate_id: int,
    job_id: int,
) -> None:
    closed = make_job(app, users["hiring_manager"])
    with app.app_context():
        jobs.get_job(accounts.get_user(users["hiring_manager"].id), closed).status = "unpublished"
        db.session.commit()
    erased = candidate(app, users["recruiter"], 9)
    assert (
        client.delete(f"{API}/candidates/{erased}", headers=role_headers["admin"]).status_code
        == 204
    )
    cases = [
        ({"candidate_id": 999, "job_id": job_id}, "candidate_id"),
        ({"candidate_id": erased, "job_id": job_id}, "candidate_id"),
        ({"candidate_id": candidate_id, "job_id": 999}, "job_id"),
        ({"candidate_id": candidate_id, "job_id": closed}, "job_id"),
        (
            {"candidate_id": candidate_id, "job_id": job_id, "owner_id": users["admin"].id},
            "owner_id",
        ),
        ({"candidate_id": candidate_id}, "job_id"),
        ({"candidate_id": "1", "job_id": job_id}, "candidate_id"),
        ({"candidate_id": candidate_id, "job_id": job_id, "stage": "hired"}, "stage"),
    ]

    for body, field in cases:
        problem = assert_problem(client.post(APPLICATIONS, json=body, headers=headers), 422)
        assert field in problem["errors"], (body, problem)
    assert applications_in_db(app) == 0


# --- roles -----------------------------------------------------------------------------


def test_interviewers_get_403_before_their_input_is_read(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
    candidate_id: int,
    job_id: int,
) -> None:
    headers = role_headers["interviewer"]
    application_id = make_application(app, recruiter, candidate_id, job_id)

    assert_problem(client.get(APPLICATIONS, headers=headers), 403)
    assert_problem(client.get(f"{APPLICATIONS}?limit=-1", headers=headers), 403)
    assert_problem(client.get(application_url(application_id), headers=headers), 403)
    assert_problem(
        client.post(
            APPLICATIONS, json={"candidate_id": candidate_id, "job_id": job_id}, headers=headers
        ),
        403,
    )
    assert_problem(client.post(APPLICATIONS, json={}, headers=headers), 403)
    assert_problem(move(client, headers, application_id, to_stage="hired", version=1), 403)
    assert_problem(move(client, headers, application_id), 403)
    assert read(client, role_headers["admin"], application_id)["stage"] == "applied"


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_schedulers_may_add_read_and_move(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    candidate_id: int,
    job_id: int,
    role: str,
) -> None:
    headers = role_headers[role]
    created = client.post(
        APPLICATIONS, json={"candidate_id": candidate_id, "job_id": job_id}, headers=headers
    )
    assert created.status_code == 201
    application_id = created.get_json()["id"]

    assert client.get(APPLICATIONS, headers=headers).status_code == 200
    moved = move(client, headers, application_id, to_stage="hired", version=1)
    assert moved.status_code == 200, moved.get_data(as_text=True)


def test_without_a_token_it_is_401(client: FlaskClient) -> None:
    for response in (
        client.get(APPLICATIONS),
        client.post(APPLICATIONS, json={}),
        client.get(application_url(1)),
        client.post(application_url(1, "/move"), json={}),
    ):
        assert_problem(response, 401)


def test_an_unknown_application_is_404(client: FlaskClient, headers: dict[str, str]) -> None:
    assert_problem(client.get(application_url(999), headers=headers), 404)
    assert_problem(move(client, headers, 999, to_stage="hired", version=1), 404)


# --- moves -----------------------------------------------------------------------------


@pytest.fixture
def application_id(app: Flask, recruiter: UserRef, candidate_id: int, job_id: int) -> int:
    return make_application(app, recruiter, candidate_id, job_id)


def test_a_move_forward_answers_the_application_with_its_history(
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    application_id: int,
) -> None:
    before = read(client, headers, application_id)

    response = move(
        client, headers, application_id, to_stage="hired", version=before["version"], note="Yes!"
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    after = response.get_json()
    assert (after["stage"], after["status"]) == ("hired", "hired")
    assert after["version"] > before["version"]
    assert [(c["from"], c["to"]) for c in after["stage_history"]] == [
        (None, "applied"),
        ("applied", "hired"),
    ]
    last = after["stage_history"][-1]
    assert last["by"] == {"id": recruiter.id, "name": recruiter.name}
    assert last["note"] == "Yes!" and last["rejection_reason"] == ""
    assert read(client, headers, application_id) == after


def test_moving_back_needs_a_note(
    client: FlaskClient, headers: dict[str, str], application_id: int
) -> None:
    version = move(client, headers, application_id, to_stage="hired", version=1).get_json()[
        "version"
    ]

    refused = move(client, headers, application_id, to_stage="applied", version=version)

    problem = assert_problem(refused, 422)
    assert "note" in problem["errors"] and "needs a reason" in problem["errors"]["note"][0]
    assert read(client, headers, application_id)["stage"] == "hired"
    allowed = move(
        client, headers, application_id, to_stage="applied", version=version, note="Offer fell"
    )
    assert allowed.status_code == 200
    assert allowed.get_json()["stage_history"][-1]["note"] == "Offer fell"


def test_rejecting_needs_a_reason_and_records_it(
    client: FlaskClient, headers: dict[str, str], application_id: int
) -> None:
    refused = move(client, headers, application_id, to_stage="rejected", version=1)
    assert "rejection_reason" in assert_problem(refused, 422)["errors"]

    response = move(
        client,
        headers,
        application_id,
        to_stage="rejected",
        version=1,
        rejection_reason="must-have-below-bar",
    )

    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["rejection_reason"]) == ("rejected", "must-have-below-bar")
    assert body["stage_history"][-1]["rejection_reason"] == "must-have-below-bar"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_stage": "applied", "version": 1}, "to_stage"),  # where it is already
        ({"to_stage": "nowhere", "version": 1}, "to_stage"),
        ({"to_stage": "hired"}, "version"),
        ({"to_stage": "hired", "version": "1"}, "version"),
        ({"to_stage": "hired", "version": 1, "note": "x" * 2001}, "note"),
        ({"to_stage": "rejected", "version": 1, "rejection_reason": "vibes"}, "rejection_reason"),
        ({"to_stage": "hired", "version": 1, "stage": "hired"}, "stage"),
    ],
)
def test_invalid_moves_are_422_and_move_nothing(
    client: FlaskClient,
    headers: dict[str, str],
    application_id: int,
    body: dict[str, Any],
    field: str,
) -> None:
    before = read(client, headers, application_id)

    problem = assert_problem(move(client, headers, application_id, **body), 422)

    assert field in problem["errors"], problem
    assert read(client, headers, application_id) == before


def test_a_stale_move_is_409_and_says_where_the_application_is_now(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    application_id: int,
) -> None:
    first = move(
        client, role_headers["hiring_manager"], application_id, to_stage="hired", version=1
    )
    assert first.status_code == 200
    with app.app_context():
        changes = db.session.scalar(select(func.count()).select_from(StageChange))

    second = move(
        client,
        headers,
        application_id,
        to_stage="rejected",
        version=1,
        rejection_reason="must-have-below-bar",
    )

    problem = assert_problem(second, 409)
    assert problem["current"] == {
        "stage": "hired",
        "status": "hired",
        "version": first.get_json()["version"],
    }
    assert "Hired" in problem["detail"]
    assert read(client, headers, application_id)["stage"] == "hired"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StageChange)) == changes


def test_a_stale_version_is_checked_before_the_stage_rules(
    client: FlaskClient, headers: dict[str, str], application_id: int
) -> None:
    # Where it is already, and stale: the client is told what happened first.
    assert_problem(move(client, headers, application_id, to_stage="applied", version=7), 409)


# --- the list --------------------------------------------------------------------------


@pytest.fixture
def add_applications(app: Flask, recruiter: UserRef, job_id: int) -> Callable[..., list[int]]:
    made = iter(range(1000))

    def factory(count: int, job: int | None = None, **changes: Any) -> list[int]:
        return [
            make_application(
                app, recruiter, candidate(app, recruiter, next(made), **changes), job or job_id
            )
            for _ in range(count)
        ]

    return factory


def test_the_list_pages_newest_first_without_repeats_or_gaps_while_rows_are_added(
    client: FlaskClient, headers: dict[str, str], add_applications: Callable[..., list[int]]
) -> None:
    ids = add_applications(5)
    added: list[int] = []

    pages = walk_pages(
        client, headers, APPLICATIONS, limit=2, between=lambda: added.extend(add_applications(1))
    )

    assert [item["id"] for page in pages for item in page["items"]] == sorted(ids, reverse=True)
    assert len(added) == 2
    assert "stage_history" not in pages[0]["items"][0]


def test_the_list_filters(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    users: dict[str, UserRef],
    job_id: int,
    add_applications: Callable[..., list[int]],
) -> None:
    other_job = make_job(app, users["hiring_manager"], title="Data engineer")
    [tagged] = add_applications(1, tags=("nlp",), source="agency")
    [plain] = add_applications(1, tags=(), source="inbound")
    [elsewhere] = add_applications(1, job=other_job, tags=())
    owned = make_user(app, ("recruiter",), name="Owner")
    with app.app_context():
        db.session.get(Application, plain).owner_id = owned.id
        db.session.commit()
    version = read(client, headers, plain)["version"]
    hired = move(client, headers, plain, to_stage="hired", version=version)
    assert hired.status_code == 200

    def ids(query: str) -> list[int]:
        response = client.get(f"{APPLICATIONS}?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("") == [elsewhere, plain, tagged]  # every status unless asked
    assert ids(f"job_id={job_id}") == [plain, tagged]
    assert ids(f"job_id={other_job}") == [elsewhere]
    assert ids("stage=hired") == [plain]
    assert ids("status=active") == [elsewhere, tagged]
    assert ids("status=hired") == [plain]
    assert ids("source=agency") == [tagged]
    assert ids("tag=NLP") == [tagged]
    assert ids(f"owner_id={owned.id}") == [plain]
    assert ids(f"job_id={job_id}&status=active&tag=nlp") == [tagged]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("job_id=abc", "job_id"),
        ("stage=nowhere", "stage"),
        ("status=pending", "status"),
        ("source=pigeon", "source"),
        ("owner_id=0", "owner_id"),
        ("cursor=-1", "cursor"),
        ("limit=1000", "limit"),
        ("sort=name", "sort"),
    ],
)
def test_invalid_list_parameters_are_422(
    client: FlaskClient, headers: dict[str, str], query: str, field: str
) -> None:
    assert (
        field
        in assert_problem(client.get(f"{APPLICATIONS}?{query}", headers=headers), 422)["errors"]
    )


def test_the_list_runs_the_same_queries_for_2_or_30_applications(
    client: FlaskClient,
    headers: dict[str, str],
    add_applications: Callable[..., list[int]],
    count_queries,
) -> None:
    def queries() -> tuple[int, int]:
        with count_queries() as counter:
            response = client.get(
                f"{APPLICATIONS}?limit=100&status=active&tag=ranking&source=referral",
                headers=headers,
            )
        assert response.status_code == 200
        return len(response.get_json()["items"]), counter.count

    add_applications(2)
    queries()  # the token's first use is recorded once
    few = queries()
    add_applications(28)
    many = queries()

    assert (few[0], many[0]) == (2, 30)
    assert few[1] == many[1]


def test_reading_an_application_runs_the_same_queries_whatever_its_history(
    client: FlaskClient, headers: dict[str, str], application_id: int, count_queries
) -> None:
    def queries() -> int:
        with count_queries() as counter:
            assert client.get(application_url(application_id), headers=headers).status_code == 200
        return counter.count

    queries()
    short = queries()
    version = 1
    for stage, note in [("hired", ""), ("applied", "back"), ("hired", ""), ("applied", "again")]:
        response = move(client, headers, application_id, to_stage=stage, version=version, note=note)
        version = response.get_json()["version"]

    assert len(read(client, headers, application_id)["stage_history"]) == 5
    assert queries() == short


def test_without_any_valid_rubric_the_pipeline_is_503(make_app, tmp_path) -> None:
    from tests.api.conftest import issue_token

    broken = tmp_path / "no-rubrics"
    broken.mkdir()
    app = make_app(HIRING_RUBRICS_DIR=str(broken))
    headers = issue_token(app, make_user(app, ("recruiter",))).headers
    client = app.test_client()

    for response in (
        client.get(APPLICATIONS, headers=headers),
        client.get(f"{APPLICATIONS}?stage=applied", headers=headers),
        client.post(
            application_url(1, "/move"), json={"to_stage": "x", "version": 1}, headers=headers
        ),
    ):
        assert "rubric" in assert_problem(response, 503)["detail"]
    # Candidates without applications need no stages.
    assert client.get(f"{API}/candidates", headers=headers).status_code == 200
