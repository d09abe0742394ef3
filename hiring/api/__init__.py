"""The JSON API under /api/v1: bearer tokens, OpenAPI generated from the code.

Each resource is one module with a flask-smorest blueprint that calls the same
services as the web views. Errors are answered as application/problem+json by
``hiring.errors``; the OpenAPI document describes them that way.
"""

from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from hiring.api import (
    applications,
    candidates,
    evaluation,
    forecasts,
    interviews,
    jobs,
    loops,
    me,
    planner,
    reports,
    rubrics,
    scorecards,
)
from hiring.api.schemas import MarshmallowPlugin, ProblemSchema
from hiring.errors import PROBLEM_JSON
from hiring.extensions import csrf

URL_PREFIX = "/api/v1"
RESOURCES = (
    me.blp,
    rubrics.blp,
    jobs.blp,
    loops.blp,
    candidates.blp,
    applications.blp,
    interviews.blp,
    scorecards.blp,
    evaluation.blp,
    reports.blp,
    forecasts.blp,
    planner.blp,
)

# Headers that hiring.errors always sends with these statuses (RFC 9110, RFC 6750).
RESPONSE_HEADERS: dict[int, dict[str, object]] = {
    http.HTTPStatus.UNAUTHORIZED: {
        "WWW-Authenticate": {
            "description": "The authentication scheme to use: `Bearer` (RFC 6750).",
            "required": True,
            "schema": {"type": "string", "pattern": "^Bearer( |$)"},
        }
    },
    http.HTTPStatus.TOO_MANY_REQUESTS: {
        "Retry-After": {
            "description": "Seconds until the token's rate-limit window resets.",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        },
        **{
            name: {"description": description, "schema": {"type": "string"}}
            for name, description in (
                ("X-RateLimit-Limit", "Calls allowed per window (API_RATE_LIMIT)."),
                ("X-RateLimit-Remaining", "Calls left in the current window."),
                ("X-RateLimit-Reset", "When the window resets, in seconds since the epoch."),
            )
        },
    },
    http.HTTPStatus.SERVICE_UNAVAILABLE: {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "string"},
        }
    },
}


class HiringApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """Errors are rendered by hiring.errors for the API and the web alike."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, object] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            if status in RESPONSE_HEADERS:
                response["headers"] = RESPONSE_HEADERS[status]
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default: dict[str, object] = {
            "description": "An error, described as RFC 9457 problem details",
            "schema": self.ERROR_SCHEMA,
        }
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


def init_app(app: Flask) -> None:
    api = HiringApi(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Hiring for machine-learning teams: rubrics, jobs, interview loops, "
                    "candidates and scorecards. Authenticate with a bearer token created "
                    "on your account page."
                )
            },
            "servers": [{"url": "/"}],
            "marshmallow_plugin": MarshmallowPlugin(),
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "API token"}
    )
    # The document is built now; some enums come from the rubric the app serves.
    with app.app_context():
        for blueprint in RESOURCES:
            csrf.exempt(blueprint)
            api.register_blueprint(blueprint, url_prefix=URL_PREFIX + blueprint.url_prefix)
