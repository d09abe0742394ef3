"""GET /api/v1/rubrics/roles and /api/v1/rubrics/skills, against the fixture rubric
(tests/fixtures/rubrics.py: role ml-engineer, five skills)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hiring.rubrics.registry import current_rubric
from tests.api.conftest import API, TokenRef, assert_problem, issue_token
from tests.conftest import make_user
from tests.fixtures.rubrics import SKILLS

ROLES = f"{API}/rubrics/roles"
SKILLS_URL = f"{API}/rubrics/skills"


def rubric_version(app: Flask) -> str:
    with app.app_context():
        return current_rubric().version


# --- roles ----------------------------------------------------------------------------


def test_roles_lists_role_families_with_their_levels(
    app: Flask, client: FlaskClient, api_token: TokenRef
) -> None:
    response = client.get(ROLES, headers=api_token.headers)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["rubric_version"] == rubric_version(app)
    [role] = body["roles"]
    assert role["id"] == "ml-engineer"
    assert role["name"] == "Machine learning engineer"
    assert role["focus"] == "product"
    assert role["track"] == "engineering"
    assert role["summary"] == "Builds ML features into the product."
    assert role["responsibilities"] == ["Ship models", "Own their quality"]
    assert [level["level"] for level in role["levels"]] == ["junior", "mid", "senior", "staff"]


def test_a_level_has_scope_years_skills_and_rounds(
    client: FlaskClient, api_token: TokenRef
) -> None:
    [role] = client.get(ROLES, headers=api_token.headers).get_json()["roles"]

    senior = next(level for level in role["levels"] if level["level"] == "senior")
    assert senior == {
        "level": "senior",
        "title": "Senior ML engineer",
        "scope": "Senior ML engineer scope.",
        "years": {"min": 5, "max": 10},
        "must_have": [
            {"skill": "coding", "bar": 3, "why": "Writes production code from day one."},
            {"skill": "ml-fundamentals", "bar": 3, "why": "Frames problems."},
        ],
        "trainable": [
            {"skill": "mlops", "target": 3, "weeks": 12, "how": "Pairs with the platform team."}
        ],
        "nice_to_have": ["model-evaluation"],
        "rounds": ["overview", "coding", "ml-systems"],
    }


# --- skills ---------------------------------------------------------------------------


def test_skills_lists_every_skill_with_its_scale(
    app: Flask, client: FlaskClient, api_token: TokenRef
) -> None:
    response = client.get(SKILLS_URL, headers=api_token.headers)

    assert response.status_code == 200
    body = response.get_json()
    assert body["rubric_version"] == rubric_version(app)
    assert [skill["id"] for skill in body["skills"]] == SKILLS
    assert body["categories"] == [
        {"id": "engineering", "name": "Engineering"},
        {"id": "ml", "name": "Machine learning"},
        {"id": "people", "name": "People"},
    ]
    mlops = next(skill for skill in body["skills"] if skill["id"] == "mlops")
    assert mlops == {
        "id": "mlops",
        "name": "MLOps",
        "category": "ml",
        "description": "Ships and monitors models.",
        "keywords": ["mlops", "kubernetes", "model deployment"],
        "scale": {
            "1": "Cannot yet show MLOps without step-by-step help.",
            "2": "Shows MLOps on familiar problems with some guidance.",
            "3": "Shows MLOps unaided and explains the trade-offs made.",
            "4": "Teaches MLOps to others and handles the unusual cases.",
        },
    }


def test_every_skill_category_is_listed(client: FlaskClient, api_token: TokenRef) -> None:
    body = client.get(SKILLS_URL, headers=api_token.headers).get_json()

    categories = {category["id"] for category in body["categories"]}
    assert {skill["category"] for skill in body["skills"]} <= categories


# --- who may read them ----------------------------------------------------------------


@pytest.mark.parametrize("url", [ROLES, SKILLS_URL])
@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter", "interviewer"])
def test_every_role_may_read_the_rubric(
    client: FlaskClient, role_headers: dict[str, dict[str, str]], url: str, role: str
) -> None:
    # Interviewers read the scales they score with.
    assert client.get(url, headers=role_headers[role]).status_code == 200


@pytest.mark.parametrize("url", [ROLES, SKILLS_URL])
def test_without_a_token_it_is_401(client: FlaskClient, url: str) -> None:
    response = client.get(url)

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("url", [ROLES, SKILLS_URL])
def test_writing_is_405(client: FlaskClient, api_token: TokenRef, url: str) -> None:
    response = client.post(url, json={}, headers=api_token.headers)

    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


# --- no valid rubric --------------------------------------------------------------------


@pytest.mark.parametrize("url", [ROLES, SKILLS_URL])
def test_without_any_valid_rubric_it_is_503(make_app: Any, tmp_path: Path, url: str) -> None:
    broken = tmp_path / "no-rubrics"
    broken.mkdir()
    app = make_app(HIRING_RUBRICS_DIR=str(broken))
    token = issue_token(app, make_user(app, ("recruiter",)))

    response = app.test_client().get(url, headers=token.headers)

    body = assert_problem(response, 503)
    assert "rubric" in body["detail"]
    assert response.headers["Retry-After"]


def test_the_document_builds_without_a_valid_rubric(make_app: Any, tmp_path: Path) -> None:
    # The role family enum comes from the rubric; without one the field is documented
    # by its shape instead, and the API still starts.
    broken = tmp_path / "no-rubrics"
    broken.mkdir()
    app = make_app(HIRING_RUBRICS_DIR=str(broken))

    spec = app.test_client().get(f"{API}/openapi.json").get_json()

    role_family = spec["components"]["schemas"]["JobCreate"]["properties"]["role_family"]
    assert "enum" not in role_family
    assert role_family["pattern"]
