"""/api/v1/applications: candidates in a job's pipeline, their stage history and moves.

An application is one candidate in one job's pipeline; it starts in the rubric's first
stage. Moves follow the stage rules of ``hiring.pipeline.stages`` (a reason to move back
or reopen, a rejection reason to reject) and carry the ``version`` the client read: a
stale one is answered 409 with where the application is now, and nothing moves.
"""

from __future__ import annotations

import http
from collections.abc import Sequence
from typing import Any

import marshmallow as ma
from flask import Response, url_for
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import choice, doc, reference
from hiring.api.schemas import (
    BLANK,
    NOT_IN_LINE,
    TEXT,
    TEXT_MESSAGE,
    ApplicationStateSchema,
    RejectionReasonField,
    StageField,
    problem_with,
)
from hiring.candidates import rules
from hiring.candidates.models import Candidate
from hiring.candidates.rules import SOURCES
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.pipeline import lists, services, stages
from hiring.pipeline.models import ACTIVE, APPLICATION_STATUSES, Application
from hiring.policy import Action

blp = resource(
    "api-applications",
    "/applications",
    "Applications: candidates in a job's pipeline, stage history and moves",
)

APPLICATION_URL = fields.id_url("application_id")
APPLICATION_ID_DOC = [fields.id_parameter("application_id", "The application's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
# No valid rubric was ever loaded: the pipeline's stages are unknown.
UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE
MAX_NOTE = 2000
# A tag as stored: one to 40 characters, no blanks, commas or control characters. U+0130
# is left out because it lowercases to two characters.
TAG = rf"^[^{BLANK},{NOT_IN_LINE}\u0130]+$"
TAG_MESSAGE = "A tag is one word: no spaces, commas or control characters."


def tag_field(description: str, **options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[ma.validate.Length(1, rules.MAX_TAG_LENGTH), ma.validate.Regexp(TAG)],
        metadata=doc(description, example="ranking"),
        **options,
    )


# --- answers ---------------------------------------------------------------------------


class PersonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class JobRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)


class ApplicationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    candidate = ma.fields.Nested(
        PersonSchema, required=True, metadata=doc("The candidate (an erased one by id only)")
    )
    job = ma.fields.Nested(JobRefSchema, required=True)
    stage = ma.fields.String(required=True, metadata=doc("The rubric stage it is in"))
    stage_name = ma.fields.String(required=True)
    status = choice(
        APPLICATION_STATUSES,
        "active while in the pipeline; rejected, withdrawn or hired once it left",
        required=True,
    )
    rejection_reason = ma.fields.String(
        required=True, metadata=doc("The rubric's rejection reason when rejected, else empty")
    )
    owner = ma.fields.Nested(
        PersonSchema,
        required=True,
        allow_none=True,
        metadata=doc("The recruiter who owns it, or null"),
    )
    entered_stage_at = ma.fields.DateTime(required=True)
    days_in_stage = ma.fields.Integer(required=True, metadata=doc("Whole days in its stage"))
    stuck = ma.fields.Boolean(
        required=True, metadata=doc("Active and longer in its stage than the stage's target")
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    version = ma.fields.Integer(
        required=True, metadata=doc("Changes on every move; send it back to move it")
    )


class StageChangeSchema(ma.Schema):
    from_stage = ma.fields.String(
        data_key="from",
        required=True,
        allow_none=True,
        metadata=doc("The stage it left; null for entering the pipeline"),
    )
    to_stage = ma.fields.String(data_key="to", required=True)
    by = ma.fields.Nested(
        PersonSchema, required=True, allow_none=True, metadata=doc("Who moved it")
    )
    at = ma.fields.DateTime(required=True)
    note = ma.fields.String(
        required=True, metadata=doc("Why, for moves back and reopening; erased with the candidate")
    )
    rejection_reason = ma.fields.String(required=True)


class ApplicationDetailSchema(ApplicationSchema):
    stage_history = ma.fields.List(
        ma.fields.Nested(StageChangeSchema),
        required=True,
        metadata=doc("Every move, oldest first; the first is entering the pipeline"),
    )


class ApplicationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ApplicationSchema), required=True)
    next_cursor = fields.next_cursor()


# --- what the API accepts --------------------------------------------------------------


class ApplicationListQuerySchema(ma.Schema):
    job_id = reference("Only applications to this job", in_query=True)
    stage = StageField(metadata=doc("Only applications in this stage"))
    status = choice(APPLICATION_STATUSES, "Only applications with this status; any when absent")
    source = choice(SOURCES, "Only candidates from this source")
    tag = tag_field("Only candidates with this tag")
    owner_id = reference("Only applications this recruiter owns", in_query=True)
    cursor = fields.id_cursor()
    limit = fields.limit("Applications")


class ApplicationCreateSchema(ma.Schema):
    candidate_id = reference("The candidate to add", required=True, metadata={"example": 1})
    job_id = reference(
        "An open job (not taken down) the candidate is not active in yet",
        required=True,
        metadata={"example": 1},
    )
    owner_id = reference(
        "An active recruiter who owns the application; null or absent for nobody yet",
        allow_none=True,
        load_default=None,
    )


class MoveSchema(ma.Schema):
    # Rejecting needs a reason: the one rule across fields JSON Schema can state here.
    OPENAPI_EXTRA = {
        "anyOf": [
            {"properties": {"to_stage": {"not": {"enum": [stages.REJECTED]}}}},
            {"required": ["rejection_reason"]},
        ]
    }

    to_stage = StageField(
        required=True,
        metadata=doc("A stage of the pipeline, or rejected, withdrawn; not the current one"),
    )
    version = fields.version(
        "The application's `version` as last read; 409 if it moved since", required=True
    )
    note = ma.fields.String(
        load_default="",
        validate=[ma.validate.Length(max=MAX_NOTE), ma.validate.Regexp(TEXT, error=TEXT_MESSAGE)],
        metadata=doc("Why; required to move back to an earlier stage or out of rejected/withdrawn"),
    )
    rejection_reason = RejectionReasonField(
        metadata=doc("Required with `to_stage` rejected; ignored otherwise")
    )

    @ma.validates_schema
    def reason_to_reject(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("to_stage") == stages.REJECTED and not data.get("rejection_reason"):
            raise ma.ValidationError(
                "Choose the reason for the rejection.", field_name="rejection_reason"
            )


# --- answers ---------------------------------------------------------------------------


def person(user: Any) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def application_body(
    application: Application,
    candidate: Candidate,
    pipeline: stages.Pipeline,
    days: int,
    stuck: bool,
) -> dict[str, Any]:
    """The application as ApplicationSchema describes it; its job and owner are loaded."""
    return {
        "id": application.id,
        "candidate": {"id": candidate.id, "name": candidate.name},
        "job": {"id": application.job.id, "title": application.job.title},
        "stage": application.stage,
        "stage_name": pipeline.name(application.stage),
        "status": application.status,
        "rejection_reason": application.rejection_reason,
        "owner": person(application.owner),
        "entered_stage_at": application.entered_stage_at,
        "days_in_stage": days,
        "stuck": stuck,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "version": application.version,
    }


def row_body(row: lists.Row, pipeline: stages.Pipeline) -> dict[str, Any]:
    return application_body(
        row.application, row.application.candidate, pipeline, row.days, row.stuck
    )


def _detail(application_id: int) -> dict[str, Any]:
    application = services.get_application(api_user(), application_id, with_history=True)
    pipeline = services.current_pipeline()
    now = utcnow()
    stuck = application.status == ACTIVE and stages.is_stuck(
        pipeline, application.stage, application.entered_stage_at, now
    )
    days = stages.days_in_stage(application.entered_stage_at, now)
    return {
        **application_body(application, application.candidate, pipeline, days, stuck),
        "stage_history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "by": person(change.by),
                "at": change.at,
                "note": change.note,
                "rejection_reason": change.rejection_reason,
            }
            for change in application.changes
        ],
    }


def _renamed(errors: dict[str, Sequence[str]], names: dict[str, str]) -> dict[str, list[str]]:
    """The service's field names, as this API calls the fields."""
    return {names.get(name, name): list(messages) for name, messages in errors.items()}


# --- endpoints -------------------------------------------------------------------------


LOCATION_HEADER = {
    "Location": {
        "description": "The URL of the new application",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    }
}


@blp.route("")
class ApplicationList(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_CANDIDATES)
    @blp.arguments(ApplicationListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, ApplicationListSchema)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Applications, newest first, filtered; one page at a time (cursor pagination).

        Follow `next_cursor` until it is null. Paging is stable: an application added or
        moved meanwhile never makes one repeat or go missing; new ones appear on a fresh
        first page. Every status is listed unless `status` says otherwise.
        """
        filters = lists.ApplicationFilter(
            job_id=args.get("job_id"),
            stage=args.get("stage", ""),
            source=args.get("source", ""),
            owner_id=args.get("owner_id"),
            tag=args.get("tag", ""),
            status=args.get("status", ""),
        )
        page = lists.list_applications_after(
            api_user(), filters, fields.after_id(args), args["limit"]
        )
        pipeline = services.current_pipeline()
        return {
            "items": [row_body(row, pipeline) for row in page.rows],
            "next_cursor": str(page.rows[-1].application.id) if page.has_more else None,
        }

    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATES)
    @blp.arguments(ApplicationCreateSchema)
    @blp.response(201, ApplicationDetailSchema, headers=LOCATION_HEADER)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a candidate to a job: the application starts in the pipeline's first stage.

        A candidate has at most one active application per job: a second one is 409
        with the open one's `application_id` (absent when two requests added the
        candidate at the same instant: the other one won). An unknown or erased candidate, a job
        that is taken down or does not exist, and an owner who is not an active
        recruiter are 422.
        """
        try:
            application = services.add_to_job(
                api_user(), data["candidate_id"], data["job_id"], data["owner_id"]
            )
        except services.AlreadyInPipeline as exc:
            return problem_with(
                CONFLICT,
                exc.message,
                errors=exc.errors,
                application_id=exc.application_id,
            )
        except NotFound as exc:
            raise ValidationFailed({"candidate_id": [exc.message]}) from exc
        except ValidationFailed as exc:
            raise ValidationFailed(_renamed(exc.errors, {"candidate": "candidate_id"})) from exc
        url = url_for(
            f"{blp.name}.ApplicationDetail", application_id=application.id, _external=True
        )
        return _detail(application.id), 201, {"Location": url}


@blp.route(APPLICATION_URL, parameters=APPLICATION_ID_DOC)
class ApplicationDetail(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_CANDIDATES)
    @blp.response(200, ApplicationDetailSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def get(self, application_id: int) -> dict[str, Any]:
        """An application with its full stage history: from, to, by whom, when, the note
        and the rejection reason of every move, and its days in the current stage."""
        return _detail(application_id)


@blp.route(f"{APPLICATION_URL}/move", parameters=APPLICATION_ID_DOC)
class ApplicationMove(MethodView):
    @requires_token(blp)
    @requires_permission(Action.MANAGE_CANDIDATES)
    @blp.arguments(
        MoveSchema,
        example={"to_stage": "rejected", "version": 1, "rejection_reason": "must-have-below-bar"},
    )
    @blp.response(200, ApplicationDetailSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def post(self, data: dict[str, Any], application_id: int) -> Any:
        """Move the application to another stage, or reject, withdraw or reopen it.

        The stage rules answer 422 with the field at fault: the stage it is already in,
        moving back or out of rejected/withdrawn without a `note`, rejecting without a
        `rejection_reason`, reopening while the candidate is active in the job again.
        If someone moved it since you read `version`, the answer is 409, nothing moves,
        and `current` says where it is now (stage, status, version).
        """
        actor = api_user()
        try:
            services.move_application(
                actor,
                application_id,
                expected_version=data["version"],
                target=data["to_stage"],
                note=data["note"],
                rejection_reason=data.get("rejection_reason", ""),
            )
        except services.MoveConflict as exc:
            return _move_conflict(exc, application_id)
        except ValidationFailed as exc:
            raise ValidationFailed(_renamed(exc.errors, {"target": "to_stage"})) from exc
        return _detail(application_id)


def _move_conflict(exc: services.MoveConflict, application_id: int) -> Response:
    now = services.get_application(api_user(), application_id)
    current = ApplicationStateSchema().dump(
        {"stage": now.stage, "status": now.status, "version": now.version}
    )
    return problem_with(CONFLICT, exc.message, current=current)
