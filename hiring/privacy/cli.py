"""``flask --app wsgi privacy enforce-retention``: erase candidates past their retention."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hiring.privacy import services

privacy_cli = AppGroup("privacy", help="Candidate data retention.")


@privacy_cli.command("enforce-retention")
@click.option("--dry-run", is_flag=True, help="List who is due without erasing anything.")
def enforce_retention(dry_run: bool) -> None:
    """Erase candidates whose last activity is older than their status's retention period."""
    policy = services.retention_policy()
    click.echo(
        "Retention (days, 0 = never): "
        f"closed {policy.closed_days}, no application {policy.no_application_days}, "
        f"hired {policy.hired_days}; candidates with an open application are kept."
    )

    def report(item, result) -> None:
        verb = "Would erase" if result is None else "Erased"
        line = (
            f"{verb} candidate #{item.candidate_id} ({item.retention_class.replace('_', ' ')}, "
            f"last activity {item.last_activity:%Y-%m-%d}, {item.days_inactive} days ago)"
        )
        if result is not None and result.files_deleted:
            line += f", {result.files_deleted} resume file(s) deleted"
        click.echo(line)
        if result is not None and result.files_failed:
            click.echo(
                f"  could not delete {len(result.files_failed)} file(s); see the log", err=True
            )

    due = services.enforce_retention(dry_run=dry_run, report=report)
    if dry_run:
        click.echo(f"{len(due)} candidate(s) due for erasure; nothing changed (dry run).")
    else:
        click.echo(f"Erased {len(due)} candidate(s)." if due else "Nobody is due for erasure.")


def init_app(app: Flask) -> None:
    app.cli.add_command(privacy_cli)
