"""Committing a service's transaction: where a concurrent edit becomes a conflict.

Versioned rows (``version_id_col``) raise ``StaleDataError`` when someone else changed
them between our read and our write; the user gets a ``Conflict`` saying so instead of
a silent overwrite or an error page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from hiring.domain import Conflict
from hiring.extensions import db


@contextmanager
def stale_is_conflict(what: str) -> Iterator[None]:
    """A write (flush or commit) that finds the row changed meanwhile rolls back and
    raises ``Conflict`` naming ``what``."""
    try:
        yield
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            f"Someone else changed this {what} while you were working on it. "
            "Reload to see the current version, then make your change again."
        ) from exc


def commit_or_conflict(what: str) -> None:
    with stale_is_conflict(what):
        db.session.commit()


def end_transaction() -> None:
    """Commit what the request did so far, before slow work that needs no database.

    On SQLite a state-changing request takes the write lock with its first query
    (``BEGIN IMMEDIATE``, see ``hiring.database``); reading a file while holding it
    would make every other writer wait. The next query opens a new transaction."""
    if db.session().in_transaction():
        db.session.commit()
