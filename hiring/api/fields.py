"""Fields, path parameters and paging shared by the API resources.

Each helper documents what it enforces: the pattern, range or choices a client reads
in the OpenAPI document are the ones the field validates.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from hiring.api.schemas import LINE, LINE_MESSAGE, MAX_INT, SLUG, VISIBLE_LINE, VISIBLE_LINE_MESSAGE

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_MESSAGE = "Not a cursor this API gave out."


def doc(description: str, **more: Any) -> dict[str, Any]:
    """Field metadata: the description (and example, format...) the document shows."""
    return {"description": description, **more}


def line(
    description: str, *, visible: bool = False, max_length: int = 200, **options: Any
) -> ma.fields.String:
    """One line of text without control characters; ``visible``: not only blanks."""
    pattern, message = (VISIBLE_LINE, VISIBLE_LINE_MESSAGE) if visible else (LINE, LINE_MESSAGE)
    metadata = options.pop("metadata", {})
    return ma.fields.String(
        validate=[ma.validate.Length(max=max_length), ma.validate.Regexp(pattern, error=message)],
        metadata={**doc(description), **metadata},
        **options,
    )


def choice(choices: Any, description: str, **options: Any) -> ma.fields.String:
    metadata = options.pop("metadata", {})
    return ma.fields.String(
        validate=ma.validate.OneOf(tuple(choices)),
        metadata={**doc(description), **metadata},
        **options,
    )


def slug(description: str, **options: Any) -> ma.fields.String:
    """A rubric id: lowercase words of letters and digits joined by hyphens."""
    return ma.fields.String(
        validate=[ma.validate.Length(max=120), ma.validate.Regexp(SLUG)],
        metadata=doc(description),
        **options,
    )


def reference(description: str, *, in_query: bool = False, **options: Any) -> ma.fields.Integer:
    """The id of another resource: a JSON integer in a body, digits in a query string."""
    metadata = options.pop("metadata", {})
    return ma.fields.Integer(
        strict=not in_query,
        validate=ma.validate.Range(1, MAX_INT),
        metadata={**doc(description), **metadata},
        **options,
    )


def version(description: str, *, minimum: int = 1, **options: Any) -> ma.fields.Integer:
    """A version number as last read, sent back so a stale write is refused (409)."""
    return ma.fields.Integer(
        strict=True,
        validate=ma.validate.Range(minimum, MAX_INT),
        metadata=doc(description),
        **options,
    )


# --- ids in paths ----------------------------------------------------------------------


def id_url(name: str) -> str:
    """A URL segment for a resource id; anything else is no route at all (404)."""
    return f"/<int(min=1, max={MAX_INT}):{name}>"


def id_parameter(name: str, description: str, example: int = 1) -> dict[str, Any]:
    """The OpenAPI path parameter of ``id_url(name)``."""
    return {"in": "path", "name": name, "description": description, "example": example}


# --- paging ----------------------------------------------------------------------------


def id_cursor() -> ma.fields.String:
    return ma.fields.String(
        validate=ma.validate.Regexp(r"^[0-9]{1,10}$", error=CURSOR_MESSAGE),
        metadata=doc("Opaque: the `next_cursor` of the previous page, passed back unchanged"),
    )


def limit(what: str) -> ma.fields.Integer:
    return ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(1, MAX_LIMIT),
        metadata=doc(f"{what} per page"),
    )


def next_cursor() -> ma.fields.String:
    return ma.fields.String(
        required=True,
        allow_none=True,
        metadata=doc("Pass as `cursor` for the next page; null on the last page"),
    )


def after_id(args: dict[str, Any]) -> int | None:
    """The id an id cursor stands for; None (the first page) without one or past every id."""
    if "cursor" not in args:
        return None
    after = int(args["cursor"])
    return after if after <= MAX_INT else None
