"""A CSV import commits in batches: others write between them, and a stop is reported."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from hiring.audit import AuditEvent
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.imports import services as import_services
from hiring.imports.models import CandidateImport
from tests.conftest import login, uses_external_database
from tests.web.test_imports import import_id_of, step, upload

MAPPING = {"columns-0": "name", "columns-1": "email"}


def rows_csv(count: int) -> str:
    return "name,email\n" + "".join(
        f"Person {n},person{n}@example.com\n" for n in range(1, count + 1)
    )


@pytest.fixture
def app(make_app, tmp_path):
    """Batches of 100 rows, on a SQLite file database unless the run uses another engine."""
    database = {} if uses_external_database() else {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.sqlite3'}"
    }  # fmt: skip
    return make_app(IMPORT_BATCH_ROWS=100, **database)


@pytest.fixture
def recruiter(client, users):
    login(client, users["recruiter"])
    return users["recruiter"]


def candidates_seen_by_another_writer(app):
    """A probe run after each commit: another connection takes the write lock at once
    (SQLite, busy timeout 0) and counts the candidates it sees."""
    with app.app_context():
        url = db.engine.url
    if url.get_backend_name() == "sqlite":

        def probe() -> int | str:
            other = sqlite3.connect(url.database, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                count = other.execute("SELECT count(*) FROM candidates").fetchone()[0]
                other.execute("COMMIT")
                return count
            except sqlite3.OperationalError as exc:
                return str(exc)
            finally:
                other.close()

        return probe, None
    engine = create_engine(url)

    def probe() -> int | str:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM candidates")).scalar_one()

    return probe, engine


def test_an_import_commits_every_batch_and_others_write_in_between(app, client, recruiter):
    import_id = import_id_of(upload(client, rows_csv(450)))
    probe, engine = candidates_seen_by_another_writer(app)
    seen: list[int | str] = []

    def after_transaction_end(_session, transaction):
        if transaction.parent is None:  # the outer transaction, not a row's savepoint
            seen.append(probe())

    event.listen(db.session, "after_transaction_end", after_transaction_end)
    try:
        report = step(client, "/candidates/import/run", import_id, MAPPING)
    finally:
        event.remove(db.session, "after_transaction_end", after_transaction_end)
        if engine is not None:
            engine.dispose()
    assert report.get_data(as_text=True).count('data-outcome="created"') == 450
    # One commit per batch of 100 rows (each visible to others at once), then the
    # summary; before, the whole file was one transaction and one commit.
    # Every probe took the write lock at once and saw the batches arrive one by one.
    assert all(isinstance(count, int) for count in seen), seen
    assert list(dict.fromkeys(seen)) == [0, 100, 200, 300, 400, 450], seen
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "candidates.import_batch")
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.details["first_line"], e.details["last_line"]) for e in events] == [
            (2, 101),
            (102, 201),
            (202, 301),
            (302, 401),
            (402, 451),
        ]
        assert db.session.scalar(select(func.count(CandidateImport.id))) == 0


def test_an_import_that_stops_keeps_the_saved_batches_and_says_which(
    app, client, recruiter, monkeypatch
):
    import_id = import_id_of(upload(client, rows_csv(300)))
    real_commit = import_services._commit_batch
    commits = []

    def third_batch_fails():
        commits.append(1)
        if len(commits) == 3:
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        real_commit()

    monkeypatch.setattr(import_services, "_commit_batch", third_batch_fails)
    report = step(client, "/candidates/import/run", import_id, MAPPING)
    html = report.get_data(as_text=True)
    assert report.status_code == 200
    assert "The import stopped part-way." in html
    assert "The database could not save the batch from line 202" in html
    assert "The rows up to line 201 were saved" in html
    assert html.count('data-outcome="created"') == 200
    assert html.count('data-outcome="not-imported"') == 100
    assert "Run the import again" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 200
        names = set(db.session.scalars(select(Candidate.name)))
        assert "Person 200" in names and "Person 201" not in names
        actions = list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action.like("candidates.import%"))
                .order_by(AuditEvent.id)
            )
        )
        assert actions == [
            "candidates.import_batch",
            "candidates.import_batch",
            "candidates.import_interrupted",
        ]
        assert db.session.scalar(select(func.count(CandidateImport.id))) == 1  # kept

    # Running it again finishes the import; the saved rows merge, nothing is doubled.
    again = step(client, "/candidates/import/run", import_id, MAPPING).get_data(as_text=True)
    assert again.count('data-outcome="created"') == 100
    assert again.count('data-outcome="merged"') == 200
    assert "stopped part-way" not in again
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 300
        assert db.session.scalar(select(func.count(CandidateImport.id))) == 0
