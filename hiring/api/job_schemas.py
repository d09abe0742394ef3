"""The job resource's shapes: what a client may send and what it receives."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import marshmallow as ma
from flask import url_for

from hiring.api import fields
from hiring.api.fields import choice, doc, line
from hiring.api.schemas import MAX_INT, SLUG, VISIBLE_TEXT, VISIBLE_TEXT_MESSAGE, RoleFamilyField
from hiring.jobs import descriptions, places, queries, services
from hiring.jobs import lint as jd_lint
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES
from hiring.jobs.models import PUBLISHED, STATUSES, Job, JobDescriptionVersion
from hiring.jobs.profile import KINDS
from hiring.rubrics.types import FOCUSES, LEVELS, TEAM_STAGES

MAX_SALARY = 99_999_999
MAX_HEADCOUNT = 500
MAX_MARKDOWN = descriptions.MAX_DESCRIPTION_LENGTH - 1  # the service adds a final newline
SEVERITIES = (jd_lint.ERROR, jd_lint.WARNING, jd_lint.INFO)
# A job's facts: what opening it sets and PATCH may change (with role family and level).
FACTS = (
    "title", "role_family", "level", "team", "company_stage", "focus", "location",
    "remote_policy", "remote_regions", "employment_type", "salary_min", "salary_max",
    "salary_currency", "headcount", "target_start", "hiring_manager_id",
)  # fmt: skip


# --- fields ----------------------------------------------------------------------------


def _salary(description: str, **options: Any) -> ma.fields.Integer:
    return ma.fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(1, MAX_SALARY),
        metadata=doc(description + " Yearly, in `salary_currency`; null when not set."),
        **options,
    )


def _headcount(**options: Any) -> ma.fields.Integer:
    return ma.fields.Integer(
        strict=True,
        validate=ma.validate.Range(1, MAX_HEADCOUNT),
        metadata=doc("Number of openings"),
        **options,
    )


def _hiring_manager(**options: Any) -> ma.fields.Integer:
    return ma.fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(1, MAX_INT),
        metadata=doc("The id of an active user with the hiring_manager role, or null."),
        **options,
    )


TITLE = "What the job is called in the ad."
TEAM = "The team the hire joins; may be empty."
COMPANY_STAGE = "How far along machine learning is at the company."
FOCUS = "Where the role sits: close to the product, the data or the platform."
LOCATION = (
    "Where the job is, on one line ('Denver, Colorado'); read into `city`, `region` and "
    "`country_code`. Required unless `remote_policy` is `remote`."
)
REMOTE_POLICY = "On-site, hybrid or fully remote."
REMOTE_REGIONS = (
    "The countries a remote hire may live in: ISO 3166-1 alpha-2 codes, comma-separated "
    "('DE,NL'); may be empty. Publishing a remote job needs at least one."
)
_COUNTRY = "(?:" + "|".join(places.countries()) + ")"
COUNTRY_CODES = rf"^(?:{_COUNTRY}(?:, ?{_COUNTRY})*)?$"


def _countries(**options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[
            ma.validate.Length(max=200),
            ma.validate.Regexp(
                COUNTRY_CODES, error="Give ISO 3166-1 alpha-2 country codes, like 'DE,NL'."
            ),
        ],
        metadata=doc(REMOTE_REGIONS),
        **options,
    )


EMPLOYMENT_TYPE = "schema.org employment type."
CURRENCY = "ISO 4217 code of the salary range."
TARGET_START = "When the hire should start, or null."
SALARY_RULE = "`salary_min` must not be above `salary_max`."
STALE_VERSION = "The job's `version` as last read; 409 if it changed since"


# --- what the API answers ------------------------------------------------------------


class SkillProfileEntrySchema(ma.Schema):
    skill = ma.fields.String(required=True, metadata=doc("A skill id of the rubric"))
    kind = choice(KINDS, "Needed on day one, taught on the job, or a plus", required=True)
    level = ma.fields.Integer(
        required=True,
        allow_none=True,
        validate=ma.validate.Range(1, 4),
        metadata=doc("The bar (must) or target (trainable) on the 1-4 scale; null for nice"),
    )
    weeks = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("Ramp-up of a trainable skill")
    )
    how = ma.fields.String(required=True, metadata=doc("How a trainable skill is learned"))
    why = ma.fields.String(required=True, metadata=doc("Why a must-have is needed on day one"))


class JobSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True, metadata=doc(TITLE))
    role_family = ma.fields.String(
        required=True, metadata=doc("The rubric role family the job was opened from")
    )
    level = choice(LEVELS, "The level of the role", required=True)
    team = ma.fields.String(required=True, metadata=doc(TEAM))
    company_stage = choice(TEAM_STAGES, COMPANY_STAGE, required=True)
    focus = choice(FOCUSES, FOCUS, required=True)
    location = ma.fields.String(required=True, metadata=doc("Where the job is; may be empty"))
    city = ma.fields.String(required=True, metadata=doc("The job's city; may be empty"))
    region = ma.fields.String(required=True, metadata=doc("State or region; may be empty"))
    country_code = ma.fields.String(
        required=True, metadata=doc("ISO 3166-1 alpha-2 code of the country; may be empty")
    )
    remote_policy = choice(REMOTE_POLICIES, REMOTE_POLICY, required=True)
    remote_regions = ma.fields.String(required=True, metadata=doc(REMOTE_REGIONS))
    employment_type = choice(EMPLOYMENT_TYPES, EMPLOYMENT_TYPE, required=True)
    salary_min = _salary("Bottom of the pay range.", required=True)
    salary_max = _salary("Top of the pay range.", required=True)
    salary_currency = choice(services.CURRENCIES, CURRENCY, required=True)
    headcount = _headcount(required=True)
    target_start = ma.fields.Date(required=True, allow_none=True, metadata=doc(TARGET_START))
    hiring_manager_id = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The hiring manager's user id")
    )
    hiring_manager_name = ma.fields.String(
        required=True, allow_none=True, metadata=doc("The hiring manager's name")
    )
    status = choice(STATUSES, "Whether the public page is up", required=True)
    public_url = ma.fields.String(
        required=True,
        allow_none=True,
        metadata=doc("The public page while the job is published, else null", format="uri"),
    )
    published_at = ma.fields.DateTime(required=True, allow_none=True)
    unpublished_at = ma.fields.DateTime(required=True, allow_none=True)
    valid_through = ma.fields.Date(
        required=True,
        allow_none=True,
        metadata=doc("Last day the ad is valid (set when published)"),
    )
    rubric_version = ma.fields.String(
        required=True, metadata=doc("The rubric the job's snapshot was taken from")
    )
    skill_profile = ma.fields.List(
        ma.fields.Nested(SkillProfileEntrySchema),
        required=True,
        metadata=doc("What the job needs: must-haves, trainable skills, nice to have"),
    )
    current_description_number = ma.fields.Integer(
        required=True, metadata=doc("Number of the current description version; 0 for none")
    )
    version = ma.fields.Integer(
        required=True,
        metadata=doc("Changes on every write; send it back with PATCH, publish, unpublish"),
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class JobListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(JobSchema), required=True)
    next_cursor = fields.next_cursor()


class FindingSchema(ma.Schema):
    rule = choice(jd_lint.RULES, "Which rule found it", required=True)
    severity = choice(SEVERITIES, "Errors block publishing", required=True)
    line = ma.fields.Integer(
        required=True,
        allow_none=True,
        validate=ma.validate.Range(min=1),
        metadata=doc("1-based line of the Markdown; null when not tied to a line"),
    )
    message = ma.fields.String(required=True, metadata=doc("What is wrong"))
    suggestion = ma.fields.String(required=True, metadata=doc("How to fix it"))


class DescriptionSchema(ma.Schema):
    number = ma.fields.Integer(required=True, metadata=doc("The version number, from 1"))
    note = ma.fields.String(required=True, metadata=doc("What changed in this version"))
    created_at = ma.fields.DateTime(required=True)
    markdown = ma.fields.String(required=True)
    html = ma.fields.String(required=True, metadata=doc("The Markdown rendered and sanitised"))
    findings = ma.fields.List(
        ma.fields.Nested(FindingSchema),
        required=True,
        metadata=doc("Lint findings of this text against the job, as publishing checks it"),
    )
    job_version = ma.fields.Integer(
        required=True, metadata=doc("The job's `version` now (saving a version changes it)")
    )


# --- what the API accepts ------------------------------------------------------------


class JobListQuerySchema(ma.Schema):
    status = choice(STATUSES, "Only jobs with this status")
    role_family = ma.fields.String(
        validate=[ma.validate.Length(max=64), ma.validate.Regexp(SLUG)],
        metadata=doc("Only jobs of this role family"),
    )
    level = choice(LEVELS, "Only jobs at this level")
    q = line("Only jobs whose title or team contains this text (case-insensitive)")
    cursor = fields.id_cursor()
    limit = fields.limit("Jobs")


class JobCreateSchema(ma.Schema):
    # The one rule across fields JSON Schema can state: a location unless fully remote.
    OPENAPI_EXTRA = {
        "anyOf": [
            {"properties": {"remote_policy": {"enum": ["remote"]}}},
            {"required": ["location"]},
        ]
    }

    title = line(TITLE, visible=True, required=True)
    role_family = RoleFamilyField(
        required=True,
        metadata=doc("A role family of the current rubric (GET /api/v1/rubrics/roles)"),
    )
    level = choice(LEVELS, "The level of the role", required=True)
    team = line(TEAM, load_default="")
    company_stage = choice(TEAM_STAGES, COMPANY_STAGE, required=True)
    focus = choice(FOCUSES, FOCUS, required=True)
    location = line(LOCATION, visible=True)
    remote_policy = choice(REMOTE_POLICIES, REMOTE_POLICY, required=True)
    remote_regions = _countries(load_default="")
    employment_type = choice(EMPLOYMENT_TYPES, EMPLOYMENT_TYPE, required=True)
    salary_min = _salary("Bottom of the pay range. " + SALARY_RULE, load_default=None)
    salary_max = _salary("Top of the pay range.", load_default=None)
    salary_currency = choice(services.CURRENCIES, CURRENCY, load_default="USD")
    headcount = _headcount(load_default=1)
    target_start = ma.fields.Date(allow_none=True, load_default=None, metadata=doc(TARGET_START))
    hiring_manager_id = _hiring_manager(load_default=None)


class JobPatchSchema(ma.Schema):
    version = fields.version(STALE_VERSION, required=True)
    title = line(TITLE, visible=True)
    team = line(TEAM)
    company_stage = choice(TEAM_STAGES, COMPANY_STAGE)
    focus = choice(FOCUSES, FOCUS)
    location = line("Where the job is (cannot be cleared through the API)", visible=True)
    remote_policy = choice(REMOTE_POLICIES, REMOTE_POLICY + " Not remote needs a location.")
    remote_regions = _countries()
    employment_type = choice(EMPLOYMENT_TYPES, EMPLOYMENT_TYPE)
    salary_min = _salary("Bottom of the pay range. " + SALARY_RULE)
    salary_max = _salary("Top of the pay range.")
    salary_currency = choice(services.CURRENCIES, CURRENCY)
    headcount = _headcount()
    target_start = ma.fields.Date(allow_none=True, metadata=doc(TARGET_START))
    hiring_manager_id = _hiring_manager()


class DescriptionInputSchema(ma.Schema):
    markdown = ma.fields.String(
        required=True,
        validate=[
            ma.validate.Length(max=MAX_MARKDOWN),
            ma.validate.Regexp(VISIBLE_TEXT, error=VISIBLE_TEXT_MESSAGE),
        ],
        metadata=doc("The whole description in Markdown"),
    )
    base_number = fields.version(
        "The `number` of the version the text was based on; 409 if another was saved since",
        minimum=0,
        required=True,
    )
    note = line("What changed, for the version history", load_default="")


class VersionSchema(ma.Schema):
    version = fields.version(STALE_VERSION, required=True)


class PublishSchema(VersionSchema):
    valid_through = ma.fields.Date(
        metadata=doc("Last day the ad is valid, in the future; default: in 60 days")
    )


# --- answers ---------------------------------------------------------------------------


def job_body(job: Job) -> dict[str, Any]:
    """The job as JobSchema describes it; its hiring manager must be loaded."""
    manager = job.hiring_manager
    return {
        **{name: getattr(job, name) for name in FACTS},
        "id": job.id,
        "city": job.city,
        "region": job.region,
        "country_code": job.country_code,
        "hiring_manager_name": manager.name if manager else None,
        "status": job.status,
        "public_url": url_for("careers.job", public_id=job.public_id, _external=True)
        if job.status == PUBLISHED
        else None,
        "published_at": job.published_at,
        "unpublished_at": job.unpublished_at,
        "valid_through": job.valid_through,
        "rubric_version": job.rubric_version,
        "skill_profile": [asdict(entry) for entry in queries.profile_of(job)],
        "current_description_number": job.current_description_number,
        "version": job.version,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
    }


def description_body(job: Job, version: JobDescriptionVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "note": version.note,
        "created_at": version.created_at,
        "markdown": version.markdown,
        "html": version.html,
        "findings": [asdict(f) for f in descriptions.lint_markdown(job, version.markdown)],
        "job_version": job.version,
    }
