"""Schemas shared by every API resource."""

from __future__ import annotations

import copy
from typing import Any

import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin as BaseMarshmallowPlugin
from apispec.ext.marshmallow import OpenAPIConverter

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


# --- text the API accepts ----------------------------------------------------------
# Patterns are documented in the OpenAPI document and enforced with the same regular
# expression, so what a client (or Schemathesis) reads there is exactly what is accepted.
# Each is linear-time: no nested or adjacent unbounded groups that could backtrack.
# PostgreSQL cannot store NUL characters, so no text field accepts them.

# One line: no control characters. May be empty.
LINE = r"^[^\x00-\x1f\x7f]*$"
# One line with at least one visible character (what str.strip() keeps).
VISIBLE_LINE = r"^[^\S\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
# Multi-line text (Markdown) with at least one visible character and no NUL.
VISIBLE_TEXT = r"^\s*[^\s\x00][^\x00]*$"
# A rubric id: lowercase letters and digits in hyphen-separated words.
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The largest id or version number a client can send (PostgreSQL ``integer``).
MAX_INT = 2_147_483_647

LINE_MESSAGE = "Use a single line without control characters."
VISIBLE_LINE_MESSAGE = "Use a single line with at least one visible character."
VISIBLE_TEXT_MESSAGE = "Write some text; NUL characters are not allowed."


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


def rubric_role_families(
    self: OpenAPIConverter, field: ma.fields.Field, **kwargs: Any
) -> dict[str, Any]:
    kinds = {
        RoleFamilyField: lambda rubric: [role.id for role in rubric.roles],
        RoundField: lambda rubric: [round_.id for round_ in rubric.rounds],
        SkillField: lambda rubric: [skill.id for skill in rubric.skills],
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
