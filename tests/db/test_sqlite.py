"""SQLite as the embedded engine: pragmas, and write transactions that take the lock first."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, func, select, text

from hiring import audit
from hiring.audit import AuditEvent
from hiring.extensions import db
from tests.conftest import EXTERNAL_DATABASE_URL

pytestmark = pytest.mark.skipif(
    bool(EXTERNAL_DATABASE_URL),
    reason="SQLite behaviour: this run uses an external database (DATABASE_URL)",
)


@pytest.fixture
def file_app(make_app, tmp_path):
    return make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'app.sqlite3'}")


def test_pragmas(file_app):
    with file_app.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def begin_statements(app, method):
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def capture(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with app.test_request_context("/", method=method):
            db.session.execute(select(func.count(AuditEvent.id)))
            db.session.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def test_writes_begin_immediate_and_reads_stay_deferred(file_app):
    assert begin_statements(file_app, "POST") == ["BEGIN IMMEDIATE"]
    assert begin_statements(file_app, "GET") == ["BEGIN"]


def test_concurrent_read_then_write_transactions_do_not_fail(file_app):
    """Without BEGIN IMMEDIATE, two read-then-write transactions deadlock and one fails
    at once with 'database is locked', whatever the busy timeout."""
    errors: list[BaseException] = []
    workers = 6

    def work(number: int) -> None:
        try:
            with file_app.test_request_context("/", method="POST"):
                count = db.session.scalar(select(func.count(AuditEvent.id)))
                time.sleep(0.05)
                audit.record(None, "test.concurrent", "thing", number, f"after {count}")
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with file_app.app_context():
        total = db.session.scalar(text("SELECT COUNT(*) FROM audit_events"))
        assert total == workers
