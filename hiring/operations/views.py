"""``/healthz`` and ``/readyz``: unauthenticated, sessionless, not rate limited."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from hiring.extensions import csrf, limiter
from hiring.operations import health
from hiring.web import sessionless

probes = Blueprint("probes", __name__)


@probes.get("/healthz")
@sessionless
def healthz() -> Response:
    """The process is up. No database, no session, no rubric: nothing that can hang."""
    return Response("ok\n", mimetype="text/plain")


@probes.get("/readyz")
@sessionless
def readyz() -> tuple[Response, int]:
    result = health.readiness()
    return jsonify(result.as_json()), 200 if result.ready else 503


# Probes carry no form and must answer however often they are polled.
csrf.exempt(probes)
limiter.exempt(probes)
