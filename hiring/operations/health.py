"""Liveness and readiness checks for a reverse proxy or an orchestrator.

``/healthz`` answers while the process runs and touches nothing else. ``/readyz``
answers whether this process can serve: the database is reachable, a valid rubric set
is loaded, and the database is at the migrations' head (a process started before
``flask db upgrade`` finished, or a database restored from an older backup, is not
ready).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from sqlalchemy import text

from hiring.extensions import db
from hiring.operations.migrations_state import migration_state
from hiring.rubrics.registry import RubricsUnavailable, registry

log = logging.getLogger("hiring.operations")


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, Check]

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks.values())

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ready" if self.ready else "not ready",
            "failing": [name for name, check in self.checks.items() if not check.ok],
            "checks": {name: asdict(check) for name, check in self.checks.items()},
        }


def readiness() -> Readiness:
    database, migrations = _database_and_migrations()
    return Readiness({"database": database, "rubrics": _rubrics(), "migrations": migrations})


def _database_and_migrations() -> tuple[Check, Check]:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            state = migration_state(connection)
    except Exception:
        # The reason (host names, users) is for the log, not for an anonymous caller.
        log.warning("readiness: the database cannot be reached", exc_info=True)
        return Check(False, "cannot connect or query"), Check(False, "database unreachable")
    database = Check(True, "reachable")
    if state.at_head:
        return database, Check(True, f"at head {', '.join(state.heads)}")
    heads = ", ".join(state.heads)
    if not state.current:
        detail = f"no migration applied, head is {heads}: run flask db upgrade"
        return database, Check(False, detail)
    current = ", ".join(state.current)
    return database, Check(False, f"at {current}, head is {heads}: run flask db upgrade")


def _rubrics() -> Check:
    rubrics = registry()
    try:
        rubric = rubrics.current()
    except RubricsUnavailable as exc:
        return Check(False, f"no valid rubric set: {len(exc.problems)} problems in the files")
    problems = rubrics.problems
    if problems:
        # Still serving: the last good set stays in use while the files are fixed.
        return Check(
            True, f"serving {rubric.version}; the files on disk have {len(problems)} problems"
        )
    return Check(True, f"loaded {rubric.version}")
