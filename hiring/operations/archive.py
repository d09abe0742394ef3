"""What a backup archive holds and whether it may be restored here (pure).

A backup is one tar archive (gzip-compressed):

- ``manifest.json``: the format, the engine, the Alembic revision, when it was made,
  every table's row count and content digest, and every file's SHA-256;
- ``database.sqlite3`` (an SQLite online backup) or ``database.pgdump``
  (``pg_dump --format=custom``);
- ``resumes/<name>``: the files of ``RESUME_STORAGE_DIR``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = "hiring-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES_PREFIX = "resumes/"
# Files are stored under generated names; anything else in an archive is refused.
SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


class BackupError(RuntimeError):
    """The backup cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    engine: str
    revision: str | None
    created_at: str
    tables: dict[str, TableDigest]
    files: dict[str, str]  # name -> SHA-256
    database_sha256: str
    format: str = FORMAT
    server_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise BackupError(
                    f"This archive's format is {data.get('format')!r}, not {FORMAT!r}: it was "
                    "not made by `flask backup create` of this app."
                )
            tables = {
                name: TableDigest(int(value["rows"]), str(value["sha256"]))
                for name, value in data["tables"].items()
            }
            manifest = cls(
                engine=str(data["engine"]),
                revision=data["revision"],
                created_at=str(data["created_at"]),
                tables=tables,
                files={str(k): str(v) for k, v in data["files"].items()},
                database_sha256=str(data["database_sha256"]),
                server_version=data.get("server_version"),
                extra=dict(data.get("extra") or {}),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"The backup's manifest is unreadable ({exc}).") from None
        if manifest.engine not in DATABASE_MEMBERS:
            raise BackupError(f"The backup is of an unknown engine {manifest.engine!r}.")
        for name in manifest.files:
            if not SAFE_FILE_NAME.fullmatch(name):
                raise BackupError(f"The backup names a file {name!r} that is not safe to write.")
        return manifest


def file_name_of(member: str) -> str | None:
    """The resume file a member holds, or None for any member that is not one."""
    if not member.startswith(FILES_PREFIX):
        return None
    name = member[len(FILES_PREFIX) :]
    return name if SAFE_FILE_NAME.fullmatch(name) else None


def restore_problem(
    manifest: Manifest,
    *,
    engine: str,
    is_known_revision: Callable[[str], bool],
    heads: tuple[str, ...],
    target_rows: Mapping[str, int],
    target_files: int,
    force: bool,
) -> str | None:
    """Why this backup must not be restored into this database, or None."""
    if manifest.engine != engine:
        return (
            f"This backup is of a {manifest.engine} database and DATABASE_URL points to "
            f"{engine}: restore it into a {manifest.engine} database (moving between engines "
            "is not supported)."
        )
    if manifest.revision is None:
        return "The backup's database was never migrated (no Alembic revision); it is not usable."
    if not is_known_revision(manifest.revision):
        return (
            f"The backup is at migration revision {manifest.revision}, which this version of "
            f"the app does not know (its head is {', '.join(heads)}): the backup is newer. "
            "Restore it with the version of the app that made it."
        )
    if not force:
        filled = sorted(name for name, rows in target_rows.items() if rows)
        if filled or target_files:
            what = []
            if filled:
                what.append(f"tables with rows: {', '.join(filled)}")
            if target_files:
                what.append(f"{target_files} files in RESUME_STORAGE_DIR")
            return (
                f"The database is not empty ({'; '.join(what)}). Restoring replaces "
                "everything in it: run again with --force to do that."
            )
    return None


def digest_differences(
    expected: Mapping[str, TableDigest], found: Mapping[str, TableDigest]
) -> list[str]:
    """Tables whose rows differ between the manifest and the restored database."""
    problems = []
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name), found.get(name)
        if want is None:
            problems.append(f"{name}: not in the backup")
        elif got is None:
            problems.append(f"{name}: missing after the restore")
        elif want.rows != got.rows:
            problems.append(f"{name}: {got.rows} rows restored, {want.rows} in the backup")
        elif want.sha256 != got.sha256:
            problems.append(f"{name}: the restored rows differ from the backup's")
    return problems
