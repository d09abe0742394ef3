"""Request ids and the access log.

Every request gets an id: the caller's ``X-Request-ID`` when it is a short safe token
(a proxy or a load balancer usually sets one), a new random one otherwise. It is sent
back in the ``X-Request-ID`` response header and put on every log record written while
the request runs, from any logger, as ``record.request_id`` ("-" outside requests).

A record factory sets it rather than a filter on a logger, because a logger's filters
never see records propagated from its children nor reach handlers added later (a
process manager's, pytest's); ``RequestIdFilter`` only makes sure a handler's format can
name the field whatever else replaced the factory.

Each request ends with one ``hiring.access`` record whose message is a JSON object:
method, path (never the query string, which may carry names or emails; path
arguments that are secrets, such as invitation tokens, replaced by their name),
status, duration in milliseconds, the signed-in user's id and the request id. Probes
(``/healthz``, ``/readyz``) are logged at DEBUG so that polling does not flood the log.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from hiring.web import is_sessionless_request

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
# Path arguments never written to the log as they are.
SECRET_PATH_ARGUMENTS = frozenset({"token"})
NO_REQUEST = "-"

access_log = logging.getLogger("hiring.access")


def request_id_from(header: str | None) -> str:
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str:
    if not has_request_context():
        return NO_REQUEST
    return g.get("request_id", NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Give a record a ``request_id`` if nothing did (for handlers whose format uses it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def install_record_factory() -> None:
    """Stamp every log record with the current request's id (once per process)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "stamps_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    factory.stamps_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def start_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def loggable_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_PATH_ARGUMENTS and str(value):
            path = path.replace(str(value), f"<{name}>")
    return path


def signed_in_user_id() -> int | None:
    """The user of this request, if one was loaded: never queries the database."""
    user = g.get("api_user") or g.get("_login_user")  # API token, or Flask-Login's cache
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "id", None)


def finish_request(response: Response) -> Response:
    request_id = g.get("request_id") or request_id_from(None)
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    entry = {
        "event": "request",
        "method": request.method,
        "path": loggable_path(),
        "status": response.status_code,
        "duration_ms": round(duration, 1) if duration is not None else None,
        "user_id": signed_in_user_id(),
        "request_id": request_id,
    }
    level = logging.DEBUG if is_sessionless_request() else logging.INFO
    access_log.log(level, json.dumps(entry, separators=(",", ":")), extra={"access": entry})
    return response


def init_app(app: Flask) -> None:
    install_record_factory()
    # First of all before_request hooks, so that whatever they log carries the id.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)
