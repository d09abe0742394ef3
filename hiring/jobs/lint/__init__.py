"""Lint a job description written in Markdown.

Pure domain code: plain functions over frozen dataclasses, no Flask and no database, so the
editor can lint on every keystroke and the rules can be tested on their own. The data the
rules need (wording to avoid, technology ages, pay-transparency laws) comes from
``rubrics/lint.yaml`` through :class:`LintContext`; the caller builds the context from the
job, its rubric snapshot and its interview loop.

The package's interface is :func:`lint_description`, the context it reads and the findings
it returns. ``document`` reads the Markdown; the rule families (``requirements``,
``credentials``, ``wording``, ``pay``) each check one kind of problem.
"""

from __future__ import annotations

from hiring.jobs.lint.context import LintContext, LintSkill, SalaryLaw, TechnologyAge, WordingRule
from hiring.jobs.lint.credentials import (
    credential_inflation,
    phd_required_for_engineering,
    years_beyond_technology,
    years_out_of_line,
)
from hiring.jobs.lint.document import parse
from hiring.jobs.lint.findings import ERROR, INFO, RULES, WARNING, Finding
from hiring.jobs.lint.length import length, visible_words
from hiring.jobs.lint.pay import (
    laws_at,
    missing_salary_range,
    pay_range_removed,
    remote_without_countries,
)
from hiring.jobs.lint.requirements import (
    must_have_not_assessed,
    too_many_must_haves,
    trainable_listed_as_required,
)
from hiring.jobs.lint.wording import wording

__all__ = [
    "ERROR",
    "INFO",
    "RULES",
    "WARNING",
    "Finding",
    "LintContext",
    "LintSkill",
    "SalaryLaw",
    "TechnologyAge",
    "WordingRule",
    "laws_at",
    "lint_description",
    "parse",
    "visible_words",
]


def lint_description(markdown: str, context: LintContext) -> list[Finding]:
    """All findings, sorted by line (None last), then rule."""
    doc = parse(markdown)
    findings: list[Finding] = [
        *too_many_must_haves(doc, context),
        *trainable_listed_as_required(doc, context),
        *credential_inflation(doc),
        *years_out_of_line(doc, context),
        *years_beyond_technology(doc, context),
        *phd_required_for_engineering(doc, context),
        *wording(doc, context),
        *missing_salary_range(doc, context),
        *pay_range_removed(context),
        *remote_without_countries(context),
        *must_have_not_assessed(context),
        *length(doc, context),
    ]
    return sorted(findings, key=_sort_key)


def _sort_key(finding: Finding) -> tuple[bool, int, str]:
    return (finding.line is None, finding.line or 0, finding.rule)
