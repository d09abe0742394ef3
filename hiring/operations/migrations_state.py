"""Where the database stands against the migration scripts (Alembic)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection


@dataclass(frozen=True)
class MigrationState:
    current: tuple[str, ...]
    heads: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        return bool(self.current) and set(self.current) == set(self.heads)


@functools.cache
def _scripts(directory: str) -> ScriptDirectory:
    # Parsed once per process: the scripts only change with a deploy (and a restart).
    return ScriptDirectory(directory)


def scripts() -> ScriptDirectory:
    return _scripts(str(current_app.extensions["migrate"].directory))


def head_revisions() -> tuple[str, ...]:
    return tuple(sorted(scripts().get_heads()))


def migration_state(connection: Connection) -> MigrationState:
    current = MigrationContext.configure(connection).get_current_heads()
    return MigrationState(current=tuple(sorted(current)), heads=head_revisions())


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of this code's migration scripts."""
    try:
        return scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several errors for unknown or ambiguous ids
        return False
