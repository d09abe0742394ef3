"""Parse and validate ``rubrics/`` into a :class:`Rubric`, reporting every problem.

Each problem names the file, the line and the field (``roles/ml-engineer.yaml:42:
levels.senior.must_have[1].bar: must be between 1 and 4``), so a reviewer can fix a
broken pull request without guessing. Validation never stops at the first problem.
Pure: reads files, no Flask.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hiring.rubrics.types import (
    FOCUSES,
    LEVELS,
    TEAM_STAGES,
    TRACKS,
    Category,
    LintData,
    MustHave,
    PipelineStages,
    Question,
    Ratio,
    RejectionReason,
    RoleFamily,
    RoleLevel,
    Round,
    Rubric,
    SalaryLawData,
    Skill,
    Stage,
    TeamStage,
    TechnologyData,
    TimingStep,
    Trainable,
    WordingData,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_MUST_HAVES = 5
MIN_QUESTIONS_PER_SKILL = 3
WORDING_KINDS = ("vague", "exclusionary", "gendered")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    rubric: Rubric | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.rubric is not None and not self.problems


# --- YAML with line numbers ----------------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 1
    key_lines: dict[Any, int]


class LineList(list):
    line: int = 1
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# YAML 1.1 reads "yes"/"no"/"on"/"off" as booleans; rubric text never means that.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# --- a cursor over one file's data -----------------------------------------------------


class Reader:
    """Reads typed fields from parsed YAML and records problems with their location."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field or "(file)", message))

    def line_of(self, data: Any, key: Any = None) -> int:
        if key is not None and isinstance(data, LineDict) and key in data.key_lines:
            return data.key_lines[key]
        return getattr(data, "line", 1)

    def mapping(self, data: Any, path: str, line: int = 1) -> LineDict | None:
        if isinstance(data, LineDict):
            return data
        self.problem(line, path, "must be a mapping of fields")
        return None

    def get(
        self,
        data: LineDict,
        key: str,
        path: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        field = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.problem(data.line, field, "is required")
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            self.problem(self.line_of(data, key), field, f"must be {_kind_name(kinds)}")
            return default
        if not isinstance(value, kinds):
            self.problem(self.line_of(data, key), field, f"must be {_kind_name(kinds)}")
            return default
        if isinstance(value, str) and not value.strip() and required:
            self.problem(self.line_of(data, key), field, "must not be empty")
            return default
        return value.strip() if isinstance(value, str) else value

    def text(self, data: LineDict, key: str, path: str, *, required: bool = True) -> str:
        return self.get(data, key, path, str, required=required, default="") or ""

    def identifier(self, data: LineDict, key: str, path: str) -> str:
        value = self.text(data, key, path)
        if value and not ID_PATTERN.match(value):
            self.problem(
                self.line_of(data, key),
                f"{path}.{key}" if path else key,
                f"{value!r} is not a valid id (lowercase words joined by hyphens)",
            )
        return value

    def integer(
        self, data: LineDict, key: str, path: str, low: int, high: int, *, required: bool = True
    ) -> int | None:
        value = self.get(data, key, path, int, required=required)
        if value is not None and not low <= value <= high:
            self.problem(
                self.line_of(data, key),
                f"{path}.{key}" if path else key,
                f"must be between {low} and {high}, not {value}",
            )
            return None
        return value

    def strings(
        self, data: LineDict, key: str, path: str, *, required: bool = True, min_items: int = 0
    ) -> tuple[str, ...]:
        value = self.get(data, key, path, list, required=required, default=[])
        field = f"{path}.{key}" if path else key
        items: list[str] = []
        for index, item in enumerate(value or []):
            line = _item_line(value, index)
            if not isinstance(item, str) or not item.strip():
                self.problem(line, f"{field}[{index}]", "must be non-empty text")
                continue
            items.append(item.strip())
        if (value or required) and len(items) < min_items:
            self.problem(self.line_of(data, key), field, f"needs at least {min_items} item(s)")
        return tuple(items)

    def items(self, data: LineDict, key: str, path: str) -> list[tuple[str, int, LineDict]]:
        """The mappings of a list field, each with its path and line."""
        value = self.get(data, key, path, list, default=[])
        field = f"{path}.{key}" if path else key
        result = []
        for index, item in enumerate(value or []):
            line = _item_line(value, index)
            item_path = f"{field}[{index}]"
            mapping = self.mapping(item, item_path, line)
            if mapping is not None:
                result.append((item_path, line, mapping))
        return result


def _item_line(value: Any, index: int) -> int:
    lines = getattr(value, "item_lines", None)
    return lines[index] if lines and index < len(lines) else getattr(value, "line", 1)


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        list: "a list",
        dict: "a mapping",
        bool: "true or false",
    }
    return " or ".join(names.get(kind, kind.__name__) for kind in kinds)


# --- loading ------------------------------------------------------------------------


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
    problems: list[Problem] = []
    if not root.is_dir():
        return LoadResult(None, (Problem(str(root), 1, "(directory)", "does not exist"),))
    documents: dict[str, Any] = {}
    digest = hashlib.sha256()
    for path in rubric_files(root):
        relative = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        digest.update(relative.encode() + b"\0" + raw + b"\0")
        try:
            documents[relative] = yaml.load(raw.decode("utf-8"), Loader=_LineLoader)
        except UnicodeDecodeError:
            problems.append(Problem(relative, 1, "(file)", "is not UTF-8 text"))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            problems.append(Problem(relative, line, "(syntax)", str(exc.problem or exc).strip()))
    builder = _Builder(documents, problems)
    rubric = builder.build(version=digest.hexdigest()[:12])
    ordered = tuple(sorted(set(problems)))
    return LoadResult(rubric if not ordered else None, ordered)


class _Builder:
    def __init__(self, documents: dict[str, Any], problems: list[Problem]) -> None:
        self.documents = documents
        self.problems = problems

    def document(self, name: str, *, required: bool = True) -> tuple[Reader, LineDict | None]:
        reader = Reader(name, self.problems)
        if name not in self.documents:
            if required:
                reader.problem(1, "(file)", "is missing")
            return reader, None
        data = self.documents[name]
        if data is None:
            reader.problem(1, "(file)", "is empty")
            return reader, None
        return reader, reader.mapping(data, "", 1)

    def build(self, version: str) -> Rubric:
        categories, skills = self.skills()
        skill_ids = {skill.id for skill in skills}
        rounds = self.rounds(skill_ids)
        roles = self.roles(skill_ids, {round_.id: round_ for round_ in rounds})
        pipeline = self.stages()
        team_stages, ratios = self.teams()
        lint = self.lint()
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
        )

    # skills.yaml
    def skills(self) -> tuple[list[Category], list[Skill]]:
        reader, data = self.document("skills.yaml")
        if data is None:
            return [], []
        categories = []
        for path, _line, item in reader.items(data, "categories", ""):
            categories.append(
                Category(
                    id=reader.identifier(item, "id", path), name=reader.text(item, "name", path)
                )
            )
        _duplicates(reader, [(c.id, 1) for c in categories], "categories", "category id")
        category_ids = {c.id for c in categories}
        skills = []
        seen: list[tuple[str, int]] = []
        for path, line, item in reader.items(data, "skills", ""):
            skill_id = reader.identifier(item, "id", path)
            category = reader.text(item, "category", path)
            if category and category not in category_ids:
                reader.problem(
                    reader.line_of(item, "category"),
                    f"{path}.category",
                    f"unknown category {category!r}",
                )
            scale = self.scale(reader, item, path)
            keywords = tuple(
                k.lower() for k in reader.strings(item, "keywords", path, required=False)
            )
            seen.append((skill_id, line))
            skills.append(
                Skill(
                    id=skill_id,
                    name=reader.text(item, "name", path),
                    category=category,
                    description=reader.text(item, "description", path),
                    keywords=keywords,
                    scale=scale,
                )
            )
        _duplicates(reader, seen, "skills", "skill id")
        return categories, skills

    def scale(self, reader: Reader, item: LineDict, path: str) -> tuple[str, str, str, str]:
        scale = reader.get(item, "scale", path, dict, default=None)
        anchors = ["", "", "", ""]
        if scale is None:
            return ("", "", "", "")
        keys = set(scale)
        if keys != {1, 2, 3, 4}:
            reader.problem(
                reader.line_of(item, "scale"),
                f"{path}.scale",
                "must have exactly the levels 1, 2, 3 and 4"
                + (f" (found {', '.join(map(str, sorted(keys, key=str)))})" if keys else ""),
            )
        for level in (1, 2, 3, 4):
            if level in scale:
                value = scale[level]
                if not isinstance(value, str) or not value.strip():
                    reader.problem(
                        reader.line_of(scale, level),
                        f"{path}.scale.{level}",
                        "must describe the level",
                    )
                else:
                    anchors[level - 1] = " ".join(value.split())
        return (anchors[0], anchors[1], anchors[2], anchors[3])

    # rounds/*.yaml
    def rounds(self, skill_ids: set[str]) -> list[Round]:
        rounds = []
        question_ids: list[tuple[str, str, int]] = []
        for name in sorted(n for n in self.documents if n.startswith("rounds/")):
            reader, data = self.document(name)
            if data is None:
                continue
            round_id = reader.identifier(data, "id", "")
            expected = Path(name).stem
            if round_id and round_id != expected:
                reader.problem(
                    reader.line_of(data, "id"), "id", f"must match the file name ({expected!r})"
                )
            technical = reader.get(data, "technical", "", bool, default=False)
            duration = reader.integer(data, "duration", "", 5, 480) or 0
            assesses = reader.strings(data, "assesses", "", min_items=1)
            for index, skill in enumerate(assesses):
                if skill not in skill_ids:
                    reader.problem(
                        _item_line(data.get("assesses"), index),
                        f"assesses[{index}]",
                        f"unknown skill {skill!r}",
                    )
            timing = []
            for path, _line, item in reader.items(data, "timing", ""):
                minutes = reader.integer(item, "minutes", path, 1, 480) or 0
                timing.append(
                    TimingStep(minutes=minutes, activity=reader.text(item, "activity", path))
                )
            if timing and duration and sum(step.minutes for step in timing) != duration:
                reader.problem(
                    reader.line_of(data, "timing"),
                    "timing",
                    f"adds up to {sum(s.minutes for s in timing)} minutes, "
                    f"but the round lasts {duration}",
                )
            questions = []
            for path, line, item in reader.items(data, "questions", ""):
                question_id = reader.identifier(item, "id", path)
                skill = reader.text(item, "skill", path)
                if skill and skill not in assesses:
                    reader.problem(
                        reader.line_of(item, "skill"),
                        f"{path}.skill",
                        f"{skill!r} is not among the skills this round assesses",
                    )
                question_ids.append((question_id, name, line))
                questions.append(
                    Question(
                        id=question_id,
                        round=round_id,
                        skill=skill,
                        question=" ".join(reader.text(item, "question", path).split()),
                        follow_ups=reader.strings(item, "follow_ups", path, required=False),
                        strong=reader.strings(item, "strong", path, min_items=1),
                        weak=reader.strings(item, "weak", path, min_items=1),
                        red_flags=reader.strings(item, "red_flags", path, required=False),
                        retired=bool(reader.get(item, "retired", path, bool, required=False)),
                    )
                )
            if technical:
                counts = Counter(q.skill for q in questions if not q.retired)
                for skill in assesses:
                    if skill in skill_ids and counts[skill] < MIN_QUESTIONS_PER_SKILL:
                        reader.problem(
                            reader.line_of(data, "questions"),
                            "questions",
                            f"a technical round needs at least {MIN_QUESTIONS_PER_SKILL} "
                            f"questions for each skill it assesses; {skill!r} has {counts[skill]}",
                        )
            rounds.append(
                Round(
                    id=round_id,
                    name=reader.text(data, "name", ""),
                    technical=bool(technical),
                    purpose=" ".join(reader.text(data, "purpose", "").split()),
                    duration=duration,
                    max_focus_skills=reader.integer(data, "max_focus_skills", "", 1, 10) or 3,
                    interviewers=" ".join(reader.text(data, "interviewers", "").split()),
                    timing=tuple(timing),
                    assesses=assesses,
                    questions=tuple(questions),
                )
            )
        if not rounds:
            Reader("rounds/", self.problems).problem(1, "(directory)", "has no round files")
        seen: dict[str, str] = {}
        for question_id, file, line in question_ids:
            if question_id in seen:
                Reader(file, self.problems).problem(
                    line,
                    "questions",
                    f"duplicate question id {question_id!r} (also in {seen[question_id]})",
                )
            elif question_id:
                seen[question_id] = file
        round_ids = [(r.id, 1) for r in rounds]
        _duplicates(Reader("rounds/", self.problems), round_ids, "id", "round id")
        return rounds

    # roles/*.yaml
    def roles(self, skill_ids: set[str], rounds: dict[str, Round]) -> list[RoleFamily]:
        roles = []
        for name in sorted(n for n in self.documents if n.startswith("roles/")):
            reader, data = self.document(name)
            if data is None:
                continue
            role_id = reader.identifier(data, "id", "")
            expected = Path(name).stem
            if role_id and role_id != expected:
                reader.problem(
                    reader.line_of(data, "id"), "id", f"must match the file name ({expected!r})"
                )
            focus = self.choice(reader, data, "focus", "", FOCUSES)
            track = self.choice(reader, data, "track", "", TRACKS)
            levels_data = reader.get(data, "levels", "", dict, default=None)
            levels = []
            if levels_data is not None:
                keys = list(levels_data)
                if set(keys) != set(LEVELS):
                    reader.problem(
                        reader.line_of(data, "levels"),
                        "levels",
                        f"must be exactly {', '.join(LEVELS)} (found {', '.join(map(str, keys))})",
                    )
                for level_name in LEVELS:
                    if level_name in levels_data:
                        level = self.level(reader, levels_data, level_name, skill_ids, rounds)
                        if level is not None:
                            levels.append(level)
            roles.append(
                RoleFamily(
                    id=role_id,
                    name=reader.text(data, "name", ""),
                    focus=focus,
                    track=track,
                    summary=" ".join(reader.text(data, "summary", "").split()),
                    responsibilities=reader.strings(data, "responsibilities", "", min_items=1),
                    levels=tuple(levels),
                )
            )
        if not roles:
            Reader("roles/", self.problems).problem(1, "(directory)", "has no role files")
        return roles

    def choice(
        self, reader: Reader, data: LineDict, key: str, path: str, allowed: Iterable[str]
    ) -> str:
        value = reader.text(data, key, path)
        allowed = tuple(allowed)
        if value and value not in allowed:
            reader.problem(
                reader.line_of(data, key),
                f"{path}.{key}" if path else key,
                f"must be one of {', '.join(allowed)}, not {value!r}",
            )
        return value

    def level(
        self,
        reader: Reader,
        levels: LineDict,
        level_name: str,
        skill_ids: set[str],
        rounds: dict[str, Round],
    ) -> RoleLevel | None:
        path = f"levels.{level_name}"
        data = reader.mapping(levels[level_name], path, reader.line_of(levels, level_name))
        if data is None:
            return None
        years_raw = reader.get(data, "years", path, list, default=[])
        years = (0, 0)
        if years_raw is not None:
            if (
                len(years_raw) != 2
                or not all(isinstance(y, int) and not isinstance(y, bool) for y in years_raw)
                or not 0 <= years_raw[0] <= years_raw[1] <= 40
            ):
                reader.problem(
                    reader.line_of(data, "years"),
                    f"{path}.years",
                    "must be [min, max] years, min <= max",
                )
            else:
                years = (years_raw[0], years_raw[1])
        used: list[tuple[str, int, str]] = []

        def check_skill(item: LineDict, item_path: str, key: str = "skill") -> str:
            skill = reader.text(item, key, item_path)
            if skill and skill not in skill_ids:
                reader.problem(
                    reader.line_of(item, key), f"{item_path}.{key}", f"unknown skill {skill!r}"
                )
            return skill

        must_have = []
        for item_path, line, item in reader.items(data, "must_have", path):
            skill = check_skill(item, item_path)
            bar = reader.integer(item, "bar", item_path, 1, 4) or 0
            must_have.append(
                MustHave(
                    skill=skill, bar=bar, why=" ".join(reader.text(item, "why", item_path).split())
                )
            )
            used.append((skill, line, item_path))
        if len(must_have) > MAX_MUST_HAVES:
            reader.problem(
                reader.line_of(data, "must_have"),
                f"{path}.must_have",
                f"has {len(must_have)} must-haves; at most {MAX_MUST_HAVES} — "
                "move the rest to trainable or nice_to_have",
            )
        trainable = []
        for item_path, line, item in reader.items(data, "trainable", path):
            skill = check_skill(item, item_path)
            trainable.append(
                Trainable(
                    skill=skill,
                    target=reader.integer(item, "target", item_path, 1, 4) or 0,
                    weeks=reader.integer(item, "weeks", item_path, 1, 104) or 0,
                    how=" ".join(reader.text(item, "how", item_path).split()),
                )
            )
            used.append((skill, line, item_path))
        nice = reader.strings(data, "nice_to_have", path, required=False)
        for index, skill in enumerate(nice):
            line = _item_line(data.get("nice_to_have"), index)
            if skill not in skill_ids:
                reader.problem(line, f"{path}.nice_to_have[{index}]", f"unknown skill {skill!r}")
            used.append((skill, line, f"{path}.nice_to_have[{index}]"))
        first_use: dict[str, str] = {}
        for skill, line, item_path in used:
            if skill in first_use:
                reader.problem(
                    line,
                    item_path,
                    f"{skill!r} is already listed at {first_use[skill]}; "
                    "list a skill once per level",
                )
            elif skill:
                first_use[skill] = item_path
        loop = reader.strings(data, "rounds", path, min_items=1)
        for index, round_id in enumerate(loop):
            if round_id not in rounds:
                reader.problem(
                    _item_line(data.get("rounds"), index),
                    f"{path}.rounds[{index}]",
                    f"unknown round {round_id!r}",
                )
        assessed = {skill for r in loop if r in rounds for skill in rounds[r].assesses}
        for index, item in enumerate(must_have):
            if item.skill in skill_ids and rounds and item.skill not in assessed:
                reader.problem(
                    used[index][1],
                    f"{path}.must_have[{index}].skill",
                    f"must-have {item.skill!r} is not assessed by any round of this level's loop "
                    f"({', '.join(loop)})",
                )
        return RoleLevel(
            level=level_name,
            title=reader.text(data, "title", path),
            scope=" ".join(reader.text(data, "scope", path).split()),
            years=years,
            must_have=tuple(must_have),
            trainable=tuple(trainable),
            nice_to_have=nice,
            rounds=loop,
        )

    # stages.yaml
    def stages(self) -> PipelineStages:
        reader, data = self.document("stages.yaml")
        if data is None:
            return PipelineStages((), (), ())

        def read_stages(key: str, *, targets: bool) -> list[Stage]:
            result = []
            for path, _line, item in reader.items(data, key, ""):
                target = reader.integer(item, "target_days", path, 1, 365, required=targets)
                result.append(
                    Stage(
                        id=reader.identifier(item, "id", path),
                        name=reader.text(item, "name", path),
                        target_days=target,
                    )
                )
            return result

        stages = read_stages("stages", targets=True)
        terminal = read_stages("terminal", targets=False)
        reasons = [
            RejectionReason(
                id=reader.identifier(item, "id", path), name=reader.text(item, "name", path)
            )
            for path, _line, item in reader.items(data, "rejection_reasons", "")
        ]
        _duplicates(reader, [(s.id, 1) for s in stages + terminal], "stages", "stage id")
        _duplicates(reader, [(r.id, 1) for r in reasons], "rejection_reasons", "reason id")
        return PipelineStages(tuple(stages), tuple(terminal), tuple(reasons))

    # teams.yaml
    def teams(self) -> tuple[list[TeamStage], list[Ratio]]:
        reader, data = self.document("teams.yaml")
        if data is None:
            return [], []
        stages = [
            TeamStage(
                id=reader.identifier(item, "id", path),
                name=reader.text(item, "name", path),
                description=" ".join(reader.text(item, "description", path).split()),
                hire_first=" ".join(reader.text(item, "hire_first", path).split()),
            )
            for path, _line, item in reader.items(data, "stages", "")
        ]
        found = [stage.id for stage in stages]
        if sorted(found) != sorted(TEAM_STAGES):
            reader.problem(
                reader.line_of(data, "stages"),
                "stages",
                f"must be exactly {', '.join(TEAM_STAGES)} (found {', '.join(found) or 'none'})",
            )
        ratios = (
            [
                Ratio(
                    name=reader.text(item, "name", path),
                    value=str(reader.get(item, "value", path, (str, int, float), default="")),
                    why=" ".join(reader.text(item, "why", path).split()),
                )
                for path, _line, item in reader.items(data, "ratios", "")
            ]
            if "ratios" in data
            else []
        )
        return stages, ratios

    # lint.yaml
    def lint(self) -> LintData:
        reader, data = self.document("lint.yaml")
        if data is None:
            return LintData()

        def terms(item: LineDict, path: str) -> tuple[str, ...]:
            return tuple(t.lower() for t in reader.strings(item, "terms", path, min_items=1))

        wording = []
        for path, _line, item in reader.items(data, "wording", ""):
            kind = self.choice(reader, item, "kind", path, WORDING_KINDS)
            wording.append(
                WordingData(terms(item, path), kind, reader.text(item, "suggestion", path))
            )
        technologies = [
            TechnologyData(
                terms(item, path), reader.integer(item, "since", path, 1950, 2100) or 2100
            )
            for path, _line, item in reader.items(data, "technologies", "")
        ]
        laws = [
            SalaryLawData(terms(item, path), reader.text(item, "name", path))
            for path, _line, item in reader.items(data, "salary_range_required", "")
        ]
        return LintData(tuple(wording), tuple(technologies), tuple(laws))


def _duplicates(reader: Reader, ids: list[tuple[str, int]], field: str, what: str) -> None:
    counts = Counter(identifier for identifier, _ in ids if identifier)
    reported: set[str] = set()
    for identifier, line in ids:
        if counts[identifier] > 1 and identifier not in reported:
            reported.add(identifier)
            reader.problem(line, field, f"duplicate {what} {identifier!r}")
