"""Fixtures shared by every test: a fresh app per test, clients, builders, sign-in.

SQLite in memory by default. With TEST_DATABASE_URL (or DATABASE_URL) the same suite
runs on that database (PostgreSQL in CI): the schema is created once per run and every
table is emptied after each test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from hiring import create_app
from hiring.accounts import services
from hiring.config import normalise_database_url
from hiring.extensions import db
from hiring.roles import Role
from tests.fixtures.rubrics import write_rubrics

EXTERNAL_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
PASSWORD = "correct horse battery"

# Argon2 at production cost takes ~100 ms per hash; tests use the cheapest parameters.
CHEAP_HASHING = {
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_COST": 8,
    "PASSWORD_HASH_PARALLELISM": 1,
}


def app_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(EXTERNAL_DATABASE_URL or "sqlite://"),
        "RATELIMIT_STORAGE_URI": "memory://",
        # Schemathesis and the API tests send far more than a client would.
        "API_RATE_LIMIT": "100000 per minute",
        "SERVER_NAME": None,
        **CHEAP_HASHING,
    }
    config.update(overrides)
    return config


def uses_external_database() -> bool:
    return bool(EXTERNAL_DATABASE_URL)


@pytest.fixture(scope="session")
def _external_schema() -> Iterator[None]:
    """Create the schema once on an external database; drop it at the end."""
    if not uses_external_database():
        yield
        return
    app = create_app(app_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def empty_all_tables(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        tables = ", ".join(table.name for table in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture(scope="session")
def fixture_rubrics_dir(tmp_path_factory) -> Path:
    """A small valid rubric set; feature tests use it instead of the shipped content."""
    return write_rubrics(tmp_path_factory.mktemp("rubrics"))


@pytest.fixture
def make_app(tmp_path, monkeypatch, _external_schema, fixture_rubrics_dir) -> Iterator[Any]:
    """Build apps with extra config; each gets an empty database."""
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path / "instance"))
    built: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        overrides.setdefault("HIRING_RUBRICS_DIR", str(fixture_rubrics_dir))
        app = create_app(app_config(**overrides))
        if not uses_external_database():
            with app.app_context():
                db.create_all()
        built.append(app)
        return app

    yield factory
    for app in built:
        if uses_external_database():
            empty_all_tables(app)
        else:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# --- builders -----------------------------------------------------------------------


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    name: str
    roles: tuple[str, ...]
    password: str = PASSWORD


def make_user(
    app: Flask,
    roles: tuple[str, ...] = ("interviewer",),
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    active: bool = True,
) -> UserRef:
    with app.app_context():
        count = db.session.execute(text("SELECT COUNT(*) FROM users")).scalar_one()
        email = email or f"{'-'.join(roles).replace('_', '-')}{count + 1}@example.com"
        name = name or f"{roles[0].replace('_', ' ').title()} {count + 1}"
        created = services.create_user(None, email=email, name=name, roles=roles, password=password)
        user_id = created.user.id
        if not active:
            user = services.get_user(user_id)
            user.active = False
            db.session.commit()
    return UserRef(id=user_id, email=email, name=name, roles=roles, password=password or "")


@pytest.fixture
def users(app: Flask) -> dict[str, UserRef]:
    """One user per role, keyed by role name."""
    return {role.value: make_user(app, (role.value,)) for role in Role}


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    html = client.get(page).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def login(client: FlaskClient, user: UserRef) -> None:
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": user.email, "password": user.password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def post_form(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any):
    """POST like a browser: with the CSRF token the session's pages carry."""
    page = "/account" if _signed_in(client) else "/login"
    payload = {"csrf_token": csrf_token(client, page), **(data or {})}
    return client.post(url, data=payload, **kwargs)


def _signed_in(client: FlaskClient) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


@pytest.fixture
def login_as(client: FlaskClient, users: dict[str, UserRef]):
    def sign_in(role: str) -> UserRef:
        login(client, users[role])
        return users[role]

    return sign_in


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """Count SQL statements run while a block executes: ``with count_queries() as q``."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
