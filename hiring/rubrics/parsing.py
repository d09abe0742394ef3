"""Rubric YAML read with line numbers, and the problems found in it.

Every problem names the file, the line and the field (``roles/ml-engineer.yaml:42:
levels.senior.must_have[1].bar: must be between 1 and 4``), so a reviewer can fix a
broken pull request without guessing. A :class:`Reader` records a problem and carries on
instead of raising, so one run reports them all. Pure: no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


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
            line = item_line(value, index)
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
            line = item_line(value, index)
            item_path = f"{field}[{index}]"
            mapping = self.mapping(item, item_path, line)
            if mapping is not None:
                result.append((item_path, line, mapping))
        return result

    def choice(self, data: LineDict, key: str, path: str, allowed: Iterable[str]) -> str:
        value = self.text(data, key, path)
        allowed = tuple(allowed)
        if value and value not in allowed:
            self.problem(
                self.line_of(data, key),
                f"{path}.{key}" if path else key,
                f"must be one of {', '.join(allowed)}, not {value!r}",
            )
        return value


def item_line(value: Any, index: int) -> int:
    """The line of ``value[index]``, or of the list itself when that is unknown."""
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


# --- the files of one directory ------------------------------------------------------


def parse_documents(files: Iterable[tuple[str, bytes]], problems: list[Problem]) -> Documents:
    """Parse each ``(relative path, content)``; a file that is not valid UTF-8 YAML is
    reported and left out."""
    parsed: dict[str, Any] = {}
    for name, raw in files:
        try:
            parsed[name] = yaml.load(raw.decode("utf-8"), Loader=_LineLoader)
        except UnicodeDecodeError:
            problems.append(Problem(name, 1, "(file)", "is not UTF-8 text"))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            problems.append(Problem(name, line, "(syntax)", str(exc.problem or exc).strip()))
    return Documents(parsed, problems)


@dataclass(frozen=True)
class Documents:
    """The parsed files of one rubric directory by relative path, and the problems list
    every check appends to."""

    parsed: Mapping[str, Any]
    problems: list[Problem]

    def names_under(self, folder: str) -> list[str]:
        """The parsed files in ``folder`` (``"rounds/"``), sorted."""
        return sorted(name for name in self.parsed if name.startswith(folder))

    def reader(self, name: str) -> Reader:
        return Reader(name, self.problems)

    def document(self, name: str) -> tuple[Reader, LineDict | None]:
        """A reader for the file and its top-level mapping; None (reported) when the file
        is missing, empty or not a mapping."""
        reader = self.reader(name)
        if name not in self.parsed:
            reader.problem(1, "(file)", "is missing")
            return reader, None
        data = self.parsed[name]
        if data is None:
            reader.problem(1, "(file)", "is empty")
            return reader, None
        return reader, reader.mapping(data, "", 1)
