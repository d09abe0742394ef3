"""``flask --app wsgi backup create FILE`` and ``... backup restore FILE [--force]``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from hiring.operations import backups
from hiring.operations.archive import BackupError

backup_cli = AppGroup("backup", help="Back up and restore the database and resume files.")


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def create(file: Path) -> None:
    """Write the database and the resume files into FILE (a .tar.gz archive)."""
    try:
        report = backups.create_backup(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    manifest = report.manifest
    click.echo(
        f"Backed up the {manifest.engine} database at revision {manifest.revision} "
        f"({len(manifest.tables)} tables, {report.rows} rows) and {len(manifest.files)} "
        f"resume files to {file}."
    )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
def restore(file: Path, force: bool) -> None:
    """Replace the database and the resume files with those in FILE."""
    try:
        report = backups.restore_backup(file, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    manifest = report.manifest
    click.echo(
        f"Restored the backup of {manifest.created_at}: {len(manifest.tables)} tables with "
        f"the same rows as when it was made, and {len(manifest.files)} resume files"
        + (
            f" ({report.removed_files} files not in the backup removed)."
            if report.removed_files
            else "."
        )
    )
    if report.behind_head:
        click.echo(
            f"The database is at revision {manifest.revision}; this version's head is "
            f"{', '.join(report.heads)}. Run: flask --app wsgi db upgrade"
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_cli)
