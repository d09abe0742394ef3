"""/api/v1/applications/{id}/evaluation and /decision: the verdict with the evidence
behind it under the debrief's access rules, and hire / no hire decisions with their
history, conflicts and overrides."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import API, assert_problem
from tests.conftest import make_user
from tests.fixtures.evaluation import (
    EVIDENCE,
    Loop,
    hold_interview,
    make_loop,
    rubrics_with_an_offer,
    submit_card,
)

RATIONALE = "ML fundamentals below the bar in both coding scorecards; no hire."
OVERRIDE = "The team can pair on fundamentals for the first quarter; we accept the risk."


def evaluation_url(application_id: int) -> str:
    return f"{API}/applications/{application_id}/evaluation"


def decision_url(application_id: int) -> str:
    return f"{API}/applications/{application_id}/decision"


@pytest.fixture
def app(make_app, tmp_path) -> Flask:
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def loop(app: Flask) -> Loop:
    return make_loop(app)


def full_loop(loop: Loop) -> dict[str, int]:
    """Overview, coding (two interviewers who disagree) and ML systems done: ML
    fundamentals below the bar, MLOps a trainable gap. Answers the scorecard ids."""
    overview = hold_interview(loop, "overview")
    cards = {
        "overview": submit_card(
            loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes"
        )
    }
    first, second = make_user(loop.app), make_user(loop.app)
    coding = hold_interview(loop, "coding", interviewers=(first, second))
    cards["coding"] = submit_card(
        loop, coding, first, {"coding": "3", "ml-fundamentals": "2"}, "yes"
    )
    cards["coding-2"] = submit_card(
        loop, coding, second, {"coding": "1", "ml-fundamentals": "2"}, "no"
    )
    systems = hold_interview(loop, "ml-systems")
    cards["ml-systems"] = submit_card(
        loop,
        systems,
        loop.interviewers["ml-systems"],
        {"mlops": "1", "model-evaluation": "4"},
        "yes",
    )
    return cards


def decide(client: FlaskClient, headers: dict[str, str], loop: Loop, **changes: Any) -> Any:
    body = {"outcome": "no_hire", "rationale": RATIONALE, "revises": None, **changes}
    return client.post(decision_url(loop.application_id), json=body, headers=headers)


# --- the evaluation ----------------------------------------------------------------------


def test_the_evaluation_explains_a_must_have_below_the_bar(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    cards = full_loop(loop)

    response = client.get(evaluation_url(loop.application_id), headers=headers_of(loop.manager))

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["verdict"] == "below_bar"
    assert body["application_id"] == loop.application_id
    assert body["candidate"]["id"] == loop.candidate_id
    must = {m["skill"]: m for m in body["must_haves"]}
    assert set(must) == {"coding", "ml-fundamentals"}
    fundamentals = must["ml-fundamentals"]
    assert fundamentals["status"] == "fail" and fundamentals["bar"] == 3
    assert fundamentals["median"] == 2 and fundamentals["range"] == [2, 2]
    assert fundamentals["count"] == 2 and fundamentals["rounds_planned"] == ["Coding"]
    assert {r["scorecard_id"] for r in fundamentals["ratings"]} == {
        cards["coding"],
        cards["coding-2"],
    }
    assert must["coding"]["median"] == 1  # the lower middle of 1 and 3
    text = " ".join(body["explanation"])
    assert "Machine learning fundamentals" in text and EVIDENCE["ml-fundamentals"] in text
    assert [(g["skill"], g["gap"], g["weeks"]) for g in body["growth_plan"]] == [("mlops", 2, 12)]
    assert {t["skill"]: t["status"] for t in body["trainable"]} == {"mlops": "gap"}
    assert body["strengths"] == []  # nothing a point above its bar
    kinds = {flag["kind"] for flag in body["flags"]}
    assert {"rating_disagreement", "recommendation_disagreement"} <= kinds
    assert body["level_recommendation"]["levels"]
    assert [o["skill"] for o in body["other_skills"]] == ["communication"]
    assert body["matrix"]["rounds"] == ["Overview", "Coding", "ML systems"]
    assert body["scorecards"] == {"expected": 4, "submitted": 4, "late": 0}
    assert body["complete"] is True and body["rounds_outstanding"] == []
    assert {r["recommendation"] for r in body["recommendations"]} == {"yes", "no"}
    assert "senior" in {level["level"] for level in body["levels"]}
    assert body["decision"] is None


def test_a_missing_must_have_is_incomplete_naming_its_round(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    overview = hold_interview(loop, "overview")
    submit_card(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")

    body = client.get(
        evaluation_url(loop.application_id), headers=headers_of(loop.manager)
    ).get_json()

    assert body["verdict"] == "incomplete"
    assert {m["status"] for m in body["must_haves"]} == {"missing"}
    assert all(m["median"] is None and m["range"] is None for m in body["must_haves"])
    assert all(m["rounds_outstanding"] == ["Coding"] for m in body["must_haves"])
    assert "Coding" in body["rounds_outstanding"] and body["complete"] is False


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_the_hiring_team_reads_the_evaluation(
    client: FlaskClient, loop: Loop, role: str, headers_of
) -> None:
    full_loop(loop)
    reader = make_user(loop.app, (role,))

    for url in (evaluation_url(loop.application_id), decision_url(loop.application_id)):
        assert client.get(url, headers=headers_of(reader)).status_code == 200


def test_an_interviewer_reads_it_only_after_submitting_their_own(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    stranger = make_user(loop.app)

    owes = client.get(evaluation_url(loop.application_id), headers=headers_of(person))
    assert "submitted your own" in assert_problem(owes, 403)["detail"]
    assert_problem(client.get(decision_url(loop.application_id), headers=headers_of(person)), 403)
    submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "3"}, "yes")
    after = client.get(evaluation_url(loop.application_id), headers=headers_of(person))
    assert after.status_code == 200 and after.get_json()["verdict"] == "meets_bar"
    strange = client.get(evaluation_url(loop.application_id), headers=headers_of(stranger))
    assert_problem(strange, 403)


def test_an_unknown_application_is_404_and_no_token_is_401(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    assert_problem(client.get(evaluation_url(999_999), headers=headers_of(loop.manager)), 404)
    assert_problem(client.get(decision_url(999_999), headers=headers_of(loop.manager)), 404)
    assert_problem(client.get(evaluation_url(loop.application_id)), 401)


def test_an_amendment_through_the_api_changes_the_verdict(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    card = submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "2"}, "no")
    url = evaluation_url(loop.application_id)
    assert client.get(url, headers=headers_of(loop.manager)).get_json()["verdict"] == "below_bar"
    version = client.get(f"{API}/scorecards/{card}", headers=headers_of(person)).get_json()[
        "version"
    ]

    amended = client.post(
        f"{API}/scorecards/{card}/amend",
        json={
            "version": version,
            "reason": "Re-read my notes: the bias-variance answer was complete and correct.",
            "ratings": [
                {
                    "skill": "ml-fundamentals",
                    "rating": 3,
                    "evidence": "Explained bias and variance with learning curves of their model.",
                }
            ],
        },
        headers=headers_of(person),
    )

    assert amended.status_code == 200, amended.get_data(as_text=True)
    body = client.get(url, headers=headers_of(loop.manager)).get_json()
    assert body["verdict"] == "meets_bar"
    fundamentals = next(m for m in body["must_haves"] if m["skill"] == "ml-fundamentals")
    assert [r["amended"] for r in fundamentals["ratings"]] == [True]


def _cards_on_one_interview(loop: Loop, count: int) -> None:
    people = tuple(make_user(loop.app) for _ in range(count))
    interview_id = hold_interview(loop, "coding", interviewers=people)
    for person in people:
        submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "2"}, "yes")


def test_eight_scorecards_take_as_many_queries_as_one(
    app: Flask, client: FlaskClient, count_queries, make_token
) -> None:
    def queries(scorecards: int) -> int:
        loop = make_loop(app, candidate_email=f"candidate{scorecards}@example.com")
        _cards_on_one_interview(loop, scorecards)
        headers = make_token(loop.manager).headers
        url = evaluation_url(loop.application_id)
        client.get(url, headers=headers)  # token use and caches settle on a first call
        with count_queries() as counted:
            response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert len(response.get_json()["must_haves"][0]["ratings"]) == scorecards
        return counted.count

    assert queries(1) == queries(8)


# --- decisions ---------------------------------------------------------------------------


def test_no_decision_yet_is_200_with_current_null(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    response = client.get(decision_url(loop.application_id), headers=headers_of(loop.manager))

    assert response.status_code == 200
    assert response.get_json() == {"current": None, "history": []}


def test_a_decision_is_recorded_and_revised_with_its_history(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    full_loop(loop)
    headers = headers_of(loop.manager)

    first = decide(client, headers, loop)
    assert first.status_code == 201, first.get_data(as_text=True)
    recorded = first.get_json()
    assert urlsplit(first.headers["Location"]).path == decision_url(loop.application_id)
    assert recorded["outcome"] == "no_hire" and recorded["verdict"] == "below_bar"
    assert recorded["overrides"] is False and recorded["revises_id"] is None
    assert recorded["decided_by"] == {"id": loop.manager.id, "name": loop.manager.name}
    stale = decide(client, headers, loop, outcome="hire", level="mid", override_reason=OVERRIDE)
    assert assert_problem(stale, 409)["decision_id"] == recorded["id"]
    revised = decide(
        client,
        headers,
        loop,
        outcome="hire",
        level="mid",
        override_reason=OVERRIDE,
        revises=recorded["id"],
    )

    assert revised.status_code == 201, revised.get_data(as_text=True)
    new = revised.get_json()
    assert new["revises_id"] == recorded["id"] and new["overrides"] is True
    assert new["override_reason"] == OVERRIDE and new["level"] == "mid"
    history = client.get(decision_url(loop.application_id), headers=headers).get_json()
    assert history["current"] == new
    assert [d["id"] for d in history["history"]] == [new["id"], recorded["id"]]
    evaluation = client.get(evaluation_url(loop.application_id), headers=headers).get_json()
    assert evaluation["decision"] == new


def test_a_hire_against_the_verdict_needs_an_override_reason(
    client: FlaskClient, loop: Loop, headers_of
) -> None:
    full_loop(loop)
    headers = headers_of(loop.manager)

    refused = decide(client, headers, loop, outcome="hire", level="senior")
    no_level = decide(client, headers, loop, outcome="hire", override_reason=OVERRIDE)
    short = decide(client, headers, loop, rationale="No.")

    problem = assert_problem(refused, 422)
    assert set(problem["errors"]) == {"override_reason"}
    assert "below the bar" in problem["errors"]["override_reason"][0]
    assert "level" in assert_problem(no_level, 422)["errors"]
    assert "rationale" in assert_problem(short, 422)["errors"]
    history = client.get(decision_url(loop.application_id), headers=headers).get_json()
    assert history["current"] is None


@pytest.mark.parametrize("role", ["recruiter", "interviewer"])
def test_only_admins_and_hiring_managers_decide(
    client: FlaskClient, loop: Loop, role: str, headers_of
) -> None:
    full_loop(loop)
    person = make_user(loop.app, (role,))
    admin = make_user(loop.app, ("admin",))

    # Refused before the body is read: an invalid one is 403 too.
    assert_problem(decide(client, headers_of(person), loop, outcome="maybe"), 403)
    assert_problem(decide(client, headers_of(person), loop), 403)
    assert decide(client, headers_of(admin), loop).status_code == 201


DOCUMENTED = {
    ("get", "/applications/{application_id}/evaluation"): {"200", "401", "403", "404"},
    ("get", "/applications/{application_id}/decision"): {"200", "401", "403", "404"},
    ("post", "/applications/{application_id}/decision"): {
        "201",
        "401",
        "403",
        "404",
        "409",
        "415",
        "422",
    },
}


@pytest.mark.parametrize(("method", "path"), list(DOCUMENTED))
def test_every_evaluation_operation_documents_what_it_answers(
    client: FlaskClient, method: str, path: str
) -> None:
    spec = client.get(f"{API}/openapi.json").get_json()
    operation = spec["paths"][API + path][method]

    # Every call with a token may be over its API_RATE_LIMIT (429).
    assert set(operation["responses"]) == DOCUMENTED[method, path] | {"429", "default"}
    assert operation["summary"] and operation["description"]


def test_the_evaluation_schema_documents_every_field_of_the_scoring(client: FlaskClient) -> None:
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]

    evaluation = schemas["Evaluation"]
    assert {
        "verdict",
        "explanation",
        "must_haves",
        "trainable",
        "growth_plan",
        "strengths",
        "flags",
        "level_recommendation",
        "decision",
    } <= set(evaluation["required"])
    assert evaluation["properties"]["verdict"]["enum"] == ["meets_bar", "below_bar", "incomplete"]
    must = schemas["MustHaveResult"]["properties"]
    assert must["status"]["enum"] == ["pass", "fail", "missing"]
    assert {"skill", "bar", "median", "ratings"} <= set(must)
    assert all(
        "description" in schemas[name]["properties"][field]
        for name, field in [("Evaluation", "verdict"), ("MustHaveResult", "median")]
    )
