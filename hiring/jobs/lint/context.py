"""What the linter knows about the job: its level, skills, place, pay and loop.

The caller builds a :class:`LintContext` from the job, its rubric snapshot and its interview
loop; the wording, technology ages and pay laws come from ``rubrics/lint.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    # ISO codes of the countries a remote hire may live in.
    applicant_countries: tuple[str, ...] = ()
    # The job's public page shows a pay range now (set when it is being republished).
    published_pay_range: bool = False
    # Words of visible prose a good ad has (min, max); None: length is not checked.
    length_words: tuple[int, int] | None = None
