"""Load a ``rubrics/`` directory into one immutable :class:`Rubric`, or its problems.

Parsing with line numbers is ``parsing``; the checks of each file kind are ``validation``
and ``role_validation``. The rubric is only returned when no problem was found, so a
half-valid set is never served. Caching and reloading are ``registry``. Pure: reads
files, no Flask.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from hiring.rubrics.parsing import Documents, Problem, parse_documents
from hiring.rubrics.planner_rules import read_planner
from hiring.rubrics.role_validation import read_roles
from hiring.rubrics.types import Rubric
from hiring.rubrics.validation import (
    read_ads,
    read_lint,
    read_rounds,
    read_skills,
    read_stages,
    read_teams,
)


@dataclass(frozen=True)
class LoadResult:
    rubric: Rubric | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.rubric is not None and not self.problems


def rubric_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*.yaml") if path.is_file())


def fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detection: names, sizes and modification times of the files."""
    entries = []
    for path in rubric_files(directory):
        stat = path.stat()
        entries.append((str(path.relative_to(directory)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def load_rubrics(directory: str | Path) -> LoadResult:
    """Parse, resolve and validate every rubric file under ``directory``."""
    root = Path(directory)
    if not root.is_dir():
        return LoadResult(None, (Problem(str(root), 1, "(directory)", "does not exist"),))
    files = [(path.relative_to(root).as_posix(), path.read_bytes()) for path in rubric_files(root)]
    problems: list[Problem] = []
    rubric = _assemble(parse_documents(files, problems), version=_version(files))
    ordered = tuple(sorted(set(problems)))
    return LoadResult(rubric if not ordered else None, ordered)


def _version(files: list[tuple[str, bytes]]) -> str:
    """A short digest of every file's name and content: changes whenever any file does."""
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()[:12]


def _assemble(documents: Documents, version: str) -> Rubric:
    """Read each file kind in dependency order: rounds name skills, roles name both."""
    categories, skills = read_skills(documents)
    skill_ids = {skill.id for skill in skills}
    rounds = read_rounds(documents, skill_ids)
    roles = read_roles(documents, skill_ids, {round_.id: round_ for round_ in rounds})
    pipeline = read_stages(documents)
    team_stages, ratios = read_teams(documents)
    lint = read_lint(documents)
    ads = read_ads(documents)
    planner = read_planner(documents, {role.id for role in roles})
    return Rubric(
        version=version,
        categories=tuple(categories),
        skills=tuple(skills),
        roles=tuple(roles),
        rounds=tuple(rounds),
        pipeline=pipeline,
        team_stages=tuple(team_stages),
        ratios=tuple(ratios),
        lint=lint,
        ads=ads,
        planner=planner,
    )
