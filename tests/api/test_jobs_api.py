"""/api/v1/jobs: open, list, read, edit, describe and publish jobs through the API.

Jobs are opened with the fixture rubric (tests/fixtures/rubrics.py): role family
ml-engineer, whose lint data has a Colorado pay-transparency law.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.audit import AuditEvent
from hiring.extensions import db
from hiring.jobs.models import Job, JobDescriptionVersion
from hiring.rubrics.registry import current_rubric
from tests.api.conftest import API, TokenRef, assert_problem
from tests.conftest import UserRef, make_user
from tests.fixtures.jobs import make_job

JOBS = f"{API}/jobs"

NEW_JOB: dict[str, Any] = {
    "title": "Senior ML engineer, search ranking",
    "role_family": "ml-engineer",
    "level": "senior",
    "team": "Search relevance",
    "company_stage": "building",
    "focus": "product",
    "location": "Berlin, Germany",
    "remote_policy": "hybrid",
    "remote_regions": "",
    "employment_type": "FULL_TIME",
    "salary_min": 90_000,
    "salary_max": 120_000,
    "salary_currency": "EUR",
    "headcount": 2,
    "target_start": "2031-03-01",
}


def job_url(job_id: int, tail: str = "") -> str:
    return f"{JOBS}/{job_id}{tail}"


@pytest.fixture
def manager(users: dict[str, UserRef]) -> UserRef:
    return users["hiring_manager"]


@pytest.fixture
def headers(role_headers: dict[str, dict[str, str]]) -> dict[str, str]:
    """A hiring manager's token: may read and write jobs."""
    return role_headers["hiring_manager"]


@pytest.fixture
def job_id(app: Flask, manager: UserRef) -> int:
    return make_job(app, manager)


def read(client: FlaskClient, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    response = client.get(job_url(job_id), headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.fixture
def rows(app: Flask) -> Callable[[], dict[str, int]]:
    """How many jobs, description versions and audit events the database holds."""

    def count() -> dict[str, int]:
        with app.app_context():
            return {
                model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Job, JobDescriptionVersion, AuditEvent)
            }

    return count


# --- open a job -----------------------------------------------------------------------


def test_post_opens_a_job_and_answers_201_with_its_location(
    app: Flask, client: FlaskClient, headers: dict[str, str], manager: UserRef
) -> None:
    response = client.post(JOBS, json=NEW_JOB, headers=headers)

    assert response.status_code == 201, response.get_data(as_text=True)
    job = response.get_json()
    assert urlsplit(response.headers["Location"]).path == job_url(job["id"])
    assert client.get(response.headers["Location"], headers=headers).get_json() == job
    for field, value in NEW_JOB.items():
        assert job[field] == value, field
    with app.app_context():
        assert job["rubric_version"] == current_rubric().version
    assert job["status"] == "draft"
    assert job["public_url"] is None
    assert job["published_at"] is None and job["valid_through"] is None
    assert job["hiring_manager_id"] == manager.id  # a hiring manager opens jobs for themselves
    assert job["hiring_manager_name"] == manager.name
    assert job["current_description_number"] == 1
    assert isinstance(job["version"], int)


def test_a_new_job_has_the_rubric_skill_profile(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    job = client.post(JOBS, json=NEW_JOB, headers=headers).get_json()

    assert job["skill_profile"] == [
        {
            "skill": "coding",
            "kind": "must",
            "level": 3,
            "weeks": None,
            "how": "",
            "why": "Writes production code from day one.",
        },
        {
            "skill": "ml-fundamentals",
            "kind": "must",
            "level": 3,
            "weeks": None,
            "how": "",
            "why": "Frames problems.",
        },
        {
            "skill": "mlops",
            "kind": "trainable",
            "level": 3,
            "weeks": 12,
            "how": "Pairs with the platform team.",
            "why": "",
        },
        {
            "skill": "model-evaluation",
            "kind": "nice",
            "level": None,
            "weeks": None,
            "how": "",
            "why": "",
        },
    ]


def test_only_the_required_fields_are_needed_for_a_remote_job(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    body = {
        "title": "ML engineer",
        "role_family": "ml-engineer",
        "level": "mid",
        "company_stage": "exploring",
        "focus": "platform",
        "remote_policy": "remote",
        "employment_type": "CONTRACTOR",
    }

    response = client.post(JOBS, json=body, headers=headers)

    assert response.status_code == 201, response.get_data(as_text=True)
    job = response.get_json()
    assert job["team"] == "" and job["location"] == "" and job["remote_regions"] == ""
    assert job["salary_min"] is None and job["salary_max"] is None
    assert job["salary_currency"] == "USD"
    assert job["headcount"] == 1
    assert job["target_start"] is None


def test_an_admin_names_the_hiring_manager(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], manager: UserRef
) -> None:
    body = {**NEW_JOB, "hiring_manager_id": manager.id}

    response = client.post(JOBS, json=body, headers=role_headers["admin"])

    assert response.status_code == 201
    assert response.get_json()["hiring_manager_id"] == manager.id
    assert response.get_json()["hiring_manager_name"] == manager.name


def test_a_long_one_line_location_is_kept_whole(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    # With no commas the whole line reads as the city, whose column holds 100
    # characters; PostgreSQL refused the insert and the API answered 500.
    place = "Lakeside campus " + "x" * 150
    response = client.post(JOBS, json={**NEW_JOB, "location": place}, headers=headers)
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert job["location"] == place
    assert job["city"] == place[:100]


def test_text_is_stored_trimmed(client: FlaskClient, headers: dict[str, str]) -> None:
    body = {**NEW_JOB, "title": "  Staff ML engineer  ", "team": " Ranking "}

    job = client.post(JOBS, json=body, headers=headers).get_json()

    assert job["title"] == "Staff ML engineer"
    assert job["team"] == "Ranking"


INVALID_JOBS: list[tuple[str, dict[str, Any], str]] = [
    ("missing-title", {"title": None}, "title"),
    ("blank-title", {"title": "   "}, "title"),
    ("long-title", {"title": "x" * 201}, "title"),
    ("control-character", {"team": "Search\x00"}, "team"),
    ("unknown-level", {"level": "principal"}, "level"),
    ("unknown-stage", {"company_stage": "unicorn"}, "company_stage"),
    ("unknown-focus", {"focus": "research"}, "focus"),
    ("unknown-remote-policy", {"remote_policy": "anywhere"}, "remote_policy"),
    ("unknown-employment-type", {"employment_type": "full-time"}, "employment_type"),
    ("unknown-currency", {"salary_currency": "BTC"}, "salary_currency"),
    ("zero-salary", {"salary_min": 0}, "salary_min"),
    ("salary-as-text", {"salary_max": "120000"}, "salary_max"),
    ("no-openings", {"headcount": 0}, "headcount"),
    ("not-a-date", {"target_start": "next spring"}, "target_start"),
    ("unknown-field", {"status": "published"}, "status"),
    # Rules the service checks: across fields, or against the rubric and the users.
    ("unknown-role-family", {"role_family": "quantum-chef"}, "role_family"),
    ("inverted-range", {"salary_min": 150_000, "salary_max": 120_000}, "salary_max"),
    ("onsite-without-location", {"remote_policy": "onsite", "location": None}, "location"),
    ("no-such-hiring-manager", {"hiring_manager_id": 987_654}, "hiring_manager_id"),
]


@pytest.mark.parametrize(
    ("change", "field"),
    [(change, field) for _, change, field in INVALID_JOBS],
    ids=[name for name, _, _ in INVALID_JOBS],
)
def test_invalid_jobs_are_422_and_nothing_is_created(
    client: FlaskClient,
    headers: dict[str, str],
    rows: Callable[[], dict[str, int]],
    change: dict[str, Any],
    field: str,
) -> None:
    body = {**NEW_JOB, **change}
    body = {key: value for key, value in body.items() if value is not None}
    before = rows()

    response = client.post(JOBS, json=body, headers=headers)

    problem = assert_problem(response, 422)
    assert field in problem["errors"], problem
    assert all(isinstance(message, str) for message in problem["errors"][field])
    assert rows() == before


def test_every_service_error_is_reported_at_once(
    client: FlaskClient, headers: dict[str, str], rows: Callable[[], dict[str, int]]
) -> None:
    before = rows()
    body = {**NEW_JOB, "role_family": "quantum-chef", "salary_min": 200_000}
    del body["location"]
    body["remote_policy"] = "onsite"

    problem = assert_problem(client.post(JOBS, json=body, headers=headers), 422)

    assert {"role_family", "salary_max", "location"} <= set(problem["errors"])
    assert rows() == before


def test_a_recruiter_may_not_open_jobs_and_is_not_told_what_is_invalid(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], rows: Callable[[], dict[str, int]]
) -> None:
    before = rows()

    valid = client.post(JOBS, json=NEW_JOB, headers=role_headers["recruiter"])
    invalid = client.post(JOBS, json={"level": "x"}, headers=role_headers["recruiter"])

    assert_problem(valid, 403)
    assert "errors" not in assert_problem(invalid, 403)
    assert rows() == before


# --- read -------------------------------------------------------------------------------


def test_get_answers_the_job(client: FlaskClient, headers: dict[str, str], job_id: int) -> None:
    response = client.get(job_url(job_id), headers=headers)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    job = response.get_json()
    assert job["id"] == job_id
    assert job["title"] == "Senior ML engineer, search ranking"
    assert job["salary_currency"] == "EUR"


@pytest.mark.parametrize("tail", ["", "/description"])
@pytest.mark.parametrize("missing", [987_654, 0, 2**40])
def test_an_unknown_job_is_404(
    client: FlaskClient, headers: dict[str, str], job_id: int, tail: str, missing: int
) -> None:
    assert_problem(client.get(job_url(missing, tail), headers=headers), 404)


@pytest.mark.parametrize(
    ("method", "tail", "body"),
    [
        ("PATCH", "", {"version": 1, "title": "New"}),
        ("PUT", "/description", {"markdown": "# Hi", "base_number": 1}),
        ("POST", "/publish", {"version": 1}),
        ("POST", "/unpublish", {"version": 1}),
    ],
)
def test_writing_to_an_unknown_job_is_404(
    client: FlaskClient,
    headers: dict[str, str],
    rows: Callable[[], dict[str, int]],
    method: str,
    tail: str,
    body: dict[str, Any],
) -> None:
    before = rows()

    response = client.open(job_url(987_654, tail), method=method, json=body, headers=headers)

    assert_problem(response, 404)
    assert rows() == before


# --- who may do what ---------------------------------------------------------------------

READS = [("GET", "", None), ("GET", "/description", None)]
WRITES = [
    ("PATCH", "", {"version": 1, "title": "Changed"}),
    ("PUT", "/description", {"markdown": "# Changed", "base_number": 1}),
    ("POST", "/publish", {"version": 1}),
    ("POST", "/unpublish", {"version": 1}),
]


@pytest.mark.parametrize(("method", "tail", "body"), READS + WRITES)
def test_interviewers_get_403_everywhere(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    job_id: int,
    method: str,
    tail: str,
    body: dict[str, Any] | None,
) -> None:
    response = client.open(
        job_url(job_id, tail), method=method, json=body, headers=role_headers["interviewer"]
    )

    assert_problem(response, 403)


def test_interviewers_may_not_list_or_open_jobs(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], job_id: int
) -> None:
    assert_problem(client.get(JOBS, headers=role_headers["interviewer"]), 403)
    assert_problem(client.post(JOBS, json=NEW_JOB, headers=role_headers["interviewer"]), 403)


@pytest.mark.parametrize(("method", "tail", "body"), READS)
@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_who_may_read_jobs(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    job_id: int,
    role: str,
    method: str,
    tail: str,
    body: None,
) -> None:
    assert (
        client.open(job_url(job_id, tail), method=method, headers=role_headers[role]).status_code
        == 200
    )
    assert client.get(JOBS, headers=role_headers[role]).status_code == 200


@pytest.mark.parametrize(("method", "tail", "body"), WRITES)
def test_recruiters_may_read_but_not_write(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    headers: dict[str, str],
    job_id: int,
    method: str,
    tail: str,
    body: dict[str, Any],
) -> None:
    before = read(client, headers, job_id)
    body = {**body, "version": before["version"]} if "version" in body else body

    response = client.open(
        job_url(job_id, tail), method=method, json=body, headers=role_headers["recruiter"]
    )

    assert_problem(response, 403)
    assert read(client, headers, job_id) == before


@pytest.mark.parametrize(("method", "tail", "body"), READS + WRITES)
def test_without_a_token_it_is_401(
    client: FlaskClient, job_id: int, method: str, tail: str, body: dict[str, Any] | None
) -> None:
    response = client.open(job_url(job_id, tail), method=method, json=body)

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# --- list: filters and cursor pagination ---------------------------------------------------


@pytest.fixture
def open_jobs(app: Flask, manager: UserRef) -> Callable[..., list[int]]:
    def factory(count: int, **changes: Any) -> list[int]:
        return [make_job(app, manager, **changes) for _ in range(count)]

    return factory


def pages(
    client: FlaskClient,
    headers: dict[str, str],
    query: str = "",
    limit: int = 3,
    cursor: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every page from ``cursor`` (the first page when None) to the last."""
    for _ in range(100):  # a cursor that never ends the list fails instead of hanging
        url = f"{JOBS}?limit={limit}{query}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        page = response.get_json()
        yield page
        cursor = page["next_cursor"]
        if cursor is None:
            return
    pytest.fail("the list never ended")


def test_the_list_pages_through_every_job_newest_first(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    ids = open_jobs(7)

    seen = [[job["id"] for job in page["items"]] for page in pages(client, headers, limit=3)]

    assert [len(page) for page in seen] == [3, 3, 1]
    flat = [job_id for page in seen for job_id in page]
    assert flat == sorted(ids, reverse=True)  # no duplicates, no omissions


def test_a_full_last_page_has_no_next_cursor(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    open_jobs(4)

    seen = list(pages(client, headers, limit=2))

    assert [len(page["items"]) for page in seen] == [2, 2]
    assert seen[-1]["next_cursor"] is None


def test_jobs_opened_while_paging_do_not_shift_the_pages(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    manager: UserRef,
    open_jobs: Callable[..., list[int]],
) -> None:
    ids = open_jobs(5)
    first = client.get(f"{JOBS}?limit=2", headers=headers).get_json()
    newer = open_jobs(3)
    # Edits do not move jobs either.
    edit = {"version": read(client, headers, ids[0])["version"], "title": "Edited"}
    assert client.patch(job_url(ids[0]), json=edit, headers=headers).status_code == 200

    rest = list(pages(client, headers, limit=2, cursor=first["next_cursor"]))

    seen = [job["id"] for job in first["items"]] + [
        job["id"] for page in rest for job in page["items"]
    ]
    assert seen == sorted(ids, reverse=True)
    assert not set(newer) & set(seen)
    top = client.get(f"{JOBS}?limit=3", headers=headers).get_json()["items"]
    assert [job["id"] for job in top] == sorted(newer, reverse=True)


def test_the_list_filters(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    [junior] = open_jobs(1, level="junior", title="Junior ML engineer", team="Ads")
    [senior] = open_jobs(1, level="senior", title="Senior ML engineer", team="Search")
    published = open_jobs(1, title="Staff ML engineer", level="staff", team="Search")[0]
    version = read(client, headers, published)["version"]
    assert (
        client.post(
            job_url(published, "/publish"), json={"version": version}, headers=headers
        ).status_code
        == 200
    )

    def ids(query: str) -> set[int]:
        response = client.get(f"{JOBS}?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return {job["id"] for job in response.get_json()["items"]}

    assert ids("level=junior") == {junior}
    assert ids("status=published") == {published}
    assert ids("status=draft") == {junior, senior}
    assert ids("role_family=ml-engineer") == {junior, senior, published}
    assert ids("role_family=data-engineer") == set()
    assert ids("q=search") == {senior, published}  # team, case-insensitive
    assert ids("q=JUNIOR") == {junior}  # title
    assert ids("q=search&status=draft&level=senior") == {senior}


def test_filters_hold_across_pages(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    juniors = open_jobs(3, level="junior")
    open_jobs(3, level="staff")

    seen = [
        job
        for page in pages(client, headers, query="&level=junior", limit=2)
        for job in page["items"]
    ]

    assert [job["id"] for job in seen] == sorted(juniors, reverse=True)


def test_the_default_page_size_is_20(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    open_jobs(21)

    page = client.get(JOBS, headers=headers).get_json()

    assert len(page["items"]) == 20
    assert page["next_cursor"] is not None


def test_a_cursor_above_every_id_starts_from_the_top(
    client: FlaskClient, headers: dict[str, str], open_jobs: Callable[..., list[int]]
) -> None:
    ids = open_jobs(2)

    for cursor in ("2147483648", "9999999999"):  # beyond PostgreSQL's integer
        page = client.get(f"{JOBS}?cursor={cursor}", headers=headers).get_json()
        assert [job["id"] for job in page["items"]] == sorted(ids, reverse=True)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=archived", "status"),
        ("level=principal", "level"),
        ("role_family=Not%20A%20Slug", "role_family"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("q=%00", "q"),
        ("stauts=draft", "stauts"),  # a typo is not silently ignored
    ],
)
def test_invalid_list_parameters_are_422(
    client: FlaskClient, headers: dict[str, str], query: str, field: str
) -> None:
    problem = assert_problem(client.get(f"{JOBS}?{query}", headers=headers), 422)

    assert field in problem["errors"]


# --- edit the facts (PATCH) ------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    before = read(client, headers, job_id)

    response = client.patch(
        job_url(job_id),
        json={"version": before["version"], "title": "Principal-ish ML engineer", "headcount": 3},
        headers=headers,
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    after = response.get_json()
    assert after["title"] == "Principal-ish ML engineer"
    assert after["headcount"] == 3
    assert after["version"] > before["version"]
    unchanged = set(before) - {"title", "headcount", "version", "updated_at"}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert read(client, headers, job_id) == after


def test_patch_can_clear_nullable_facts(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    response = client.patch(
        job_url(job_id),
        json={"version": version, "salary_min": None, "salary_max": None, "target_start": None},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json()["salary_min"] is None
    assert response.get_json()["salary_max"] is None


def test_patch_with_nothing_new_changes_nothing(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    before = read(client, headers, job_id)

    response = client.patch(job_url(job_id), json={"version": before["version"]}, headers=headers)

    assert response.status_code == 200
    assert response.get_json() == before


def test_two_clients_patching_the_same_version_second_gets_409(
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    job_id: int,
    rows: Callable[[], dict[str, int]],
) -> None:
    version = read(client, headers, job_id)["version"]
    admin = role_headers["admin"]

    first = client.patch(
        job_url(job_id), json={"version": version, "title": "First change"}, headers=headers
    )
    before_second = rows()
    second = client.patch(
        job_url(job_id), json={"version": version, "title": "Second change"}, headers=admin
    )

    assert first.status_code == 200
    problem = assert_problem(second, 409)
    assert "changed" in problem["detail"]
    job = read(client, headers, job_id)
    assert job["title"] == "First change"
    assert job["version"] == first.get_json()["version"]
    assert rows() == before_second  # not even an audit event


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "No version"}, "version"),
        ({"version": 0}, "version"),
        ({"version": "3"}, "version"),
        ({"version": 1, "role_family": "data-engineer"}, "role_family"),  # cannot change
        ({"version": 1, "level": "staff"}, "level"),
        ({"version": 1, "location": ""}, "location"),
        ({"version": 1, "remote_policy": "sometimes"}, "remote_policy"),
    ],
)
def test_invalid_patches_are_422(
    client: FlaskClient, headers: dict[str, str], job_id: int, body: dict[str, Any], field: str
) -> None:
    before = read(client, headers, job_id)

    problem = assert_problem(client.patch(job_url(job_id), json=body, headers=headers), 422)

    assert field in problem["errors"]
    assert read(client, headers, job_id) == before


def test_a_patch_breaking_a_rule_across_fields_is_422(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    # The job pays 90,000-120,000: a bottom of 150,000 inverts the range.
    before = read(client, headers, job_id)

    response = client.patch(
        job_url(job_id), json={"version": before["version"], "salary_min": 150_000}, headers=headers
    )

    assert "salary_max" in assert_problem(response, 422)["errors"]
    assert read(client, headers, job_id) == before


def test_a_stale_version_is_checked_before_the_input(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    response = client.patch(
        job_url(job_id), json={"version": version + 1, "salary_min": 150_000}, headers=headers
    )

    assert_problem(response, 409)


# --- description -------------------------------------------------------------------------------


def test_get_description_answers_the_current_version(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    job = read(client, headers, job_id)

    response = client.get(job_url(job_id, "/description"), headers=headers)

    assert response.status_code == 200
    description = response.get_json()
    assert description["number"] == 1
    assert description["note"] == "Generated from the rubric"
    assert job["title"] in description["markdown"]
    assert description["html"].lstrip().startswith("<")
    assert isinstance(description["findings"], list)
    assert description["job_version"] == job["version"]


def test_put_saves_a_version_and_answers_its_findings(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    markdown = "# Senior ML engineer\n\nWe want a rockstar.\n\n<script>alert(1)</script>\n"

    response = client.put(
        job_url(job_id, "/description"),
        json={"markdown": markdown, "base_number": 1, "note": "Shorter"},
        headers=headers,
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    description = response.get_json()
    assert description["number"] == 2
    assert description["note"] == "Shorter"
    assert description["markdown"] == markdown
    assert "<h1>Senior ML engineer</h1>" in description["html"]
    assert "<script" not in description["html"]  # sanitised
    wording = [f for f in description["findings"] if f["rule"] == "wording"]
    assert wording and wording[0]["severity"] == "warning"
    assert wording[0]["line"] == 3
    assert wording[0]["message"] and wording[0]["suggestion"]
    assert client.get(job_url(job_id, "/description"), headers=headers).get_json() == description
    job = read(client, headers, job_id)
    assert job["current_description_number"] == 2
    assert description["job_version"] == job["version"]


def test_saving_the_same_text_again_saves_nothing(
    client: FlaskClient, headers: dict[str, str], job_id: int, rows: Callable[[], dict[str, int]]
) -> None:
    current = client.get(job_url(job_id, "/description"), headers=headers).get_json()
    before = rows()

    response = client.put(
        job_url(job_id, "/description"),
        json={"markdown": current["markdown"], "base_number": current["number"]},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json()["number"] == current["number"]
    assert rows() == before


def test_put_on_a_stale_base_is_409_and_saves_nothing(
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    job_id: int,
) -> None:
    url = job_url(job_id, "/description")
    first = client.put(url, json={"markdown": "# First", "base_number": 1}, headers=headers)

    second = client.put(
        url, json={"markdown": "# Second", "base_number": 1}, headers=role_headers["admin"]
    )

    assert first.status_code == 200
    assert "version 2" in assert_problem(second, 409)["detail"]
    assert client.get(url, headers=headers).get_json()["markdown"] == "# First\n"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_number": 1}, "markdown"),
        ({"markdown": "   \n\t ", "base_number": 1}, "markdown"),
        ({"markdown": "# Hi\x00", "base_number": 1}, "markdown"),
        ({"markdown": "x" * 50_000, "base_number": 1}, "markdown"),
        ({"markdown": "# Hi"}, "base_number"),
        ({"markdown": "# Hi", "base_number": -1}, "base_number"),
        ({"markdown": "# Hi", "base_number": 1, "note": "two\nlines"}, "note"),
        ({"markdown": "# Hi", "base_number": 1, "number": 7}, "number"),
    ],
)
def test_invalid_descriptions_are_422(
    client: FlaskClient,
    headers: dict[str, str],
    job_id: int,
    rows: Callable[[], dict[str, int]],
    body: dict[str, Any],
    field: str,
) -> None:
    before = rows()

    response = client.put(job_url(job_id, "/description"), json=body, headers=headers)

    assert field in assert_problem(response, 422)["errors"]
    assert rows() == before


def test_saving_a_description_changes_the_job_version(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    old = read(client, headers, job_id)["version"]
    saved = client.put(
        job_url(job_id, "/description"),
        json={"markdown": "# New", "base_number": 1},
        headers=headers,
    ).get_json()

    stale = client.post(job_url(job_id, "/publish"), json={"version": old}, headers=headers)
    fresh = client.post(
        job_url(job_id, "/publish"), json={"version": saved["job_version"]}, headers=headers
    )

    assert_problem(stale, 409)
    assert fresh.status_code == 200


# --- publish and unpublish ---------------------------------------------------------------------


def test_publish_puts_the_public_page_up(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    response = client.post(job_url(job_id, "/publish"), json={"version": version}, headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)
    job = response.get_json()
    assert job["status"] == "published"
    assert job["published_at"] is not None
    assert job["version"] > version
    assert date.fromisoformat(job["valid_through"]) == date.today() + timedelta(days=60)
    public = client.get(urlsplit(job["public_url"]).path)  # anyone, no token
    assert public.status_code == 200
    assert public.mimetype == "text/html"
    assert "Senior ML engineer, search ranking" in public.get_data(as_text=True)


def test_publish_with_a_date_until_which_the_ad_is_valid(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]
    until = (date.today() + timedelta(days=10)).isoformat()

    response = client.post(
        job_url(job_id, "/publish"),
        json={"version": version, "valid_through": until},
        headers=headers,
    )

    assert response.get_json()["valid_through"] == until


@pytest.fixture
def colorado_job(app: Flask, manager: UserRef) -> int:
    """A job in Denver without a pay range: Colorado's law requires one in the ad."""
    return make_job(
        app,
        manager,
        location="Denver, Colorado",
        salary_min=None,
        salary_max=None,
        salary_currency="USD",
    )


def test_publish_is_blocked_by_lint_errors(
    client: FlaskClient,
    headers: dict[str, str],
    colorado_job: int,
    rows: Callable[[], dict[str, int]],
) -> None:
    before = read(client, headers, colorado_job)
    counted = rows()

    response = client.post(
        job_url(colorado_job, "/publish"), json={"version": before["version"]}, headers=headers
    )

    problem = assert_problem(response, 422)
    [message] = problem["errors"]["publish"]
    assert "Colorado" in message and "pay range" in message
    description = client.get(job_url(colorado_job, "/description"), headers=headers).get_json()
    assert [f["rule"] for f in description["findings"] if f["severity"] == "error"] == [
        "missing-salary-range"
    ]
    assert read(client, headers, colorado_job) == before
    assert rows() == counted


def test_fixing_the_lint_error_unblocks_publishing(
    client: FlaskClient, headers: dict[str, str], colorado_job: int
) -> None:
    version = read(client, headers, colorado_job)["version"]
    fixed = client.patch(
        job_url(colorado_job),
        json={"version": version, "salary_min": 110_000, "salary_max": 140_000},
        headers=headers,
    ).get_json()

    response = client.post(
        job_url(colorado_job, "/publish"), json={"version": fixed["version"]}, headers=headers
    )

    assert response.status_code == 200
    assert response.get_json()["status"] == "published"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "version"),
        ({"valid_through": "2031-01-01"}, "version"),
        ({"version": 1, "valid_through": "soon"}, "valid_through"),
        ({"version": 1, "public": True}, "public"),
    ],
)
def test_invalid_publish_requests_are_422(
    client: FlaskClient, headers: dict[str, str], job_id: int, body: dict[str, Any], field: str
) -> None:
    problem = assert_problem(
        client.post(job_url(job_id, "/publish"), json=body, headers=headers), 422
    )

    assert field in problem["errors"]
    assert read(client, headers, job_id)["status"] == "draft"


def test_valid_through_must_be_in_the_future(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    response = client.post(
        job_url(job_id, "/publish"),
        json={"version": version, "valid_through": date.today().isoformat()},
        headers=headers,
    )

    assert "valid_through" in assert_problem(response, 422)["errors"]


def test_publishing_a_stale_version_is_409(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    response = client.post(
        job_url(job_id, "/publish"), json={"version": version - 1}, headers=headers
    )

    assert_problem(response, 409)
    assert read(client, headers, job_id)["status"] == "draft"


def test_unpublish_takes_the_page_down(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]
    published = client.post(
        job_url(job_id, "/publish"), json={"version": version}, headers=headers
    ).get_json()

    response = client.post(
        job_url(job_id, "/unpublish"), json={"version": published["version"]}, headers=headers
    )

    assert response.status_code == 200
    job = response.get_json()
    assert job["status"] == "unpublished"
    assert job["public_url"] is None
    assert job["unpublished_at"] is not None
    assert client.get(urlsplit(published["public_url"]).path).status_code == 410


def test_unpublishing_a_draft_changes_nothing(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    before = read(client, headers, job_id)

    response = client.post(
        job_url(job_id, "/unpublish"), json={"version": before["version"]}, headers=headers
    )

    assert response.status_code == 200
    assert response.get_json() == before


def test_unpublish_needs_the_current_version(
    client: FlaskClient, headers: dict[str, str], job_id: int
) -> None:
    version = read(client, headers, job_id)["version"]

    assert (
        "version"
        in assert_problem(
            client.post(job_url(job_id, "/unpublish"), json={}, headers=headers), 422
        )["errors"]
    )
    assert_problem(
        client.post(job_url(job_id, "/unpublish"), json={"version": version + 5}, headers=headers),
        409,
    )


# --- the OpenAPI document ------------------------------------------------------------------------


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    return client.get(f"{API}/openapi.json").get_json()


OPERATIONS = {
    ("get", "/jobs"): {"200", "401", "403", "422"},
    ("post", "/jobs"): {"415", "201", "401", "403", "422", "503"},
    ("get", "/jobs/{job_id}"): {"200", "401", "403", "404"},
    ("patch", "/jobs/{job_id}"): {"415", "200", "401", "403", "404", "409", "422"},
    ("get", "/jobs/{job_id}/description"): {"200", "401", "403", "404"},
    ("put", "/jobs/{job_id}/description"): {"415", "200", "401", "403", "404", "409", "422"},
    ("post", "/jobs/{job_id}/publish"): {"415", "200", "401", "403", "404", "409", "422"},
    ("post", "/jobs/{job_id}/unpublish"): {"415", "200", "401", "403", "404", "409", "422"},
    ("get", "/rubrics/roles"): {"200", "401", "403", "503"},
    ("get", "/rubrics/skills"): {"200", "401", "403", "503"},
}


@pytest.mark.parametrize(("method", "path"), list(OPERATIONS))
def test_every_operation_documents_its_statuses(
    spec: dict[str, Any], method: str, path: str
) -> None:
    operation = spec["paths"][API + path][method]

    # Every call with a token may be over its API_RATE_LIMIT (429).
    assert set(operation["responses"]) == OPERATIONS[method, path] | {"429", "default"}
    assert operation["security"] == [{"bearerAuth": []}]
    for status, response in operation["responses"].items():
        if status[0] in "45" or status == "default":
            name = response["$ref"].rsplit("/", 1)[-1]
            content = spec["components"]["responses"][name]["content"]
            assert set(content) == {"application/problem+json"}


def test_the_enums_are_documented(app: Flask, spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    job, create = schemas["Job"]["properties"], schemas["JobCreate"]["properties"]

    assert job["status"]["enum"] == ["draft", "published", "unpublished"]
    assert create["level"]["enum"] == ["junior", "mid", "senior", "staff"]
    assert create["focus"]["enum"] == ["product", "data", "platform"]
    assert create["remote_policy"]["enum"] == ["onsite", "hybrid", "remote"]
    assert "FULL_TIME" in create["employment_type"]["enum"]
    assert create["company_stage"]["enum"][0] == "nascent"
    with app.app_context():
        assert create["role_family"]["enum"] == [r.id for r in current_rubric().roles]
    assert create["target_start"]["format"] == "date"
    assert job["created_at"]["format"] == "date-time"
    assert set(schemas["JobCreate"]["required"]) == {
        "title",
        "role_family",
        "level",
        "company_stage",
        "focus",
        "remote_policy",
        "employment_type",
    }
    assert schemas["JobPatch"]["required"] == ["version"]
    assert schemas["Job"]["additionalProperties"] is False
    assert set(schemas["Job"]["required"]) == set(job)


def test_the_201_documents_the_location_header(spec: dict[str, Any]) -> None:
    created = spec["paths"][f"{API}/jobs"]["post"]["responses"]["201"]

    assert created["headers"]["Location"]["required"] is True


def test_unused_fixture_users_do_not_matter(
    app: Flask, client: FlaskClient, make_token: Callable[..., TokenRef]
) -> None:
    # A hiring manager with no jobs sees an empty first page, not an error.
    token = make_token(make_user(app, ("hiring_manager",)))

    page = client.get(JOBS, headers=token.headers).get_json()

    assert page == {"items": [], "next_cursor": None}
