"""Reading years-of-experience demands: "5+ years", "at least three years", "3-5 yrs"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + ")"
_YEARS_RE = re.compile(
    r"(?<![\w.,])"
    r"(?:(?:at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|over|more\s+than)\s+)?"
    # Spaces, never a line break, inside one mention: "day one" above a "- 4+ years"
    # bullet is not the range "one - 4+ years".
    rf"(?P<n>{_NUMBER})(?![\w.])[^\S\n]*+(?:\+[^\S\n]*+)?"
    rf"(?:(?:-|\u2013|\u2014|to(?!\w))[^\S\n]*+(?P<m>{_NUMBER})(?![\w.])[^\S\n]*+(?:\+[^\S\n]*+)?)?"
    r"(?:or\s++more\s++)?(?:years?|yrs?)(?!\w)"
    r"(?!\s+(?:ago|old)\b)",
    re.IGNORECASE,
)
# "the past 10 years", "within 2 years", "up to 3 years": spans and ceilings, not a minimum.
_NOT_A_MINIMUM_BEFORE_RE = re.compile(
    r"(?<![^\W_])(?:past|last|next|first|coming|recent|previous|within|after|in|every|per|"
    r"up\s+to|less\s+than|fewer\s+than|under)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class YearsMention:
    minimum: float
    text: str  # as written, e.g. "5+ years"
    start: int
    end: int


def _to_number(text: str) -> float:
    return float(_NUMBER_WORDS.get(text.lower(), 0) or text)


def years_mentions(text: str) -> Iterator[YearsMention]:
    """Every "N+ years", "at least N years", "N-M years" ... in ``text``."""
    for match in _YEARS_RE.finditer(text):
        if _NOT_A_MINIMUM_BEFORE_RE.search(text, max(0, match.start() - 16), match.start()):
            continue
        low = _to_number(match.group("n"))
        if match.group("m"):
            low = min(low, _to_number(match.group("m")))
        yield YearsMention(low, " ".join(match.group(0).split()), match.start(), match.end())
