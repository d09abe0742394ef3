"""Rules on credentials: degrees, PhDs and years of experience demanded."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext
from hiring.jobs.lint.document import Document, count_items
from hiring.jobs.lint.findings import ERROR, WARNING, Finding, quote, years_phrase
from hiring.jobs.lint.terms import terms_pattern
from hiring.jobs.lint.years import years_mentions

# A requirements section with a degree, a years count and more items than this is inflated.
CREDENTIAL_INFLATION_ITEMS = 6

# After "N years", what says the years are spent with something: "of", "with", "in" ...
_YEARS_WITH_RE = re.compile(
    r"^(?:['\u2019]s?\s*)?\s*(?:of|with|in|using|building|working|shipping|developing|"
    r"applying|doing|experience|exp\.?|hands-on|professional|industry|practical|relevant)\b",
    re.IGNORECASE,
)
# Where the thing the years are about ends: a sentence or clause break, or the next years.
_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]\n]|,\s|\s[-\u2013\u2014]\s")

_DEGREE_RE = re.compile(
    r"(?<![^\W_])(?:bachelor(?:'s|\u2019s|s)?|master(?:'s|\u2019s|s)|master\s+of|"
    r"ph\.?\s?d\.?s?|doctorate|doctoral|degree)(?![^\W_])",
    re.IGNORECASE,
)
# Abbreviations only in capitals: "ms" and "bs" in lower case are too often other words.
_DEGREE_ABBREVIATION_RE = re.compile(r"(?<![^\W_])(?:BS|MS|BSc|MSc|BEng|MEng|B\.S\.|M\.S\.)")


def _degree(text: str) -> str | None:
    match = _DEGREE_RE.search(text) or _DEGREE_ABBREVIATION_RE.search(text)
    return match.group(0) if match else None


def credential_inflation(doc: Document) -> Iterator[Finding]:
    """Degree + years + a long list filters on paper and misses people who can do the job."""
    for section in doc.sections:
        count = count_items(section.bullets)
        if count <= CREDENTIAL_INFLATION_ITEMS:
            continue
        degree = _degree(section.text)
        years = next(years_mentions(section.text), None)
        if degree is None or years is None:
            continue
        yield Finding(
            "credential-inflation",
            WARNING,
            section.heading.line,
            f"{quote(section.heading.text)} asks for a degree ({quote(degree)}), years of "
            f"experience ({quote(years.text)}) and {count} requirements all at once.",
            "Drop the degree or the years count and cut the list to what the role needs on "
            "day one; ask for what the person must be able to do instead.",
        )


def years_out_of_line(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """A years demand far above the level excludes the people the level is for."""
    low, high = ctx.level_years
    bound = high if ctx.level == "junior" else high + 2
    for years in years_mentions(doc.prose):
        if years.minimum <= bound:
            continue
        yield Finding(
            "years-out-of-line",
            WARNING,
            doc.line_at(years.start),
            f"Asks for {quote(years.text)}, but a {ctx.level} role typically needs "
            f"{low}-{high} years of experience.",
            f"Ask for at most {bound} years, or better, describe what the person must be "
            f"able to do at the {ctx.level} level instead of a year count.",
        )


def years_beyond_technology(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """Asking for "8+ years of LLMs" demands experience nobody can have; it reads as careless."""
    technologies = [
        (tech, pattern)
        for tech in ctx.technologies
        if (pattern := terms_pattern(tech.terms)) is not None
    ]
    if not technologies:
        return
    mentions = list(years_mentions(doc.prose))
    for position, years in enumerate(mentions):
        tail = doc.prose[years.end : years.end + 120]
        if not _YEARS_WITH_RE.match(tail):
            continue
        if position + 1 < len(mentions):
            tail = tail[: max(0, mentions[position + 1].start - years.end)]
        if cut := _CLAUSE_END_RE.search(tail):
            tail = tail[: cut.start()]
        for tech, pattern in technologies:
            available = ctx.current_year - tech.since
            match = pattern.search(tail)
            if match is None or available >= years.minimum:
                continue
            name = " ".join(match.group(0).split())
            phrase = f"{years.text}{tail[: match.end()]}"
            possible = (
                f"at most {years_phrase(available)} of it is possible in {ctx.current_year}"
                if available > 0
                else f"nobody has a year of it yet in {ctx.current_year}"
            )
            yield Finding(
                "years-beyond-technology",
                ERROR,
                doc.line_at(years.start),
                f"Asks for {quote(phrase)}, but {name} only became usable in industry in "
                f"{tech.since}: {possible}.",
                f"Ask for at most {years_phrase(max(available, 0))} with {name}, or for what the "
                f"person has built with {name}.",
            )
            break


_PHD_RE = re.compile(r"(?<![^\W_])(?:ph\.?\s?d\.?s?|doctorate|doctoral)(?![^\W_])", re.IGNORECASE)
_OPTIONAL_RE = re.compile(
    r"or equivalent|(?<![^\W_])(?:preferred|preferably|nice|bonus|optional|plus|ideally|"
    r"desirable|welcome)(?![^\W_])",
    re.IGNORECASE,
)
# "MS or PhD", "PhD/MSc": the PhD is one option among others, so it is not required.
_PHD_ALTERNATIVE_RE = re.compile(
    r"(?:(?<![^\W_])or|/)\s*(?:an?\s+)?(?:ph\.?\s?d|doctorate)"
    r"|(?:ph\.?\s?d\.?s?|doctorate)\s*(?:or(?![^\W_])|/)",
    re.IGNORECASE,
)


def phd_required_for_engineering(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """Engineering is learned by building; a PhD filter removes most good engineers."""
    if ctx.role_track != "engineering":
        return
    for section in doc.sections:
        for item in section.items:
            if not _PHD_RE.search(item.text):
                continue
            if _OPTIONAL_RE.search(item.text) or _PHD_ALTERNATIVE_RE.search(item.text):
                continue
            yield Finding(
                "phd-required-for-engineering",
                WARNING,
                item.line,
                f"{quote(item.text)} requires a PhD for an engineering role.",
                'Drop the PhD or mark it optional ("PhD or equivalent experience"); strong '
                "engineers build this skill by shipping, not through a doctorate.",
            )
