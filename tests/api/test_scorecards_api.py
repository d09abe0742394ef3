"""/api/v1 scorecards: one's own draft, its changes, submitting, amending, and reading the
scorecards of an interview or an application (natively and in Harvest's shape) under
the scorecard pages' rules."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import API, assert_problem
from tests.conftest import UserRef, make_user
from tests.fixtures.evaluation import EVIDENCE, Loop, hold_interview, make_loop, submit_card

CODING = {"coding": "3", "ml-fundamentals": "2"}
FULL_DRAFT = {
    "ratings": [
        {"skill": "coding", "rating": 3, "evidence": EVIDENCE["coding"]},
        {"skill": "ml-fundamentals", "rating": 2, "evidence": EVIDENCE["ml-fundamentals"]},
    ],
    "recommendation": "no",
}
REASON = "Re-read my notes: the bias-variance answer was complete and correct."


def interview_cards(interview_id: int) -> str:
    return f"{API}/interviews/{interview_id}/scorecards"


def card_url(scorecard_id: int, tail: str = "") -> str:
    return f"{API}/scorecards/{scorecard_id}{tail}"


def application_cards(application_id: int, query: str = "") -> str:
    return f"{API}/applications/{application_id}/scorecards{query}"


@pytest.fixture
def loop(app: Flask) -> Loop:
    return make_loop(app)


@pytest.fixture
def coding(loop: Loop) -> tuple[int, UserRef]:
    """A coding interview that started three hours ago, and its interviewer."""
    interview_id = hold_interview(loop, "coding")
    return interview_id, loop.interviewers["coding"]


def start(client: FlaskClient, headers: dict[str, str], interview_id: int, **body: Any):
    return client.post(interview_cards(interview_id), json=body, headers=headers)


# --- the caller's own draft --------------------------------------------------------------


def test_an_interviewer_starts_a_draft_with_201_and_its_location(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding

    response = start(
        client,
        headers_of(person),
        interview_id,
        ratings=[{"skill": "coding", "rating": 3, "evidence": "Started well."}],
    )

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert urlsplit(response.headers["Location"]).path == card_url(body["id"])
    assert body["status"] == "draft" and body["submitted_at"] is None
    assert body["interview_id"] == interview_id
    assert body["application_id"] == loop.application_id
    assert body["candidate_id"] == loop.candidate_id
    assert body["interviewer"] == {"id": person.id, "name": person.name}
    assert body["round_name"] == "Coding"
    assert body["ratings"] == [
        {
            "skill": "coding",
            "name": "Coding",
            "rating": 3,
            "not_assessed": False,
            "evidence": "Started well.",
            "amended": False,
        }
    ]
    assert body["recommendation"] == "" and body["amendments"] == []
    assert client.get(response.headers["Location"], headers=headers_of(person)).get_json() == body


def test_a_second_draft_for_the_same_interview_is_409_naming_the_first(
    client: FlaskClient, coding, headers_of
) -> None:
    interview_id, person = coding
    first = start(client, headers_of(person), interview_id).get_json()

    problem = assert_problem(start(client, headers_of(person), interview_id), 409)

    assert problem["scorecard_id"] == first["id"]


def test_before_the_interview_starts_it_is_422(client: FlaskClient, loop: Loop, headers_of) -> None:
    person = make_user(loop.app)
    interview_id = hold_interview(loop, "coding", interviewers=(person,), hours_ago=-24)

    problem = assert_problem(start(client, headers_of(person), interview_id), 422)

    assert "opens when the interview starts" in problem["errors"]["_schema"][0]


def test_only_the_interviewers_on_the_interview_write_a_scorecard(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, _ = coding
    other = make_user(loop.app)

    assert_problem(start(client, headers_of(loop.manager), interview_id), 403)
    assert_problem(start(client, headers_of(loop.recruiter), interview_id), 403)
    assert_problem(start(client, headers_of(other), interview_id), 403)
    # A hiring manager is refused before the body is read.
    invalid = client.post(
        interview_cards(interview_id), json={"ratings": "x"}, headers=headers_of(loop.manager)
    )
    assert_problem(invalid, 403)
    assert_problem(start(client, headers_of(other), 999_999), 404)


def test_patch_changes_only_the_skills_and_fields_sent(
    client: FlaskClient, coding, headers_of
) -> None:
    interview_id, person = coding
    headers = headers_of(person)
    draft = start(
        client, headers, interview_id, **FULL_DRAFT, notes="Asked about tests."
    ).get_json()

    response = client.patch(
        card_url(draft["id"]),
        json={
            "version": draft["version"],
            "ratings": [{"skill": "ml-fundamentals", "not_assessed": True}],
        },
        headers=headers,
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    ratings = {r["skill"]: (r["rating"], r["not_assessed"]) for r in body["ratings"]}
    assert ratings == {"coding": (3, False), "ml-fundamentals": (None, True)}
    assert body["notes"] == "Asked about tests." and body["recommendation"] == "no"
    assert body["version"] > draft["version"]


def test_a_stale_version_is_409_and_changes_nothing(
    client: FlaskClient, coding, headers_of
) -> None:
    interview_id, person = coding
    headers = headers_of(person)
    draft = start(client, headers, interview_id, **FULL_DRAFT).get_json()
    client.patch(card_url(draft["id"]), json={"version": 1, "notes": "First"}, headers=headers)

    stale = client.patch(
        card_url(draft["id"]), json={"version": 1, "notes": "Lost"}, headers=headers
    )

    assert "version 1" in assert_problem(stale, 409)["detail"]
    assert client.get(card_url(draft["id"]), headers=headers).get_json()["notes"] == "First"


def test_a_rating_with_not_assessed_and_an_unknown_skill_are_422(
    client: FlaskClient, coding, headers_of
) -> None:
    interview_id, person = coding
    headers = headers_of(person)
    draft = start(client, headers, interview_id).get_json()

    both = client.patch(
        card_url(draft["id"]),
        json={"version": 1, "ratings": [{"skill": "coding", "rating": 2, "not_assessed": True}]},
        headers=headers,
    )
    unknown = client.patch(
        card_url(draft["id"]),
        json={"version": 1, "ratings": [{"skill": "mlops", "rating": 2}]},
        headers=headers,
    )

    assert "ratings" in assert_problem(both, 422)["errors"]
    assert "not a focus skill" in assert_problem(unknown, 422)["errors"]["ratings"][0]


def test_submitting_checks_everything_then_the_scorecard_is_final(
    client: FlaskClient, coding, headers_of
) -> None:
    interview_id, person = coding
    headers = headers_of(person)
    draft = start(
        client, headers, interview_id, ratings=[{"skill": "coding", "rating": 3}]
    ).get_json()

    refused = client.post(card_url(draft["id"], "/submit"), json={"version": 1}, headers=headers)

    errors = assert_problem(refused, 422)["errors"]
    assert {"evidence:coding", "rating:ml-fundamentals", "recommendation"} <= set(errors)
    submitted = client.post(
        card_url(draft["id"], "/submit"), json={"version": 1, **FULL_DRAFT}, headers=headers
    )
    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    body = submitted.get_json()
    assert body["status"] == "submitted" and body["submitted_at"]
    again = client.patch(
        card_url(draft["id"]), json={"version": body["version"], "notes": "x"}, headers=headers
    )
    assert "final" in assert_problem(again, 409)["detail"]
    resubmit = client.post(
        card_url(draft["id"], "/submit"), json={"version": body["version"]}, headers=headers
    )
    assert_problem(resubmit, 409)


def test_nobody_changes_someone_elses_scorecard(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    card = submit_card(loop, interview_id, person, CODING, "no")
    admin = make_user(loop.app, ("admin",))

    patch = client.patch(card_url(card), json={"version": 2}, headers=headers_of(admin))
    manager = client.patch(card_url(card), json={"version": 2}, headers=headers_of(loop.manager))

    assert_problem(patch, 403)
    assert_problem(manager, 403)


# --- who reads what ----------------------------------------------------------------------


def test_drafts_are_their_authors_alone(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    draft = start(client, headers_of(person), interview_id).get_json()

    assert_problem(client.get(card_url(draft["id"]), headers=headers_of(loop.manager)), 404)
    listed = client.get(interview_cards(interview_id), headers=headers_of(loop.manager))
    assert listed.get_json() == {"items": [], "others_hidden": False}
    own = client.get(interview_cards(interview_id), headers=headers_of(person)).get_json()
    assert [item["id"] for item in own["items"]] == [draft["id"]]


def test_an_interviewer_reads_the_others_only_after_submitting_their_own(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, first = coding
    card = submit_card(loop, interview_id, first, CODING, "no")
    second = make_user(loop.app)
    systems = hold_interview(loop, "ml-systems", interviewers=(second,))
    headers = headers_of(second)

    hidden = client.get(card_url(card), headers=headers)
    listed = client.get(interview_cards(interview_id), headers=headers).get_json()
    harvest = client.get(application_cards(loop.application_id, "?format=harvest"), headers=headers)

    assert "submitted your own" in assert_problem(hidden, 403)["detail"]
    assert listed == {"items": [], "others_hidden": True}
    assert harvest.get_json() == []
    submit_card(loop, systems, second, {"mlops": "2", "model-evaluation": "3"}, "yes")
    assert client.get(card_url(card), headers=headers).status_code == 200
    after = client.get(interview_cards(interview_id), headers=headers).get_json()
    assert [item["id"] for item in after["items"]] == [card] and not after["others_hidden"]


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_the_hiring_team_reads_every_submitted_scorecard(
    client: FlaskClient, loop: Loop, coding, role: str, headers_of
) -> None:
    interview_id, person = coding
    card = submit_card(loop, interview_id, person, CODING, "no")
    reader = make_user(loop.app, (role,))

    assert client.get(card_url(card), headers=headers_of(reader)).status_code == 200
    listed = client.get(interview_cards(interview_id), headers=headers_of(reader)).get_json()
    assert [item["id"] for item in listed["items"]] == [card]


def test_an_interviewer_not_on_the_candidate_reads_nothing(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    card = submit_card(loop, interview_id, person, CODING, "no")
    stranger = headers_of(make_user(loop.app))

    assert_problem(client.get(card_url(card), headers=stranger), 403)
    assert_problem(client.get(interview_cards(interview_id), headers=stranger), 403)
    assert_problem(client.get(application_cards(loop.application_id), headers=stranger), 403)


def test_unknown_ids_are_404_and_no_token_is_401(client: FlaskClient, headers_of, loop) -> None:
    headers = headers_of(loop.manager)

    assert_problem(client.get(card_url(999_999), headers=headers), 404)
    assert_problem(client.get(interview_cards(999_999), headers=headers), 404)
    assert_problem(client.get(application_cards(999_999), headers=headers), 404)
    assert_problem(client.get(card_url(1)), 401)


# --- amendments --------------------------------------------------------------------------


def amendment(version: int, **changes: Any) -> dict[str, Any]:
    return {
        "version": version,
        "reason": REASON,
        "ratings": [
            {
                "skill": "ml-fundamentals",
                "rating": 3,
                "evidence": "Explained bias and variance with the learning curves of their model.",
            }
        ],
        "recommendation": "yes",
        **changes,
    }


def test_the_author_amends_and_the_answer_shows_who_when_why_and_what(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    card = submit_card(loop, interview_id, person, CODING, "no")
    version = client.get(card_url(card), headers=headers_of(person)).get_json()["version"]

    response = client.post(
        card_url(card, "/amend"), json=amendment(version), headers=headers_of(person)
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    fundamentals = next(r for r in body["ratings"] if r["skill"] == "ml-fundamentals")
    assert fundamentals["rating"] == 3 and fundamentals["amended"] is True
    assert next(r for r in body["ratings"] if r["skill"] == "coding")["amended"] is False
    assert body["recommendation"] == "yes" and body["recommendation_amended"] is True
    [made] = body["amendments"]
    assert made["author"] == {"id": person.id, "name": person.name}
    assert made["reason"] == REASON and made["recommendation"] == "yes" and made["created_at"]
    assert [r["skill"] for r in made["ratings"]] == ["ml-fundamentals"]
    assert body["version"] > version and body["status"] == "submitted"
    # Harvest sees the amended values too.
    [harvest] = client.get(
        application_cards(loop.application_id, "?format=harvest"), headers=headers_of(loop.manager)
    ).get_json()
    assert harvest["overall_recommendation"] == "yes"


def test_amending_is_for_the_author_or_an_admin_of_a_submitted_card(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    card = submit_card(loop, interview_id, person, CODING, "no")
    version = client.get(card_url(card), headers=headers_of(person)).get_json()["version"]
    admin = make_user(loop.app, ("admin",))

    manager = client.post(
        card_url(card, "/amend"), json=amendment(version), headers=headers_of(loop.manager)
    )
    by_admin = client.post(
        card_url(card, "/amend"), json=amendment(version), headers=headers_of(admin)
    )
    stale = client.post(
        card_url(card, "/amend"), json=amendment(version), headers=headers_of(person)
    )
    no_reason = client.post(
        card_url(card, "/amend"),
        json=amendment(by_admin.get_json()["version"], reason="Because."),
        headers=headers_of(person),
    )

    assert_problem(manager, 403)
    assert by_admin.status_code == 200, by_admin.get_data(as_text=True)
    assert by_admin.get_json()["amendments"][0]["author"]["id"] == admin.id
    assert_problem(stale, 409)
    assert "reason" in assert_problem(no_reason, 422)["errors"]


def test_a_draft_is_not_amended(client: FlaskClient, coding, headers_of) -> None:
    interview_id, person = coding
    draft = start(client, headers_of(person), interview_id).get_json()

    response = client.post(
        card_url(draft["id"], "/amend"), json=amendment(1), headers=headers_of(person)
    )

    assert "PATCH" in assert_problem(response, 409)["detail"]


# --- an application's scorecards, natively and as Harvest has them ------------------------


def test_harvest_maps_ratings_and_recommendations_to_harvest_words(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    first, second = make_user(loop.app, name="Ivy Interviewer"), make_user(loop.app)
    interview_id = hold_interview(loop, "coding", interviewers=(first, second))
    card = submit_card(
        loop, interview_id, first, {"coding": "1", "ml-fundamentals": "4"}, "strong_no"
    )
    submit_card(loop, interview_id, second, {"coding": "2"}, "strong_yes")  # fundamentals: na
    systems = hold_interview(loop, "ml-systems")
    submit_card(loop, systems, loop.interviewers["ml-systems"], {"mlops": "3"}, "yes")
    hold_interview(loop, "overview")  # a draft-less seat: nothing listed for it

    response = client.get(
        application_cards(loop.application_id, "?format=harvest"), headers=headers_of(loop.manager)
    )

    assert response.status_code == 200
    cards = response.get_json()
    assert isinstance(cards, list) and len(cards) == 3
    harvest = next(item for item in cards if item["id"] == card)
    assert harvest["overall_recommendation"] == "definitely_not"
    assert harvest["attributes"] == [
        {
            "name": "Coding",
            "type": "Skills",
            "note": EVIDENCE["coding"],
            "rating": "definitely_not",
        },
        {
            "name": "Machine learning fundamentals",
            "type": "Skills",
            "note": EVIDENCE["ml-fundamentals"],
            "rating": "strong_yes",
        },
    ]
    assert harvest["ratings"] == {
        "definitely_not": ["Coding"],
        "no": [],
        "mixed": [],
        "yes": [],
        "strong_yes": ["Machine learning fundamentals"],
    }
    person = {"id": first.id, "name": "Ivy Interviewer", "email": first.email}
    assert harvest["interviewer"] == harvest["submitted_by"] == person
    assert harvest["interview"] == "Coding"
    assert harvest["interview_step"] == {"id": loop.rounds["coding"], "name": "Coding"}
    assert harvest["candidate_id"] == loop.candidate_id
    assert harvest["application_id"] == loop.application_id
    assert harvest["interviewed_at"] and harvest["submitted_at"] and harvest["created_at"]
    other = next(item for item in cards if item["interviewer"]["id"] == second.id)
    assert other["overall_recommendation"] == "strong_yes"
    assert [a["rating"] for a in other["attributes"]] == ["no", "no_decision"]
    assert other["attributes"][1]["note"] is None
    third = next(item for item in cards if item["interview"] == "ML systems")
    assert third["attributes"][0]["rating"] == "yes"
    assert third["overall_recommendation"] == "yes"
    # No candidate contact details, only ids.
    assert "ada@example.com" not in json.dumps(cards)


def test_the_native_format_lists_submitted_scorecards_only(
    client: FlaskClient, loop: Loop, coding, headers_of
) -> None:
    interview_id, person = coding
    systems = hold_interview(loop, "ml-systems")
    start(client, headers_of(loop.interviewers["ml-systems"]), systems)
    card = submit_card(loop, interview_id, person, CODING, "no")

    for query in ("", "?format=native"):
        body = client.get(
            application_cards(loop.application_id, query), headers=headers_of(loop.manager)
        ).get_json()
        assert [item["id"] for item in body["items"]] == [card]
        assert body["others_hidden"] is False
        assert body["items"][0]["status"] == "submitted"
    bad = client.get(
        application_cards(loop.application_id, "?format=xml"), headers=headers_of(loop.manager)
    )
    assert "format" in assert_problem(bad, 422)["errors"]


def test_harvest_mapping_is_documented(client: FlaskClient) -> None:
    spec = client.get(f"{API}/openapi.json").get_json()
    attribute = spec["components"]["schemas"]["HarvestAttribute"]["properties"]["rating"]
    overall = spec["components"]["schemas"]["HarvestScorecard"]["properties"]

    assert set(attribute["enum"]) == {"definitely_not", "no", "yes", "strong_yes", "no_decision"}
    assert "4 strong_yes" in attribute["description"]
    assert set(overall["overall_recommendation"]["enum"]) == set(attribute["enum"])
    get = spec["paths"][f"{API}/applications/{{application_id}}/scorecards"]["get"]
    assert "definitely_not" in get["description"]
    assert len(get["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"]) == 2


DOCUMENTED = {
    ("get", "/interviews/{interview_id}/scorecards"): {"200", "401", "403", "404"},
    ("post", "/interviews/{interview_id}/scorecards"): {
        "415",
        "201",
        "401",
        "403",
        "404",
        "409",
        "422",
    },
    ("get", "/scorecards/{scorecard_id}"): {"200", "401", "403", "404"},
    ("patch", "/scorecards/{scorecard_id}"): {"415", "200", "401", "403", "404", "409", "422"},
    ("post", "/scorecards/{scorecard_id}/submit"): {
        "415",
        "200",
        "401",
        "403",
        "404",
        "409",
        "422",
    },
    ("post", "/scorecards/{scorecard_id}/amend"): {"415", "200", "401", "403", "404", "409", "422"},
    ("get", "/applications/{application_id}/scorecards"): {"200", "401", "403", "404", "422"},
}


@pytest.mark.parametrize(("method", "path"), list(DOCUMENTED))
def test_every_scorecard_operation_documents_what_it_answers(
    client: FlaskClient, method: str, path: str
) -> None:
    spec = client.get(f"{API}/openapi.json").get_json()
    operation = spec["paths"][API + path][method]

    # Every call with a token may be over its API_RATE_LIMIT (429).
    assert set(operation["responses"]) == DOCUMENTED[method, path] | {"429", "default"}
    assert operation["security"] == [{"bearerAuth": []}]
    assert operation["summary"] and operation["description"]
