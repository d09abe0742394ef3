"""``flask --app wsgi demo seed``: demo accounts, one per role. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from hiring.accounts import services
from hiring.accounts.models import User
from hiring.extensions import db


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    roles: tuple[str, ...]
    password: str


# Documented in README.md. Demo only: never seed these on a real deployment.
DEMO_ACCOUNTS = (
    DemoAccount("admin@example.com", "Ada Admin", ("admin",), "demo-admin-passphrase"),
    DemoAccount(
        "manager@example.com", "Maya Manager", ("hiring_manager",), "demo-manager-passphrase"
    ),
    DemoAccount(
        "recruiter@example.com", "Rui Recruiter", ("recruiter",), "demo-recruiter-passphrase"
    ),
    DemoAccount(
        "interviewer@example.com",
        "Ines Interviewer",
        ("interviewer",),
        "demo-interviewer-passphrase",
    ),
)

demo_cli = AppGroup("demo", help="Demo data for trying the app.")


def seed() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; return the ones created."""
    created = []
    for account in DEMO_ACCOUNTS:
        if services.find_user_by_email(account.email) is None:
            services.create_user(
                None,
                email=account.email,
                name=account.name,
                roles=account.roles,
                password=account.password,
            )
            created.append(account)
    return created


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when any user exists already.")
def seed_command(if_empty: bool) -> None:
    """Create demo accounts (idempotent) and print their sign-in details."""
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has users; no demo data added.")
    else:
        created = seed()
        click.echo(f"Demo data ready ({len(created)} accounts added).")
    present = [a for a in DEMO_ACCOUNTS if services.find_user_by_email(a.email) is not None]
    if present:
        click.echo("Demo sign-ins (role, email, password):")
        for account in present:
            click.echo(f"  {account.roles[0]:<15} {account.email:<26} {account.password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
