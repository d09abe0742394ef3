"""Line-by-line comparison of two description versions. Pure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | added | removed
    text: str
    old_number: int | None
    new_number: int | None


def line_diff(old: str, new: str) -> list[DiffLine]:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [
                DiffLine("same", old_lines[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)
            ]
            continue
        result += [DiffLine("removed", old_lines[i], i + 1, None) for i in range(i1, i2)]
        result += [DiffLine("added", new_lines[j], None, j + 1) for j in range(j1, j2)]
    return result
