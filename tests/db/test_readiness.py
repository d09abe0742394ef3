"""/readyz against real migrations: ready only at head, with valid rubrics, when the
database answers. A database of its own per test (tests/db/conftest.py)."""

from __future__ import annotations


def upgrade(app, target="head"):
    result = app.test_cli_runner().invoke(args=["db", "upgrade", target])
    assert result.exit_code == 0, result.output


def test_ready_at_head(build_app, migration_database_url):
    app = build_app(migration_database_url)
    upgrade(app)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ready" and body["failing"] == []
    assert set(body["checks"]) == {"database", "rubrics", "migrations"}
    assert all(check["ok"] for check in body["checks"].values())


def test_not_ready_one_migration_behind(build_app, migration_database_url):
    app = build_app(migration_database_url)
    upgrade(app)
    result = app.test_cli_runner().invoke(args=["db", "downgrade"])
    assert result.exit_code == 0, result.output
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["migrations"]
    assert "run flask db upgrade" in response.json["checks"]["migrations"]["detail"]


def test_not_ready_before_any_migration(build_app, migration_database_url):
    app = build_app(migration_database_url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["migrations"]


def test_not_ready_without_a_valid_rubric_set(build_app, migration_database_url, tmp_path):
    broken = tmp_path / "broken-rubrics"
    broken.mkdir()
    (broken / "skills.yaml").write_text("skills: [unclosed\n")
    app = build_app(migration_database_url, HIRING_RUBRICS_DIR=str(broken))
    upgrade(app)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["rubrics"]
    assert "no valid rubric set" in response.json["checks"]["rubrics"]["detail"]


def test_not_ready_when_the_database_cannot_be_reached(build_app, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "hiring.sqlite3"
    app = build_app(f"sqlite:///{missing}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["database", "migrations"]
    assert str(tmp_path) not in response.get_data(as_text=True)
