"""Pure job modules: generation, skill profile, snapshot, comparison, publishing."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from hiring.jobs import snapshot as snap
from hiring.jobs.compare import line_diff
from hiring.jobs.generate import JobFacts, generate_description, salary_text
from hiring.jobs.profile import (
    MUST,
    NICE,
    TRAINABLE,
    ProfileEntry,
    default_profile,
    profile_changes,
    profile_from_json,
    profile_to_json,
)
from hiring.jobs.publishing import Posting, job_posting_jsonld, json_resume_job
from hiring.rubrics.loader import load_rubrics
from hiring.sanitize import plain_text, render_markdown
from tests.fixtures.rubrics import rubric_files, write_rubrics

FACTS = JobFacts(
    title="Senior ML engineer",
    team="Search",
    company="Example Robotics",
    location="Berlin, Germany",
    remote_policy="hybrid",
    remote_regions="",
    employment_type="FULL_TIME",
    salary_min=90_000,
    salary_max=120_000,
    salary_currency="EUR",
    headcount=2,
    target_start=date(2027, 1, 15),
    focus="product",
    city="Berlin",
    country_code="DE",
)


def rubric(tmp_path, change=None):
    files = copy.deepcopy(rubric_files())
    if change:
        change(files)
    return load_rubrics(write_rubrics(tmp_path, files)).rubric


def generate(rb, facts=FACTS, profile=None, level="senior"):
    role = rb.role("ml-engineer")
    role_level = role.level(level)
    return generate_description(
        facts,
        role,
        role_level,
        default_profile(role_level) if profile is None else profile,
        dict(rb.skills_by_id),
        dict(rb.rounds_by_id),
        rb.team_stages_by_id["building"],
    )


def section(markdown: str, heading: str) -> str:
    return markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_generated_description_has_every_section(tmp_path):
    text = generate(rubric(tmp_path))
    assert text.startswith("# Senior ML engineer\n")
    for heading in (
        "About the team", "What you will work on", "What you will do",
        "What you need on day one", "What we will teach you", "Nice to have", "Tools we use",
        "How we interview", "Pay and details", "Equal opportunity",
    ):  # fmt: skip
        assert f"\n## {heading}\n" in text, heading
    assert "We are building." in section(text, "About the team")
    assert "You will join the Search team at Example Robotics." in section(text, "About the team")
    # The fixture's role names no tools or product: the ad says something true, never
    # a placeholder.
    assert "Python and SQL" in section(text, "Tools we use")
    assert "Builds ML features into the product." in section(text, "What you will work on")
    assert "We hire on the skills this ad lists" in section(text, "Equal opportunity")
    own = generate(rubric(tmp_path), replace(FACTS, equal_opportunity="Our own statement."))
    assert section(own, "Equal opportunity").strip() == "Our own statement."


def test_team_names_read_as_english():
    from hiring.jobs.generate import team_phrase

    assert team_phrase("Ranking") == "the Ranking team"
    assert team_phrase("Search team") == "the Search team"
    assert team_phrase("The Platform Team") == "The Platform Team"
    assert team_phrase("") == "our machine learning team"


def test_must_haves_are_described_by_their_bar_and_trainables_by_their_ramp(tmp_path):
    text = generate(rubric(tmp_path))
    must = section(text, "What you need on day one")
    # Candidate-facing text for the bar (level 3 has none: level 2's), never the anchor.
    assert "- **Coding** (on your own). You write small, correct programs and check them." in must
    assert "Shows coding" not in text
    # A skill with no candidate text is described by what it is.
    assert "- **Machine learning fundamentals** (on your own). Knows how models learn" in must
    assert "MLOps" not in must
    teach = section(text, "What we will teach you")
    assert "- **MLOps** (about 12 weeks). Pairs with the platform team." in teach


def test_the_interview_section_lists_the_loop_with_total_time(tmp_path):
    text = section(generate(rubric(tmp_path)), "How we interview")
    assert "1. **Overview** (45 minutes)" in text
    assert "3. **ML systems** (60 minutes)" in text
    assert "About 2 hours 45 minutes in all" in text
    # The fixture's rounds have no candidate text: the ad names what they cover instead
    # of pasting the interviewers' purpose.
    assert "1. **Overview** (45 minutes): A conversation about communication." in text
    assert "Motivation and collaboration." not in text


def test_pay_and_details(tmp_path):
    text = section(generate(rubric(tmp_path)), "Pay and details")
    assert "- Salary: €90,000 to €120,000 per year" in text
    assert "- Openings: 2" in text and "- Target start: January 2027" in text
    assert salary_text(replace(FACTS, salary_min=None)) == "Up to €120,000 per year"
    # A currency without a symbol is named once, after the range.
    francs = replace(FACTS, salary_currency="CHF")
    assert salary_text(francs) == "90,000 to 120,000 CHF per year"
    assert salary_text(replace(francs, salary_max=None)) == "From 90,000 CHF per year"
    assert salary_text(replace(FACTS, salary_min=None, salary_max=None)) is None
    assert "Salary" not in generate(
        rubric(tmp_path), replace(FACTS, salary_min=None, salary_max=None)
    )


def test_remote_jobs_name_the_regions(tmp_path):
    facts = replace(FACTS, remote_policy="remote", location="", remote_regions="DE,NL")
    assert "Remote (Germany, Netherlands)" in generate(rubric(tmp_path), facts)


def test_generation_is_deterministic(tmp_path):
    rb = rubric(tmp_path)
    assert generate(rb) == generate(rb)


def test_a_tuned_profile_changes_the_text(tmp_path):
    rb = rubric(tmp_path)
    profile = (
        ProfileEntry("coding", MUST, 4),
        ProfileEntry("mlops", MUST, 2),
        ProfileEntry("ml-fundamentals", TRAINABLE, 3, 6, "reading group"),
    )
    text = generate(rb, profile=profile)
    assert "**MLOps** (working knowledge)." in section(text, "What you need on day one")
    assert "**Coding** (expert). You set the standard others follow in code." in text
    assert "(about 6 weeks). Reading group." in section(text, "What we will teach you")
    assert "## Nice to have" not in text


def test_profile_changes_against_the_rubric(tmp_path):
    level = rubric(tmp_path).role("ml-engineer").level("senior")
    default = default_profile(level)
    names = {"coding": "Coding", "mlops": "MLOps", "model-evaluation": "Evaluation"}
    assert profile_changes(default, default, names) == []
    tuned = (
        ProfileEntry("coding", MUST, 4),
        ProfileEntry("mlops", MUST, 2),
        ProfileEntry("communication", NICE),
        ProfileEntry("ml-fundamentals", TRAINABLE, 3, 8, ""),
    )
    summaries = {c.skill: c.summary for c in profile_changes(default, tuned, names)}
    assert summaries["coding"] == "Coding bar 3 -> 4 (rubric: 3)"
    assert summaries["mlops"] == "MLOps promoted from trainable to must-have"
    assert summaries["ml-fundamentals"].endswith("demoted from must-have to trainable")
    assert summaries["model-evaluation"] == "Evaluation removed (rubric: nice to have)"
    assert summaries["communication"] == "communication added as nice to have"


ENTRIES = st.builds(
    ProfileEntry,
    skill=st.sampled_from(
        ["coding", "mlops", "ml-fundamentals", "communication", "model-evaluation"]
    ),
    kind=st.sampled_from([MUST, TRAINABLE, NICE]),
    level=st.integers(1, 4),
)


@given(st.lists(ENTRIES, unique_by=lambda e: e.skill))
def test_every_differing_skill_is_reported_and_json_round_trips(entries):
    default = (ProfileEntry("coding", MUST, 3), ProfileEntry("mlops", TRAINABLE, 3, 12, "x"))
    current = tuple(entries)
    assert profile_from_json(profile_to_json(current)) == current
    reported = {change.skill for change in profile_changes(default, current, {})}
    before = {e.skill: e for e in default}
    after = {e.skill: e for e in current}
    for skill in before.keys() | after.keys():
        old, new = before.get(skill), after.get(skill)
        differs = (
            old is None
            or new is None
            or old.kind != new.kind
            or (new.kind in (MUST, TRAINABLE) and old.level != new.level)
        )
        assert (skill in reported) == differs, skill


def test_the_snapshot_rebuilds_what_the_job_was_opened_with(tmp_path):
    rb = rubric(tmp_path)
    taken = snap.take_snapshot(rb, "ml-engineer", "senior")
    assert snap.level_of(taken) == rb.role("ml-engineer").level("senior")
    assert snap.skills_of(taken)["coding"] == rb.skill("coding")
    assert snap.rounds_of(taken)["coding"].assesses == rb.round("coding").assesses
    assert snap.team_stage_of(taken, "scaling").name == "Scaling"
    assert snap.rubric_changes(taken, rb) == []


def test_rubric_changes_are_said_in_words(tmp_path):
    old = snap.take_snapshot(rubric(tmp_path / "a"), "ml-engineer", "senior")

    def change(files):
        senior = files["roles/ml-engineer.yaml"]["levels"]["senior"]
        senior["must_have"][0]["bar"] = 4
        senior["must_have"].pop(1)
        # Levels rise: staff keeps up with the new bar, and the dropped must-have says why.
        files["roles/ml-engineer.yaml"]["levels"]["staff"]["must_have"][0]["bar"] = 4
        senior["no_longer_must_have"] = [{"skill": "ml-fundamentals", "why": "Trained here."}]
        senior["trainable"].append(
            {"skill": "ml-fundamentals", "target": 3, "weeks": 4, "how": "x"}
        )
        senior["rounds"] = ["overview", "coding"]
        senior["trainable"] = [t for t in senior["trainable"] if t["skill"] != "mlops"]
        senior["nice_to_have"] = ["mlops", "model-evaluation"]

    changes = snap.rubric_changes(old, rubric(tmp_path / "b", change))
    assert "The bar for Coding moved from 3 to 4." in changes
    assert "Machine learning fundamentals is no longer a must-have." in changes
    assert "Machine learning fundamentals is now trainable." in changes
    assert "MLOps is no longer listed as trainable." in changes
    assert any(c.startswith("The interview loop changed") for c in changes)


def test_line_diff_marks_added_and_removed_lines():
    diff = line_diff("a\nb\nc\n", "a\nc\nd\n")
    assert [(d.kind, d.text) for d in diff] == [
        ("same", "a"), ("removed", "b"), ("same", "c"), ("added", "d"),
    ]  # fmt: skip
    assert diff[3].new_number == 3 and diff[1].old_number == 2


def test_markdown_is_sanitised():
    html = render_markdown(
        "# T\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](https://ok.example)"
        '\n\n<img src=x onerror="alert(1)">\n\n| a | b |\n|---|---|\n| 1 | 2 |'
    )
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert '<a href="https://ok.example" rel="noopener noreferrer nofollow">b</a>' in html
    assert "<table>" in html and "<h1>T</h1>" in html
    assert plain_text("**bold** <b>x</b>") == "bold x"


def posting(tmp_path, **changes):
    rb = rubric(tmp_path)
    level = rb.role("ml-engineer").level("senior")
    facts = replace(FACTS, **changes)
    return Posting(
        facts=facts,
        level="senior",
        public_id="abc123",
        url="https://jobs.example/careers/abc123",
        company_url="https://example.com",
        date_posted=date(2026, 11, 1),
        valid_through=date(2026, 12, 31),
        description_markdown="# T",
        description_html="<h1>T</h1>",
        description_text="T",
        responsibilities=("Ship models",),
        profile=default_profile(level),
        skills=dict(rb.skills_by_id),
    )


def test_job_posting_json_ld(tmp_path):
    data = job_posting_jsonld(posting(tmp_path))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["datePosted"] == "2026-11-01"
    assert data["validThrough"] == "2026-12-31T23:59:59Z"
    assert data["hiringOrganization"] == {
        "@type": "Organization", "name": "Example Robotics", "sameAs": "https://example.com",
    }  # fmt: skip
    # Each part of the address in its own field, the country as its ISO code.
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE",
    }  # fmt: skip
    assert "directApply" not in data
    assert job_posting_jsonld(replace(posting(tmp_path / "d"), direct_apply=True))["directApply"]
    assert data["skills"] == "Coding, Machine learning fundamentals, MLOps"
    remote = job_posting_jsonld(
        posting(
            tmp_path / "r", remote_policy="remote", remote_regions="CA,MX", city="", country_code=""
        )
    )
    assert remote["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in remote
    assert remote["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Canada"}, {"@type": "Country", "name": "Mexico"},
    ]  # fmt: skip
    unpaid = job_posting_jsonld(posting(tmp_path / "u", salary_min=None, salary_max=None))
    assert "baseSalary" not in unpaid


def test_json_resume_job_export(tmp_path):
    data = json_resume_job(posting(tmp_path))
    assert data["type"] == "Full-time" and data["remote"] == "Hybrid"
    assert data["experience"] == "Senior" and data["date"] == "2026-11-01"
    assert data["qualifications"][0] == "Coding: You write small, correct programs and check them."
    assert data["skills"][2] == {
        "name": "MLOps",
        "level": "Taught on the job (to 3 of 4)",
        "keywords": ["mlops", "kubernetes", "model deployment"],
    }
