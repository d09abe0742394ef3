"""Places and countries (pure), the published-posting snapshot, and the two linter
rules about them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.jobs import places
from hiring.jobs.generate import JobFacts
from hiring.jobs.lint import lint_description
from hiring.jobs.profile import ProfileEntry
from hiring.jobs.publishing import (
    Posting,
    posting_from_json,
    posting_to_json,
    unpublished_changes,
)
from hiring.rubrics.types import Skill
from tests.unit.test_jd_lint import BASE, CLEAN, COLORADO


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Denver, Colorado", ("Denver", "Colorado", "US")),
        ("Berlin, Germany", ("Berlin", "", "DE")),
        ("London, UK", ("London", "", "GB")),
        ("Arlington, VA", ("Arlington", "Virginia", "US")),
        ("Toronto, ON, Canada", ("Toronto", "Ontario", "CA")),
        ("Washington, DC", ("Washington", "District of Columbia", "US")),
        ("Amsterdam", ("Amsterdam", "", "")),
        ("", ("", "", "")),
    ],
)
def test_one_line_locations_are_read_into_city_region_and_country(text, expected):
    assert places.parse_location(text) == places.Place(*expected)


def test_the_line_people_read_keeps_what_pay_laws_match():
    place = places.parse_location("Denver, Colorado")
    assert places.location_text(place) == "Denver, Colorado, United States"


def test_countries_are_iso_codes_with_names_and_anywhere_is_not_one():
    assert places.countries()["DE"] == "Germany" and len(places.countries()) == 249
    codes, unknown = places.parse_countries(["Germany", "nl", "USA", "Anywhere", "Germany"])
    assert codes == ["DE", "NL", "US"] and unknown == ["Anywhere"]


@given(st.text(max_size=80))
def test_reading_any_line_gives_a_known_country_or_none(text):
    place = places.parse_location(text)
    assert place.country_code == "" or place.country_code in places.countries()


def posting(**facts) -> Posting:
    return Posting(
        facts=replace(
            JobFacts(
                title="ML engineer",
                team="Search",
                company="Example",
                location="Berlin, Germany",
                remote_policy="hybrid",
                remote_regions="",
                employment_type="FULL_TIME",
                salary_min=90_000,
                salary_max=120_000,
                salary_currency="EUR",
                headcount=1,
                target_start=date(2027, 1, 1),
                focus="product",
                city="Berlin",
                country_code="DE",
            ),
            **facts,
        ),
        level="senior",
        public_id="abc",
        url="",
        company_url="",
        date_posted=date(2026, 12, 1),
        valid_through=date(2027, 1, 31),
        description_markdown="# T",
        description_html="<h1>T</h1>",
        description_text="T",
        responsibilities=("Ship",),
        profile=(ProfileEntry("coding", "must", 3),),
        skills={
            "coding": Skill(
                "coding", "Coding", "engineering", "d", ("python",), ("a", "b", "c", "d")
            ),
            "unused": Skill("unused", "Unused", "x", "d", (), ("a", "b", "c", "d")),
        },
        description_number=2,
    )


def test_a_posting_survives_its_json_snapshot_with_only_the_skills_it_names():
    original = posting()
    restored = posting_from_json(posting_to_json(original), url="", company_url="")
    assert restored == replace(original, skills={"coding": original.skills["coding"]})


def test_unpublished_changes_name_what_the_public_page_would_show_differently():
    published = posting()
    assert unpublished_changes(published, published) == []
    edited = replace(
        posting(title="Staff ML engineer", city="Munich", salary_min=None),
        description_number=3,
    )
    assert unpublished_changes(published, edited) == [
        "title", "location", "pay range", "description (version 3)",
    ]  # fmt: skip


def test_a_remote_job_without_countries_is_an_error_and_with_them_is_not():
    remote = replace(BASE, remote_policy="remote", location="")
    rules = {f.rule: f.severity for f in lint_description(CLEAN, remote)}
    assert rules.get("remote-without-countries") == "error"
    with_countries = replace(remote, applicant_countries=("DE",))
    assert "remote-without-countries" not in {
        f.rule for f in lint_description(CLEAN, with_countries)
    }


def test_removing_a_published_pay_range_is_an_error_even_when_the_text_states_pay():
    denver = replace(BASE, location="Denver, Colorado", salary_laws=(COLORADO,))
    text = CLEAN + "\nSalary: $120,000 - $150,000 per year.\n"
    unpaid = replace(denver, salary_min=None, salary_max=None)
    assert "pay-range-removed" not in {f.rule for f in lint_description(text, unpaid)}
    removed = replace(unpaid, published_pay_range=True)
    findings = [f for f in lint_description(text, removed) if f.rule == "pay-range-removed"]
    assert findings and findings[0].severity == "error" and "Colorado" in findings[0].message
    # Elsewhere no law applies, so the edit is the editor's choice.
    berlin = replace(removed, location="Berlin, Germany")
    assert "pay-range-removed" not in {f.rule for f in lint_description(text, berlin)}
