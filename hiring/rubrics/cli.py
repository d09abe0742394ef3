"""``flask --app wsgi rubrics check [DIR]``: validate rubric files like a linter."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from hiring.rubrics.loader import load_rubrics

rubrics_cli = AppGroup("rubrics", help="Rubric files.")


@rubrics_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def check(directory: Path | None) -> None:
    """Print every problem as file:line: field: message; exit 1 if there are any."""
    root = directory or Path(current_app.config["HIRING_RUBRICS_DIR"])
    result = load_rubrics(root)
    for problem in result.problems:
        click.echo(str(problem))
    if not result.ok:
        click.echo(f"{len(result.problems)} problem(s) in {root}", err=True)
        raise SystemExit(1)
    rubric = result.rubric
    assert rubric is not None
    questions = sum(len(r.questions) for r in rubric.rounds)
    click.echo(
        f"{root}: OK (version {rubric.version}): {len(rubric.skills)} skills, "
        f"{len(rubric.roles)} role families, {len(rubric.rounds)} rounds, {questions} questions, "
        f"{len(rubric.planner.rules) if rubric.planner else 0} planner rules"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(rubrics_cli)
