"""The wording rule: vague, exclusionary or gendered words, with a plainer alternative."""

from __future__ import annotations

from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext
from hiring.jobs.lint.document import Document
from hiring.jobs.lint.findings import ERROR, WARNING, Finding, quote
from hiring.jobs.lint.terms import terms_pattern

_WORDING_KINDS = {
    "vague": (WARNING, "Vague wording", "says little about the actual work"),
    "exclusionary": (ERROR, "Exclusionary wording", "can put off qualified candidates"),
    "gendered": (ERROR, "Gendered wording", "reads as aimed at one gender"),
}


def wording(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """Words that say nothing or tell some people the job is not for them."""
    seen: set[tuple[int, str]] = set()
    for rule in ctx.wording:
        severity, label, why = _WORDING_KINDS.get(
            rule.kind, (WARNING, f"{rule.kind.capitalize() or 'Flagged'} wording", "is flagged")
        )
        for term in rule.terms:
            pattern = terms_pattern((term,))
            if pattern is None:
                continue
            for match in pattern.finditer(doc.prose):
                line = doc.line_at(match.start())
                key = (line, term.strip().lower())
                if key in seen:
                    continue
                seen.add(key)
                yield Finding(
                    "wording",
                    severity,
                    line,
                    f"{label}: {quote(match.group(0))} {why}.",
                    rule.suggestion or "Describe the work and the bar in plain words instead.",
                )
