"""What input the application accepts wherever it comes from (pure).

The API's field patterns, the web request guards and the imports use these, so text
refused by one is refused by all:

- a **line** (a name, an email, a title, a link) holds no control character (C0 or
  DEL) and no bidirectional embedding, override or isolate (U+202A-U+202E,
  U+2066-U+2069), which would make the text read differently from what it holds;
- **text** (Markdown, a resume) may hold anything but NUL, which PostgreSQL cannot store;
- an **id** is a positive integer that fits the database's ``integer`` column;
- a **JSON document** nests at most ``MAX_JSON_DEPTH`` levels.

Patterns are linear-time: no nested or adjacent unbounded groups that could backtrack.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Whitespace as Python's str.strip() and str.split() see it, spelled out: JSON Schema
# tools read \s in other ways (ECMA-262's, or ASCII only), so no pattern uses it.
# BLANK is the part that is not a control character.
CONTROL_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f"
BLANK = r" \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SPACE = CONTROL_SPACE + BLANK
# What a line may not hold: control characters and bidirectional formatting.
NOT_IN_LINE = r"\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069"

# One line: no control characters. May be empty.
LINE = rf"^[^{NOT_IN_LINE}]*$"
# One line with at least one visible character (what str.strip() keeps).
VISIBLE_LINE = rf"^[{BLANK}]*[^{BLANK}{NOT_IN_LINE}][^{NOT_IN_LINE}]*$"
# Multi-line text (Markdown) with at least one visible character and no NUL.
VISIBLE_TEXT = rf"^[{SPACE}]*[^{SPACE}\x00][^\x00]*$"
# Multi-line text that may be empty: anything but NUL.
TEXT = r"^[^\x00]*$"

LINE_MESSAGE = "Use a single line without control characters."
VISIBLE_LINE_MESSAGE = "Use a single line with at least one visible character."
VISIBLE_TEXT_MESSAGE = "Write some text; NUL characters are not allowed."
TEXT_MESSAGE = "NUL characters are not allowed."

# The largest id or version number anyone can send (PostgreSQL ``integer``).
MAX_INT = 2_147_483_647
# Nesting beyond this is refused before the parser recurses that deep.
MAX_JSON_DEPTH = 100

# Whole strings: a pattern's $ also matches before a final newline.
_LINE = re.compile(rf"[^{NOT_IN_LINE}]*")
_TEXT = re.compile(r"[^\x00]*")
_NUMBER = re.compile(r"[0-9]{1,10}")


def is_line(value: str) -> bool:
    return _LINE.fullmatch(value) is not None


def is_text(value: str) -> bool:
    return _TEXT.fullmatch(value) is not None


def as_int(raw: object) -> int | None:
    """The number ``raw`` spells (ASCII digits, 0 to ``MAX_INT``), or None: never a
    ValueError for other digits (``"²"``), never a number the database cannot hold."""
    text = str(raw) if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not _NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_INT else None


def as_id(raw: object) -> int | None:
    """The id ``raw`` spells (ASCII digits, 1 to ``MAX_INT``), or None."""
    value = as_int(raw)
    return value if value else None


def is_json_type(mimetype: str | None) -> bool:
    """``application/json`` or a JSON-based type such as ``application/problem+json``."""
    kind = (mimetype or "").split(";")[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


class JSONTooDeep(ValueError):
    """A JSON document nested deeper than ``MAX_JSON_DEPTH``."""


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


def json_depth(text: str | bytes, stop_at: int = MAX_JSON_DEPTH) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets in strings do not
    count); counting stops past ``stop_at``. Linear in the length of the text."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def loads_json(text: str | bytes) -> Any:
    """``json.loads``, refusing documents nested deeper than ``MAX_JSON_DEPTH``
    (``JSONTooDeep``, a ``ValueError``) instead of running out of stack."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise JSONTooDeep(f"The JSON nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        return json.loads(text)
    except RecursionError as exc:  # a smaller stack than expected: still an answer
        raise JSONTooDeep(f"The JSON nests deeper than {MAX_JSON_DEPTH} levels.") from exc
