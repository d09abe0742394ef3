"""Schemas shared by every API resource."""

from __future__ import annotations

import copy
import json
from typing import Any

import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin as BaseMarshmallowPlugin
from apispec.ext.marshmallow import OpenAPIConverter
from flask import Response

from hiring.errors import problem
from hiring.input_rules import (
    BLANK,
    CONTROL_SPACE,
    LINE,
    LINE_MESSAGE,
    MAX_INT,
    NOT_IN_LINE,
    SPACE,
    TEXT,
    TEXT_MESSAGE,
    VISIBLE_LINE,
    VISIBLE_LINE_MESSAGE,
    VISIBLE_TEXT,
    VISIBLE_TEXT_MESSAGE,
)
from hiring.rubrics.registry import RubricsUnavailable, current_rubric


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    # hiring.errors.problem() always sends these five members; requiring them here lets
    # clients (and the Schemathesis suite) rely on them.
    type = ma.fields.String(
        required=True, metadata={"description": "A URI identifying the problem type"}
    )
    title = ma.fields.String(required=True, metadata={"description": "Short summary"})
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    detail = ma.fields.String(
        required=True, metadata={"description": "What went wrong, for a person to read"}
    )
    instance = ma.fields.String(
        required=True, metadata={"description": "The path of the request that failed"}
    )
    errors = ma.fields.Dict(
        metadata={"description": "Field name to list of messages, for invalid input"}
    )
    # Extension members (RFC 9457 section 3.2): what a client needs to act on a conflict.
    candidate_id = ma.fields.Integer(
        metadata={"description": "409 for an email already on file: that candidate's id"}
    )
    matches = ma.fields.List(
        ma.fields.Nested(lambda: CandidateMatchSchema()),
        metadata={
            "description": "409 for a possible duplicate: the candidates with the same name "
            "and phone"
        },
    )
    application_id = ma.fields.Integer(
        metadata={
            "description": "409 for a second active application to a job: the one open already"
        }
    )
    current = ma.fields.Nested(
        lambda: ApplicationStateSchema(),
        metadata={"description": "409 for a stale move: where the application is now"},
    )


class CandidateMatchSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "The candidate's id"})
    name = ma.fields.String(required=True)


class ApplicationStateSchema(ma.Schema):
    stage = ma.fields.String(required=True, metadata={"description": "The stage it is in"})
    status = ma.fields.String(
        required=True, metadata={"description": "active, rejected, withdrawn or hired"}
    )
    version = ma.fields.Integer(
        required=True, metadata={"description": "Send this `version` to move it again"}
    )


def problem_with(
    status: int, detail: str, *, errors: dict[str, Any] | None = None, **members: Any
) -> Response:
    """A problem+json answer like ``hiring.errors`` renders, with extension members."""
    response = problem(status, detail, errors=errors)
    response.set_data(json.dumps({**response.get_json(), **members}))
    return response


# --- text the API accepts ----------------------------------------------------------
# Patterns are documented in the OpenAPI document and enforced with the same regular
# expression, so what a client (or Schemathesis) reads there is exactly what is accepted.
# They are hiring.input_rules', the rules the web forms and the imports follow too.
# A rubric id: lowercase letters and digits in hyphen-separated words.
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

__all__ = [
    "BLANK",
    "CONTROL_SPACE",
    "LINE",
    "LINE_MESSAGE",
    "MAX_INT",
    "NOT_IN_LINE",
    "SLUG",
    "SPACE",
    "TEXT",
    "TEXT_MESSAGE",
    "VISIBLE_LINE",
    "VISIBLE_LINE_MESSAGE",
    "VISIBLE_TEXT",
    "VISIBLE_TEXT_MESSAGE",
]


class RoleFamilyField(ma.fields.String):
    """A role family id. The OpenAPI document lists the rubric's role families as its enum
    (see :func:`rubric_role_families`); the jobs service checks it against the current
    rubric when a job is opened."""


class Converter(OpenAPIConverter):
    """Marshmallow to OpenAPI, with two additions:

    - ``RoleFamilyField`` gets the role families of the rubric loaded when the document
      is built as its ``enum``;
    - a schema's ``OPENAPI_EXTRA`` (say an ``anyOf`` that ties two fields together) is
      merged into its JSON schema, for rules about several fields that marshmallow
      fields cannot express one by one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_attribute_function(rubric_role_families)

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        jsonschema = super().schema2jsonschema(schema)
        jsonschema.update(copy.deepcopy(getattr(schema, "OPENAPI_EXTRA", {})))
        return jsonschema


class RoundField(ma.fields.String):
    """A round id of the rubric; documented with the rubric's rounds as its enum."""


class SkillField(ma.fields.String):
    """A skill id of the rubric; documented with the rubric's skills as its enum."""


class RubricChoiceField(ma.fields.String):
    """One of the current rubric's ids of a kind: checked when loaded, and documented
    with those ids as its enum (see :func:`rubric_role_families`)."""

    kind = "value"

    def rubric_ids(self) -> list[str]:
        raise NotImplementedError

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text not in self.rubric_ids():
            raise ma.ValidationError(f"There is no {self.kind} {text!r}.")
        return text


class StageField(RubricChoiceField):
    """A pipeline stage (or terminal state) of the rubric."""

    kind = "stage"

    def rubric_ids(self) -> list[str]:
        return pipeline_stage_ids(current_rubric())


class RejectionReasonField(RubricChoiceField):
    """A rejection reason of the rubric."""

    kind = "rejection reason"

    def rubric_ids(self) -> list[str]:
        return rejection_reason_ids(current_rubric())


class CompanyStageField(RubricChoiceField):
    """A company stage of the rubric's team planner (``planner.yaml``)."""

    kind = "company stage"

    def rubric_ids(self) -> list[str]:
        return company_stage_ids(current_rubric())


class CentralityField(RubricChoiceField):
    """How central ML is to the product, as the rubric's team planner names it."""

    kind = "centrality"

    def rubric_ids(self) -> list[str]:
        return centrality_ids(current_rubric())


def company_stage_ids(rubric: Any) -> list[str]:
    return [stage.id for stage in rubric.planner.company_stages] if rubric.planner else []


def centrality_ids(rubric: Any) -> list[str]:
    return [entry.id for entry in rubric.planner.centrality] if rubric.planner else []


def pipeline_stage_ids(rubric: Any) -> list[str]:
    return [stage.id for stage in (*rubric.pipeline.stages, *rubric.pipeline.terminal)]


def rejection_reason_ids(rubric: Any) -> list[str]:
    return [reason.id for reason in rubric.pipeline.rejection_reasons]


def rubric_role_families(
    self: OpenAPIConverter, field: ma.fields.Field, **kwargs: Any
) -> dict[str, Any]:
    kinds = {
        RoleFamilyField: lambda rubric: [role.id for role in rubric.roles],
        RoundField: lambda rubric: [round_.id for round_ in rubric.rounds],
        SkillField: lambda rubric: [skill.id for skill in rubric.skills],
        StageField: pipeline_stage_ids,
        RejectionReasonField: rejection_reason_ids,
        CompanyStageField: company_stage_ids,
        CentralityField: centrality_ids,
    }
    ids = next((read for kind, read in kinds.items() if isinstance(field, kind)), None)
    if ids is None:
        return {}
    try:
        return {"enum": ids(current_rubric())}
    except (RubricsUnavailable, RuntimeError):  # no valid rubric, or no app context
        return {"pattern": SLUG}


class MarshmallowPlugin(BaseMarshmallowPlugin):
    Converter = Converter
