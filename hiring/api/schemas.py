"""Schemas shared by every API resource."""

from __future__ import annotations

import marshmallow as ma


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
