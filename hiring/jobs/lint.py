"""Lint a job description written in Markdown.

Pure domain code: plain functions over frozen dataclasses, no Flask and no database, so the
editor can lint on every keystroke and the rules can be tested on their own. The data the
rules need (wording to avoid, technology ages, pay-transparency laws) comes from
``rubrics/lint.yaml`` through :class:`LintContext`; the caller builds the context from the
job, its rubric snapshot and its interview loop.

Lines are counted the way a browser's textarea counts them: ``\\n``, ``\\r\\n`` and ``\\r``
each end a line. Text inside fenced code blocks (```` ``` ```` or ``~~~``) is never linted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class LintSkill:
    """A skill as the linter sees it: what it is called in an ad."""

    id: str
    name: str
    keywords: tuple[str, ...] = ()  # lowercase words/phrases naming the skill in an ad


@dataclass(frozen=True)
class WordingRule:
    """Words to avoid in an ad, and what to write instead."""

    terms: tuple[str, ...]  # lowercase words or phrases
    kind: str  # "vague" | "exclusionary" | "gendered"
    suggestion: str


@dataclass(frozen=True)
class TechnologyAge:
    """When a technology became usable in industry, to catch impossible years demands."""

    terms: tuple[str, ...]  # lowercase, e.g. ("llm", "llms", "large language models")
    since: int  # year it became usable in industry


@dataclass(frozen=True)
class SalaryLaw:
    """A place whose law requires a pay range in job ads."""

    terms: tuple[str, ...]  # lowercase place names as they appear in a location
    name: str


@dataclass(frozen=True)
class LintContext:
    """Everything about the job the rules compare the text against."""

    level: str  # "junior" | "mid" | "senior" | "staff"
    level_years: tuple[int, int]  # typical years for the level (min, max)
    role_track: str  # "engineering" | "science" | "product" | "management"
    must_haves: tuple[LintSkill, ...]  # the job's must-have skills
    trainable: tuple[LintSkill, ...]  # skills the rubric/job treats as trainable
    location: str
    remote_policy: str  # "onsite" | "hybrid" | "remote"
    salary_min: int | None
    salary_max: int | None
    assessed_skill_ids: frozenset[str] | None  # skills the loop assesses; None = no loop known
    current_year: int
    wording: tuple[WordingRule, ...] = ()
    technologies: tuple[TechnologyAge, ...] = ()
    salary_laws: tuple[SalaryLaw, ...] = ()
    max_must_haves: int = 5


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
    "must-have-not-assessed": "A must-have skill that no round of the interview loop assesses.",
}

# A heading starts a requirements section when it contains one of these (lowercased) ...
REQUIREMENT_HEADING_WORDS: tuple[str, ...] = (
    "must",
    "require",
    "qualification",
    "need",
    "day one",
    "day 1",
    "you have",
    "you bring",
    "what we look for",
    "looking for",
)
# ... unless it also contains one of these: such sections list what is optional or taught.
OPTIONAL_HEADING_WORDS: tuple[str, ...] = (
    "nice",
    "bonus",
    "teach",
    "learn",
    "grow",
    "plus",
    "preferred",
    "optional",
    "desirable",
)
# A requirements section with a degree, a years count and more items than this is inflated.
CREDENTIAL_INFLATION_ITEMS = 6


def lint_description(markdown: str, context: LintContext) -> list[Finding]:
    """All findings, sorted by line (None last), then rule."""
    doc = _parse(markdown)
    findings: list[Finding] = [
        *_too_many_must_haves(doc, context),
        *_trainable_listed_as_required(doc, context),
        *_credential_inflation(doc),
        *_years_out_of_line(doc, context),
        *_years_beyond_technology(doc, context),
        *_phd_required_for_engineering(doc, context),
        *_wording(doc, context),
        *_missing_salary_range(doc, context),
        *_must_have_not_assessed(context),
    ]
    return sorted(findings, key=_sort_key)


def _sort_key(finding: Finding) -> tuple[bool, int, str]:
    return (finding.line is None, finding.line or 0, finding.rule)


# --------------------------------------------------------------------------------------
# Reading the Markdown
# --------------------------------------------------------------------------------------

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# Python-Markdown (the app's renderer) accepts "##Heading" without a space, so do we.
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?!#)(.*)$")
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t])#+[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
# A line that is only bold text ("**What you'll need**") works as a heading in pasted ads.
_BOLD_LINE_RE = re.compile(r"^[ \t]*+(\*\*|__)((?:(?!\1).)++)\1[ \t]*+:?[ \t]*+$")
_EMPHASIS_RE = re.compile(r"[*_`]+")
_PSEUDO_LEVEL = 7  # below every real heading: ends only at another pseudo-heading
_MAX_COLON_HEADING = 80


@dataclass(frozen=True)
class _Heading:
    line: int
    level: int
    text: str
    kind: str  # "requirements" | "optional" | "neutral"


@dataclass(frozen=True)
class _Item:
    """A bullet (with its continuation lines) or a paragraph line in a section."""

    line: int
    text: str
    indent: int
    is_bullet: bool


@dataclass
class _Section:
    """A requirements section: its heading and the items it owns."""

    heading: _Heading
    items: list[_Item]

    @property
    def bullets(self) -> list[_Item]:
        return [item for item in self.items if item.is_bullet]

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.items)


@dataclass(frozen=True)
class _Document:
    prose: str  # the Markdown with fenced code blanked out, lines kept in place
    line_starts: tuple[int, ...]  # offset in prose where each line starts
    sections: tuple[_Section, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based line holding ``offset`` of ``prose``."""
        return bisect_right(self.line_starts, offset)


def _split_lines(markdown: str) -> list[str]:
    return markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blank_code(lines: list[str]) -> list[str]:
    """Replace fenced code (fences included) by empty lines: code is not ad text."""
    visible: list[str] = []
    fence: str | None = None
    for text in lines:
        match = _FENCE_RE.match(text)
        if fence is None:
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
                visible.append("")
            else:
                visible.append(text)
            continue
        if (
            match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and not match.group(2).strip()
        ):
            fence = None
        visible.append("")
    return visible


# "Machine learning requirements" is about ML, not about what the hire will learn.
_ML_LEARNING_RE = re.compile(
    r"(?:machine|deep|reinforcement|statistical|representation|federated|transfer|"
    r"(?:self-|semi-|un)?supervised|online|active|meta|ensemble|contrastive|few-shot|"
    r"zero-shot|multi-task)[\s-]+learn\w*",
    re.IGNORECASE,
)


def _classify_heading(text: str) -> str:
    """Requirements, optional (nice to have, taught, learned) or neutral, by its words."""
    words = " ".join(_ML_LEARNING_RE.sub(" ", text.lower().replace("\u2019", "'")).split())
    if any(word in words for word in OPTIONAL_HEADING_WORDS):
        return "optional"
    if any(word in words for word in REQUIREMENT_HEADING_WORDS):
        return "requirements"
    return "neutral"


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _is_paragraph(text: str) -> bool:
    return bool(
        text.strip()
        and not _ATX_RE.match(text)
        and not _BULLET_RE.match(text)
        and not _THEMATIC_BREAK_RE.match(text)
    )


def _find_headings(lines: list[str]) -> tuple[dict[int, _Heading], set[int]]:
    """Headings by 0-based line index, and the indexes of setext underlines."""
    headings: dict[int, _Heading] = {}
    underlines: set[int] = set()
    for index, text in enumerate(lines):
        atx = _ATX_RE.match(text)
        setext = _SETEXT_RE.match(text)
        if atx:
            level, title = len(atx.group(1)), _CLOSING_HASHES_RE.sub("", atx.group(2))
        elif (
            setext
            and index > 0
            and index - 1 not in headings
            and index - 1 not in underlines
            and _is_paragraph(lines[index - 1])
        ):
            previous = lines[index - 1].strip()
            level = 1 if setext.group(1)[0] == "=" else 2
            headings[index - 1] = _Heading(index, level, previous, _classify_heading(previous))
            underlines.add(index)
            continue
        elif bold := _BOLD_LINE_RE.match(text):
            level, title = _PSEUDO_LEVEL, bold.group(2).strip()
        elif (
            _is_paragraph(text)
            and not text[:1].isspace()  # an indented line ending in ":" continues a bullet
            and text.rstrip().endswith(":")
            and len(text.strip()) <= _MAX_COLON_HEADING
        ):
            level, title = _PSEUDO_LEVEL, text.strip().rstrip(":")
        else:
            continue
        title = _EMPHASIS_RE.sub("", title).strip().rstrip(":").rstrip()
        headings[index] = _Heading(index + 1, level, title, _classify_heading(title))
    return headings, underlines


def _owner(stack: list[_Heading]) -> _Heading | None:
    """The requirements section a line belongs to, if any.

    The nearest heading that says something decides: an optional heading ("Nice to have")
    inside a requirements section takes its lines out of it. Requirements headings nested
    in one another form one section, owned by the outermost, so items are counted once.
    """
    owner: _Heading | None = None
    for heading in reversed(stack):
        if heading.kind == "optional":
            break
        if heading.kind == "requirements":
            owner = heading
    return owner


def _parse(markdown: str) -> _Document:
    lines = _blank_code(_split_lines(markdown))
    headings, underlines = _find_headings(lines)
    sections: dict[int, _Section] = {}
    stack: list[_Heading] = []
    current: _Item | None = None  # the open bullet, collecting continuation lines
    for index, text in enumerate(lines):
        if heading := headings.get(index):
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            stack.append(heading)
            current = None
            continue
        if index in underlines or not text.strip() or _THEMATIC_BREAK_RE.match(text):
            current = None
            continue
        owner = _owner(stack)
        if owner is None:
            current = None
            continue
        section = sections.setdefault(owner.line, _Section(owner, []))
        bullet = _BULLET_RE.match(text)
        if bullet:
            content = (bullet.group(2) or "").strip()
            if not content:
                current = None
                continue
            current = _Item(index + 1, content, _indent(bullet.group(1)), is_bullet=True)
            section.items.append(current)
        elif current is not None:
            # A wrapped bullet: its next line continues the same item.
            merged = _Item(current.line, f"{current.text} {text.strip()}", current.indent, True)
            section.items[-1] = merged
            current = merged
        else:
            section.items.append(_Item(index + 1, text.strip(), 0, is_bullet=False))
    prose = "\n".join(lines)
    starts = [0]
    for text in lines[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    return _Document(prose, tuple(starts), tuple(sections.values()))


def _count_items(bullets: list[_Item]) -> int:
    """Top-level bullets; a group bullet ending in ":" counts its sub-bullets instead.

    Sub-bullets usually explain their parent ("Python" / "numpy, pandas"), so counting
    them would overstate the list; a "Technical:" group is a list in its own right.
    """
    if not bullets:
        return 0
    base = min(bullet.indent for bullet in bullets)
    count = 0
    index = 0
    while index < len(bullets):
        end = index + 1
        while end < len(bullets) and bullets[end].indent > base + 1:
            end += 1
        children = bullets[index + 1 : end]
        if children and _EMPHASIS_RE.sub("", bullets[index].text).rstrip().endswith(":"):
            child_base = min(child.indent for child in children)
            count += sum(1 for child in children if child.indent <= child_base + 1)
        else:
            count += 1
        index = end
    return count


# --------------------------------------------------------------------------------------
# Matching words, years and money
# --------------------------------------------------------------------------------------

# Between the words of a phrase: spaces, a hyphen, or one line break (a wrapped line).
_WORD_GAP = r"(?:[ \t]++(?:[-\n][ \t]*+)?|[-\n][ \t]*+)"


@lru_cache(maxsize=4096)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
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


def _skill_pattern(skill: LintSkill) -> re.Pattern[str] | None:
    return _terms_pattern((skill.name, *skill.keywords))


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
    rf"(?P<n>{_NUMBER})(?![\w.])\s*+(?:\+\s*+)?"
    rf"(?:(?:-|\u2013|\u2014|to(?!\w))\s*+(?P<m>{_NUMBER})(?![\w.])\s*+(?:\+\s*+)?)?"
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
# After "N years", what says the years are spent with something: "of", "with", "in" ...
_YEARS_WITH_RE = re.compile(
    r"^(?:['\u2019]s?\s*)?\s*(?:of|with|in|using|building|working|shipping|developing|"
    r"applying|doing|experience|exp\.?|hands-on|professional|industry|practical|relevant)\b",
    re.IGNORECASE,
)
# Where the thing the years are about ends: a sentence or clause break, or the next years.
_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]\n]|,\s|\s[-\u2013\u2014]\s")


@dataclass(frozen=True)
class _Years:
    minimum: float
    text: str  # as written, e.g. "5+ years"
    start: int
    end: int


def _to_number(text: str) -> float:
    return float(_NUMBER_WORDS.get(text.lower(), 0) or text)


def _years_mentions(text: str) -> Iterator[_Years]:
    """Every "N+ years", "at least N years", "N-M years" ... in ``text``."""
    for match in _YEARS_RE.finditer(text):
        if _NOT_A_MINIMUM_BEFORE_RE.search(text, max(0, match.start() - 16), match.start()):
            continue
        low = _to_number(match.group("n"))
        if match.group("m"):
            low = min(low, _to_number(match.group("m")))
        yield _Years(low, " ".join(match.group(0).split()), match.start(), match.end())


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


def _years(count: float) -> str:
    shown = int(count) if count == int(count) else count
    return f"{shown} year" if count == 1 else f"{shown} years"


def _quote(text: str, limit: int = 60) -> str:
    """Offending text in quotes, shortened so a message stays one glance long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f'"{text}"'


def _join(names: Iterable[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


def _too_many_must_haves(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """The seeds' first warning: an ad that demands everything scares off good people."""
    limit = ctx.max_must_haves
    skills = list({skill.id: skill for skill in ctx.must_haves}.values())
    if len(skills) > limit:
        yield Finding(
            "too-many-must-haves",
            WARNING,
            None,
            f"The job has {len(skills)} must-have skills "
            f"({_join(skill.name for skill in skills)}); at most {limit} can honestly be "
            "needed on day one.",
            f"Keep the {limit} the role cannot do without on day one, each with its bar, and "
            "make the rest trainable with a ramp-up plan.",
        )
    for section in doc.sections:
        count = _count_items(section.bullets)
        if count > limit:
            yield Finding(
                "too-many-must-haves",
                WARNING,
                section.heading.line,
                f"{_quote(section.heading.text)} lists {count} requirements; more than "
                f"{limit} reads as a wish list and puts off strong candidates.",
                f"Keep at most {limit} things the role needs on day one and move the rest to "
                'a "Nice to have" or "What we will teach you" section.',
            )


def _trainable_listed_as_required(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """A skill the team teaches should be sold as growth, not used as a filter."""
    skills = [
        (skill, pattern)
        for skill in {skill.id: skill for skill in ctx.trainable}.values()
        if (pattern := _skill_pattern(skill)) is not None
    ]
    for section in doc.sections:
        for bullet in section.bullets:
            for skill, pattern in skills:
                match = pattern.search(bullet.text)
                if match is None:
                    continue
                written = " ".join(match.group(0).split())
                named = "" if written.lower() == skill.name.lower() else f" ({_quote(written)})"
                yield Finding(
                    "trainable-listed-as-required",
                    WARNING,
                    bullet.line,
                    f"{_quote(bullet.text)} requires {skill.name}{named}, but the team "
                    "teaches it on the job.",
                    f'Move {skill.name} to the "What we will teach you" section with its '
                    "ramp-up: how it is learned here and how long that takes.",
                )


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


def _credential_inflation(doc: _Document) -> Iterator[Finding]:
    """Degree + years + a long list filters on paper and misses people who can do the job."""
    for section in doc.sections:
        count = _count_items(section.bullets)
        if count <= CREDENTIAL_INFLATION_ITEMS:
            continue
        degree = _degree(section.text)
        years = next(_years_mentions(section.text), None)
        if degree is None or years is None:
            continue
        yield Finding(
            "credential-inflation",
            WARNING,
            section.heading.line,
            f"{_quote(section.heading.text)} asks for a degree ({_quote(degree)}), years of "
            f"experience ({_quote(years.text)}) and {count} requirements all at once.",
            "Drop the degree or the years count and cut the list to what the role needs on "
            "day one; ask for what the person must be able to do instead.",
        )


def _years_out_of_line(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """A years demand far above the level excludes the people the level is for."""
    low, high = ctx.level_years
    bound = high if ctx.level == "junior" else high + 2
    for years in _years_mentions(doc.prose):
        if years.minimum <= bound:
            continue
        yield Finding(
            "years-out-of-line",
            WARNING,
            doc.line_at(years.start),
            f"Asks for {_quote(years.text)}, but a {ctx.level} role typically needs "
            f"{low}-{high} years of experience.",
            f"Ask for at most {bound} years, or better, describe what the person must be "
            f"able to do at the {ctx.level} level instead of a year count.",
        )


def _years_beyond_technology(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """Asking for "8+ years of LLMs" demands experience nobody can have; it reads as careless."""
    technologies = [
        (tech, pattern)
        for tech in ctx.technologies
        if (pattern := _terms_pattern(tech.terms)) is not None
    ]
    if not technologies:
        return
    mentions = list(_years_mentions(doc.prose))
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
                f"at most {_years(available)} of it is possible in {ctx.current_year}"
                if available > 0
                else f"nobody has a year of it yet in {ctx.current_year}"
            )
            yield Finding(
                "years-beyond-technology",
                ERROR,
                doc.line_at(years.start),
                f"Asks for {_quote(phrase)}, but {name} only became usable in industry in "
                f"{tech.since}: {possible}.",
                f"Ask for at most {_years(max(available, 0))} with {name}, or for what the "
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


def _phd_required_for_engineering(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
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
                f"{_quote(item.text)} requires a PhD for an engineering role.",
                'Drop the PhD or mark it optional ("PhD or equivalent experience"); strong '
                "engineers build this skill by shipping, not through a doctorate.",
            )


_WORDING_KINDS = {
    "vague": (WARNING, "Vague wording", "says little about the actual work"),
    "exclusionary": (ERROR, "Exclusionary wording", "can put off qualified candidates"),
    "gendered": (ERROR, "Gendered wording", "reads as aimed at one gender"),
}


def _wording(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """Words that say nothing or tell some people the job is not for them."""
    seen: set[tuple[int, str]] = set()
    for rule in ctx.wording:
        severity, label, why = _WORDING_KINDS.get(
            rule.kind, (WARNING, f"{rule.kind.capitalize() or 'Flagged'} wording", "is flagged")
        )
        for term in rule.terms:
            pattern = _terms_pattern((term,))
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
                    f"{label}: {_quote(match.group(0))} {why}.",
                    rule.suggestion or "Describe the work and the bar in plain words instead.",
                )


def _missing_salary_range(doc: _Document, ctx: LintContext) -> Iterator[Finding]:
    """Pay-transparency laws require a range in the ad; remote ads reach those places too."""
    if ctx.salary_min is not None and ctx.salary_max is not None:
        return
    if not ctx.salary_laws or _has_salary_text(doc.prose):
        return
    located = [
        law
        for law in ctx.salary_laws
        if (pattern := _terms_pattern(law.terms)) is not None and pattern.search(ctx.location)
    ]
    if located:
        message = (
            f"No pay range: the location {_quote(ctx.location)} falls under the pay-"
            f"transparency law of {_join(law.name for law in located)}, which requires a "
            "pay range in the job ad."
        )
    elif ctx.remote_policy == "remote":
        message = (
            "No pay range: a remote role can be filled from places whose law requires a "
            f"pay range in job ads ({_join(law.name for law in ctx.salary_laws)})."
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


def _must_have_not_assessed(ctx: LintContext) -> Iterator[Finding]:
    """A must-have nobody assesses cannot block a hire, so it is not really a must-have."""
    if ctx.assessed_skill_ids is None:
        return
    for skill in {skill.id: skill for skill in ctx.must_haves}.values():
        if skill.id in ctx.assessed_skill_ids:
            continue
        yield Finding(
            "must-have-not-assessed",
            ERROR,
            None,
            f"Must-have {_quote(skill.name)} is not assessed by any round of the interview loop.",
            f"Add a round that assesses {skill.name} to the loop, or demote it to a trainable "
            "skill with a ramp-up plan.",
        )
