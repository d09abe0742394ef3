"""The rubric files shipped in rubrics/ are valid, complete, and make clean job ads."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from hiring.config import PROJECT_ROOT
from hiring.jobs import lint as jd_lint
from hiring.jobs.generate import JobFacts, generate_description
from hiring.jobs.profile import MUST, TRAINABLE, default_profile, entries_of
from hiring.rubrics.loader import load_rubrics
from hiring.rubrics.types import LEVELS

RESULT = load_rubrics(PROJECT_ROOT / "rubrics")
RUBRIC = RESULT.rubric
ROLE_LEVELS = [(role.id, level) for role in (RUBRIC.roles if RUBRIC else ()) for level in LEVELS]


def test_shipped_rubrics_are_valid():
    assert [str(problem) for problem in RESULT.problems] == []


def test_the_catalog_covers_what_ml_hiring_needs():
    assert len(RUBRIC.skills) >= 24
    categories = Counter(skill.category for skill in RUBRIC.skills)
    for category in (
        "math", "empirical", "engineering", "ml-breadth", "ml-depth", "ml-systems",
        "data-engineering", "product", "communication", "collaboration",
    ):  # fmt: skip
        assert categories[category] >= 1, category
    assert {role.id for role in RUBRIC.roles} >= {
        "ml-engineer", "research-scientist", "applied-scientist", "data-scientist",
        "data-engineer", "mlops-engineer", "ml-product-manager", "ml-engineering-manager",
        "llm-engineer",
    }  # fmt: skip
    assert {s.id for s in RUBRIC.skills} >= {
        "llm-evaluation", "responsible-ai", "ml-security", "explainability",
    }  # fmt: skip
    assert {r.id for r in RUBRIC.rounds} >= {
        "overview", "coding", "breadth", "depth", "ml-systems", "take-home", "leadership",
    }  # fmt: skip


def test_levels_are_honest_about_must_haves_and_bars_rise():
    for role in RUBRIC.roles:
        assert [level.level for level in role.levels] == list(LEVELS)
        for level in role.levels:
            assert 1 <= len(level.must_have) <= 5, (role.id, level.level)
            assert level.trainable, f"{role.id} {level.level} teaches nothing"
        bars = [sum(m.bar for m in level.must_have) / len(level.must_have) for level in role.levels]
        assert bars[0] <= bars[2] <= bars[3] + 0.01, (role.id, bars)


def test_every_technical_skill_has_three_questions_in_each_round_that_assesses_it():
    for round_ in RUBRIC.rounds:
        if round_.technical:
            for skill in round_.assesses:
                assert len(round_.questions_for(skill)) >= 3, (round_.id, skill)


def test_no_phd_requirement_anywhere_in_engineering_roles():
    for role in RUBRIC.roles:
        if role.track == "engineering":
            text = " ".join([role.summary, *role.responsibilities]).lower()
            assert "phd" not in text and "doctorate" not in text


def facts(role_id: str) -> JobFacts:
    return JobFacts(
        title="A job",
        team="Growth ML",
        company="Example Robotics",
        location="Denver, Colorado",
        remote_policy="hybrid",
        remote_regions="",
        employment_type="FULL_TIME",
        salary_min=150_000,
        salary_max=190_000,
        salary_currency="USD",
        headcount=1,
        target_start=date(2027, 3, 1),
        focus=RUBRIC.role(role_id).focus,
    )


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_every_generated_description_lints_clean(role_id, level_name):
    role = RUBRIC.role(role_id)
    level = role.level(level_name)
    profile = default_profile(level)
    markdown = generate_description(
        facts(role_id),
        role,
        level,
        profile,
        dict(RUBRIC.skills_by_id),
        dict(RUBRIC.rounds_by_id),
        RUBRIC.team_stages_by_id["building"],
    )

    def lint_skill(skill_id: str) -> jd_lint.LintSkill:
        skill = RUBRIC.skill(skill_id)
        return jd_lint.LintSkill(skill.id, skill.name, skill.keywords)

    context = jd_lint.LintContext(
        level=level_name,
        level_years=level.years,
        role_track=role.track,
        must_haves=tuple(lint_skill(e.skill) for e in entries_of(profile, MUST)),
        trainable=tuple(lint_skill(e.skill) for e in entries_of(profile, TRAINABLE)),
        location="Denver, Colorado",
        remote_policy="hybrid",
        salary_min=150_000,
        salary_max=190_000,
        assessed_skill_ids=RUBRIC.assessed_by(level.rounds),
        current_year=2026,
        wording=tuple(
            jd_lint.WordingRule(w.terms, w.kind, w.suggestion) for w in RUBRIC.lint.wording
        ),
        technologies=tuple(
            jd_lint.TechnologyAge(t.terms, t.since) for t in RUBRIC.lint.technologies
        ),
        salary_laws=tuple(jd_lint.SalaryLaw(s.terms, s.name) for s in RUBRIC.lint.salary_laws),
    )
    findings = jd_lint.lint_description(markdown, context)
    assert [f"{f.rule} (line {f.line}): {f.message}" for f in findings] == []
    assert "## What you need on day one" in markdown
    for entry in entries_of(profile, MUST):
        assert RUBRIC.skill(entry.skill).name in markdown


@pytest.mark.parametrize(
    "claim",
    [
        "4+ years building with ChatGPT",
        "6+ years of generative AI",
        "5 years of experience with GenAI",
        "4+ years of LLM agents",
    ],
)
def test_the_shipped_technology_dates_catch_impossible_genai_experience(claim):
    technologies = tuple(jd_lint.TechnologyAge(t.terms, t.since) for t in RUBRIC.lint.technologies)
    context = jd_lint.LintContext(
        level="senior",
        level_years=(5, 10),
        role_track="engineering",
        must_haves=(),
        trainable=(),
        location="Berlin",
        remote_policy="hybrid",
        salary_min=90_000,
        salary_max=130_000,
        assessed_skill_ids=frozenset(),
        current_year=2026,
        technologies=technologies,
    )
    markdown = f"# A job\n\n## What you need on day one\n\n- {claim}\n"
    findings = jd_lint.lint_description(markdown, context)
    assert "years-beyond-technology" in {f.rule for f in findings}, claim


def test_every_question_can_go_deeper_and_names_what_should_worry_you():
    for round_ in RUBRIC.rounds:
        for question in round_.questions:
            assert len(question.follow_ups) >= 2, question.id
            assert len(question.red_flags) >= 2, question.id


def test_the_corrected_answers_stay_correct():
    breadth = {q.id: q for q in RUBRIC.round("breadth").questions}
    power = " ".join(breadth["breadth-power-analysis"].strong)
    assert "950,000" in power and "hundreds of thousands" not in power
    did = breadth["breadth-staggered-rollout-did"]
    assert "and then the reverse" not in " ".join(did.strong)
    assert any("Spain after its March launch" in flag for flag in did.red_flags)
    systems = {q.id: q for q in RUBRIC.round("ml-systems").questions}
    assert systems["ml-systems-training-serving-skew"].skill == "mlops"
    assert systems["ml-systems-distributed-training"].skill == "ml-infrastructure"


def test_questions_ship_what_they_ask_the_candidate_to_read():
    """No question points at an artefact ("here is a function") the bank does not carry."""
    for round_ in RUBRIC.rounds:
        if round_.id == "take-home":  # reviews the candidate's own submission
            continue
        for question in round_.questions:
            assert not question.question.lower().startswith("here is"), question.id


def test_llm_skills_are_must_haves_where_the_work_is_built_on_them():
    llm = RUBRIC.role("llm-engineer")
    for level in llm.levels:
        musts = {m.skill for m in level.must_have}
        assert "nlp-llm" in musts, level.level
        if level.level != "junior":
            assert "llm-evaluation" in musts, level.level
