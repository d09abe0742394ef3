"""Operator commands: ``flask --app wsgi notifications send`` and ``... remind``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hiring.notifications import outbox, services
from hiring.rubrics.registry import RubricsUnavailable

notifications_cli = AppGroup("notifications", help="Queue reminders and send queued email.")


@notifications_cli.command("send")
@click.option(
    "--batch-size",
    default=outbox.BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Messages claimed at a time.",
)
def send(batch_size: int) -> None:
    """Send every due message in the outbox once (safe to run on several machines)."""
    result = outbox.send_pending(batch_size=batch_size)
    click.echo(f"Sent {result.sent}, to retry {result.retrying}, given up {result.failed}.")


@notifications_cli.command("remind")
def remind() -> None:
    """Queue reminders: applications longer in their stage than its target days, and
    scorecards not submitted 24 hours after their interview ended."""
    try:
        result = services.queue_reminders()
    except RubricsUnavailable as exc:
        click.echo("error: no valid rubric set, so no stage targets: run `rubrics check`", err=True)
        raise SystemExit(1) from exc
    click.echo(
        f"{result.overdue} overdue application(s): queued {result.queued} reminder(s), "
        f"{result.already_queued} already queued today, {result.no_recipient} without "
        "an owner or hiring manager to tell."
    )
    click.echo(
        f"{result.late_scorecards} late scorecard(s): queued {result.late_queued} "
        f"reminder(s), {result.late_already_queued} already queued today, "
        f"{result.late_inactive} for deactivated interviewers."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(notifications_cli)
