"""``flask --app wsgi demo seed``: the demo data, once. Safe to run again."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from hiring.accounts import services
from hiring.accounts.models import User
from hiring.demo.content import DEMO_ACCOUNTS
from hiring.demo.history import seed_history
from hiring.demo.seeding import seed, seed_candidates, seed_interviews, seed_jobs
from hiring.extensions import db

demo_cli = AppGroup("demo", help="Demo data for trying the app.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when any user exists already.")
def seed_command(if_empty: bool) -> None:
    """Create demo accounts (idempotent) and print their sign-in details."""
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has users; no demo data added.")
    else:
        created = seed()
        opened = seed_jobs()
        people = seed_candidates()
        interviews = seed_interviews()
        past = seed_history()
        click.echo(
            f"Demo data ready ({len(created)} accounts, {opened} jobs, {people} "
            f"candidates, {interviews} interviews and {past} past applications added)."
        )
    present = [a for a in DEMO_ACCOUNTS if services.find_user_by_email(a.email) is not None]
    if present:
        click.echo("Demo sign-ins (role, email, password):")
        for account in present:
            click.echo(f"  {account.roles[0]:<15} {account.email:<26} {account.password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
