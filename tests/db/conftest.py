"""Fixtures for migration tests: a database of their own, empty, per test.

On SQLite a file in tmp_path; on PostgreSQL (TEST_DATABASE_URL / DATABASE_URL) a
fresh database created beside the one the rest of the suite uses, dropped after.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hiring.config import PROJECT_ROOT, normalise_database_url
from tests.conftest import EXTERNAL_DATABASE_URL


@pytest.fixture
def alembic_config():
    return {
        "file": str(PROJECT_ROOT / "migrations" / "alembic.ini"),
        "script_location": str(PROJECT_ROOT / "migrations"),
    }


@pytest.fixture
def migration_database_url(tmp_path):
    if not EXTERNAL_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base = make_url(normalise_database_url(EXTERNAL_DATABASE_URL))
    name = f"{base.database}_mig_{uuid.uuid4().hex[:8]}"
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
def alembic_engine(migration_database_url):
    engine = create_engine(migration_database_url)
    yield engine
    engine.dispose()
