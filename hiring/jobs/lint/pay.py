"""The pay-transparency rule: a pay range where the law requires one in job ads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext
from hiring.jobs.lint.document import Document
from hiring.jobs.lint.findings import ERROR, Finding, join_names, quote
from hiring.jobs.lint.terms import terms_pattern

_CURRENCY_CODES = r"usd|eur|gbp|cad|aud|nzd|chf|sek|nok|dkk|pln|czk|inr|jpy|sgd|hkd|brl|mxn|zar"
_SYMBOLS = "$\u20ac\u00a3\u00a5\u20b9"  # $ € £ ¥ ₹
_NOT_PAY = r"(?!\s?(?:m|mn|b|bn|million|billion)\b)"
_SALARY_RE = re.compile(
    rf"(?:[{_SYMBOLS}]|\b(?:{_CURRENCY_CODES})\b)\s?\d[\d,.]*+\s?(?:k\b)?{_NOT_PAY}"
    rf"|(?<![\d,.])\d[\d,.]*+\s?k?\s?(?:\b(?:{_CURRENCY_CODES})\b|[{_SYMBOLS}])",
    re.IGNORECASE,
)
# "Salary: 120k-150k" names no currency but is plainly a pay range.
_PAY_WORDS_RE = re.compile(r"\b(?:salary|pay|compensation|base)\b", re.IGNORECASE)
_PAY_AMOUNT_RE = re.compile(r"\b\d{2,3}\s?k\b|\b\d{2,3}[,.\u00a0 ]\d{3}\b", re.IGNORECASE)


def _has_salary_text(prose: str) -> bool:
    if _SALARY_RE.search(prose):
        return True
    return any(
        _PAY_WORDS_RE.search(line) and _PAY_AMOUNT_RE.search(line) for line in prose.split("\n")
    )


def missing_salary_range(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """Pay-transparency laws require a range in the ad; remote ads reach those places too."""
    if ctx.salary_min is not None and ctx.salary_max is not None:
        return
    if not ctx.salary_laws or _has_salary_text(doc.prose):
        return
    located = [
        law
        for law in ctx.salary_laws
        if (pattern := terms_pattern(law.terms)) is not None and pattern.search(ctx.location)
    ]
    if located:
        message = (
            f"No pay range: the location {quote(ctx.location)} falls under the pay-"
            f"transparency law of {join_names(law.name for law in located)}, which requires a "
            "pay range in the job ad."
        )
    elif ctx.remote_policy == "remote":
        message = (
            "No pay range: a remote role can be filled from places whose law requires a "
            f"pay range in job ads ({join_names(law.name for law in ctx.salary_laws)})."
        )
    else:
        return
    yield Finding(
        "missing-salary-range",
        ERROR,
        None,
        message,
        "Set the job's salary minimum and maximum, or state the range in the description "
        '(for example "$120,000 - $150,000 per year").',
    )
