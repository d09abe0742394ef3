"""Every role x level the shipped rubric defines makes an ad a candidate can read.

Each job is generated twice, as the app would: in Berlin with a salary in euros, and in
New York with no salary. The first must lint clean; the second may only miss the pay
range New York's law requires. Both stay within the length good ML ads have, never talk
to interviewers, never name the currency twice and never paste a rubric anchor (the
level-2 anchors describe what a candidate cannot yet do).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from hiring.config import PROJECT_ROOT
from hiring.jobs import lint as jd_lint
from hiring.jobs.generate import JobFacts, generate_description
from hiring.jobs.profile import MUST, TRAINABLE, default_profile, entries_of
from hiring.rubrics.loader import load_rubrics
from hiring.rubrics.types import LEVELS

RUBRIC = load_rubrics(PROJECT_ROOT / "rubrics").rubric
LINT = RUBRIC.lint if RUBRIC else None
JOBS = [(role.id, level) for role in (RUBRIC.roles if RUBRIC else ()) for level in LEVELS]
INTERVIEWER_PHRASES = re.compile(r"\b(the candidate|watch|probe|red flag)", re.IGNORECASE)
BERLIN = JobFacts(
    title="",
    team="Ranking",
    company="Example Robotics",
    location="Berlin, Germany",
    remote_policy="hybrid",
    remote_regions="",
    employment_type="FULL_TIME",
    salary_min=90_000,
    salary_max=130_000,
    salary_currency="EUR",
    headcount=1,
    target_start=date(2027, 3, 1),
    focus="product",
    city="Berlin",
    country_code="DE",
    equal_opportunity=RUBRIC.ads.equal_opportunity if RUBRIC else "",
)
NEW_YORK = replace(
    BERLIN,
    location="New York, New York, United States",
    city="New York",
    region="New York",
    country_code="US",
    salary_min=None,
    salary_max=None,
    salary_currency="USD",
)


def generate(role_id: str, level_name: str, facts: JobFacts) -> tuple[str, list]:
    role = RUBRIC.role(role_id)
    level = role.level(level_name)
    profile = default_profile(level)
    facts = replace(facts, title=level.title, focus=role.focus)
    markdown = generate_description(
        facts, role, level, profile, dict(RUBRIC.skills_by_id), dict(RUBRIC.rounds_by_id),
        RUBRIC.team_stages_by_id["building"], max_words=RUBRIC.lint.length[1],
    )  # fmt: skip

    def lint_skill(skill_id: str) -> jd_lint.LintSkill:
        skill = RUBRIC.skill(skill_id)
        return jd_lint.LintSkill(skill.id, skill.name, skill.keywords)

    context = jd_lint.LintContext(
        level=level_name,
        level_years=level.years,
        role_track=role.track,
        must_haves=tuple(lint_skill(e.skill) for e in entries_of(profile, MUST)),
        trainable=tuple(lint_skill(e.skill) for e in entries_of(profile, TRAINABLE)),
        location=facts.location,
        remote_policy=facts.remote_policy,
        salary_min=facts.salary_min,
        salary_max=facts.salary_max,
        assessed_skill_ids=RUBRIC.assessed_by(level.rounds),
        current_year=2026,
        wording=tuple(jd_lint.WordingRule(w.terms, w.kind, w.suggestion) for w in LINT.wording),
        technologies=tuple(jd_lint.TechnologyAge(t.terms, t.since) for t in LINT.technologies),
        salary_laws=tuple(jd_lint.SalaryLaw(s.terms, s.name) for s in LINT.salary_laws),
        length_words=RUBRIC.lint.length,
    )  # fmt: skip
    return markdown, jd_lint.lint_description(markdown, context)


def test_the_rubric_defines_every_family_at_every_level():
    assert RUBRIC is not None and RUBRIC.lint.length == (400, 700)
    assert len(JOBS) == len(RUBRIC.roles) * 4 >= 36


def assert_reads_as_written_to_candidates(markdown: str) -> None:
    words = jd_lint.visible_words(jd_lint.parse(markdown))
    assert 400 <= words <= 700, words
    assert not INTERVIEWER_PHRASES.search(markdown), INTERVIEWER_PHRASES.search(markdown)
    for skill in RUBRIC.skills:
        for anchor in skill.scale:
            assert anchor not in markdown, (skill.id, anchor)
    assert "## Equal opportunity" in markdown and "## Tools we use" in markdown
    assert "## What you will work on" in markdown
    assert "join Ranking" not in markdown and "join the Ranking team" in markdown


@pytest.mark.parametrize(("role_id", "level_name"), JOBS)
def test_an_ad_with_a_salary_lints_clean_and_reads_as_an_ad(role_id, level_name):
    markdown, findings = generate(role_id, level_name, BERLIN)
    assert [f"{f.rule} (line {f.line}): {f.message}" for f in findings] == []
    assert_reads_as_written_to_candidates(markdown)
    assert "- Salary: €90,000 to €130,000 per year\n" in markdown
    assert markdown.count("EUR") == 0 and markdown.count("€") == 2


@pytest.mark.parametrize(("role_id", "level_name"), JOBS)
def test_an_ad_without_a_salary_in_new_york_only_misses_the_pay_range(role_id, level_name):
    markdown, findings = generate(role_id, level_name, NEW_YORK)
    assert {f.rule for f in findings} == {"missing-salary-range"}
    assert_reads_as_written_to_candidates(markdown)
    assert "Salary" not in markdown


def test_responsibilities_differ_from_level_to_level():
    for role in RUBRIC.roles:
        lists = [role.responsibilities_for(level) for level in role.levels]
        assert len({tuple(items) for items in lists}) == 4, role.id


def test_junior_ads_describe_what_the_hire_can_do_not_what_they_cannot():
    markdown, _ = generate("ml-engineer", "junior", BERLIN)
    must = markdown.split("## What you need on day one\n", 1)[1].split("\n## ", 1)[0]
    assert "**Coding** (working knowledge). You write correct, readable code" in must
    assert "where numpy would be natural" not in markdown
