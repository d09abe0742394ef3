"""Small pieces every server-rendered view shares: access guards and form errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, has_request_context, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField as _IntegerField

from hiring import policy
from hiring.domain import ValidationFailed
from hiring.extensions import login_manager
from hiring.input_rules import MAX_INT, as_id, is_line

F = TypeVar("F", bound=Callable[..., Any])


def permission_required(action: policy.Action) -> Callable[[F], F]:
    """Anonymous users are sent to sign in; signed-in users without permission get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not policy.can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorator


def sessionless(view: F) -> F:
    """Mark a view that never reads or writes the session (health probes): no cookie is
    set on its responses and no session timeout is enforced on it."""
    view.sessionless = True  # type: ignore[attr-defined]
    return view


def is_sessionless_request() -> bool:
    if not has_request_context() or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, "sessionless", False))


def attach_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's validation errors next to the fields they concern."""
    for name, messages in error.errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), *messages]
        else:
            form.form_errors.extend(messages)


def safe_next_url(target: str | None) -> str | None:
    """A redirect target from the request (``next``, ``back``), or None: only same-site
    relative paths, on one line (a CR or LF would break the Location header)."""
    if not target or not is_line(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def page_number() -> int:
    raw = request.args.get("page", "1")
    number = as_id(raw) or 1
    return number if number < 100_000 else 1


class IntegerField(_IntegerField):
    """WTForms' IntegerField for a number the database stores: one beyond its
    ``integer`` (an id, a version, a count) is a field error, never a database error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not -MAX_INT - 1 <= self.data <= MAX_INT:
            self.data = None
            raise ValueError("Enter a smaller number.")


_MARK = 987654321


def url_pattern(endpoint: str, field: str, **values: Any) -> str:
    """``url_for(endpoint)`` with ``{}`` where ``field`` (an integer id) goes, built once
    for a page that links hundreds of rows: ``pattern.format(id)`` costs far less than
    ``url_for`` per row."""
    from flask import url_for

    return url_for(endpoint, **values, **{field: _MARK}).replace(str(_MARK), "{}")
