"""/api/v1/interviews after a cancellation: its interviewers read a cancellation notice
(no candidate, application, round link or location), as the OpenAPI document says;
admins, hiring managers and recruiters keep the whole record."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import update

from hiring.accounts import services as accounts
from hiring.extensions import db
from hiring.interviews import scheduling
from hiring.interviews.models import Interview
from tests.api.conftest import API
from tests.conftest import UserRef
from tests.fixtures.interviews import Setup, coding_setup, make_interview

INTERVIEWS = f"{API}/interviews"
LOCATION = "https://meet.example.com/ada-lovelace-coding"


def cancel(app: Flask, users: dict[str, UserRef], interview_id: int) -> None:
    with app.app_context():
        scheduling.cancel(
            accounts.get_user(users["recruiter"].id), interview_id, expected_version=None
        )


@pytest.fixture
def setup(app: Flask, users: dict[str, UserRef]) -> Setup:
    return coding_setup(app, users)


@pytest.fixture
def booked(app: Flask, users: dict[str, UserRef], setup: Setup) -> dict[str, int]:
    """Two interviews of Ada's with the fixture interviewer: one cancelled (in a video
    room named after her), one still on."""
    cancelled = make_interview(app, users["recruiter"], setup.application_id, setup.round_id)
    with app.app_context():
        db.session.execute(
            update(Interview).where(Interview.id == cancelled).values(location=LOCATION)
        )
        db.session.commit()
    cancel(app, users, cancelled)
    still_on = make_interview(
        app, users["recruiter"], setup.application_id, setup.round_id, days_ahead=9
    )
    return {"cancelled": cancelled, "still_on": still_on}


def assert_notice(body: dict[str, Any], setup: Setup, interview_id: int) -> None:
    assert body["id"] == interview_id
    assert body["status"] == "cancelled"
    assert body["application_id"] is None
    assert body["candidate"] is None
    assert body["loop_round_id"] is None
    assert body["location"] == "" and body["is_video_link"] is False
    assert body["round_name"] == "Coding"
    assert body["job"] == {"id": setup.job_id, "title": "Senior ML engineer, search ranking"}
    assert urlsplit(body["ics_url"]).path == f"{INTERVIEWS}/{interview_id}/invite.ics"
    text = json.dumps(body)
    for trace in ("Ada", "Lovelace", "ada@example.com", LOCATION):
        assert trace not in text, trace


def test_an_interviewer_reads_a_cancelled_interview_as_its_notice(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    setup: Setup,
    booked: dict[str, int],
) -> None:
    response = client.get(
        f"{INTERVIEWS}/{booked['cancelled']}", headers=role_headers["interviewer"]
    )

    assert response.status_code == 200
    assert_notice(response.get_json(), setup, booked["cancelled"])


def test_an_interviewers_list_holds_the_notice_beside_the_interview_still_on(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    setup: Setup,
    booked: dict[str, int],
) -> None:
    items = client.get(INTERVIEWS, headers=role_headers["interviewer"]).get_json()["items"]

    assert [item["id"] for item in items] == [booked["cancelled"], booked["still_on"]]
    notice, still_on = items
    assert_notice(notice, setup, booked["cancelled"])
    assert still_on["candidate"] == {"id": setup.candidate_id, "name": "Ada Lovelace"}
    assert still_on["application_id"] == setup.application_id


def test_filtering_by_application_never_ties_a_notice_to_it(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    setup: Setup,
    booked: dict[str, int],
) -> None:
    listed = client.get(
        INTERVIEWS,
        query_string={"application_id": setup.application_id},
        headers=role_headers["interviewer"],
    ).get_json()

    assert [item["id"] for item in listed["items"]] == [booked["still_on"]]


def test_the_notices_invite_cancels_the_event_and_names_nobody(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    booked: dict[str, int],
) -> None:
    response = client.get(
        f"{INTERVIEWS}/{booked['cancelled']}/invite.ics", headers=role_headers["interviewer"]
    )

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) >= 1
    unfolded = response.get_data(as_text=True).replace("\r\n ", "")
    assert "Ada" not in unfolded and "Lovelace" not in unfolded and LOCATION not in unfolded


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_schedulers_keep_the_whole_cancelled_record(
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    setup: Setup,
    booked: dict[str, int],
    role: str,
) -> None:
    headers = role_headers[role]
    body = client.get(f"{INTERVIEWS}/{booked['cancelled']}", headers=headers).get_json()
    listed = client.get(
        INTERVIEWS, query_string={"application_id": setup.application_id}, headers=headers
    ).get_json()

    assert body["status"] == "cancelled"
    assert body["candidate"] == {"id": setup.candidate_id, "name": "Ada Lovelace"}
    assert body["application_id"] == setup.application_id
    assert body["loop_round_id"] == setup.round_id
    assert body["location"] == LOCATION
    assert [item["id"] for item in listed["items"]] == [booked["cancelled"], booked["still_on"]]
    assert listed["items"][0] == body


def test_the_notice_is_what_the_openapi_document_describes(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    booked: dict[str, int],
) -> None:
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    headers = role_headers["interviewer"]
    one = schema.find_operation_by_label("GET /api/v1/interviews/{interview_id}")
    listing = schema.find_operation_by_label("GET /api/v1/interviews")
    assert one is not None and listing is not None

    # validate_response raises on a body the document does not allow.
    one.validate_response(client.get(f"{INTERVIEWS}/{booked['cancelled']}", headers=headers))
    listing.validate_response(client.get(INTERVIEWS, headers=headers))
    spec = client.get(f"{API}/openapi.json").get_json()
    record = spec["components"]["schemas"]["Interview"]
    assert "cancellation notice" in record["description"]
    assert (
        "null in an interviewer's cancellation notice"
        in (record["properties"]["candidate"]["description"])
    )


def test_the_candidate_and_the_scorecards_stay_refused(
    app: Flask,
    client: FlaskClient,
    role_headers: dict[str, dict[str, str]],
    users: dict[str, UserRef],
    setup: Setup,
) -> None:
    interview_id = make_interview(app, users["recruiter"], setup.application_id, setup.round_id)
    cancel(app, users, interview_id)
    headers = role_headers["interviewer"]

    for url in (
        f"{API}/candidates/{setup.candidate_id}",
        f"{API}/applications/{setup.application_id}",
        f"{INTERVIEWS}/{interview_id}/scorecards",
        f"{API}/applications/{setup.application_id}/scorecards",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 403, url
        assert "Ada" not in response.get_data(as_text=True)
    draft = client.post(f"{INTERVIEWS}/{interview_id}/scorecards", json={}, headers=headers)
    assert draft.status_code == 403
