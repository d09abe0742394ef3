"""The pay-transparency rule: a pay range where the law requires one in job ads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext, SalaryLaw
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


def laws_at(ctx: LintContext) -> list[SalaryLaw]:
    """The pay-transparency laws of the job's location."""
    return [
        law
        for law in ctx.salary_laws
        if (pattern := terms_pattern(law.terms)) is not None and pattern.search(ctx.location)
    ]


def pay_range_removed(ctx: LintContext) -> Iterator[Finding]:
    """The public page shows a range and the job no longer has one: the structured data
    would lose it even when the text still mentions pay."""
    if not ctx.published_pay_range:
        return
    if ctx.salary_min is not None and ctx.salary_max is not None:
        return
    located = laws_at(ctx)
    if not located and ctx.remote_policy != "remote":
        return
    laws = located or list(ctx.salary_laws)
    if not laws:
        return
    place = quote(ctx.location) if located else "a remote role"
    yield Finding(
        "pay-range-removed",
        ERROR,
        None,
        f"The published job shows a pay range and this edit removes it: {place} falls "
        f"under the pay-transparency law of {join_names(law.name for law in laws)}, which "
        "requires a pay range in the job ad.",
        "Set the salary minimum and maximum again, then republish.",
    )


def missing_salary_range(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """Pay-transparency laws require a range in the ad; remote ads reach those places too."""
    if ctx.salary_min is not None and ctx.salary_max is not None:
        return
    if not ctx.salary_laws or _has_salary_text(doc.prose) or ctx.published_pay_range:
        return
    located = laws_at(ctx)
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


def remote_without_countries(ctx: LintContext) -> Iterator[Finding]:
    """Search engines reject a remote posting that does not say where applicants may be."""
    if ctx.remote_policy != "remote" or ctx.applicant_countries:
        return
    yield Finding(
        "remote-without-countries",
        ERROR,
        None,
        "This remote job does not say where applicants may live.",
        "Choose the countries a hire may work from in the job's details ('Anywhere' is "
        "not a place the law or a search engine can use).",
    )
