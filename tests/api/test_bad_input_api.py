"""Bad request bodies on the API: 415 for another content type, 400 for JSON nested too
deep (each was a 422 or a 500), and the text rules the imports share."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.candidates.models import Candidate
from hiring.extensions import db
from tests.api.conftest import API, assert_problem

CANDIDATES = f"{API}/candidates"
JSON_RESUME = f"{CANDIDATES}/import/json-resume"
GRACE = {"name": "Grace Hopper", "email": "grace@example.com"}
RESUME = {"basics": {"name": "Grace Hopper", "email": "grace@example.com"}}
DEEP = "[" * 5000 + "]" * 5000


def candidate_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Candidate)) or 0


def json_body_routes(app: Flask) -> list[tuple[str, str]]:
    """Every API operation the OpenAPI document says takes a JSON body."""
    spec = app.test_client().get(f"{API}/openapi.json").get_json()
    return [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete")
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def filled(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", json.dumps(GRACE)),
        ("application/x-www-form-urlencoded", "name=Grace&email=grace%40example.com"),
        ("multipart/form-data; boundary=x", "--x--"),
        ("application/xml", "<candidate/>"),
    ],
)
def test_another_content_type_is_415(
    app: Flask, client: FlaskClient, headers: dict[str, str], content_type: str, data: str
) -> None:
    for url in (CANDIDATES, JSON_RESUME + "?source=inbound"):
        response = client.post(url, data=data, content_type=content_type, headers=headers)
        body = assert_problem(response, 415)
        assert "application/json" in body["detail"]
    assert candidate_count(app) == 0


def test_json_with_a_json_type_is_still_accepted(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(
        CANDIDATES,
        data=json.dumps(GRACE),
        content_type="application/json; charset=utf-8",
        headers=headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)


def test_every_json_body_documents_415(app: Flask) -> None:
    spec = app.test_client().get(f"{API}/openapi.json").get_json()
    routes = json_body_routes(app)
    assert routes
    for method, path in routes:
        assert "415" in spec["paths"][path][method.lower()]["responses"], (method, path)


def test_json_nested_5000_levels_is_400_on_every_json_endpoint(
    app: Flask, client: FlaskClient, role_headers: dict[str, dict[str, str]]
) -> None:
    failures = []
    for method, path in json_body_routes(app):
        response = client.open(
            filled(path),
            method=method,
            data=DEEP,
            content_type="application/json",
            headers=role_headers["admin"],
        )
        if response.status_code not in (400, 403, 404):
            failures.append(f"{method} {path}: {response.status_code}")
        elif response.status_code == 400:
            assert_problem(response, 400)
    assert failures == []
    body = assert_problem(
        client.post(
            CANDIDATES, data=DEEP, content_type="application/json", headers=role_headers["admin"]
        ),
        400,
    )
    assert "deeper than" in body["detail"]


@pytest.mark.parametrize(
    "name", ["Grace\x07 Hopper", "Grace\x1b Hopper", "Grace \u202eHopper", "Grace\x00"]
)
def test_the_api_and_the_import_refuse_the_same_characters(
    app: Flask, client: FlaskClient, headers: dict[str, str], name: str
) -> None:
    created = client.post(CANDIDATES, json={**GRACE, "name": name}, headers=headers)
    assert_problem(created, 422)
    document: dict[str, Any] = {"basics": {**RESUME["basics"], "name": name}}
    imported = client.post(JSON_RESUME + "?source=inbound", json=document, headers=headers)
    assert_problem(imported, 422)
    assert candidate_count(app) == 0
