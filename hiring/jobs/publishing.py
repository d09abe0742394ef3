"""What a published job looks like to the outside: schema.org JSON-LD and exports.

Pure: takes the job's facts and texts, returns plain dicts and strings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from html import escape
from typing import Any

from hiring.jobs import places
from hiring.jobs.generate import EMPLOYMENT_TYPES, JobFacts, salary_text
from hiring.jobs.profile import MUST, NICE, TRAINABLE, ProfileEntry, profile_from_json
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
    description_number: int = 0
    # Whether the page takes applications (``directApply`` in the JSON-LD).
    direct_apply: bool = False


POSTING_FORMAT = 1
# What a republish compares to tell the editor what would change on the public page.
_CHANGE_LABELS = {
    "title": "title", "team": "team", "location": "location", "city": "location",
    "region": "location", "country_code": "location", "remote_policy": "remote policy",
    "remote_regions": "applicant countries", "employment_type": "employment type",
    "salary_min": "pay range", "salary_max": "pay range", "salary_currency": "pay range",
}  # fmt: skip


def posting_to_json(posting: Posting) -> dict[str, Any]:
    """The published state, frozen as JSON (the page's address is not part of it)."""
    facts = asdict(posting.facts)
    facts["target_start"] = (
        posting.facts.target_start.isoformat() if posting.facts.target_start else None
    )
    return {
        "format": POSTING_FORMAT,
        "facts": facts,
        "level": posting.level,
        "public_id": posting.public_id,
        "date_posted": posting.date_posted.isoformat() if posting.date_posted else None,
        "valid_through": posting.valid_through.isoformat() if posting.valid_through else None,
        "description_number": posting.description_number,
        "description_markdown": posting.description_markdown,
        "description_html": posting.description_html,
        "description_text": posting.description_text,
        "responsibilities": list(posting.responsibilities),
        "profile": [entry.to_dict() for entry in posting.profile],
        "skills": {
            skill_id: asdict(skill)
            for skill_id, skill in posting.skills.items()
            if any(entry.skill == skill_id for entry in posting.profile)
        },
    }


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def posting_from_json(
    data: dict[str, Any], *, url: str, company_url: str, direct_apply: bool = False
) -> Posting:
    known = {field.name for field in fields(JobFacts)}
    facts = {key: value for key, value in data["facts"].items() if key in known}
    facts["target_start"] = _date(facts.get("target_start"))
    return Posting(
        facts=JobFacts(**facts),
        level=data["level"],
        public_id=data["public_id"],
        url=url,
        company_url=company_url,
        date_posted=_date(data["date_posted"]),
        valid_through=_date(data["valid_through"]),
        description_markdown=data["description_markdown"],
        description_html=data["description_html"],
        description_text=data["description_text"],
        responsibilities=tuple(data["responsibilities"]),
        profile=profile_from_json(data["profile"]),
        skills={
            skill_id: Skill(
                **{**skill, "keywords": tuple(skill["keywords"]), "scale": tuple(skill["scale"])}
            )
            for skill_id, skill in data["skills"].items()
        },
        description_number=data["description_number"],
        direct_apply=direct_apply,
    )


def unpublished_changes(published: Posting, current: Posting) -> list[str]:
    """What the public page would show differently once republished, in words."""
    changes: list[str] = []
    for name, label in _CHANGE_LABELS.items():
        if getattr(published.facts, name) != getattr(current.facts, name) and label not in changes:
            changes.append(label)
    if published.description_number != current.description_number:
        changes.append(f"description (version {current.description_number})")
    if published.profile != current.profile:
        changes.append("skills")
    return changes


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
        codes = places.split_list(facts.remote_regions)
        if codes:
            data["applicantLocationRequirements"] = [
                {"@type": "Country", "name": places.country_name(code)} for code in codes
            ]
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for key, value in (
        ("addressLocality", facts.city),
        ("addressRegion", facts.region),
        ("addressCountry", facts.country_code),
    ):
        if value:
            address[key] = value
    if len(address) > 1:
        data["jobLocation"] = {"@type": "Place", "address": address}
    if posting.direct_apply:
        data["directApply"] = True
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
    for key, value in (
        ("city", facts.city),
        ("region", facts.region),
        ("countryCode", facts.country_code),
    ):
        if value:
            location[key] = value
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
            skill_entry(entry)["name"]
            + ": "
            + posting.skills[entry.skill].ad_text(entry.level or 2)
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
