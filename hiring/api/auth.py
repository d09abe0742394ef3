"""Bearer-token authentication for every API resource."""

from __future__ import annotations

import functools
from typing import Any

from flask import Response, current_app, g, request
from flask_smorest import Blueprint, abort

from hiring import policy, ratelimits
from hiring.accounts import api_tokens
from hiring.accounts.credentials import secret_digest
from hiring.accounts.models import User
from hiring.api.parsing import ApiBlueprint
from hiring.extensions import db
from hiring.policy import Action

SECURITY = [{"bearerAuth": []}]
# RFC 6750 section 3.1: a request without credentials gets a bare challenge (added by
# hiring.errors); a request with a token that does not work is told why.
INVALID_TOKEN_CHALLENGE = 'Bearer realm="api", error="invalid_token"'


def authenticate() -> None:
    """before_request hook: every API call needs a valid token of an active user."""
    if request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        abort(401, message="Send an API token as 'Authorization: Bearer <token>'.")
    user = api_tokens.user_for_api_token(secret.strip())
    if user is None:
        abort(
            401,
            message="The API token is not valid, has been revoked, or its user is inactive.",
            headers={"WWW-Authenticate": INVALID_TOKEN_CHALLENGE},
        )
    if not policy.can(user, Action.USE_API):
        abort(403, message="This account may not use the API.")
    g.api_user = user
    limit_calls(secret.strip())


def limit_calls(secret: str) -> None:
    """Count the call against the token's API_RATE_LIMIT; 429 once it is used up."""
    # The counter may live in this database on another connection: end the read
    # transaction first, since SQLite lets only one connection write at a time.
    db.session.commit()
    state = ratelimits.hit(
        current_app.config["API_RATE_LIMIT"], "api-token:" + secret_digest(secret)
    )
    if state is None:
        return
    g.api_rate_limit = state
    if not state.allowed:
        abort(
            429,
            message=f"This token made more than {state.limit} calls in the current window; "
            f"retry after {state.retry_after} seconds.",
            headers=state.headers,
        )


def add_rate_limit_headers(response: Response) -> Response:
    state: ratelimits.LimitState | None = g.get("api_rate_limit")
    if state is not None:
        for name, value in state.headers.items():
            response.headers.setdefault(name, value)
    return response


def api_user() -> User:
    return g.api_user


def resource(name: str, url_prefix: str, description: str) -> Blueprint:
    """A blueprint whose every endpoint requires a token and documents it; bodies are
    read by ``hiring.api.parsing``."""
    blueprint = ApiBlueprint(name, __name__, url_prefix=url_prefix, description=description)
    blueprint.before_request(authenticate)
    blueprint.after_request(add_rate_limit_headers)
    return blueprint


def requires_token(blueprint: Blueprint) -> Any:
    """Decorator documenting the bearer token and the errors every endpoint can return."""

    def decorator(view: Any) -> Any:
        view = blueprint.doc(security=SECURITY)(view)
        view = blueprint.alt_response(401, response="UNAUTHORIZED")(view)
        view = blueprint.alt_response(403, response="FORBIDDEN")(view)
        view = blueprint.alt_response(429, response="TOO_MANY_REQUESTS")(view)
        return view

    return decorator


def requires_permission(action: Action) -> Any:
    """Decorator answering 403 before the request is parsed when the policy says no.

    The services check the policy again; checking first here means a user who may not
    do something is never told what is wrong with how they asked (a recruiter's
    invalid job gets 403, not 422). Put it above ``blp.arguments``.
    """

    def decorator(view: Any) -> Any:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            policy.require(api_user(), action)
            return view(*args, **kwargs)

        return wrapper

    return decorator
