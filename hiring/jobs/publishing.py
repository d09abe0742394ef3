"""What a published job looks like to the outside: schema.org JSON-LD and exports.

Pure: takes the job's facts and texts, returns plain dicts and strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from hiring.jobs.generate import EMPLOYMENT_TYPES, JobFacts, salary_text
from hiring.jobs.profile import MUST, NICE, TRAINABLE, ProfileEntry
from hiring.rubrics.types import LEVEL_LABELS, Skill

REMOTE_LABELS = {"remote": "Full", "hybrid": "Hybrid", "onsite": "None"}


@dataclass(frozen=True)
class Posting:
    facts: JobFacts
    level: str
    public_id: str
    url: str
    company_url: str
    date_posted: date | None
    valid_through: date | None
    description_markdown: str
    description_html: str
    description_text: str
    responsibilities: tuple[str, ...]
    profile: tuple[ProfileEntry, ...]
    skills: dict[str, Skill]


def _regions(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    return [part for part in parts if part]


def job_posting_jsonld(posting: Posting) -> dict[str, Any]:
    """schema.org JobPosting, as search engines read it."""
    facts = posting.facts
    organization: dict[str, Any] = {"@type": "Organization", "name": facts.company}
    if posting.company_url:
        organization["sameAs"] = posting.company_url
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": facts.title,
        "description": posting.description_html,
        "identifier": {"@type": "PropertyValue", "name": facts.company, "value": posting.public_id},
        "hiringOrganization": organization,
        "employmentType": facts.employment_type,
        "url": posting.url,
    }
    if posting.date_posted:
        data["datePosted"] = posting.date_posted.isoformat()
    if posting.valid_through:
        data["validThrough"] = f"{posting.valid_through.isoformat()}T23:59:59Z"
    if facts.remote_policy == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        regions = _regions(facts.remote_regions)
        if regions:
            data["applicantLocationRequirements"] = [
                {"@type": "AdministrativeArea", "name": region} for region in regions
            ]
    if facts.location and facts.remote_policy != "remote":
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": facts.location},
        }
    if facts.salary_min is not None or facts.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        if facts.salary_min is not None:
            value["minValue"] = facts.salary_min
        if facts.salary_max is not None:
            value["maxValue"] = facts.salary_max
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": facts.salary_currency,
            "value": value,
        }
    names = [
        posting.skills[entry.skill].name
        for entry in posting.profile
        if entry.kind in (MUST, TRAINABLE) and entry.skill in posting.skills
    ]
    if names:
        data["skills"] = ", ".join(names)
    return data


def json_resume_job(posting: Posting) -> dict[str, Any]:
    """The job in the JSON Resume job schema's fields."""
    facts = posting.facts

    def skill_entry(entry: ProfileEntry) -> dict[str, Any]:
        skill = posting.skills.get(entry.skill)
        level = {
            MUST: f"Required on day one (bar {entry.level} of 4)",
            TRAINABLE: f"Taught on the job (to {entry.level} of 4)",
            NICE: "Nice to have",
        }[entry.kind]
        return {
            "name": skill.name if skill else entry.skill,
            "level": level,
            "keywords": list(skill.keywords) if skill else [],
        }

    location: dict[str, Any] = {}
    if facts.location:
        parts = [part.strip() for part in facts.location.split(",")]
        location["city"] = parts[0]
        if len(parts) > 1:
            location["region"] = ", ".join(parts[1:])
    return {
        "title": facts.title,
        "company": facts.company,
        "type": EMPLOYMENT_TYPES.get(facts.employment_type, facts.employment_type),
        "date": posting.date_posted.isoformat() if posting.date_posted else None,
        "description": posting.description_text,
        "location": location,
        "remote": REMOTE_LABELS.get(facts.remote_policy, "None"),
        "salary": salary_text(facts),
        "experience": LEVEL_LABELS.get(posting.level, posting.level),
        "responsibilities": list(posting.responsibilities),
        "qualifications": [
            skill_entry(entry)["name"] + ": " + posting.skills[entry.skill].anchor(entry.level or 2)
            for entry in posting.profile
            if entry.kind == MUST and entry.skill in posting.skills
        ],
        "skills": [skill_entry(entry) for entry in posting.profile],
        "meta": {"url": posting.url, "id": posting.public_id},
    }


def standalone_html(posting: Posting) -> str:
    """A complete, self-contained HTML document of the description (for export)."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(posting.facts.title)} · {escape(posting.facts.company)}</title>\n"
        "</head>\n<body>\n"
        f"{posting.description_html}\n"
        "</body>\n</html>\n"
    )
