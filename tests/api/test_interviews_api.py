"""/api/v1/interviews: schedule interviews, list them (interviewers: only their own), read
one, download its invite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.api.idempotency import IdempotencyKey
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.notifications.models import OutboxMessage
from tests.api.conftest import API, assert_problem, walk_pages
from tests.conftest import EXTERNAL_DATABASE_URL, UserRef, make_user
from tests.fixtures.interviews import make_interview, round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

INTERVIEWS = f"{API}/interviews"


def interview_url(interview_id: int, tail: str = "") -> str:
    return f"{INTERVIEWS}/{interview_id}{tail}"


def in_days(days: int) -> str:
    return (utcnow() + timedelta(days=days)).date().isoformat()


@pytest.fixture
def manager(users: dict[str, UserRef]) -> UserRef:
    return users["hiring_manager"]


@pytest.fixture
def setting(app: Flask, users: dict[str, UserRef], manager: UserRef) -> dict[str, Any]:
    """A job, its loop's rounds (coding staffed with the fixture interviewer and a second
    one), and an active application to it."""
    job_id = make_job(app, manager)
    rounds = round_ids(app, manager, job_id)
    second = make_user(app, ("interviewer",), name="Second Interviewer")
    staff_round(app, manager, job_id, rounds["coding"], [users["interviewer"].id, second.id])
    candidate_id = make_candidate(app, users["recruiter"])
    application_id = make_application(app, users["recruiter"], candidate_id, job_id)
    return {
        "job_id": job_id,
        "rounds": rounds,
        "second": second,
        "candidate_id": candidate_id,
        "application_id": application_id,
    }


def body_for(setting: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "application_id": setting["application_id"],
        "loop_round_id": setting["rounds"]["coding"],
        "date": in_days(10),
        "time": "14:30",
        "time_zone": "Europe/Berlin",
        "location": "https://meet.example.com/ada",
        **changes,
    }


def count_interviews(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Interview)) or 0


# --- schedule --------------------------------------------------------------------------


def test_post_schedules_an_interview_with_the_rounds_interviewers(
    client: FlaskClient,
    headers: dict[str, str],
    users: dict[str, UserRef],
    setting: dict[str, Any],
) -> None:
    response = client.post(INTERVIEWS, json=body_for(setting), headers=headers)

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert urlsplit(response.headers["Location"]).path == interview_url(body["id"])
    assert body["application_id"] == setting["application_id"]
    assert body["candidate"] == {"id": setting["candidate_id"], "name": "Ada Lovelace"}
    assert body["job"]["id"] == setting["job_id"]
    assert body["loop_round_id"] == setting["rounds"]["coding"]
    assert body["round_name"] == "Coding"
    assert body["status"] == "scheduled"
    assert body["time_zone"] == "Europe/Berlin"
    local = body["local_start"]
    assert local.startswith(f"{in_days(10)}T14:30:00+0")  # +01:00 or +02:00 (summer)
    assert body["starts_at"].endswith("+00:00")
    assert body["duration"] == 60  # the round's
    assert body["location"] == "https://meet.example.com/ada" and body["is_video_link"] is True
    assert sorted(person["id"] for person in body["interviewers"]) == sorted(
        [users["interviewer"].id, setting["second"].id]
    )
    assert urlsplit(body["ics_url"]).path == interview_url(body["id"], "/invite.ics")
    assert client.get(response.headers["Location"], headers=headers).get_json() == body


def test_the_ics_url_answers_the_invite(
    client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    body = client.post(INTERVIEWS, json=body_for(setting), headers=headers).get_json()

    response = client.get(urlsplit(body["ics_url"]).path, headers=headers)

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "BEGIN:VCALENDAR" in text and "TZID=Europe/Berlin" in text
    assert "Coding" in text


def test_chosen_interviewers_duration_and_a_room(
    client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    body = body_for(
        setting,
        interviewer_ids=[setting["second"].id],
        duration=45,
        location="Room 4.2",
        time_zone="UTC",
    )

    response = client.post(INTERVIEWS, json=body, headers=headers)

    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert [person["id"] for person in created["interviewers"]] == [setting["second"].id]
    assert created["duration"] == 45
    assert created["is_video_link"] is False
    assert created["starts_at"] == f"{in_days(10)}T14:30:00+00:00"


def _next_spring_forward() -> date:
    """The last Sunday of March when clocks move forward in Berlin, in the future."""
    year = utcnow().year + 1
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": (date.today() - timedelta(days=1)).isoformat()}, "date"),
        ({"date": _next_spring_forward().isoformat(), "time": "02:30"}, "time"),
        ({"time": "24:00"}, "time"),
        ({"time": "9:30"}, "time"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"date": "2031-02-30"}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"duration": 5}, "duration"),
        ({"application_id": 999}, "application_id"),
        ({"loop_round_id": 999}, "loop_round_id"),
        ({"interviewer_ids": [1]}, "interviewer_ids"),  # the admin: not an interviewer
        ({"location": "x" * 501}, "location"),
        ({"starts_at": "2031-01-01T10:00:00Z"}, "starts_at"),
    ],
)
def test_invalid_interviews_are_422_and_nothing_is_scheduled(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    setting: dict[str, Any],
    change: dict[str, Any],
    field: str,
) -> None:
    response = client.post(INTERVIEWS, json=body_for(setting, **change), headers=headers)

    assert field in assert_problem(response, 422)["errors"]
    assert count_interviews(app) == 0


def test_a_round_of_another_job_and_a_round_without_interviewers_are_422(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    manager: UserRef,
    setting: dict[str, Any],
) -> None:
    other_job = make_job(app, manager)
    other_round = round_ids(app, manager, other_job)["coding"]

    foreign = client.post(
        INTERVIEWS, json=body_for(setting, loop_round_id=other_round), headers=headers
    )
    unstaffed = client.post(
        INTERVIEWS,
        json=body_for(setting, loop_round_id=setting["rounds"]["overview"]),
        headers=headers,
    )

    assert "loop_round_id" in assert_problem(foreign, 422)["errors"]
    assert "interviewer_ids" in assert_problem(unstaffed, 422)["errors"]
    assert count_interviews(app) == 0


def test_interviewers_may_not_schedule(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    setting: dict[str, Any],
) -> None:
    headers = role_headers["interviewer"]

    assert_problem(client.post(INTERVIEWS, json=body_for(setting), headers=headers), 403)
    assert_problem(client.post(INTERVIEWS, json={}, headers=headers), 403)
    assert count_interviews(app) == 0


def test_without_a_token_it_is_401(client: FlaskClient) -> None:
    for response in (
        client.get(INTERVIEWS),
        client.post(INTERVIEWS, json={}),
        client.get(interview_url(1)),
        client.get(interview_url(1, "/invite.ics")),
    ):
        assert_problem(response, 401)


# --- who sees what ---------------------------------------------------------------------


@pytest.fixture
def scheduled(app: Flask, users: dict[str, UserRef], setting: dict[str, Any]) -> dict[str, int]:
    """Two interviews: one with the fixture interviewer, one with the second only."""
    recruiter = users["recruiter"]
    coding = setting["rounds"]["coding"]
    return {
        "mine": make_interview(
            app,
            recruiter,
            setting["application_id"],
            coding,
            interviewer_ids=(users["interviewer"].id,),
        ),
        "theirs": make_interview(
            app,
            recruiter,
            setting["application_id"],
            coding,
            interviewer_ids=(setting["second"].id,),
            days_ahead=8,
        ),
    }


def test_interviewers_list_and_read_only_their_interviews(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    scheduled: dict[str, int],
) -> None:
    headers = role_headers["interviewer"]

    listed = client.get(INTERVIEWS, headers=headers)

    assert listed.status_code == 200
    assert [item["id"] for item in listed.get_json()["items"]] == [scheduled["mine"]]
    assert client.get(interview_url(scheduled["mine"]), headers=headers).status_code == 200
    assert (
        client.get(interview_url(scheduled["mine"], "/invite.ics"), headers=headers).status_code
        == 200
    )
    assert_problem(client.get(interview_url(scheduled["theirs"]), headers=headers), 403)
    assert_problem(
        client.get(interview_url(scheduled["theirs"], "/invite.ics"), headers=headers), 403
    )


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_schedulers_see_every_interview(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    scheduled: dict[str, int],
    role: str,
) -> None:
    listed = client.get(INTERVIEWS, headers=role_headers[role]).get_json()

    assert [item["id"] for item in listed["items"]] == [scheduled["mine"], scheduled["theirs"]]


def test_an_unknown_interview_is_404(client: FlaskClient, headers: dict[str, str]) -> None:
    assert_problem(client.get(interview_url(999), headers=headers), 404)
    assert_problem(client.get(interview_url(999, "/invite.ics"), headers=headers), 404)


# --- the list --------------------------------------------------------------------------


@pytest.fixture
def plan(app: Flask, users: dict[str, UserRef], setting: dict[str, Any]) -> Callable[..., int]:
    def factory(days_ahead: int, time: str = "10:00", application_id: int | None = None) -> int:
        return make_interview(
            app,
            users["recruiter"],
            application_id or setting["application_id"],
            setting["rounds"]["coding"],
            days_ahead=days_ahead,
            time=time,
        )

    return factory


def test_the_list_is_soonest_first_and_pages_without_repeats_or_gaps(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    users: dict[str, UserRef],
    setting: dict[str, Any],
    plan: Callable[..., int],
) -> None:
    # Two at the same time (for two applications: one application's round and time
    # make one interview): the id breaks the tie.
    other = make_application(
        app,
        users["recruiter"],
        make_candidate(app, users["recruiter"], name="Bo", email="bo@example.com", phone=""),
        setting["job_id"],
    )
    ids = [plan(5), plan(3), plan(3, application_id=other), plan(9, "08:00"), plan(1)]
    added: list[int] = []
    later = iter(range(20, 30))

    pages = walk_pages(
        client, headers, INTERVIEWS, limit=2, between=lambda: added.append(plan(next(later)))
    )

    seen = [item["id"] for page in pages for item in page["items"]]
    expected = [ids[4], ids[1], ids[2], ids[0], ids[3]]
    # Interviews planned while paging come after the cursor: they appear, once, at the end.
    assert seen == expected + added[: len(seen) - len(expected)]
    assert len(seen) == len(set(seen))


def test_the_list_filters_by_application_and_days(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    users: dict[str, UserRef],
    setting: dict[str, Any],
    plan: Callable[..., int],
) -> None:
    other = make_application(
        app,
        users["recruiter"],
        make_candidate(app, users["recruiter"], name="Bo", email="bo@example.com", phone=""),
        setting["job_id"],
    )
    soon, later, elsewhere = plan(2), plan(6), plan(4, application_id=other)

    def ids(query: str) -> list[int]:
        response = client.get(f"{INTERVIEWS}?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["id"] for item in response.get_json()["items"]]

    assert ids(f"application_id={setting['application_id']}") == [soon, later]
    assert ids(f"application_id={other}") == [elsewhere]
    assert ids(f"from={in_days(4)}") == [elsewhere, later]
    assert ids(f"to={in_days(4)}") == [soon, elsewhere]  # the whole day is included
    assert ids(f"from={in_days(3)}&to={in_days(5)}") == [elsewhere]
    assert ids(f"from={in_days(5)}&to={in_days(3)}") == []
    assert ids("to=9999-12-31&from=0001-01-01") == [soon, elsewhere, later]


def test_a_cursor_beyond_every_id_is_after_every_interview_at_that_time(
    client: FlaskClient, headers: dict[str, str], plan: Callable[..., int]
) -> None:
    first, second = plan(1), plan(2)
    page = client.get(f"{INTERVIEWS}?limit=1", headers=headers).get_json()
    at = page["next_cursor"].split("-")[0]

    response = client.get(f"{INTERVIEWS}?cursor={at}-9999999999", headers=headers)

    assert response.status_code == 200
    assert [item["id"] for item in response.get_json()["items"]] == [second]
    assert [item["id"] for item in page["items"]] == [first]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=tomorrow", "from"),
        ("to=2031-13-01", "to"),
        ("application_id=x", "application_id"),
        ("cursor=12", "cursor"),
        ("limit=0", "limit"),
        ("status=scheduled", "status"),
    ],
)
def test_invalid_list_parameters_are_422(
    client: FlaskClient, headers: dict[str, str], query: str, field: str
) -> None:
    assert (
        field in assert_problem(client.get(f"{INTERVIEWS}?{query}", headers=headers), 422)["errors"]
    )


@pytest.mark.parametrize("role", ["recruiter", "interviewer"])
def test_the_list_runs_the_same_queries_for_2_or_30_interviews(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    plan: Callable[..., int],
    count_queries,
    role: str,
) -> None:
    headers = role_headers[role]

    def queries() -> tuple[int, int]:
        with count_queries() as counter:
            response = client.get(f"{INTERVIEWS}?limit=100", headers=headers)
        assert response.status_code == 200
        return len(response.get_json()["items"]), counter.count

    for days in range(2):
        plan(days + 1)
    queries()  # the token's first use is recorded once
    few = queries()
    for days in range(28):
        plan(days + 3)
    many = queries()

    assert (few[0], many[0]) == (2, 30)  # the fixture interviewer is on the coding round
    assert few[1] == many[1]


# --- idempotency keys ------------------------------------------------------------------


def count_invites(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def test_a_retry_with_the_same_key_replays_the_first_answer_and_sends_no_second_invite(
    app: Flask, client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    keyed = {**headers, "Idempotency-Key": "schedule-ada-1"}
    first = client.post(INTERVIEWS, json=body_for(setting), headers=keyed)
    invites = count_invites(app)
    # The same JSON value, its members in another order.
    retry = client.post(INTERVIEWS, json=dict(reversed(body_for(setting).items())), headers=keyed)

    assert first.status_code == retry.status_code == 201, first.get_data(as_text=True)
    assert retry.get_json() == first.get_json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count_interviews(app) == 1
    assert invites == 2  # one per interviewer of the round, sent once
    assert count_invites(app) == invites
    # The stored answer is the interview as it is read.
    assert client.get(first.headers["Location"], headers=headers).get_json() == first.get_json()


def test_the_same_key_with_another_body_is_422_and_schedules_nothing(
    app: Flask, client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    keyed = {**headers, "Idempotency-Key": "schedule-ada-2"}
    assert client.post(INTERVIEWS, json=body_for(setting), headers=keyed).status_code == 201
    invites = count_invites(app)

    other = client.post(INTERVIEWS, json=body_for(setting, time="16:00"), headers=keyed)

    problem = assert_problem(other, 422)
    assert "Idempotency-Key" in problem["errors"]
    assert count_interviews(app) == 1
    assert count_invites(app) == invites


def test_a_key_used_to_add_a_candidate_is_not_replayed_for_an_interview(
    app: Flask, client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    keyed = {**headers, "Idempotency-Key": "one-key"}
    body = body_for(setting)
    # A body that would also be a valid candidate could never match: keys are per endpoint.
    added = client.post(
        f"{API}/candidates",
        json={"name": "Alan Turing", "email": "alan@example.com"},
        headers=keyed,
    )
    assert added.status_code == 201

    response = client.post(INTERVIEWS, json=body, headers=keyed)

    assert "Idempotency-Key" in assert_problem(response, 422)["errors"]
    assert count_interviews(app) == 0


def test_a_refused_request_is_not_kept_against_its_key(
    app: Flask, client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    keyed = {**headers, "Idempotency-Key": "fix-and-retry"}
    assert_problem(client.post(INTERVIEWS, json=body_for(setting, duration=5), headers=keyed), 422)

    fixed = client.post(INTERVIEWS, json=body_for(setting, duration=45), headers=keyed)

    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers
    assert count_interviews(app) == 1


def test_a_retry_that_lost_the_race_replays_the_winner(
    app: Flask,
    client: FlaskClient,
    headers: dict[str, str],
    setting: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loser found no key when it looked (the winner had not committed yet), then
    failed on the key's unique constraint: it answers the winner's response."""
    from hiring.api import idempotency

    keyed = {**headers, "Idempotency-Key": "race"}
    winner = client.post(INTERVIEWS, json=body_for(setting), headers=keyed)
    invites = count_invites(app)
    real = idempotency.stored_response
    calls: list[str] = []

    def not_yet_committed_at_first(user_id: int, key: str, fingerprint: str):
        calls.append(key)
        return None if len(calls) == 1 else real(user_id, key, fingerprint)

    monkeypatch.setattr(idempotency, "stored_response", not_yet_committed_at_first)

    loser = client.post(INTERVIEWS, json=body_for(setting), headers=keyed)

    assert len(calls) == 2
    assert loser.status_code == 201, loser.get_data(as_text=True)
    assert loser.get_json() == winner.get_json()
    assert loser.headers["Idempotent-Replayed"] == "true"
    assert count_interviews(app) == 1
    assert count_invites(app) == invites


@pytest.fixture
def shared_app(make_app, tmp_path) -> Flask:
    """An app whose requests use separate connections: a SQLite file, or the external
    database, so two requests really run at once."""
    if EXTERNAL_DATABASE_URL:
        return make_app()
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'api.sqlite3'}")
    with app.app_context():
        db.create_all()
    return app


def test_requests_at_once_with_one_key_schedule_one_interview(shared_app: Flask) -> None:
    from tests.api.conftest import issue_token, post_at_once

    manager = make_user(shared_app, ("hiring_manager",))
    recruiter = make_user(shared_app, ("recruiter",))
    interviewer = make_user(shared_app, ("interviewer",))
    job_id = make_job(shared_app, manager)
    rounds = round_ids(shared_app, manager, job_id)
    staff_round(shared_app, manager, job_id, rounds["coding"], [interviewer.id])
    application_id = make_application(
        shared_app, recruiter, make_candidate(shared_app, recruiter), job_id
    )
    setting = {"application_id": application_id, "rounds": rounds}
    keyed = {**issue_token(shared_app, recruiter).headers, "Idempotency-Key": "at-once"}
    answers = post_at_once(shared_app, INTERVIEWS, body_for(setting), keyed)

    assert [status for status, _, _ in answers] == [201] * 4, answers
    assert len({body["id"] for _, body, _ in answers}) == 1
    assert sorted(str(replayed) for _, _, replayed in answers) == ["None", "true", "true", "true"]
    assert count_interviews(shared_app) == 1
    assert count_invites(shared_app) == 1
    with shared_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1
        db.session.remove()


def test_the_idempotency_key_is_documented(client: FlaskClient) -> None:
    post = client.get(f"{API}/openapi.json").get_json()["paths"][INTERVIEWS]["post"]

    [key] = [p for p in post["parameters"] if p["in"] == "header"]
    assert key["name"] == "Idempotency-Key" and key["required"] is False
    assert "24 hours" in key["description"]
    assert post["responses"]["201"]["headers"]["Idempotent-Replayed"]["schema"]["enum"] == ["true"]


def test_the_same_round_and_time_twice_without_a_key_is_409(
    app: Flask, client: FlaskClient, headers: dict[str, str], setting: dict[str, Any]
) -> None:
    assert client.post(INTERVIEWS, json=body_for(setting), headers=headers).status_code == 201
    again = client.post(INTERVIEWS, json=body_for(setting), headers=headers)

    assert_problem(again, 409)
    assert "already scheduled" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Interview)) == 1
