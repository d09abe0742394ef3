"""The benchmark's databases: made from the real migrations, emptied before a build."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent


def absolute_url(database_url: str) -> str:
    """SQLite paths relative to where the command runs (Flask-SQLAlchemy would take them
    as relative to the instance folder)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return url.set(database=str(Path(url.database).resolve())).render_as_string(False)
    return database_url


def make_app(database_url: str) -> Flask:
    from hiring import create_app
    from hiring.config import normalise_database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(absolute_url(database_url)),
            "HIRING_RUBRICS_DIR": str(ROOT / "rubrics"),
        }
    )


def reset_database(database_url: str) -> None:
    """Start from nothing: remove the SQLite file, or empty the PostgreSQL schema."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine

    from hiring.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def upgrade(app: Flask) -> None:
    """The schema exactly as ``flask db upgrade`` makes it."""
    from flask_migrate import upgrade as alembic_upgrade

    with app.app_context():
        alembic_upgrade(directory=str(ROOT / "migrations"))


def row_counts(database_url: str) -> dict[str, int]:
    """Rows per table, for checking what was generated."""
    from hiring.extensions import db

    app = make_app(database_url)
    with app.app_context():
        names = inspect(db.engine).get_table_names()
        found = {
            name: db.session.scalar(text(f'SELECT COUNT(*) FROM "{name}"'))
            for name in names
            if name != "alembic_version"
        }
        db.session.remove()
        db.engine.dispose()
    return found
