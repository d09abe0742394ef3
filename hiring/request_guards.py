"""Input no view ever sees: answered before routing or before the view runs.

- Ids in URLs: every ``<int:...>`` segment matches 1 to ``MAX_INT`` only (the
  database's ``integer``), so a larger number is no route (404), as in the API, and
  never reaches the database.
- NUL characters (PostgreSQL cannot store them) in a web form field, a query string,
  an uploaded file's name or a path segment: 400 with a page saying which field, before
  the view runs, so nothing is written. The API refuses them field by field (422).
- JSON nested deeper than ``MAX_JSON_DEPTH``: 400 wherever ``request.get_json`` parses
  a body (the API's parser refuses it the same way, see ``hiring.api.parsing``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter, Map, ValidationError

from hiring.errors import error_page
from hiring.input_rules import MAX_INT, loads_json

FIELD_NAMES = {"q": "search"}


class IdConverter(IntegerConverter):
    """``int``: an id, 1 to ``MAX_INT`` unless a route says otherwise."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_INT,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> Any:
        # Longer than any id: no route, without converting thousands of digits.
        if len(value) > len(str(MAX_INT)) or not value.isascii():
            raise ValidationError()
        return super().to_python(value)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing documents nested too deep (a ValueError: 400)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads_json(s)


def _nul_fields() -> list[str]:
    names = [name for name, value in request.args.items(multi=True) if "\x00" in value]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        names += [name for name, value in request.form.items(multi=True) if "\x00" in value]
        names += [
            name
            for name, storage in request.files.items(multi=True)
            if "\x00" in (storage.filename or "")
        ]
        names += [name for name in (*request.args, *request.form) if "\x00" in name]
    return list(dict.fromkeys(FIELD_NAMES.get(name, name) for name in names))


def refuse_nul_characters() -> Response | None:
    """before_request for the web pages: NUL anywhere in what was sent is a 400."""
    if request.path.startswith("/api/"):
        return None  # the API's fields refuse NUL with their own messages (422)
    if any(isinstance(v, str) and "\x00" in v for v in (request.view_args or {}).values()):
        return error_page(404)
    fields = _nul_fields()
    if not fields:
        return None
    named = ", ".join(f"“{name.replace(chr(0), '')}”" for name in fields)
    return error_page(
        400,
        f"What you sent in {named} holds a NUL character (code 0), which cannot be stored. "
        "Nothing was saved. Go back, remove it and send the form again.",
        title="Invalid characters",
    )


def register_converters(app: Flask) -> None:
    """Before any route is added: rules pick their converters when they are added."""
    app.url_map.converters["int"] = IdConverter


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
    app.before_request(refuse_nul_characters)
