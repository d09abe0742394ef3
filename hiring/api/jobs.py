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
from datetime import date
from typing import Any

import marshmallow as ma
from flask import url_for
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.job_schemas import (
    FACTS,
    DescriptionInputSchema,
    DescriptionSchema,
    JobCreateSchema,
    JobListQuerySchema,
    JobListSchema,
    JobPatchSchema,
    JobSchema,
    PublishSchema,
    VersionSchema,
    description_body,
    job_body,
)
from hiring.domain import NotFound
from hiring.jobs import descriptions, publication, queries, services
from hiring.policy import Action

blp = resource("api-jobs", "/jobs", "Jobs: facts, skill profile, description and publishing")

JOB_URL = fields.id_url("job_id")
JOB_ID_DOC = [fields.id_parameter("job_id", "The job's id")]

NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE


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
