"""/api/v1/candidates: list, add (with idempotency keys), read, edit, erase, import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from hiring.accounts import services as accounts
from hiring.api.idempotency import IdempotencyKey
from hiring.audit import AuditEvent
from hiring.candidates import resume_services
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.extensions import db
from hiring.jobs import queries as jobs
from hiring.pipeline.models import Application
from tests.api.conftest import API, assert_problem, walk_pages
from tests.conftest import EXTERNAL_DATABASE_URL, UserRef
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate
from tests.fixtures.resumes import make_pdf

CANDIDATES = f"{API}/candidates"
JSON_RESUME = f"{CANDIDATES}/import/json-resume"

GRACE: dict[str, Any] = {
    "name": "Grace Hopper",
    "email": "Grace@Example.com",
    "phone": "+1 555 010 0000",
    "location": "Arlington, VA",
    "links": ["https://example.com/grace"],
    "source": "sourced",
    "resume_text": "Wrote the first compiler; COBOL.",
    "tags": ["Compilers", "cobol"],
    "notes": "Invented the **compiler**.<script>alert(1)</script>",
}


def candidate_url(candidate_id: int) -> str:
    return f"{CANDIDATES}/{candidate_id}"


@pytest.fixture
def count(app: Flask) -> Callable[[type], int]:
    def rows(model: type) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model)) or 0

    return rows


def read(client: FlaskClient, headers: dict[str, str], candidate_id: int) -> dict[str, Any]:
    response = client.get(candidate_url(candidate_id), headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# --- add -------------------------------------------------------------------------------


def test_post_adds_a_candidate_and_answers_201_with_its_location(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(CANDIDATES, json=GRACE, headers=headers)

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert urlsplit(response.headers["Location"]).path == candidate_url(body["id"])
    assert "Idempotent-Replayed" not in response.headers
    assert body["email"] == "grace@example.com"  # stored lowercased
    assert body["tags"] == ["cobol", "compilers"]
    assert body["name"] == GRACE["name"] and body["phone"] == GRACE["phone"]
    assert body["links"] == GRACE["links"] and body["source"] == "sourced"
    assert body["resume_text"] == GRACE["resume_text"]
    assert body["notes"] == GRACE["notes"]
    assert "<strong>compiler</strong>" in body["notes_html"]
    assert "<script" not in body["notes_html"]
    assert body["erased_at"] is None and body["version"] == 1
    assert body["applications"] == [] and body["resume_files"] == []
    assert read(client, headers, body["id"]) == body


def test_only_name_and_email_are_needed(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post(
        CANDIDATES, json={"name": "  Alan   Turing ", "email": "alan@example.com"}, headers=headers
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["name"] == "Alan Turing"
    assert body["source"] == "inbound"
    assert body["phone"] == body["location"] == body["notes"] == body["notes_html"] == ""
    assert body["links"] == [] and body["tags"] == []


def test_an_email_on_file_is_409_naming_that_candidate(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    count: Callable[[type], int],
) -> None:
    existing = make_candidate(app, recruiter)  # ada@example.com
    before = count(Candidate)

    response = client.post(
        CANDIDATES, json={"name": "Someone Else", "email": "ADA@example.com"}, headers=headers
    )

    problem = assert_problem(response, 409)
    assert problem["candidate_id"] == existing
    assert "email" in problem["errors"]
    assert count(Candidate) == before


def test_the_same_name_and_phone_is_409_until_allowed(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    count: Callable[[type], int],
) -> None:
    existing = make_candidate(app, recruiter)  # Ada Lovelace, +44 20 7946 0000
    twin = {"name": "ada lovelace", "email": "other.ada@example.com", "phone": "+44 (20) 79460000"}

    refused = client.post(CANDIDATES, json=twin, headers=headers)

    problem = assert_problem(refused, 409)
    assert problem["matches"] == [{"id": existing, "name": "Ada Lovelace"}]
    assert "allow_possible_duplicate" in problem["errors"]
    assert count(Candidate) == 1

    allowed = client.post(
        CANDIDATES, json={**twin, "allow_possible_duplicate": True}, headers=headers
    )

    assert allowed.status_code == 201, allowed.get_data(as_text=True)
    assert count(Candidate) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "A\nB"}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"phone": "123"}, "phone"),
        ({"links": ["ftp://example.com/x"]}, "links"),
        ({"links": [f"https://example.com/{n}" for n in range(11)]}, "links"),
        ({"tags": ["two words"]}, "tags"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"source": "carrier-pigeon"}, "source"),
        ({"notes": "nul \x00 here"}, "notes"),
        ({"allow_possible_duplicate": "yes please"}, "allow_possible_duplicate"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_invalid_candidates_are_422_and_nothing_is_added(
    client: FlaskClient,
    headers: dict[str, str],
    count: Callable[[type], int],
    change: dict[str, Any],
    field: str,
) -> None:
    body = {key: value for key, value in {**GRACE, **change}.items() if value is not None}

    problem = assert_problem(client.post(CANDIDATES, json=body, headers=headers), 422)

    assert field in problem["errors"]
    assert count(Candidate) == 0


# --- idempotency keys --------------------------------------------------------------------


def test_a_retry_with_the_same_key_replays_the_first_answer(
    client: FlaskClient, headers: dict[str, str], count: Callable[[type], int]
) -> None:
    keyed = {**headers, "Idempotency-Key": "add-grace-1"}
    first = client.post(CANDIDATES, json=GRACE, headers=keyed)
    # The same JSON value, its members in another order.
    retry = client.post(CANDIDATES, json=dict(reversed(GRACE.items())), headers=keyed)

    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(Candidate) == 1


def test_the_replay_is_the_first_answer_even_after_the_candidate_changed(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    keyed = {**headers, "Idempotency-Key": "add-grace-2"}
    first = client.post(CANDIDATES, json=GRACE, headers=keyed).get_json()
    client.patch(
        candidate_url(first["id"]), json={"version": 1, "location": "Moved"}, headers=headers
    )

    retry = client.post(CANDIDATES, json=GRACE, headers=keyed)

    assert retry.get_json() == first
    assert read(client, headers, first["id"])["location"] == "Moved"


def test_the_same_key_with_another_body_is_422(
    client: FlaskClient, headers: dict[str, str], count: Callable[[type], int]
) -> None:
    keyed = {**headers, "Idempotency-Key": "add-grace-3"}
    assert client.post(CANDIDATES, json=GRACE, headers=keyed).status_code == 201

    response = client.post(
        CANDIDATES, json={**GRACE, "email": "another@example.com"}, headers=keyed
    )

    problem = assert_problem(response, 422)
    assert "Idempotency-Key" in problem["errors"]
    assert "different request body" in problem["detail"]
    assert count(Candidate) == 1


def test_keys_belong_to_one_user(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    count: Callable[[type], int],
) -> None:
    key = {"Idempotency-Key": "shared-key"}
    assert client.post(CANDIDATES, json=GRACE, headers={**role_headers["recruiter"], **key})

    # Another user's identical request is not a replay of the recruiter's: it is a new
    # request, refused because the email is on file.
    other = client.post(CANDIDATES, json=GRACE, headers={**role_headers["admin"], **key})

    assert_problem(other, 409)
    assert "Idempotent-Replayed" not in other.headers
    assert count(Candidate) == 1


def test_a_refused_request_is_not_kept_against_its_key(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    count: Callable[[type], int],
) -> None:
    make_candidate(app, recruiter)
    keyed = {**headers, "Idempotency-Key": "twin"}
    twin = {"name": "Ada Lovelace", "email": "ada.two@example.com", "phone": "+44 20 7946 0000"}
    assert_problem(client.post(CANDIDATES, json=twin, headers=keyed), 409)

    fixed = client.post(CANDIDATES, json={**twin, "allow_possible_duplicate": True}, headers=keyed)

    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers
    assert count(IdempotencyKey) == 1


def test_keys_expire_after_24_hours_and_are_cleaned_up(
    app: Flask, client: FlaskClient, headers: dict[str, str], count: Callable[[type], int]
) -> None:
    keyed = {**headers, "Idempotency-Key": "old-key"}
    first = client.post(CANDIDATES, json=GRACE, headers=keyed).get_json()
    with app.app_context():
        db.session.execute(
            update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=24, minutes=1))
        )
        db.session.commit()

    # Expired: not a replay, so the request is judged afresh (the email is on file now).
    again = client.post(CANDIDATES, json=GRACE, headers=keyed)
    assert assert_problem(again, 409)["candidate_id"] == first["id"]
    # Storing a new key removes the expired one.
    new = client.post(
        CANDIDATES,
        json={"name": "Alan Turing", "email": "alan@example.com"},
        headers={**headers, "Idempotency-Key": "new-key"},
    )
    assert new.status_code == 201
    with app.app_context():
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new-key"]


def test_a_retry_that_lost_the_race_replays_the_winner(
    client: FlaskClient,
    headers: dict[str, str],
    count: Callable[[type], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loser of two concurrent requests found no key when it looked (the winner had
    not committed yet), then failed on the email the winner had just added: it answers
    the winner's response, not a 409."""
    from hiring.api import idempotency

    keyed = {**headers, "Idempotency-Key": "race"}
    winner = client.post(CANDIDATES, json=GRACE, headers=keyed)
    real = idempotency.stored_response
    calls: list[str] = []

    def not_yet_committed_at_first(user_id: int, key: str, fingerprint: str):
        calls.append(key)
        return None if len(calls) == 1 else real(user_id, key, fingerprint)

    monkeypatch.setattr(idempotency, "stored_response", not_yet_committed_at_first)

    loser = client.post(CANDIDATES, json=GRACE, headers=keyed)

    assert len(calls) == 2
    assert loser.status_code == 201
    assert loser.get_json() == winner.get_json()
    assert loser.headers["Idempotent-Replayed"] == "true"
    assert count(Candidate) == 1


@pytest.fixture
def shared_app(make_app, tmp_path) -> Flask:
    """An app whose requests use separate connections: a SQLite file, or the external
    database, so two requests really run at once."""
    if EXTERNAL_DATABASE_URL:
        return make_app()
    return make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'api.sqlite3'}")


def test_two_requests_at_once_with_one_key_add_one_candidate(shared_app: Flask) -> None:
    from tests.api.conftest import issue_token, post_at_once
    from tests.conftest import make_user

    if not EXTERNAL_DATABASE_URL:
        with shared_app.app_context():
            db.create_all()
    user = make_user(shared_app, ("recruiter",))
    token = issue_token(shared_app, user)
    keyed = {**token.headers, "Idempotency-Key": "at-once"}
    answers = post_at_once(shared_app, CANDIDATES, GRACE, keyed)

    assert [status for status, _, _ in answers] == [201] * 4, answers
    assert len({body["id"] for _, body, _ in answers}) == 1
    assert sorted(str(replayed) for _, _, replayed in answers) == ["None", "true", "true", "true"]
    with shared_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Candidate)) == 1
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1
        db.session.remove()


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "ключ"])
def test_invalid_keys_are_422(
    client: FlaskClient, headers: dict[str, str], count: Callable[[type], int], key: str
) -> None:
    response = client.post(
        CANDIDATES,
        json=GRACE,
        headers={**headers, "Idempotency-Key": key.encode().decode("latin-1")},
    )

    assert "Idempotency-Key" in assert_problem(response, 422)["errors"]
    assert count(Candidate) == 0


# --- read ------------------------------------------------------------------------------


def test_get_answers_everything_but_where_files_are_stored(
    app: Flask, client: FlaskClient, headers: dict[str, str], recruiter: UserRef, users
) -> None:
    candidate_id = make_candidate(app, recruiter)
    job_id = make_job(app, users["hiring_manager"])
    application_id = make_application(app, recruiter, candidate_id, job_id)
    with app.app_context():
        resume_services.upload_resume(
            accounts.get_user(recruiter.id), candidate_id, "ada cv.pdf", make_pdf("Ranking")
        )

    body = read(client, headers, candidate_id)

    assert body["name"] == "Ada Lovelace" and body["email"] == "ada@example.com"
    assert body["tags"] == ["pytorch", "ranking"]
    assert body["links"] == ["https://github.com/ada"]
    assert body["notes"] == "Strong on **evaluation**."
    assert "<strong>evaluation</strong>" in body["notes_html"]
    assert "Ranking" in body["resume_text"]  # the upload's text was appended
    [resume] = body["resume_files"]
    assert resume["filename"] == "ada_cv.pdf" or resume["filename"].endswith(".pdf")
    assert resume["content_type"] == "application/pdf"
    assert resume["size"] > 0 and len(resume["sha256"]) == 64
    assert resume["text_note"] == ""  # all of its text was read
    assert resume["uploaded_by"] == {"id": recruiter.id, "name": recruiter.name}
    with app.app_context():
        stored = db.session.scalar(select(resume_services.ResumeFile.stored_name))
    assert stored not in str(body)
    [application] = body["applications"]
    assert application["id"] == application_id
    assert application["job"]["id"] == job_id
    assert application["candidate"] == {"id": candidate_id, "name": "Ada Lovelace"}
    assert application["stage"] == "applied" and application["status"] == "active"
    assert application["days_in_stage"] == 0 and application["stuck"] is False


def test_an_unknown_candidate_is_404(
    client: FlaskClient, headers: dict[str, str], role_headers: dict[str, dict[str, str]]
) -> None:
    assert_problem(client.get(candidate_url(999), headers=headers), 404)
    assert_problem(client.patch(candidate_url(999), json={"version": 1}, headers=headers), 404)
    assert_problem(client.delete(candidate_url(999), headers=role_headers["admin"]), 404)


# --- roles -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_who_may_read_and_add_candidates(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], role: str
) -> None:
    headers = role_headers[role]
    created = client.post(CANDIDATES, json=GRACE, headers=headers)

    assert created.status_code == 201
    assert client.get(CANDIDATES, headers=headers).status_code == 200
    assert client.get(candidate_url(created.get_json()["id"]), headers=headers).status_code == 200


def test_interviewers_get_403_and_are_not_told_what_is_invalid(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
    count: Callable[[type], int],
) -> None:
    headers = role_headers["interviewer"]
    candidate_id = make_candidate(app, recruiter)

    assert_problem(client.get(CANDIDATES, headers=headers), 403)
    assert_problem(client.get(f"{CANDIDATES}?limit=0", headers=headers), 403)
    assert_problem(client.get(candidate_url(candidate_id), headers=headers), 403)
    assert_problem(client.post(CANDIDATES, json=GRACE, headers=headers), 403)
    assert_problem(client.post(CANDIDATES, json={"name": ""}, headers=headers), 403)
    assert_problem(
        client.patch(candidate_url(candidate_id), json={"version": 1}, headers=headers), 403
    )
    assert_problem(client.post(JSON_RESUME, json={}, headers=headers), 403)
    assert_problem(client.delete(candidate_url(candidate_id), headers=headers), 403)
    assert count(Candidate) == 1


@pytest.mark.parametrize("role", ["hiring_manager", "recruiter", "interviewer"])
def test_only_admins_may_erase(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
    role: str,
) -> None:
    candidate_id = make_candidate(app, recruiter)

    assert_problem(client.delete(candidate_url(candidate_id), headers=role_headers[role]), 403)

    assert read(client, role_headers["admin"], candidate_id)["erased_at"] is None


def test_without_a_token_it_is_401(client: FlaskClient) -> None:
    for response in (
        client.get(CANDIDATES),
        client.post(CANDIDATES, json=GRACE),
        client.get(candidate_url(1)),
        client.delete(candidate_url(1)),
        client.post(JSON_RESUME, json={}),
    ):
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


# --- edit ------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(
    app: Flask, client: FlaskClient, headers: dict[str, str], recruiter: UserRef
) -> None:
    candidate_id = make_candidate(app, recruiter)
    before = read(client, headers, candidate_id)

    response = client.patch(
        candidate_url(candidate_id),
        json={"version": before["version"], "tags": ["NLP"], "notes": "Now *more*."},
        headers=headers,
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    after = response.get_json()
    assert after["tags"] == ["nlp"]
    assert after["notes"] == "Now *more*." and "<em>more</em>" in after["notes_html"]
    assert after["version"] > before["version"]
    unchanged = set(before) - {"tags", "notes", "notes_html", "version", "updated_at"}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert read(client, headers, candidate_id) == after


def test_a_stale_version_is_409_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
) -> None:
    candidate_id = make_candidate(app, recruiter)
    version = read(client, headers, candidate_id)["version"]
    first = client.patch(
        candidate_url(candidate_id), json={"version": version, "location": "Paris"}, headers=headers
    )

    second = client.patch(
        candidate_url(candidate_id),
        json={"version": version, "location": "Rome"},
        headers=role_headers["hiring_manager"],
    )

    assert first.status_code == 200
    assert_problem(second, 409)
    assert read(client, headers, candidate_id)["location"] == "Paris"


def test_patching_to_an_email_on_file_is_409_naming_that_candidate(
    app: Flask, client: FlaskClient, headers: dict[str, str], recruiter: UserRef
) -> None:
    ada = make_candidate(app, recruiter)
    grace = make_candidate(app, recruiter, name="Grace Hopper", email="grace@example.com")

    response = client.patch(
        candidate_url(grace), json={"version": 1, "email": "Ada@example.com"}, headers=headers
    )

    assert assert_problem(response, 409)["candidate_id"] == ada
    assert read(client, headers, grace)["email"] == "grace@example.com"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "No version"}, "version"),
        ({"version": 0}, "version"),
        ({"version": "1"}, "version"),
        ({"version": 1, "name": ""}, "name"),
        ({"version": 1, "email": "nope"}, "email"),
        ({"version": 1, "phone": "12"}, "phone"),
        ({"version": 1, "allow_possible_duplicate": True}, "allow_possible_duplicate"),
    ],
)
def test_invalid_patches_are_422(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    body: dict[str, Any],
    field: str,
) -> None:
    candidate_id = make_candidate(app, recruiter)
    before = read(client, headers, candidate_id)

    problem = assert_problem(
        client.patch(candidate_url(candidate_id), json=body, headers=headers), 422
    )

    assert field in problem["errors"]
    assert read(client, headers, candidate_id) == before


# --- erase -----------------------------------------------------------------------------


def test_delete_erases_the_personal_data_and_keeps_the_anonymous_record(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
    users: dict[str, UserRef],
    count: Callable[[type], int],
) -> None:
    admin = role_headers["admin"]
    candidate_id = make_candidate(app, recruiter)
    job_id = make_job(app, users["hiring_manager"])
    application_id = make_application(app, recruiter, candidate_id, job_id)

    response = client.delete(candidate_url(candidate_id), headers=admin)

    assert response.status_code == 204
    assert response.get_data() == b""
    erased = read(client, admin, candidate_id)
    assert erased["erased_at"] is not None
    assert erased["name"] == f"Erased candidate #{candidate_id}"
    assert erased["email"] == f"erased-{candidate_id}@erased.invalid"
    assert erased["phone"] == erased["location"] == erased["resume_text"] == ""
    assert erased["notes"] == erased["notes_html"] == ""
    assert erased["links"] == [] and erased["tags"] == []
    # The application stays, so the counts of reports do not change.
    assert [a["id"] for a in erased["applications"]] == [application_id]
    assert count(Candidate) == 1 and count(Application) == 1
    listed = client.get(f"{API}/applications?job_id={job_id}", headers=admin).get_json()
    assert [item["candidate"]["name"] for item in listed["items"]] == [erased["name"]]
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent.summary).where(AuditEvent.action == "candidate.erased")
            )
            == f"Erased the personal data of candidate #{candidate_id}"
        )


def test_an_erased_candidate_is_read_only(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
) -> None:
    admin = role_headers["admin"]
    candidate_id = make_candidate(app, recruiter)
    assert client.delete(candidate_url(candidate_id), headers=admin).status_code == 204
    version = read(client, admin, candidate_id)["version"]

    again = client.delete(candidate_url(candidate_id), headers=admin)
    patched = client.patch(
        candidate_url(candidate_id), json={"version": version, "name": "Ada"}, headers=admin
    )

    assert "erased already" in assert_problem(again, 409)["detail"]
    assert "erased" in assert_problem(patched, 409)["detail"]
    assert read(client, admin, candidate_id)["name"] == f"Erased candidate #{candidate_id}"


# --- the list --------------------------------------------------------------------------


@pytest.fixture
def add_candidates(app: Flask, recruiter: UserRef) -> Callable[..., list[int]]:
    def factory(count: int, prefix: str = "person", **changes: Any) -> list[int]:
        return [
            make_candidate(
                app,
                recruiter,
                name=f"{prefix.title()} {n}",
                email=f"{prefix}{n}.{utcnow().timestamp()}@example.com",
                phone="",
                **changes,
            )
            for n in range(count)
        ]

    return factory


def test_the_list_pages_through_every_candidate_newest_first(
    client: FlaskClient, headers: dict[str, str], add_candidates: Callable[..., list[int]]
) -> None:
    ids = add_candidates(7)

    pages = walk_pages(client, headers, CANDIDATES, limit=3)

    assert [len(page["items"]) for page in pages] == [3, 3, 1]
    assert [item["id"] for page in pages for item in page["items"]] == sorted(ids, reverse=True)
    assert set(pages[0]["items"][0]) == {
        "id", "name", "email", "phone", "location", "links", "source", "tags",
        "erased_at", "created_at", "updated_at", "version",
    }  # fmt: skip


def test_candidates_added_while_paging_neither_repeat_nor_skip_others(
    client: FlaskClient, headers: dict[str, str], add_candidates: Callable[..., list[int]]
) -> None:
    ids = add_candidates(6)
    added: list[int] = []

    pages = walk_pages(
        client, headers, CANDIDATES, limit=2, between=lambda: added.extend(add_candidates(1, "new"))
    )

    seen = [item["id"] for page in pages for item in page["items"]]
    assert seen == sorted(ids, reverse=True)  # every one once; the new ones are newer
    assert len(added) == 2
    fresh = client.get(f"{CANDIDATES}?limit=2", headers=headers).get_json()
    assert [item["id"] for item in fresh["items"]] == sorted(added, reverse=True)


def test_the_list_filters(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    role_headers: dict[str, dict[str, str]],
    recruiter: UserRef,
) -> None:
    ada = make_candidate(app, recruiter)  # referral, tags pytorch and ranking
    grace = make_candidate(
        app,
        recruiter,
        name="Grace Hopper",
        email="grace@navy.example",
        phone="",
        source="sourced",
        resume_text="COBOL compilers",
        tags=("compilers",),
    )
    erased = make_candidate(
        app, recruiter, name="Gone Person", email="gone@example.com", phone="", source="event"
    )
    assert client.delete(candidate_url(erased), headers=role_headers["admin"]).status_code == 204

    def ids(query: str) -> list[int]:
        response = client.get(f"{CANDIDATES}?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("") == [erased, grace, ada]
    assert ids("q=grace") == [grace]
    assert ids("q=NAVY.example") == [grace]  # email
    assert ids("q=cobol") == [grace]  # resume text
    assert ids("q=gone") == []  # the erased candidate's name is gone
    assert ids("source=referral") == [ada]
    assert ids("tag=Ranking") == [ada]
    assert ids("tag=compilers&source=sourced") == [grace]
    assert ids("q=100%25") == []  # a % is searched literally
    erased_item = client.get(CANDIDATES, headers=headers).get_json()["items"][0]
    assert erased_item["name"] == f"Erased candidate #{erased}"
    assert erased_item["email"] == f"erased-{erased}@erased.invalid"
    assert erased_item["tags"] == [] and erased_item["erased_at"] is not None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("source=pigeon", "source"),
        ("tag=two%20words", "tag"),
        ("colour=blue", "colour"),
    ],
)
def test_invalid_list_parameters_are_422(
    client: FlaskClient, headers: dict[str, str], query: str, field: str
) -> None:
    problem = assert_problem(client.get(f"{CANDIDATES}?{query}", headers=headers), 422)

    assert field in problem["errors"]


def test_the_list_runs_the_same_queries_for_2_or_30_candidates(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    add_candidates: Callable[..., list[int]],
    count_queries,
) -> None:
    def queries() -> tuple[int, int]:
        with count_queries() as counter:
            response = client.get(f"{CANDIDATES}?limit=100&q=person", headers=headers)
        assert response.status_code == 200
        return len(response.get_json()["items"]), counter.count

    add_candidates(2, tags=("ranking", "nlp"))
    queries()  # the token's first use of the day is recorded: not part of the list
    few = queries()
    add_candidates(28, tags=("ranking", "nlp"))
    many = queries()

    assert few[0] == 2 and many[0] == 30
    assert few[1] == many[1]


# --- JSON Resume -----------------------------------------------------------------------


RESUME: dict[str, Any] = {
    "basics": {
        "name": "Katherine Johnson",
        "email": "Katherine@Example.com",
        "phone": "+1 555 010 1234",
        "url": "https://example.com/kj",
        "location": {"city": "Hampton", "region": "VA", "countryCode": "US"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/kj"}],
    },
    "work": [
        {
            "name": "NASA",
            "position": "Research mathematician",
            "startDate": "1953",
            "endDate": "1986",
            "highlights": ["Trajectory analysis for Freedom 7"],
        }
    ],
    "education": [{"institution": "West Virginia State", "area": "Mathematics"}],
    "skills": [{"name": "Orbital mechanics", "keywords": ["trajectories"]}],
    "meta": {"theme": "elegant"},
}


def test_a_json_resume_becomes_a_candidate(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post(f"{JSON_RESUME}?source=referral", json=RESUME, headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    assert (report["created"], report["merged"], report["refused"]) == (1, 0, 0)
    [row] = report["rows"]
    assert row["outcome"] == "created" and row["line"] == 1
    assert row["email"] == "katherine@example.com"
    candidate = read(client, headers, row["candidate_id"])
    assert candidate["name"] == "Katherine Johnson" and candidate["source"] == "referral"
    assert candidate["location"] == "Hampton, VA, US"
    assert candidate["links"] == ["https://example.com/kj", "https://github.com/kj"]
    assert "Research mathematician, NASA (1953 to 1986)" in candidate["resume_text"]
    assert "Trajectory analysis" in candidate["resume_text"]
    assert "Orbital mechanics: trajectories" in candidate["resume_text"]


def test_a_json_resume_with_an_email_on_file_is_merged_and_added_to_the_job(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    recruiter: UserRef,
    users: dict[str, UserRef],
) -> None:
    existing = make_candidate(
        app, recruiter, name="K. Johnson", email="katherine@example.com", phone="", location=""
    )
    job_id = make_job(app, users["hiring_manager"])

    response = client.post(f"{JSON_RESUME}?job_id={job_id}", json=RESUME, headers=headers)

    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    assert (report["created"], report["merged"]) == (0, 1)
    assert report["job_title"] is not None
    [row] = report["rows"]
    assert row["outcome"] == "merged" and row["candidate_id"] == existing
    assert any("fills phone, location" in message for message in row["messages"])
    assert any(message.startswith("added to") for message in row["messages"])
    candidate = read(client, headers, existing)
    assert candidate["name"] == "K. Johnson"  # nothing overwritten
    assert candidate["phone"] == "+1 555 010 1234"
    assert [a["job"]["id"] for a in candidate["applications"]] == [job_id]


@pytest.mark.parametrize(
    ("document", "query", "field"),
    [
        ({"work": []}, "", "basics"),
        ({"basics": {"name": "No Email"}}, "", "basics"),
        ({"basics": {"name": "X", "email": "x@example.com", "phone": "12"}}, "", "basics"),
        ({"basics": {"name": "X", "email": "x@example.com", "url": "mailto:x"}}, "", "basics"),
        ({"basics": {"name": "X", "email": "x@example.com"}}, "job_id=999", "job_id"),
        (
            {"basics": {"name": "X", "email": "x@example.com"}, "work": [{"company": "\x00"}]},
            "",
            "work",
        ),
        ({"basics": {"name": "X", "email": "x@example.com"}}, "source=pigeon", "source"),
    ],
)
def test_an_invalid_json_resume_is_422_and_adds_nobody(
    client: FlaskClient,
    headers: dict[str, str],
    count: Callable[[type], int],
    document: dict[str, Any],
    query: str,
    field: str,
) -> None:
    response = client.post(f"{JSON_RESUME}?{query}", json=document, headers=headers)

    assert field in assert_problem(response, 422)["errors"]
    assert count(Candidate) == 0


def test_the_json_resume_import_refuses_a_job_taken_down(
    app: Flask, client: FlaskClient, headers: dict[str, str], users: dict[str, UserRef]
) -> None:
    job_id = make_job(app, users["hiring_manager"])
    with app.app_context():
        job = jobs.get_job(accounts.get_user(users["hiring_manager"].id), job_id)
        job.status = "unpublished"
        db.session.commit()

    response = client.post(f"{JSON_RESUME}?job_id={job_id}", json=RESUME, headers=headers)

    assert "job_id" in assert_problem(response, 422)["errors"]


# --- the document ----------------------------------------------------------------------


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    return client.get(f"{API}/openapi.json").get_json()


MOVE_STATUSES = {"200", "401", "403", "404", "409", "415", "422", "503"}
DOCUMENTED = {
    ("get", "/candidates"): {"200", "401", "403", "422"},
    ("post", "/candidates"): {"415", "201", "401", "403", "409", "422", "503"},
    ("get", "/candidates/{candidate_id}"): {"200", "401", "403", "404", "503"},
    ("patch", "/candidates/{candidate_id}"): {
        "415",
        "200",
        "401",
        "403",
        "404",
        "409",
        "422",
        "503",
    },
    ("delete", "/candidates/{candidate_id}"): {"204", "401", "403", "404", "409"},
    ("post", "/candidates/import/json-resume"): {"415", "200", "401", "403", "422", "503"},
    ("get", "/applications"): {"200", "401", "403", "422", "503"},
    ("post", "/applications"): {"415", "201", "401", "403", "409", "422", "503"},
    ("get", "/applications/{application_id}"): {"200", "401", "403", "404", "503"},
    ("post", "/applications/{application_id}/move"): MOVE_STATUSES,
    ("get", "/interviews"): {"200", "401", "403", "422"},
    ("post", "/interviews"): {"415", "201", "401", "403", "409", "422"},
    ("get", "/interviews/{interview_id}"): {"200", "401", "403", "404"},
    ("get", "/interviews/{interview_id}/invite.ics"): {"200", "401", "403", "404"},
}


@pytest.mark.parametrize(("method", "path"), list(DOCUMENTED))
def test_every_pipeline_operation_documents_what_it_answers(
    spec: dict[str, Any], method: str, path: str
) -> None:
    operation = spec["paths"][API + path][method]

    # Every call with a token may be over its API_RATE_LIMIT (429).
    assert set(operation["responses"]) == DOCUMENTED[method, path] | {"429", "default"}
    assert operation["security"] == [{"bearerAuth": []}]
    assert operation["summary"]


def test_the_idempotency_key_and_the_replay_header_are_documented(spec: dict[str, Any]) -> None:
    post = spec["paths"][CANDIDATES]["post"]

    [key] = [p for p in post["parameters"] if p["in"] == "header"]
    assert key["name"] == "Idempotency-Key" and key["required"] is False
    assert "24 hours" in key["description"]
    headers = post["responses"]["201"]["headers"]
    assert headers["Location"]["required"] is True
    assert headers["Idempotent-Replayed"]["schema"]["enum"] == ["true"]
    assert "example" in post["requestBody"]["content"]["application/json"]


def test_delete_is_documented_as_an_erasure(spec: dict[str, Any]) -> None:
    delete = spec["paths"][f"{CANDIDATES}/{{candidate_id}}"]["delete"]

    text = " ".join(f"{delete['summary']} {delete['description']}".split())
    assert "This is an erasure, not a deletion of the record" in text
    assert "Erasing an erased candidate is 409" in text


def test_conflicts_document_what_the_client_needs(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]["properties"]

    assert {"candidate_id", "matches", "application_id", "current"} <= set(problem)
