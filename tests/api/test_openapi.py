"""The OpenAPI document at /api/v1/openapi.json, generated from the code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_smorest.spec.plugins import FlaskPlugin

from hiring.api import RESOURCES, URL_PREFIX, HiringApi
from hiring.api.me import MeSchema
from hiring.api.schemas import ProblemSchema
from tests.api.conftest import API, PROBLEM_JSON

ME = f"{API}/me"


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/...``) to what it names."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_the_document_is_served_without_a_token(client: FlaskClient) -> None:
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    assert "Authorization" not in response.request.headers


def test_the_document_is_openapi_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Hiring API"
    assert spec["info"]["version"] == "v1"
    assert spec["servers"] == [{"url": "/"}]


def test_bearer_auth_is_declared(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]

    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"


def test_me_requires_the_bearer_token(spec: dict[str, Any]) -> None:
    assert spec["paths"][ME]["get"]["security"] == [{"bearerAuth": []}]


def test_every_operation_requires_the_bearer_token(spec: dict[str, Any]) -> None:
    operations = [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]

    assert operations
    for path, method, operation in operations:
        assert operation.get("security") == [{"bearerAuth": []}], (method, path)
        assert "401" in operation["responses"], (method, path)


def test_the_paths_come_from_the_registered_blueprints(app: Flask, spec: dict[str, Any]) -> None:
    # Every documented path is a real route of the app, and every API route is documented.
    routes = {
        FlaskPlugin.flaskpath2openapi(rule.rule)  # /jobs/<int(...):job_id> -> /jobs/{job_id}
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(URL_PREFIX + "/") and rule.endpoint.split(".")[0] != "api-docs"
    }
    documented = {path for path in spec["paths"]}

    assert documented == routes
    assert {blueprint.name for blueprint in RESOURCES} <= {tag["name"] for tag in spec["tags"]}


def test_me_response_schema_is_generated_from_me_schema(spec: dict[str, Any]) -> None:
    ok = spec["paths"][ME]["get"]["responses"]["200"]
    schema = resolve(spec, ok["content"]["application/json"]["schema"])

    assert set(schema["properties"]) == set(MeSchema().fields)
    assert set(schema["properties"]) == {"id", "email", "name", "roles", "active"}
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["properties"]["id"]["type"] == "integer"
    assert schema["properties"]["email"] == {"type": "string", "format": "email"}
    assert schema["properties"]["roles"] == {"type": "array", "items": {"type": "string"}}
    assert schema["additionalProperties"] is False


def test_the_served_document_is_the_one_flask_smorest_builds(
    app: Flask, spec: dict[str, Any]
) -> None:
    # Not a checked-in file: the HiringApi registered on this app renders it from the
    # blueprints and marshmallow schemas.
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]

    assert isinstance(api, HiringApi)
    with app.app_context():
        assert spec == json.loads(json.dumps(api.spec.to_dict()))


def test_me_summary_is_the_view_docstring(spec: dict[str, Any]) -> None:
    assert spec["paths"][ME]["get"]["summary"].startswith("The signed-in account")


@pytest.mark.parametrize("status", ["401", "403", "default"])
def test_me_errors_are_documented_as_problem_json(spec: dict[str, Any], status: str) -> None:
    response = resolve(spec, spec["paths"][ME]["get"]["responses"][status])

    assert set(response["content"]) == {PROBLEM_JSON}
    schema = resolve(spec, response["content"][PROBLEM_JSON]["schema"])
    assert schema == resolve(spec, {"$ref": "#/components/schemas/Problem"})


def test_the_401_response_documents_the_bearer_challenge(spec: dict[str, Any]) -> None:
    response = resolve(spec, spec["paths"][ME]["get"]["responses"]["401"])

    header = response["headers"]["WWW-Authenticate"]
    assert header["required"] is True
    assert header["schema"]["type"] == "string"


def test_every_documented_error_response_is_problem_json(spec: dict[str, Any]) -> None:
    for name, response in spec["components"]["responses"].items():
        content = response.get("content")
        if content is not None:
            assert set(content) == {PROBLEM_JSON}, name


def test_the_problem_schema_has_the_rfc_9457_members(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]

    assert {"type", "title", "status", "detail", "instance"} <= set(problem["properties"])
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["required"])
    assert problem["properties"]["status"]["type"] == "integer"
    assert set(problem["properties"]) == set(ProblemSchema().fields)
