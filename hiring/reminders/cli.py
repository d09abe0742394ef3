"""Operator command: ``flask --app wsgi notifications remind``, in the notifications group."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from hiring.notifications.cli import notifications_cli
from hiring.reminders import services
from hiring.rubrics.registry import RubricsUnavailable


@click.command("remind")
@with_appcontext
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
    # The group is added to the app by the notifications feature; the command joins it.
    if "remind" not in notifications_cli.commands:
        notifications_cli.add_command(remind)
