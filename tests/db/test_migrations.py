"""The migrations build the schema the models describe, up and down, on both engines."""

from __future__ import annotations

import pytest
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DatabaseError

from hiring import create_app
from hiring.extensions import db
from tests.conftest import app_config

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]

TABLES = {"users", "user_roles", "api_tokens", "audit_events"}


@pytest.fixture
def migrated_app(migration_database_url, tmp_path, monkeypatch):
    """An app on the empty migration database; its connections are closed afterwards."""
    monkeypatch.setenv("HIRING_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=migration_database_url))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_upgrade_then_downgrade_to_base_with_the_cli(migrated_app, migration_database_url):
    app = migrated_app
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = create_engine(migration_database_url)
    assert TABLES.issubset(inspect(engine).get_table_names())
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET summary = 'x'", "DELETE FROM audit_events"]
)
def test_migrated_audit_log_refuses_changes(migrated_app, migration_database_url, statement):
    app = migrated_app
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    engine = create_engine(migration_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (occurred_at, action, object_type, summary, details) "
                "VALUES (CURRENT_TIMESTAMP, 'test', 'thing', 'kept', '{}')"
            )
        )
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT summary FROM audit_events")).scalar_one() == "kept"
    engine.dispose()
