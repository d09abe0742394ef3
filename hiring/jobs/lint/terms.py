"""Finding words and phrases of an ad, whatever their case, hyphens or line wraps."""

from __future__ import annotations

import re
from functools import lru_cache

from hiring.jobs.lint.context import LintSkill

# Between the words of a phrase: spaces, a hyphen, or one line break (a wrapped line).
_WORD_GAP = r"(?:[ \t]++(?:[-\n][ \t]*+)?|[-\n][ \t]*+)"


@lru_cache(maxsize=4096)
def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for any of ``terms``, on word boundaries.

    Boundaries are letters and digits only, so "_rockstar_" and "**C++**" still match and
    "ninjas" does not match "ninja". None when there is nothing to match.
    """
    parts: set[str] = set()
    for term in terms:
        words = [word for word in re.split(r"[\s\-]+", term.strip().lower()) if word]
        if words:
            parts.add(_WORD_GAP.join(re.escape(word) for word in words))
    if not parts:
        return None
    alternatives = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def skill_pattern(skill: LintSkill) -> re.Pattern[str] | None:
    return terms_pattern((skill.name, *skill.keywords))
