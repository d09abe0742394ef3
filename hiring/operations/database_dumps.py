"""Dump and restore the database: SQLite's online backup API, or PostgreSQL's
``pg_dump --format=custom`` and ``pg_restore``.

Each dump also returns the row count and content digest of every table and the
Alembic revision, read from exactly the data dumped: the SQLite copy itself, or the
PostgreSQL snapshot that ``pg_dump`` is handed (``--snapshot``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import URL

from hiring.extensions import db
from hiring.operations.archive import BackupError, TableDigest

ALEMBIC_TABLE = "alembic_version"


@dataclass(frozen=True)
class Dumped:
    tables: dict[str, TableDigest]
    revision: str | None
    server_version: str | None = None


def table_digests(connection: Connection) -> dict[str, TableDigest]:
    """Every table's row count and a SHA-256 of its rows (in a canonical order)."""
    digests = {}
    preparer = connection.dialect.identifier_preparer
    for name in sorted(inspect(connection).get_table_names()):
        result = connection.execute(text(f"SELECT * FROM {preparer.quote(name)}"))
        lines = sorted(repr(tuple(row)) for row in result)
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        digests[name] = TableDigest(len(lines), digest)
    return digests


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows per application table (the Alembic bookkeeping aside)."""
    preparer = connection.dialect.identifier_preparer
    return {
        name: connection.execute(text(f"SELECT COUNT(*) FROM {preparer.quote(name)}")).scalar_one()
        for name in inspect(connection).get_table_names()
        if name != ALEMBIC_TABLE
    }


def revision_of(connection: Connection) -> str | None:
    if ALEMBIC_TABLE not in inspect(connection).get_table_names():
        return None
    revisions = connection.execute(text(f"SELECT version_num FROM {ALEMBIC_TABLE}")).scalars()
    return ",".join(sorted(revisions)) or None


def engine_name() -> str:
    return db.engine.dialect.name


def dump(destination: Path) -> Dumped:
    if engine_name() == "sqlite":
        return _sqlite_dump(destination)
    if engine_name() == "postgresql":
        return _postgresql_dump(destination)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine_name()}.")


def restore(source: Path, keep_tables: set[str]) -> None:
    """Replace the database's contents with the dump's. ``keep_tables`` are the tables
    the dump holds; others (from later migrations) are dropped on PostgreSQL."""
    db.session.remove()
    if engine_name() == "sqlite":
        _sqlite_restore(source)
    else:
        _postgresql_restore(source, keep_tables)


# --- SQLite -------------------------------------------------------------------------


def _sqlite_dump(destination: Path) -> Dumped:
    raw = db.engine.raw_connection()
    try:
        target = sqlite3.connect(destination)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            # One self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()
    copy = create_engine(f"sqlite:///{destination}")
    try:
        with copy.connect() as connection:
            return Dumped(table_digests(connection), revision_of(connection))
    finally:
        copy.dispose()


def _sqlite_restore(source: Path) -> None:
    # Into a pooled connection: the other connections read the same file afterwards.
    dumped = sqlite3.connect(source)
    raw = db.engine.raw_connection()
    try:
        dumped.backup(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
        dumped.close()


# --- PostgreSQL ---------------------------------------------------------------------


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URL without the password, and the environment carrying it
    (so it never shows in the process list)."""
    environ = dict(os.environ)
    if url.password:
        environ["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environ


def _client(program: str, server_major: int) -> str:
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} is not installed: install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client-{server_major})."
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    major = int(match.group(1)) if match else 0
    if major < server_major:
        raise BackupError(
            f"{program} is version {major} and the server is PostgreSQL {server_major}: "
            f"install postgresql-client-{server_major} (or newer) and try again."
        )
    return path


def _server_major(connection: Connection) -> int:
    return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _run(command: list[str], environ: dict[str, str], what: str) -> None:
    completed = subprocess.run(command, env=environ, capture_output=True, text=True)
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()[-5:]
        raise BackupError(f"{what} failed: " + " / ".join(detail))


def _postgresql_dump(destination: Path) -> Dumped:
    url, environ = _libpq(db.engine.url)
    connection = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with connection, connection.begin():
        major = _server_major(connection)
        pg_dump = _client("pg_dump", major)
        # pg_dump reads the very snapshot the counts and digests below are read from.
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
        command += [f"--snapshot={snapshot}", f"--file={destination}", f"--dbname={url}"]
        _run(command, environ, "pg_dump")
        version = connection.execute(text("SHOW server_version")).scalar_one()
        return Dumped(table_digests(connection), revision_of(connection), str(version))


def _postgresql_restore(source: Path, keep_tables: set[str]) -> None:
    url, environ = _libpq(db.engine.url)
    with db.engine.begin() as connection:
        major = _server_major(connection)
        preparer = connection.dialect.identifier_preparer
        # Tables of migrations newer than the backup would stop `flask db upgrade`.
        for name in set(inspect(connection).get_table_names()) - keep_tables:
            connection.execute(text(f"DROP TABLE IF EXISTS {preparer.quote(name)} CASCADE"))
    pg_restore = _client("pg_restore", major)
    db.engine.dispose()
    command = [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error", f"--dbname={url}", str(source)]
    _run(command, environ, "pg_restore")
    db.engine.dispose()
