"""The rubrics the running app serves: loaded once per process, reloaded on change.

When changed files are invalid, the last good rubric keeps being served and the
problems are kept for admins to see. Parsed results are shared by every app in the
process (tests build many apps) and keyed by directory and file fingerprint.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from hiring import policy
from hiring.policy import Action
from hiring.rubrics.loader import LoadResult, fingerprint, load_rubrics
from hiring.rubrics.parsing import Problem
from hiring.rubrics.types import Rubric

_PARSED: dict[tuple[str, tuple[tuple[str, int, int], ...]], LoadResult] = {}
_PARSED_LOCK = threading.Lock()


class RubricsUnavailable(RuntimeError):
    """No valid rubric has ever been loaded from the configured directory."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("the rubric files are invalid and no earlier valid set exists")
        self.problems = problems


def parse_cached(directory: Path) -> LoadResult:
    key = (str(directory.resolve()), fingerprint(directory) if directory.is_dir() else ())
    with _PARSED_LOCK:
        if key not in _PARSED:
            _PARSED[key] = load_rubrics(directory)
        return _PARSED[key]


@dataclass
class RubricRegistry:
    directory: Path
    check_interval: float = 2.0
    _good: Rubric | None = None
    _problems: tuple[Problem, ...] = ()
    _checked_at: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked_at < self.check_interval:
            return
        with self._lock:
            self._checked_at = now
            result = parse_cached(self.directory)
            if result.ok:
                self._good = result.rubric
                self._problems = ()
            else:
                self._problems = result.problems

    def current(self) -> Rubric:
        self.refresh()
        if self._good is None:
            raise RubricsUnavailable(self._problems)
        return self._good

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems of the files on disk now (empty when they are valid)."""
        self.refresh()
        return self._problems


def init_app(app: Flask) -> None:
    app.extensions["rubrics"] = RubricRegistry(
        Path(app.config["HIRING_RUBRICS_DIR"]),
        check_interval=app.config.get("RUBRICS_CHECK_INTERVAL", 2.0),
    )


def registry() -> RubricRegistry:
    return current_app.extensions["rubrics"]


def current_rubric() -> Rubric:
    return registry().current()


@dataclass(frozen=True)
class ProblemsPanel:
    """What an admin is told when the rubric files on disk are invalid."""

    problems: tuple[Problem, ...]
    # The last good version still served, or None when there never was one.
    version: str | None


def problems_panel(user: Any) -> ProblemsPanel | None:
    """The problems of the rubric files on disk, for users who may see them; None when
    the files are valid or the user may not see their problems."""
    if not policy.can(user, Action.VIEW_RUBRIC_PROBLEMS):
        return None
    rubric_registry = registry()
    problems = rubric_registry.problems
    if not problems:
        return None
    try:
        version: str | None = rubric_registry.current().version
    except RubricsUnavailable:
        version = None
    return ProblemsPanel(problems, version)
