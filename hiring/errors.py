"""Error responses: friendly pages in the browser, problem+json (RFC 9457) in the API.

No stack trace ever reaches a user: unexpected exceptions are logged with their
traceback and answered with a plain 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hiring.domain import DomainError, ValidationFailed

log = logging.getLogger("hiring.errors")

PROBLEM_JSON = "application/problem+json"

FRIENDLY: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    401: ("Sign-in required", "Sign in to continue."),
    403: (
        "Not allowed",
        "Your account does not have access to this page. Ask an admin if you need it.",
    ),
    404: ("Page not found", "There is nothing at this address. It may have been moved or removed."),
    405: ("Not allowed", "This page cannot be used that way."),
    409: (
        "Conflict",
        "Someone else changed this at the same time. Reload to see the current version.",
    ),
    410: ("Gone", "This page has been taken down."),
    413: ("Too large", "What you sent is larger than allowed."),
    422: ("Invalid input", "Some of what you entered needs fixing."),
    429: (
        "Too many attempts",
        "Too many attempts in a short time. Wait a few minutes and try again.",
    ),
    500: ("Something went wrong", "The error has been logged. Try again in a moment."),
}


def wants_problem_json() -> bool:
    return request.path.startswith("/api/")


API_DETAIL: dict[int, str] = {
    400: "The request could not be understood.",
    401: "Authentication is required.",
    403: "This token's user may not do this.",
    404: "There is no resource at this URL.",
    405: "This method is not allowed on this resource; see the Allow header.",
    409: "The resource changed since you read it; read it again and retry.",
    422: "The request body or parameters are invalid; see errors.",
    429: "Too many requests; slow down and retry later.",
    500: "An unexpected error occurred; it has been logged.",
}


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    # With type about:blank, RFC 9457 asks for the HTTP reason phrase as the title.
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or API_DETAIL.get(status, HTTPStatus(status).description),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_page(status: int, message: str | None = None, title: str | None = None) -> Response:
    default_title, default_message = FRIENDLY.get(status, ("Error", "An error occurred."))
    html = render_template(
        "errors/error.html",
        status=status,
        title=title or default_title,
        message=message or default_message,
    )
    return Response(html, status=status, mimetype="text/html")


def handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers: dict[str, str] = {}
    if status == 405 and exc.get_response().headers.get("Allow"):
        headers["Allow"] = exc.get_response().headers["Allow"]
    if wants_problem_json():
        data = getattr(exc, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        headers.update(data.get("headers") or {})
        if status == 401:
            headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
        detail = data.get("message") or (exc.description if _custom_description(exc) else None)
        if errors and status in (400, 422):
            errors = _flatten_locations(errors)
        return problem(status, detail, errors=errors, headers=headers)
    message = exc.description if isinstance(exc, CSRFError) else None
    response = error_page(status, message)
    for name, value in headers.items():
        response.headers[name] = value
    return response


def _custom_description(exc: HTTPException) -> bool:
    return type(exc).description != exc.description


def _flatten_locations(errors: Any) -> Any:
    """webargs nests errors under their location ('json', 'query'); API users want fields."""
    if isinstance(errors, dict) and set(errors) <= {
        "json",
        "query",
        "form",
        "headers",
        "view_args",
        "files",
        "path",
    }:
        merged: dict[str, Any] = {}
        for location_errors in errors.values():
            if isinstance(location_errors, dict):
                merged.update(location_errors)
            else:
                merged.setdefault("_schema", []).extend(location_errors)
        return merged
    return errors


def handle_domain_error(exc: DomainError) -> Response:
    if wants_problem_json():
        errors = exc.errors if isinstance(exc, ValidationFailed) else None
        return problem(exc.status, exc.message, errors=errors)
    return error_page(exc.status, exc.message)


def handle_unexpected(exc: Exception) -> Response:
    current_app.logger.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    if wants_problem_json():
        return problem(500)
    return error_page(500)


def handle_csrf(exc: CSRFError) -> Response:
    if wants_problem_json():
        return problem(400, "Missing or invalid CSRF token.")
    return error_page(
        400,
        "This form expired or did not come from this site. Go back, reload the page and "
        "submit it again.",
        title="Form expired",
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(
        InternalServerError,
        lambda exc: handle_unexpected(getattr(exc, "original_exception", None) or exc),
    )
    app.register_error_handler(Exception, handle_unexpected)
