"""How the API reads request bodies: JSON only (415 otherwise), never nested too deep.

webargs, left alone, reads a body sent as anything but JSON as no body at all (so a
client sending a form or plain text is told its fields are missing, 422), and lets a
deeply nested document exhaust the parser's stack (500). Every resource's blueprint
uses this parser instead, and documents the 415 on every endpoint that takes a body.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from flask_smorest import Blueprint, abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from hiring.input_rules import JSONTooDeep, loads_json

UNSUPPORTED = "Send the body as JSON, with Content-Type: application/json."


class ApiParser(FlaskParser):
    def _raw_load_json(self, req: Request) -> Any:
        data = req.get_data(cache=True)
        if not is_json_request(req):
            if data or req.mimetype:
                abort(415, message=UNSUPPORTED)
            return core.missing
        if not data:
            return core.missing
        try:
            return loads_json(data)
        except JSONTooDeep as exc:
            abort(400, message=str(exc), messages={"json": [str(exc)]})
        except UnicodeDecodeError:
            abort(400, message="The body is not UTF-8.", messages={"json": ["Invalid JSON body."]})
        except ValueError:
            abort(400, messages={"json": ["Invalid JSON body."]})


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = ApiParser()

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Any:
        """``Blueprint.arguments``; a JSON body also documents 415 for other types."""
        decorator = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorator

        def documented(view: Any) -> Any:
            return self.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")(decorator(view))

        return documented
