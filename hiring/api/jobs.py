"""/api/v1/jobs: list, open, read and edit jobs, write their description, publish them.

Thin on purpose: marshmallow parses (and documents) the input, the ``hiring.jobs`` services
check the policy, enforce the rules that span fields or need the database, own the
transaction and write the audit log; this module shapes the answers.

Writes that could overwrite someone else's change carry what the client read: the
job's ``version`` in the body of PATCH, publish and unpublish, the description's
``base_number`` in PUT .../description. A stale one is answered 409 and nothing changes;
a missing one is 422.
"""

from __future__ import annotations

import http
from dataclasses import asdict
from datetime import date
from typing import Any

import marshmallow as ma
from flask import url_for
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import choice, doc, line
from hiring.api.schemas import MAX_INT, SLUG, VISIBLE_TEXT, VISIBLE_TEXT_MESSAGE, RoleFamilyField
from hiring.domain import NotFound
from hiring.jobs import descriptions, publication, queries, services
from hiring.jobs import lint as jd_lint
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES
from hiring.jobs.models import PUBLISHED, STATUSES, Job, JobDescriptionVersion
from hiring.jobs.profile import KINDS
from hiring.policy import Action
from hiring.rubrics.types import FOCUSES, LEVELS, TEAM_STAGES

blp = resource("api-jobs", "/jobs", "Jobs: facts, skill profile, description and publishing")

JOB_URL = fields.id_url("job_id")
JOB_ID_DOC = [fields.id_parameter("job_id", "The job's id")]

NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE
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
LOCATION = "Where the job is. Required unless `remote_policy` is `remote`."
REMOTE_POLICY = "On-site, hybrid or fully remote."
REMOTE_REGIONS = "Where a remote hire may live, in words; may be empty."
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
    remote_regions = line(REMOTE_REGIONS, load_default="")
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
    remote_regions = line(REMOTE_REGIONS)
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


def _job(job_id: int) -> dict[str, Any]:
    return job_body(queries.get_job(api_user(), job_id, with_snapshot=False))


def _current_description(job_id: int) -> dict[str, Any]:
    job = queries.get_job(api_user(), job_id)
    current = descriptions.current_description(job)
    if current is None:
        raise NotFound("This job has no description yet.")
    return description_body(job, current)


# --- endpoints -------------------------------------------------------------------------


LOCATION_HEADER = {
    "Location": {
        "description": "The URL of the new job",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    }
}


@blp.route("")
class JobList(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_JOBS)
    @blp.arguments(JobListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, JobListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Jobs, newest first, filtered; one page at a time (cursor pagination).

        Follow `next_cursor` until it is null. Paging is stable: no job repeats or is
        skipped when jobs are edited or opened meanwhile; jobs opened after the first
        page appear on a fresh first page.
        """
        filters = queries.JobFilter(
            query=args.get("q", ""),
            status=args.get("status", ""),
            role_family=args.get("role_family", ""),
            level=args.get("level", ""),
        )
        page = queries.list_jobs_after(api_user(), filters, fields.after_id(args), args["limit"])
        return {
            "items": [job_body(job) for job in page.jobs],
            "next_cursor": str(page.jobs[-1].id) if page.has_more else None,
        }

    @requires_token(blp)
    @requires_permission(Action.MANAGE_JOBS)
    @blp.arguments(JobCreateSchema)
    @blp.response(201, JobSchema, headers=LOCATION_HEADER)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def post(self, data: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Open a job from the rubric; its description is generated as version 1.

        The skill profile starts as the rubric's for the role family and level. Rules
        the schema cannot state are answered 422 with field errors: `salary_min` above
        `salary_max`, a `role_family` not in the current rubric, a `hiring_manager_id`
        that is not an active hiring manager. Admins and hiring managers only.
        """
        job = services.create_job(api_user(), services.JobInput(**{"location": "", **data}))
        url = url_for(f"{blp.name}.JobDetail", job_id=job.id, _external=True)
        return _job(job.id), 201, {"Location": url}


@blp.route(JOB_URL, parameters=JOB_ID_DOC)
class JobDetail(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_JOBS)
    @blp.response(200, JobSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, job_id: int) -> dict[str, Any]:
        """A job: its facts, status, public URL, rubric version, skill profile, version."""
        return _job(job_id)

    @requires_token(blp)
    @requires_permission(Action.MANAGE_JOBS)
    @blp.arguments(JobPatchSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def patch(self, data: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Change some of a job's facts; fields left out keep their value.

        Send the `version` you read: if the job changed since, the answer is 409 and
        nothing is changed. The role family and level cannot change; open a new job.
        Rules across fields (`salary_min` not above `salary_max`, a location unless
        remote, an active hiring manager) apply to the job as it would become: 422.
        """
        actor = api_user()
        expected = data.pop("version")
        job = queries.get_job(actor, job_id, with_snapshot=False)
        merged = services.JobInput(**{name: data.get(name, getattr(job, name)) for name in FACTS})
        services.update_job(actor, job_id, expected_version=expected, data=merged)
        return _job(job_id)


@blp.route(f"{JOB_URL}/description", parameters=JOB_ID_DOC)
class JobDescription(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_JOBS)
    @blp.response(200, DescriptionSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, job_id: int) -> dict[str, Any]:
        """The current version of the job's description, rendered, with lint findings."""
        return _current_description(job_id)

    @requires_token(blp)
    @requires_permission(Action.MANAGE_JOBS)
    @blp.arguments(DescriptionInputSchema)
    @blp.response(200, DescriptionSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def put(self, data: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Save a new version of the description and answer it with its lint findings.

        `base_number` is the `number` of the version you edited: if another version was
        saved since, the answer is 409 and nothing is saved. Saving the current text
        again saves nothing and answers the current version. Findings never block
        saving; errors among them block publishing.
        """
        descriptions.save_description(
            api_user(),
            job_id,
            base_number=data["base_number"],
            markdown=data["markdown"],
            note=data["note"],
        )
        return _current_description(job_id)


@blp.route(f"{JOB_URL}/publish", parameters=JOB_ID_DOC)
class JobPublish(MethodView):
    @requires_token(blp)
    @requires_permission(Action.MANAGE_JOBS)
    @blp.arguments(PublishSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def post(self, data: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Publish the job: its public page goes up at `public_url`.

        422 when the description has lint errors (listed under `errors.publish`) or
        `valid_through` is not in the future; 409 when `version` is stale.
        """
        valid_through: date | None = data.get("valid_through")
        publication.publish(
            api_user(), job_id, expected_version=data["version"], valid_through=valid_through
        )
        return _job(job_id)


@blp.route(f"{JOB_URL}/unpublish", parameters=JOB_ID_DOC)
class JobUnpublish(MethodView):
    @requires_token(blp)
    @requires_permission(Action.MANAGE_JOBS)
    @blp.arguments(VersionSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def post(self, data: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Take the job off the public site: its page then answers 410 Gone.

        Unpublishing a job that is not published changes nothing. 409 when `version`
        is stale.
        """
        publication.unpublish(api_user(), job_id, expected_version=data["version"])
        return _job(job_id)
