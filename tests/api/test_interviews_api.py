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

from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from tests.api.conftest import API, assert_problem, walk_pages
from tests.conftest import UserRef, make_user
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
    client: FlaskClient, headers: dict[str, str], plan: Callable[..., int]
) -> None:
    # Two at the same time: the id breaks the tie.
    ids = [plan(5), plan(3), plan(3), plan(9, "08:00"), plan(1)]
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
