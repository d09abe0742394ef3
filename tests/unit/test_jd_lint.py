"""Unit tests for the job-description linter (hiring.jobs.lint).

Each rule has tests that it fires, with the right line and a message naming the offending
text, and tests that it stays quiet on a clean description and on its near misses.
Property tests pin the invariants the editor relies on while it lints every keystroke.
"""

from __future__ import annotations

import re
import textwrap
import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from hiring.jobs.lint import (
    RULES,
    Finding,
    LintContext,
    LintSkill,
    SalaryLaw,
    TechnologyAge,
    WordingRule,
    lint_description,
    parse,
    visible_words,
)
from hiring.jobs.lint.document import REQUIREMENT_HEADING_WORDS

CODING = LintSkill("coding", "Coding", ("python", "software engineering"))
ML_BREADTH = LintSkill("ml-breadth", "ML breadth", ("machine learning fundamentals",))
EVALUATION = LintSkill("evaluation", "Evaluation", ("offline evaluation", "metrics"))
MLOPS = LintSkill("mlops", "MLOps", ("kubernetes", "docker", "ci/cd"))
EXPERIMENTS = LintSkill("experiment-design", "Experiment design", ("a/b testing",))
CPP = LintSkill("cpp", "C++", ("c++",))

VAGUE = WordingRule(
    ("rockstar", "ninja", "self-starter"), "vague", "Say what the person will do instead."
)
EXCLUSIONARY = WordingRule(
    ("culture fit", "digital native"), "exclusionary", "Name the values you hire for instead."
)
GENDERED = WordingRule(("manpower", "guys"), "gendered", "Use neutral words: staff, team.")

LLMS = TechnologyAge(("llm", "llms", "large language models"), 2020)
KUBERNETES = TechnologyAge(("kubernetes",), 2015)

COLORADO = SalaryLaw(("colorado", "denver"), "Colorado")
NEW_YORK = SalaryLaw(("new york", "nyc"), "New York City")

BASE = LintContext(
    level="mid",
    level_years=(2, 5),
    role_track="engineering",
    must_haves=(CODING, ML_BREADTH, EVALUATION),
    trainable=(MLOPS, EXPERIMENTS),
    location="Berlin, Germany",
    remote_policy="hybrid",
    salary_min=90_000,
    salary_max=120_000,
    assessed_skill_ids=frozenset({"coding", "ml-breadth", "evaluation"}),
    current_year=2026,
    wording=(VAGUE, EXCLUSIONARY, GENDERED),
    technologies=(LLMS, KUBERNETES),
    salary_laws=(COLORADO, NEW_YORK),
)

CLEAN = textwrap.dedent(
    """\
    # Machine learning engineer

    ## About the team

    We build the ranking models behind search, from data to production.
    Over the past 10 years the product grew to millions of readers.

    ## What you will do

    - Ship ranking models and own them in production.
    - Choose a baseline before a model and say why it is the right comparison.

    ## What you need on day one

    - Strong Python and software engineering: readable, tested code.
    - Machine learning fundamentals: you can explain a bias-variance trade-off.
    - Offline evaluation: you pick metrics that match the product goal.
    - 3+ years building software in a team.

    ## Nice to have

    - Docker or Kubernetes in production.
    - A PhD in a quantitative field.

    ## What we will teach you

    - MLOps on our platform (Kubernetes, CI/CD): about 12 weeks with a mentor.
    - A/B testing with our analysts: about 8 weeks.

    ## Pay

    EUR 90,000 - 120,000 per year.
    """
)


def ctx(**changes: object) -> LintContext:
    return replace(BASE, **changes)


def lint(markdown: str, **changes: object) -> list[Finding]:
    return lint_description(markdown, ctx(**changes))


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def line_of(markdown: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    for number, text in enumerate(markdown.split("\n"), start=1):
        if fragment in text:
            return number
    raise AssertionError(f"{fragment!r} not in the description")


def requirements(*bullets: str, heading: str = "## Requirements") -> str:
    return "\n".join(["# Role", "", heading, "", *(f"- {bullet}" for bullet in bullets), ""])


# --------------------------------------------------------------------------------------
# The whole linter
# --------------------------------------------------------------------------------------


def test_a_clean_description_has_no_findings():
    assert lint(CLEAN) == []


def test_an_empty_description_has_no_findings_when_the_job_itself_is_sound():
    assert lint("") == []


def test_the_legend_describes_every_rule_in_one_line():
    assert set(RULES) == {
        "too-many-must-haves",
        "trainable-listed-as-required",
        "credential-inflation",
        "years-out-of-line",
        "years-beyond-technology",
        "phd-required-for-engineering",
        "wording",
        "missing-salary-range",
        "pay-range-removed",
        "remote-without-countries",
        "must-have-not-assessed",
        "length",
    }
    for description in RULES.values():
        assert description.strip() and "\n" not in description


def test_findings_are_sorted_by_line_with_unplaced_ones_last_then_by_rule():
    markdown = requirements(
        "A rockstar with 12+ years of Python", "Kubernetes", "PhD in CS", "a", "b", "c", "d"
    )
    findings = lint(
        markdown,
        location="Denver",
        salary_min=None,
        must_haves=(*BASE.must_haves, MLOPS),
        length_words=(400, 700),
    )
    keys = [(f.line is None, f.line or 0, f.rule) for f in findings]
    assert keys == sorted(keys)
    assert findings[-1].line is None
    only_for_the_job = {"years-beyond-technology", "pay-range-removed", "remote-without-countries"}
    assert {f.rule for f in findings} == set(RULES) - only_for_the_job


def test_every_finding_names_a_known_rule_and_a_valid_severity_and_has_a_fix():
    markdown = requirements("8+ years of LLMs", "a ninja", "PhD", "docker", "x", "y", "z")
    for finding in lint(markdown, location="NYC", salary_max=None):
        assert finding.rule in RULES
        assert finding.severity in {"error", "warning", "info"}
        assert finding.message.strip() and finding.suggestion.strip()


# --------------------------------------------------------------------------------------
# too-many-must-haves
# --------------------------------------------------------------------------------------


def test_too_many_must_haves_on_the_job_is_reported_without_a_line():
    skills = tuple(LintSkill(f"s{i}", f"Skill {i}") for i in range(6))
    [finding] = of_rule(
        lint(CLEAN, must_haves=skills, assessed_skill_ids=None), "too-many-must-haves"
    )
    assert finding.severity == "warning"
    assert finding.line is None
    assert "6 must-have skills" in finding.message
    assert "Skill 0" in finding.message and "at most 5" in finding.message
    assert "trainable" in finding.suggestion


def test_exactly_the_maximum_number_of_must_haves_is_fine():
    skills = tuple(LintSkill(f"s{i}", f"Skill {i}") for i in range(5))
    assert (
        of_rule(lint(CLEAN, must_haves=skills, assessed_skill_ids=None), "too-many-must-haves")
        == []
    )


def test_the_maximum_comes_from_the_context():
    findings = lint(CLEAN, max_must_haves=2)
    assert [f.line for f in of_rule(findings, "too-many-must-haves")] == [
        line_of(CLEAN, "What you need"),
        None,
    ]


def test_the_same_must_have_listed_twice_counts_once():
    skills = (CODING,) * 6
    assert of_rule(lint(CLEAN, must_haves=skills), "too-many-must-haves") == []


def test_more_bullets_than_the_maximum_in_a_requirements_section_is_reported_at_its_heading():
    markdown = requirements("Python", "SQL", "Statistics", "Spark", "Airflow", "Writing")
    [finding] = of_rule(lint(markdown), "too-many-must-haves")
    assert finding.line == line_of(markdown, "## Requirements")
    assert '"Requirements"' in finding.message and "6 requirements" in finding.message
    assert "at most 5" in finding.suggestion


def test_the_maximum_number_of_bullets_is_fine():
    markdown = requirements("Python", "SQL", "Statistics", "Spark", "Airflow")
    assert of_rule(lint(markdown), "too-many-must-haves") == []


@pytest.mark.parametrize(
    "heading",
    [
        "## Requirements",
        "# Requirements",
        "###### Required",
        "### What you need",
        "## What you'll need",
        "## What you\u2019ll need",
        "#### Must-haves",
        "## Qualifications",
        "## Minimum qualifications",
        "## What you bring",
        "## What you need on day one",
        "## Ready on day one",
        "## You have",
        "## What we look for",
        "## What we're looking for",
        "## MUST HAVE ##",
        "##Requirements",
        "## Machine learning requirements",
        "## Deep learning qualifications",
        "Requirements\n------------",
        "Requirements\n============",
        "**What you'll need**",
        "**Requirements:**",
        "What you'll need:",
    ],
)
def test_requirements_headings_are_recognised(heading):
    markdown = requirements("a", "b", "c", "d", "e", "f", heading=heading)
    [finding] = of_rule(lint(markdown), "too-many-must-haves")
    assert finding.line == 3


@pytest.mark.parametrize(
    "heading",
    [
        "## Nice to have",
        "## Bonus qualifications",
        "## Bonus points if you have",
        "## What we will teach you",
        "## What you will learn",
        "## Skills you will learn that you need later",
        "## How you will grow",
        "## Pluses",
        "## Preferred qualifications",
        "## Optional requirements",
        "## About the team",
        "## What you will do",
        "## Benefits",
        "**Nice to have**",
        "Bonus if you have:",
    ],
)
def test_other_headings_are_not_requirements_sections(heading):
    markdown = requirements("Kubernetes", "b", "c", "d", "e", "f", "PhD", heading=heading)
    findings = lint(markdown)
    assert of_rule(findings, "too-many-must-haves") == []
    assert of_rule(findings, "trainable-listed-as-required") == []
    assert of_rule(findings, "phd-required-for-engineering") == []


def test_a_requirements_section_ends_at_the_next_heading_of_the_same_level():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - a
        - b
        - c
        ## About us
        - d
        - e
        - f
        """
    )
    assert of_rule(lint(markdown), "too-many-must-haves") == []


def test_a_requirements_section_ends_at_a_higher_level_heading():
    markdown = "### Requirements\n- a\n- b\n- c\n# Benefits\n- d\n- e\n- f\n"
    assert of_rule(lint(markdown), "too-many-must-haves") == []


def test_a_neutral_subheading_stays_inside_the_requirements_section():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        ### Technical
        - a
        - b
        - c
        ### People
        - d
        - e
        - f
        """
    )
    [finding] = of_rule(lint(markdown), "too-many-must-haves")
    assert finding.line == 1


def test_a_nice_to_have_subheading_takes_its_bullets_out_of_the_requirements():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - a
        - b
        - c
        ### Nice to have
        - d
        - e
        - f
        """
    )
    assert of_rule(lint(markdown), "too-many-must-haves") == []


def test_a_requirements_heading_nested_in_another_counts_once_as_one_section():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - a
        - b
        - c
        ### Must have on day one
        - d
        - e
        - f
        """
    )
    assert [f.line for f in of_rule(lint(markdown), "too-many-must-haves")] == [1]


def test_each_requirements_section_is_counted_on_its_own():
    six = "\n".join(f"- item {i}" for i in range(6))
    markdown = f"## Requirements\n{six}\n## About us\ntext\n## What you bring\n{six}\n"
    lines = [f.line for f in of_rule(lint(markdown), "too-many-must-haves")]
    assert lines == [1, line_of(markdown, "What you bring")]


def test_every_bullet_marker_counts():
    markdown = "## Requirements\n- a\n* b\n+ c\n1. d\n2) e\n10. f\n"
    assert len(of_rule(lint(markdown), "too-many-must-haves")) == 1


def test_sub_bullets_explain_their_parent_and_are_not_counted_separately():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - Python
          - numpy and pandas
          - tests with pytest
        - SQL
          * window functions
        - Statistics
        """
    )
    assert of_rule(lint(markdown), "too-many-must-haves") == []


def test_a_group_bullet_ending_in_a_colon_counts_its_sub_bullets():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - **Technical:**
          - Python
          - SQL
          - Spark
          - Airflow
          - Kafka
        - Clear writing
        """
    )
    [finding] = of_rule(lint(markdown), "too-many-must-haves")
    assert "6 requirements" in finding.message


def test_bullets_in_code_blocks_thematic_breaks_and_empty_bullets_are_not_counted():
    markdown = textwrap.dedent(
        """\
        ## Requirements
        - a
        - b
        - - -
        * * *
        -
        ```
        - c
        - d
        - e
        ```
        - f
        """
    )
    assert of_rule(lint(markdown), "too-many-must-haves") == []


def test_bullets_before_any_heading_are_not_requirements():
    markdown = "\n".join(f"- thing {i}" for i in range(9))
    assert of_rule(lint(markdown), "too-many-must-haves") == []


# --------------------------------------------------------------------------------------
# trainable-listed-as-required
# --------------------------------------------------------------------------------------


def test_a_trainable_skill_in_a_requirements_bullet_is_reported_on_that_bullet():
    markdown = requirements("Strong Python", "Hands-on Kubernetes in production")
    [finding] = of_rule(lint(markdown), "trainable-listed-as-required")
    assert finding.severity == "warning"
    assert finding.line == line_of(markdown, "Kubernetes")
    assert "Hands-on Kubernetes in production" in finding.message
    assert "MLOps" in finding.message
    assert "What we will teach you" in finding.suggestion and "ramp-up" in finding.suggestion


def test_the_skill_name_itself_matches_case_insensitively():
    [finding] = of_rule(lint(requirements("mlops experience")), "trainable-listed-as-required")
    assert finding.line == 5


def test_a_multiword_keyword_matches_across_a_wrapped_bullet():
    markdown = "## Requirements\n- Experience with A/B\n  testing at scale\n"
    [finding] = of_rule(lint(markdown), "trainable-listed-as-required")
    assert finding.line == 2 and "Experiment design" in finding.message


def test_keywords_with_symbols_match():
    findings = lint(requirements("Modern **C++** and Python"), trainable=(CPP,))
    assert len(of_rule(findings, "trainable-listed-as-required")) == 1


@pytest.mark.parametrize("bullet", ["Dockerfiles you wrote", "dockerized apps", "mlopsy things"])
def test_keywords_match_whole_words_only(bullet):
    assert of_rule(lint(requirements(bullet)), "trainable-listed-as-required") == []


def test_one_finding_per_bullet_and_skill():
    markdown = requirements("Docker, Kubernetes and A/B testing", "Kubernetes again")
    findings = of_rule(lint(markdown), "trainable-listed-as-required")
    assert sorted((f.line, "MLOps" in f.message) for f in findings) == [
        (5, False),
        (5, True),
        (6, True),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "## Nice to have\n- Kubernetes\n",
        "## What we will teach you\n- Kubernetes, in 12 weeks\n",
        "## About the team\n- We run on Kubernetes\n",
        "- Kubernetes\n",
        "## Requirements\nWe deploy on Kubernetes, which we teach.\n",
        "## Requirements\n```\n- kubernetes\n```\n",
    ],
)
def test_trainable_skills_outside_requirement_bullets_are_fine(markdown):
    assert of_rule(lint(markdown), "trainable-listed-as-required") == []


def test_no_trainable_skills_means_no_findings():
    assert (
        of_rule(lint(requirements("Kubernetes"), trainable=()), "trainable-listed-as-required")
        == []
    )


# --------------------------------------------------------------------------------------
# credential-inflation
# --------------------------------------------------------------------------------------

INFLATED = requirements(
    "BS in computer science",
    "5+ years of experience",
    "Python",
    "SQL",
    "Spark",
    "Airflow",
    "Tableau",
)


def test_degree_plus_years_plus_a_long_list_is_credential_inflation():
    [finding] = of_rule(lint(INFLATED), "credential-inflation")
    assert finding.severity == "warning"
    assert finding.line == line_of(INFLATED, "## Requirements")
    assert '"BS"' in finding.message and '"5+ years"' in finding.message
    assert "7 requirements" in finding.message


@pytest.mark.parametrize(
    "degree",
    [
        "Bachelor's degree in CS",
        "Master\u2019s in statistics",
        "MS in statistics",
        "MSc or BSc",
        "PhD in physics",
        "A doctorate",
        "A degree in a quantitative field",
        "Master of Science",
    ],
)
@pytest.mark.parametrize("years", ["at least 3 years of Python", "3-5 years in ML", "4 years"])
def test_degree_and_years_are_recognised_in_their_usual_forms(degree, years):
    markdown = requirements(degree, years, "a", "b", "c", "d", "e")
    assert len(of_rule(lint(markdown), "credential-inflation")) == 1


@pytest.mark.parametrize(
    "bullets",
    [
        ("Python", "5+ years of experience", "a", "b", "c", "d", "e"),  # no degree
        ("BS in computer science", "Python", "a", "b", "c", "d", "e"),  # no years
        ("BS in computer science", "5+ years of experience", "a", "b", "c", "d"),  # 6 items
        ("ms teams and bs detection", "5+ years", "a", "b", "c", "d", "e"),  # not degrees
    ],
)
def test_credential_inflation_needs_all_three_ingredients(bullets):
    assert of_rule(lint(requirements(*bullets)), "credential-inflation") == []


def test_credentials_outside_the_requirements_section_do_not_count():
    markdown = "## About us\nHalf of us have a PhD and 5 years here.\n" + requirements(
        "a", "b", "c", "d", "e", "f", "g"
    )
    assert of_rule(lint(markdown), "credential-inflation") == []


# --------------------------------------------------------------------------------------
# years-out-of-line
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level", "level_years"),
    [
        ("8+ years of experience", "mid", (2, 5)),
        ("at least 8 years", "mid", (2, 5)),
        ("8-10 years", "mid", (2, 5)),
        ("8\u201310 years", "mid", (2, 5)),
        ("8 to 10 years", "mid", (2, 5)),
        ("eight years", "mid", (2, 5)),
        ("8 yrs", "mid", (2, 5)),
        ("a minimum of 13 years", "senior", (5, 10)),
        ("3+ years", "junior", (0, 2)),
        ("15 years or more", "staff", (8, 12)),
    ],
)
def test_years_far_above_the_level_are_reported(text, level, level_years):
    markdown = f"# Role\n\nYou have {text} building ML systems.\n"
    [finding] = of_rule(lint(markdown, level=level, level_years=level_years), "years-out-of-line")
    assert finding.severity == "warning"
    assert finding.line == 3
    assert level in finding.message
    assert f"{level_years[0]}-{level_years[1]} years" in finding.message
    assert text.split()[0] in finding.message


@pytest.mark.parametrize(
    ("text", "level", "level_years"),
    [
        ("7+ years", "mid", (2, 5)),  # within max + 2
        ("12 years", "senior", (5, 10)),
        ("2 years", "junior", (0, 2)),  # junior: no slack above the range
        ("3-9 years", "mid", (2, 5)),  # a range counts by its minimum
    ],
)
def test_years_within_the_level_are_fine(text, level, level_years):
    markdown = f"You have {text} of experience.\n"
    assert of_rule(lint(markdown, level=level, level_years=level_years), "years-out-of-line") == []


@pytest.mark.parametrize(
    "text",
    [
        "We were founded 15 years ago.",
        "Over the past 15 years we grew.",
        "In the next 10 years we will double.",
        "Up to 10 years of data.",
        "Within 10 years you could lead the team.",
        "Our tools are 12 years old.",
        "We store 100 years of weather data.",
        "In 2015, years of work paid off.",
    ],
)
def test_time_spans_that_are_not_a_years_demand_are_ignored(text):
    assert of_rule(lint(text, level="junior", level_years=(0, 2)), "years-out-of-line") == []


def test_years_are_reported_anywhere_but_not_in_code():
    markdown = "Intro\n\n```\n20 years\n```\n\n## About us\nYou bring 20 years of ML.\n"
    assert [f.line for f in of_rule(lint(markdown), "years-out-of-line")] == [8]


@given(
    minimum=st.integers(min_value=0, max_value=40),
    low=st.integers(min_value=0, max_value=10),
    span=st.integers(min_value=0, max_value=10),
    level=st.sampled_from(["junior", "mid", "senior", "staff"]),
)
def test_years_out_of_line_fires_exactly_above_the_bound(minimum, low, span, level):
    high = low + span
    bound = high if level == "junior" else high + 2
    findings = lint(
        f"You have {minimum}+ years of experience.", level=level, level_years=(low, high)
    )
    assert bool(of_rule(findings, "years-out-of-line")) == (minimum > bound)


# --------------------------------------------------------------------------------------
# years-beyond-technology
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "8+ years of LLMs",
        "7 years of LLM experience",
        "at least 8 years with large language models",
        "8 years in LLMs",
        "8+ years' experience with LLMs",
        "8+ years of experience building LLM products",
        "7-9 years of Python and LLMs",
        "12+ years of Kubernetes",
    ],
)
def test_more_years_than_a_technology_has_existed_is_an_error(text):
    markdown = f"# Role\n\n## About you\n- {text}\n"
    [finding] = of_rule(lint(markdown), "years-beyond-technology")
    assert finding.severity == "error"
    assert finding.line == 4
    assert text.split()[0] in finding.message
    assert "usable in industry in" in finding.message


def test_a_number_word_ending_the_line_above_is_not_part_of_the_years():
    """ "day one" followed by a "- 8+ years" bullet once read as the range "one - 8"."""
    markdown = "# Role\n\n## What you need on day one\n\n- 8+ years of LLMs\n"
    [finding] = of_rule(lint(markdown), "years-beyond-technology")
    assert '"8+ years of LLMs"' in finding.message


def test_the_message_says_how_much_experience_is_possible():
    [finding] = of_rule(lint("8+ years of LLMs"), "years-beyond-technology")
    assert '"8+ years of LLMs"' in finding.message
    assert "2020" in finding.message and "6 years" in finding.message
    assert "at most 6 years with LLMs" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "6+ years of LLMs",  # exactly as old as the technology
        "8+ years of software engineering, including LLMs",
        "10+ years of Python and 2 years with LLMs",
        "8+ years. LLMs are a plus.",
        "We have used LLMs for 8 years",  # not "N years of X"
        "```\n8+ years of LLMs\n```",
    ],
)
def test_years_that_a_technology_allows_are_fine(text):
    assert of_rule(lint(text), "years-beyond-technology") == []


def test_a_technology_newer_than_a_year_cannot_be_asked_for_at_all():
    brand_new = TechnologyAge(("agents",), 2026)
    [finding] = of_rule(
        lint("1+ years with agents", technologies=(brand_new,)), "years-beyond-technology"
    )
    assert "nobody has a year of it" in finding.message


@given(
    years=st.integers(min_value=1, max_value=30),
    since=st.integers(min_value=1990, max_value=2026),
)
def test_years_beyond_technology_fires_exactly_when_the_technology_is_younger(years, since):
    findings = lint(f"- {years}+ years of LLMs", technologies=(TechnologyAge(("llms",), since),))
    assert bool(of_rule(findings, "years-beyond-technology")) == (2026 - since < years)


# --------------------------------------------------------------------------------------
# phd-required-for-engineering
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["PhD in machine learning", "Ph.D. in CS", "A doctorate in statistics", "phd"]
)
def test_an_engineering_role_requiring_a_phd_is_reported(text):
    markdown = requirements("Python", text)
    [finding] = of_rule(lint(markdown), "phd-required-for-engineering")
    assert finding.severity == "warning"
    assert finding.line == line_of(markdown, text)
    assert text in finding.message
    assert "or equivalent" in finding.suggestion


def test_a_phd_demand_in_a_requirements_paragraph_is_reported_too():
    markdown = "## Requirements\nYou hold a PhD in computer science.\n"
    assert [f.line for f in of_rule(lint(markdown), "phd-required-for-engineering")] == [2]


@pytest.mark.parametrize(
    "text",
    [
        "PhD or equivalent experience",
        "PhD preferred",
        "A PhD is a plus",
        "PhD (nice to have)",
        "Bonus: a PhD",
        "PhD optional",
        "Ideally a PhD",
        "MS or PhD in ML",
        "PhD or MS in ML",
        "BS/MS/PhD in CS",
    ],
)
def test_a_phd_phrased_as_optional_is_fine(text):
    assert of_rule(lint(requirements(text)), "phd-required-for-engineering") == []


@pytest.mark.parametrize("track", ["science", "product", "management"])
def test_a_phd_can_be_required_outside_engineering(track):
    markdown = requirements("PhD in machine learning")
    assert of_rule(lint(markdown, role_track=track), "phd-required-for-engineering") == []


def test_a_phd_outside_the_requirements_section_is_fine():
    markdown = "## About the team\nHalf of us hold a PhD.\n## Nice to have\n- PhD\n"
    assert of_rule(lint(markdown), "phd-required-for-engineering") == []


# --------------------------------------------------------------------------------------
# wording
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "severity", "kind"),
    [
        ("We want a rockstar.", "rockstar", "warning", "Vague"),
        ("A true self-starter.", "self-starter", "warning", "Vague"),
        ("Must be a culture fit.", "culture fit", "error", "Exclusionary"),
        ("Hey guys!", "guys", "error", "Gendered"),
    ],
)
def test_wording_to_avoid_is_reported_with_its_kind_and_the_rules_fix(text, term, severity, kind):
    markdown = f"# Role\n\n{text}\n"
    [finding] = of_rule(lint(markdown), "wording")
    assert finding.severity == severity
    assert finding.line == 3
    assert finding.message.startswith(kind) and f'"{term}"' in finding.message
    rule = next(r for r in BASE.wording if term in r.terms)
    assert finding.suggestion == rule.suggestion


@pytest.mark.parametrize(
    "text",
    ["ROCKSTAR", "**rockstar**", "_rockstar_", "(rockstar)", "rockstar-level", "a Rockstar."],
)
def test_wording_matches_case_insensitively_through_markdown(text):
    assert len(of_rule(lint(text), "wording")) == 1


@pytest.mark.parametrize("text", ["rockstars", "rockstarring", "superninja", "Ninjago", "guyser"])
def test_wording_matches_whole_words_only(text):
    assert of_rule(lint(text), "wording") == []


@pytest.mark.parametrize("text", ["culture fit", "culture-fit", "Culture  Fit", "culture\nfit"])
def test_phrases_match_across_spaces_hyphens_and_a_wrapped_line(text):
    [finding] = of_rule(lint(f"Intro\n{text} matters\n"), "wording")
    assert finding.line == 2


def test_a_phrase_does_not_join_two_bullets():
    assert of_rule(lint("- culture\n- fit\n"), "wording") == []


def test_one_wording_finding_per_line_and_term():
    markdown = "A rockstar, a real rockstar ninja.\nAnother rockstar.\n"
    findings = of_rule(lint(markdown), "wording")
    assert sorted((f.line, f.message.split('"')[1]) for f in findings) == [
        (1, "ninja"),
        (1, "rockstar"),
        (2, "rockstar"),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "```\nrockstar\n```\n",
        "~~~python\nninja = 1\n~~~\n",
        "````\n```\nrockstar\n```\nguys\n````\n",
        "```\nnever closed\nrockstar\n",
    ],
)
def test_wording_inside_fenced_code_is_ignored(markdown):
    assert of_rule(lint(markdown), "wording") == []


def test_text_after_a_closed_fence_is_linted_again():
    markdown = "```\nrockstar\n```\nrockstar\n"
    assert [f.line for f in of_rule(lint(markdown), "wording")] == [4]


def test_an_unknown_kind_is_a_warning_and_an_empty_suggestion_gets_a_default():
    rule = WordingRule(("synergy",), "buzzword", "")
    [finding] = of_rule(lint("Synergy!", wording=(rule,)), "wording")
    assert finding.severity == "warning"
    assert finding.suggestion


def test_no_wording_rules_means_no_wording_findings():
    assert lint("rockstar ninja guys", wording=()) == []


# --------------------------------------------------------------------------------------
# missing-salary-range
# --------------------------------------------------------------------------------------

NO_PAY = "# Role\n\nWe build models.\n"


@pytest.mark.parametrize(
    ("location", "law"),
    [
        ("Denver, CO", "Colorado"),
        ("Boulder, Colorado", "Colorado"),
        ("New York, NY", "New York City"),
    ],
)
def test_a_missing_range_where_the_law_requires_one_is_an_error(location, law):
    [finding] = of_rule(
        lint(NO_PAY, location=location, salary_min=None, salary_max=None), "missing-salary-range"
    )
    assert finding.severity == "error"
    assert finding.line is None
    assert law in finding.message and location in finding.message
    assert "salary" in finding.suggestion


@pytest.mark.parametrize(("salary_min", "salary_max"), [(None, 150_000), (120_000, None)])
def test_half_a_range_is_still_missing(salary_min, salary_max):
    findings = lint(NO_PAY, location="Denver", salary_min=salary_min, salary_max=salary_max)
    assert len(of_rule(findings, "missing-salary-range")) == 1


def test_a_range_on_the_job_is_enough():
    assert of_rule(lint(NO_PAY, location="Denver"), "missing-salary-range") == []


@pytest.mark.parametrize(
    "pay",
    [
        "$120,000",
        "$120,000 - $150,000 per year",
        "\u20ac90k",
        "120,000 - 150,000 USD",
        "USD 120,000 to 150,000",
        "\u00a370,000 to \u00a385,000",
        "90.000 \u20ac",
        "Salary: 120k-150k",
        "Base pay 120,000 to 150,000",
    ],
)
def test_a_range_written_in_the_description_is_enough(pay):
    findings = lint(f"{NO_PAY}\n{pay}\n", location="Denver", salary_min=None, salary_max=None)
    assert of_rule(findings, "missing-salary-range") == []


@pytest.mark.parametrize(
    "text", ["We raised $20M in 2025.", "A $1.5bn market.", "```\n$120,000\n```", "5 engineers"]
)
def test_money_that_is_not_pay_does_not_count_as_a_range(text):
    findings = lint(f"{NO_PAY}\n{text}\n", location="Denver", salary_min=None, salary_max=None)
    assert len(of_rule(findings, "missing-salary-range")) == 1


@pytest.mark.parametrize("location", ["Berlin, Germany", "Sunnyvale, CA", "Nycteris Lane, London"])
def test_places_without_a_pay_law_need_no_range(location):
    findings = lint(NO_PAY, location=location, salary_min=None, salary_max=None)
    assert of_rule(findings, "missing-salary-range") == []


def test_a_remote_role_needs_a_range_when_any_pay_law_exists():
    findings = lint(
        NO_PAY, location="Anywhere", remote_policy="remote", salary_min=None, salary_max=None
    )
    [finding] = of_rule(findings, "missing-salary-range")
    assert "remote" in finding.message
    assert "Colorado" in finding.message and "New York City" in finding.message


def test_a_remote_role_with_no_pay_laws_known_needs_no_range():
    findings = lint(
        NO_PAY, remote_policy="remote", salary_min=None, salary_max=None, salary_laws=()
    )
    assert of_rule(findings, "missing-salary-range") == []


# --------------------------------------------------------------------------------------
# must-have-not-assessed
# --------------------------------------------------------------------------------------


def test_a_must_have_no_round_assesses_is_an_error_per_skill():
    findings = of_rule(
        lint(CLEAN, assessed_skill_ids=frozenset({"coding"})), "must-have-not-assessed"
    )
    assert [f.severity for f in findings] == ["error", "error"]
    assert [f.line for f in findings] == [None, None]
    assert ['"ML breadth"' in findings[0].message, '"Evaluation"' in findings[1].message] == [
        True,
        True,
    ]
    assert "round" in findings[0].suggestion and "trainable" in findings[0].suggestion


def test_without_a_known_loop_nothing_is_reported():
    assert of_rule(lint(CLEAN, assessed_skill_ids=None), "must-have-not-assessed") == []


def test_a_loop_that_assesses_every_must_have_is_fine():
    assessed = frozenset({"coding", "ml-breadth", "evaluation", "extra"})
    assert of_rule(lint(CLEAN, assessed_skill_ids=assessed), "must-have-not-assessed") == []


@given(
    must=st.sets(st.sampled_from("abcdefgh")),
    assessed=st.sets(st.sampled_from("abcdefgh")),
)
def test_one_finding_for_each_must_have_the_loop_misses(must, assessed):
    skills = tuple(LintSkill(skill_id, skill_id.upper()) for skill_id in sorted(must))
    findings = lint(
        "", must_haves=skills, assessed_skill_ids=frozenset(assessed), max_must_haves=99
    )
    assert len(of_rule(findings, "must-have-not-assessed")) == len(must - assessed)


# --------------------------------------------------------------------------------------
# Properties of the whole linter
# --------------------------------------------------------------------------------------

FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
NEUTRAL_HEADINGS = ["About the team", "What you will do", "Benefits", "How we work", "Pay"]
ANY_HEADINGS = [
    *NEUTRAL_HEADINGS,
    "Requirements",
    "What you need",
    "Nice to have",
    "What we will teach you",
    "Must have",
]
PHRASES = [
    "rockstar",
    "culture fit",
    "8+ years of LLMs",
    "at least 3 years",
    "3-5 years",
    "PhD",
    "Kubernetes",
    "BS in CS",
    "$120,000",
    "python",
    "Docker",
]

line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=40,
)


@st.composite
def markdown_line(draw: st.DrawFn, headings: list[str] = ANY_HEADINGS) -> str:
    kind = draw(st.sampled_from(["heading", "bullet", "text", "phrase", "blank", "fence"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(st.sampled_from(headings))
    if kind == "bullet":
        indent = " " * draw(st.integers(0, 6))
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "2)"]))
        words = draw(st.lists(st.sampled_from(PHRASES) | line_text, max_size=3))
        return f"{indent}{marker} {' '.join(words)}"
    if kind == "phrase":
        return " ".join(draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3)))
    if kind == "fence":
        return draw(st.sampled_from(["```", "~~~", "````python"]))
    if kind == "blank":
        return ""
    return draw(line_text)


markdown_text = st.lists(markdown_line(), max_size=30).map("\n".join) | st.text(max_size=300)

contexts = st.builds(
    LintContext,
    level=st.sampled_from(["junior", "mid", "senior", "staff"]),
    level_years=st.tuples(st.integers(0, 8), st.integers(0, 8)).map(sorted).map(tuple),
    role_track=st.sampled_from(["engineering", "science", "product", "management"]),
    must_haves=st.lists(st.sampled_from([CODING, ML_BREADTH, EVALUATION, CPP]), max_size=8).map(
        tuple
    ),
    trainable=st.lists(st.sampled_from([MLOPS, EXPERIMENTS, CPP]), max_size=3).map(tuple),
    location=st.sampled_from(["Denver, CO", "Berlin", "", "New York"]),
    remote_policy=st.sampled_from(["onsite", "hybrid", "remote"]),
    salary_min=st.none() | st.integers(0, 500_000),
    salary_max=st.none() | st.integers(0, 500_000),
    assessed_skill_ids=st.none() | st.frozensets(st.sampled_from(["coding", "cpp", "x"])),
    current_year=st.integers(2000, 2100),
    wording=st.just(BASE.wording),
    technologies=st.just(BASE.technologies),
    salary_laws=st.sampled_from([(), BASE.salary_laws]),
    max_must_haves=st.integers(0, 8),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(markdown=markdown_text, context=contexts)
@example(markdown="a\rb\r\nrockstar\r", context=BASE)
@example(markdown="\n\n\n", context=BASE)
def test_linting_never_raises_and_every_finding_is_well_formed(markdown, context):
    findings = lint_description(markdown, context)
    line_count = markdown.count("\n") + markdown.count("\r") + 1
    for finding in findings:
        assert finding.rule in RULES
        assert finding.severity in {"error", "warning", "info"}
        assert finding.line is None or 1 <= finding.line <= line_count
        assert finding.message and finding.suggestion
    keys = [(f.line is None, f.line or 0, f.rule) for f in findings]
    assert keys == sorted(keys)
    assert lint_description(markdown, context) == findings


no_requirements_text = st.lists(
    markdown_line(NEUTRAL_HEADINGS).filter(lambda line: not FENCE_LINE.match(line)), max_size=40
).map("\n".join)


BULLET_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


@given(markdown=no_requirements_text, context=contexts)
def test_without_a_requirements_section_no_bullet_is_ever_a_requirement(markdown, context):
    # Random paragraph lines could still be a heading that names a requirement ("...need:").
    assume(
        not any(
            word in text.lower()
            for text in markdown.split("\n")
            if not BULLET_LINE.match(text)
            for word in REQUIREMENT_HEADING_WORDS
        )
    )
    findings = lint_description(markdown, context)
    for rule in (
        "trainable-listed-as-required",
        "credential-inflation",
        "phd-required-for-engineering",
    ):
        assert of_rule(findings, rule) == []
    assert all(f.line is None for f in of_rule(findings, "too-many-must-haves"))


@given(
    count=st.integers(0, 12),
    limit=st.integers(0, 8),
    markers=st.lists(st.sampled_from(["-", "*", "+", "1.", "3)"]), min_size=12, max_size=12),
)
def test_requirement_bullets_are_too_many_exactly_above_the_limit(count, limit, markers):
    bullets = "\n".join(f"{markers[i]} item {i}" for i in range(count))
    markdown = f"# Role\n\n## Requirements\n{bullets}\n\n## Benefits\n- lunch\n- a desk\n"
    findings = of_rule(lint(markdown, max_must_haves=limit), "too-many-must-haves")
    assert [f.line for f in findings if f.line is not None] == ([3] if count > limit else [])


@given(count=st.integers(0, 12), limit=st.integers(0, 8))
def test_must_haves_on_the_job_are_too_many_exactly_above_the_limit(count, limit):
    skills = tuple(LintSkill(f"s{i}", f"Skill {i}") for i in range(count))
    findings = lint("", must_haves=skills, max_must_haves=limit, assessed_skill_ids=None)
    assert bool(of_rule(findings, "too-many-must-haves")) == (count > limit)


code_line = line_text.filter(lambda line: not FENCE_LINE.match(line))
fence_free_text = st.lists(
    markdown_line().filter(lambda line: not FENCE_LINE.match(line)), max_size=25
).map("\n".join)


@given(markdown=fence_free_text, code=st.lists(st.sampled_from(PHRASES) | code_line, max_size=8))
def test_appending_a_fenced_code_block_never_changes_the_findings(markdown, code):
    block = "\n".join(["", "", "```text", *code, "```", ""])
    assert lint(markdown + block) == lint(markdown)


@given(markdown=fence_free_text)
def test_wording_is_case_insensitive(markdown):
    def placed(text: str) -> list[tuple[int | None, str]]:
        return sorted((f.line, f.message.lower()) for f in of_rule(lint(text), "wording"))

    ascii_only = markdown.encode("ascii", "ignore").decode()
    assert placed(ascii_only.upper()) == placed(ascii_only.lower())


@given(markdown=fence_free_text, context=contexts)
def test_a_pay_range_in_the_text_always_satisfies_the_pay_laws(markdown, context):
    findings = lint_description(markdown + "\n\nSalary: $120,000 - $150,000\n", context)
    assert of_rule(findings, "missing-salary-range") == []


@pytest.mark.parametrize(
    "markdown",
    [
        "5" + " " * 20_000 + "x",
        "# a" + " " * 20_000 + "b",
        "**a**" + " " * 20_000 + "x",
        "culture" + " " * 20_000 + "x",
        "1" * 20_000 + " usd",
        "- " + "- " * 10_000 + "x",
        ("## Requirements\n" + "- Python, Docker and 5+ years of LLMs, a rockstar\n" * 2_000),
    ],
)
def test_pathological_input_is_linted_in_time_linear_in_its_length(markdown):
    """Backtracking rules would take minutes on these; a linear linter takes about as
    long as on ordinary prose of the same length. Compared with that baseline, measured
    in the same run, so a slow or busy machine slows both alike."""

    def seconds(text: str) -> float:
        started = time.perf_counter()
        lint(text)
        return time.perf_counter() - started

    prose = ("Build ranking models with Python and SQL. " * (len(markdown) // 43 + 1))[
        : len(markdown)
    ]
    baseline = min(seconds(prose) for _ in range(3))
    assert min(seconds(markdown) for _ in range(2)) < 25 * baseline + 0.5


# --------------------------------------------------------------------------------------
# Length
# --------------------------------------------------------------------------------------


def prose(words: int) -> str:
    return " ".join(["word"] * words)


def test_an_ad_outside_the_length_bounds_says_how_far_and_what_to_cut_or_add():
    long = of_rule(lint(f"# Role\n\n{prose(760)}\n", length_words=(400, 700)), "length")
    assert [f.line for f in long] == [None]
    assert "761 words" in long[0].message and "400-700" in long[0].message
    assert "Cut about 61 words" in long[0].suggestion
    short = of_rule(lint(f"# Role\n\n{prose(350)}\n", length_words=(400, 700)), "length")
    assert "only 351 words" in short[0].message and "Add about 49 words" in short[0].suggestion
    assert of_rule(lint(f"# Role\n\n{prose(550)}\n", length_words=(400, 700)), "length") == []
    assert of_rule(lint(f"# Role\n\n{prose(900)}\n"), "length") == []  # no bounds: off


def test_length_counts_what_a_reader_sees_not_the_markdown():
    markdown = (
        "## **Heading** here\n\n- **bold** _item_ `code`\n1. [link text](https://example.com/a/b)"
        "\n\n<b>tag</b>\n\n```\nhidden code words here\n```\n"
    )
    # Heading here, bold item code, link text, tag: the URL, marks and fenced code vanish.
    assert visible_words(parse(markdown)) == 8
