"""Fixtures for migration tests: a database of their own, empty, per test.

On SQLite a file in tmp_path; on PostgreSQL (TEST_DATABASE_URL / DATABASE_URL) a
fresh database created beside the one the rest of the suite uses, dropped after.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hiring import create_app
from hiring.config import PROJECT_ROOT, normalise_database_url
from hiring.extensions import db
from tests.conftest import EXTERNAL_DATABASE_URL, app_config


@pytest.fixture
def alembic_config():
    return {
        "file": str(PROJECT_ROOT / "migrations" / "alembic.ini"),
        "script_location": str(PROJECT_ROOT / "migrations"),
    }


@contextmanager
def fresh_database(tmp_path, label: str) -> Iterator[str]:
    """An empty database of its own: an SQLite file, or a new PostgreSQL database."""
    if not EXTERNAL_DATABASE_URL:
        yield f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        return
    base = make_url(normalise_database_url(EXTERNAL_DATABASE_URL))
    name = f"{base.database}_{label[:8]}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migration_database_url(tmp_path):
    with fresh_database(tmp_path, "mig") as url:
        yield url


@pytest.fixture
def second_database_url(tmp_path):
    with fresh_database(tmp_path, "second") as url:
        yield url


@pytest.fixture
def build_app(tmp_path, monkeypatch, fixture_rubrics_dir):
    """Apps on a given database URL (the migration tests' own databases)."""
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path / "instance"))
    built = []

    def factory(url, **overrides):
        overrides.setdefault("HIRING_RUBRICS_DIR", str(fixture_rubrics_dir))
        app = create_app(app_config(SQLALCHEMY_DATABASE_URI=url, **overrides))
        built.append(app)
        return app

    yield factory
    for app in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def alembic_engine(migration_database_url):
    engine = create_engine(migration_database_url)
    yield engine
    engine.dispose()
