"""What the linter reports: findings, their severities and rule ids, and their wording."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem in a description, with a concrete fix."""

    rule: str  # stable rule id, a key of RULES
    severity: str  # "error" | "warning" | "info"
    line: int | None  # 1-based line in the Markdown, None when not tied to a line
    message: str  # what is wrong, in plain words, naming the offending text
    suggestion: str  # how to fix it, concretely


RULES: dict[str, str] = {
    "too-many-must-haves": "More must-haves than a role can honestly need on day one.",
    "trainable-listed-as-required": "A skill the team teaches on the job is listed as required.",
    "credential-inflation": "A degree, a years count and a long list demanded all at once.",
    "years-out-of-line": "Years of experience far above what the level typically needs.",
    "years-beyond-technology": "More years with a technology than it has existed in industry.",
    "phd-required-for-engineering": "An engineering role that requires a PhD.",
    "wording": "Vague, exclusionary or gendered wording, with a plainer alternative.",
    "missing-salary-range": "No pay range where the law requires one in job ads.",
    "pay-range-removed": "A published pay range removed where the law requires one.",
    "remote-without-countries": "A remote job that does not say where applicants may live.",
    "must-have-not-assessed": "A must-have skill that no round of the interview loop assesses.",
    "length": "An ad much shorter or longer than good ML job ads (words of visible text).",
}


def years_phrase(count: float) -> str:
    shown = int(count) if count == int(count) else count
    return f"{shown} year" if count == 1 else f"{shown} years"


def quote(text: str, limit: int = 60) -> str:
    """Offending text in quotes, shortened so a message stays one glance long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f'"{text}"'


def join_names(names: Iterable[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]
