"""Operator command: ``flask --app wsgi notifications send`` (``... remind`` is the
reminders' command in the same group)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hiring.notifications import outbox

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


def init_app(app: Flask) -> None:
    app.cli.add_command(notifications_cli)
