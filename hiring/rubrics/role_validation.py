"""The checks of ``roles/*.yaml``: role families and their levels.

A level is checked against the skills and rounds read before it (``validation``), so a
role cannot demand a skill that does not exist or that no round of its loop assesses.
Pure: no Flask.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hiring.rubrics.parsing import Documents, LineDict, Reader, item_line
from hiring.rubrics.types import (
    FOCUSES,
    LEVELS,
    TRACKS,
    MustHave,
    NoLongerMustHave,
    RoleFamily,
    RoleLevel,
    Round,
    Trainable,
)
from hiring.rubrics.validation import candidate_text

MAX_MUST_HAVES = 5


def read_roles(
    documents: Documents, skill_ids: set[str], rounds: dict[str, Round]
) -> list[RoleFamily]:
    """``roles/*.yaml``: each role family and its four levels."""
    roles = []
    for name in documents.names_under("roles/"):
        reader, data = documents.document(name)
        if data is None:
            continue
        role_id = reader.identifier(data, "id", "")
        expected = Path(name).stem
        if role_id and role_id != expected:
            reader.problem(
                reader.line_of(data, "id"), "id", f"must match the file name ({expected!r})"
            )
        focus = reader.choice(data, "focus", "", FOCUSES)
        track = reader.choice(data, "track", "", TRACKS)
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
                    level = _level(reader, levels_data, level_name, skill_ids, rounds)
                    if level is not None:
                        levels.append(level)
            _check_levels_rise(reader, levels_data, levels)
        responsibilities, responsibility_levels = _responsibilities(reader, data)
        roles.append(
            RoleFamily(
                id=role_id,
                name=reader.text(data, "name", ""),
                focus=focus,
                track=track,
                summary=" ".join(reader.text(data, "summary", "").split()),
                responsibilities=responsibilities,
                levels=tuple(levels),
                responsibility_levels=responsibility_levels,
                product=candidate_text(
                    reader, data, "product", "", reader.line_of(data, "product")
                ),
                tech_stack=reader.strings(data, "tech_stack", "", required=False),
            )
        )
    if not roles:
        documents.reader("roles/").problem(1, "(directory)", "has no role files")
    return roles


def _responsibilities(
    reader: Reader, data: LineDict
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each responsibility is text (every level) or ``{text: ..., levels: [senior, staff]}``."""
    value = reader.get(data, "responsibilities", "", list, default=[]) or []
    texts: list[str] = []
    levels: list[tuple[str, ...]] = []
    for index, item in enumerate(value):
        path = f"responsibilities[{index}]"
        line = item_line(value, index)
        if isinstance(item, str) and item.strip():
            texts.append(" ".join(item.split()))
            levels.append(())
            continue
        mapping = reader.mapping(item, path, line) if not isinstance(item, str) else None
        if mapping is None:
            if isinstance(item, str):
                reader.problem(line, path, "must be non-empty text")
            continue
        only = reader.strings(mapping, "levels", path, min_items=1)
        for position, level in enumerate(only):
            if level not in LEVELS:
                reader.problem(
                    item_line(mapping.get("levels"), position),
                    f"{path}.levels[{position}]",
                    f"must be one of {', '.join(LEVELS)}, not {level!r}",
                )
        texts.append(" ".join(reader.text(mapping, "text", path).split()))
        levels.append(only)
    if not texts:
        reader.problem(
            reader.line_of(data, "responsibilities"), "responsibilities", "needs at least 1 item(s)"
        )
    return tuple(texts), tuple(levels)


def _level(
    reader: Reader,
    levels: LineDict,
    level_name: str,
    skill_ids: set[str],
    rounds: dict[str, Round],
) -> RoleLevel | None:
    """One level of a role family: its needs name known skills, each skill once, at
    most ``MAX_MUST_HAVES`` must-haves, and every must-have is assessed by a round of
    the level's loop."""
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
        line = item_line(data.get("nice_to_have"), index)
        if skill not in skill_ids:
            reader.problem(line, f"{path}.nice_to_have[{index}]", f"unknown skill {skill!r}")
        used.append((skill, line, f"{path}.nice_to_have[{index}]"))
    first_use: dict[str, str] = {}
    for skill, line, item_path in used:
        if skill in first_use:
            reader.problem(
                line,
                item_path,
                f"{skill!r} is already listed at {first_use[skill]}; list a skill once per level",
            )
        elif skill:
            first_use[skill] = item_path
    loop = reader.strings(data, "rounds", path, min_items=1)
    for index, round_id in enumerate(loop):
        if round_id not in rounds:
            reader.problem(
                item_line(data.get("rounds"), index),
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
    no_longer = tuple(
        NoLongerMustHave(
            skill=check_skill(item, item_path),
            why=" ".join(reader.text(item, "why", item_path).split()),
        )
        for item_path, _line, item in (
            reader.items(data, "no_longer_must_have", path) if "no_longer_must_have" in data else []
        )
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
        no_longer_must_have=no_longer,
        responsibilities=tuple(
            " ".join(item.split())
            for item in reader.strings(data, "responsibilities", path, required=False)
        ),
    )


def _check_levels_rise(reader: Reader, levels_data: LineDict, levels: list[RoleLevel]) -> None:
    """Each level asks at least what the level beneath asks: a shared must-have's bar
    never falls, and a must-have that stops being one says why (``no_longer_must_have``)."""
    for lower, upper in pairwise(levels):
        data = levels_data.get(upper.level)
        if not isinstance(data, dict):
            continue
        path = f"levels.{upper.level}"
        below = {m.skill: m.bar for m in lower.must_have}
        here = {m.skill for m in upper.must_have}
        for index, must in enumerate(upper.must_have):
            # A bar outside 1-4 is read as 0 and reported where it is read.
            if must.bar and must.skill in below and must.bar < below[must.skill]:
                reader.problem(
                    item_line(data.get("must_have"), index),
                    f"{path}.must_have[{index}].bar",
                    f"bar {must.bar} for {must.skill!r} is below the {lower.level} level's bar "
                    f"{below[must.skill]}; a higher level never asks for less",
                )
        explained = {item.skill for item in upper.no_longer_must_have}
        for skill in below:
            if skill not in here and skill not in explained:
                reader.problem(
                    reader.line_of(data, "must_have"),
                    f"{path}.must_have",
                    f"{skill!r} is a must-have at {lower.level} but not at {upper.level}: keep "
                    "it, or say why in no_longer_must_have",
                )
        for index, item in enumerate(upper.trainable):
            if (
                item.target
                and item.skill in below
                and item.skill not in here
                and item.target < below[item.skill]
            ):
                reader.problem(
                    item_line(data.get("trainable"), index),
                    f"{path}.trainable[{index}].target",
                    f"target {item.target} for {item.skill!r} is below the bar "
                    f"{below[item.skill]} the {lower.level} level requires on day one",
                )
        for index, item in enumerate(upper.no_longer_must_have):
            if item.skill and (item.skill not in below or item.skill in here):
                reader.problem(
                    item_line(data.get("no_longer_must_have"), index),
                    f"{path}.no_longer_must_have[{index}].skill",
                    f"{item.skill!r} must be a must-have at {lower.level} and not at "
                    f"{upper.level} to be listed here",
                )
