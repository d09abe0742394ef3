"""Operator commands: ``flask --app wsgi users create`` and ``flask --app wsgi tokens create``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from hiring.accounts import api_tokens, services
from hiring.domain import ValidationFailed
from hiring.roles import Role

users_cli = AppGroup("users", help="Manage user accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")

ROLE_VALUES = [role.value for role in Role]


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLE_VALUES))
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (keeps it out of shell history).",
)
def create_user(email: str, name: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """Create a user. Without --password-stdin, prints an invitation link path instead."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        created = services.create_user(None, email=email, name=name, roles=roles, password=password)
    except ValidationFailed as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                click.echo(f"error: {field}: {message}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"Created {created.user.email} ({', '.join(sorted(created.user.roles))}).", err=True)
    if created.invitation_token:
        click.echo(f"/invitations/{created.invitation_token}")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Create an API token for EMAIL and print only the token."""
    user = services.find_user_by_email(email)
    if user is None or not user.active:
        click.echo(f"error: no active user with email {email}", err=True)
        raise SystemExit(1)
    click.echo(api_tokens.create_api_token(user, name).secret)


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
