"""The outbox page for admins: what was sent, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.accounts.forms import ActionForm
from hiring.domain import Conflict
from hiring.notifications import delivery
from hiring.notifications import outbox as sending
from hiring.policy import Action
from hiring.web import page_number, permission_required

outbox = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _view() -> str:
    view = request.args.get("view", delivery.PROBLEMS)
    return view if view in delivery.VIEWS else delivery.PROBLEMS


def _back() -> ResponseReturnValue:
    return redirect(url_for("outbox.index", view=_view()))


@outbox.get("")
@permission_required(Action.MANAGE_OUTBOX)
def index() -> ResponseReturnValue:
    page = delivery.outbox_page(_actor(), _view(), page=page_number())
    config = current_app.config
    return render_template(
        "notifications/outbox.html",
        page=page,
        views=delivery.VIEWS,
        action_form=ActionForm(),
        mail_server=config.get("MAIL_SERVER") or "",
        max_attempts=int(config.get("OUTBOX_MAX_ATTEMPTS", sending.MAX_ATTEMPTS)),
    )


@outbox.post("/<int:message_id>/retry")
@permission_required(Action.MANAGE_OUTBOX)
def retry(message_id: int) -> ResponseReturnValue:
    try:
        message = delivery.retry(_actor(), message_id)
    except Conflict as exc:
        flash(exc.message, "warning")
        return _back()
    flash(
        f"Message #{message.id} to {message.to} is queued again: the next "
        "`notifications send` run tries it.",
        "success",
    )
    return _back()


@outbox.post("/retry-failed")
@permission_required(Action.MANAGE_OUTBOX)
def retry_failed() -> ResponseReturnValue:
    count = delivery.retry_failed(_actor())
    if count:
        flash(
            f"{count} message{' is' if count == 1 else 's are'} queued again: the next "
            "`notifications send` run tries them.",
            "success",
        )
    else:
        flash("No message has been given up: nothing to retry.", "info")
    return _back()


__all__ = ["outbox"]
