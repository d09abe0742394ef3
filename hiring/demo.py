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
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from hiring.jobs.services import JobInput
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Candidate
from hiring.rubrics.registry import RubricsUnavailable, current_rubric


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

DEMO_JOBS = (
    (
        JobInput(
            title="Senior machine learning engineer, search ranking",
            role_family="ml-engineer",
            level="senior",
            team="Search relevance",
            company_stage="building",
            focus="product",
            location="Berlin, Germany",
            remote_policy="hybrid",
            remote_regions="",
            employment_type="FULL_TIME",
            salary_min=95_000,
            salary_max=125_000,
            salary_currency="EUR",
            headcount=1,
            target_start=None,
        ),
        True,
    ),
    (
        JobInput(
            title="Data scientist, pricing",
            role_family="data-scientist",
            level="mid",
            team="Marketplace pricing",
            company_stage="scaling",
            focus="data",
            location="",
            remote_policy="remote",
            remote_regions="United States, Canada",
            employment_type="FULL_TIME",
            salary_min=140_000,
            salary_max=175_000,
            salary_currency="USD",
            headcount=2,
            target_start=None,
        ),
        False,
    ),
    (
        JobInput(
            title="MLOps engineer, model platform",
            role_family="mlops-engineer",
            level="mid",
            team="ML platform",
            company_stage="building",
            focus="platform",
            location="New York, New York",
            remote_policy="hybrid",
            remote_regions="",
            employment_type="FULL_TIME",
            salary_min=None,
            salary_max=None,
            salary_currency="USD",
            headcount=1,
            target_start=None,
        ),
        False,
    ),
)

# Fictional people on the published demo job, spread over the pipeline.
DEMO_CANDIDATES = (
    ("Priya Raman", "priya.raman@example.net", "referral", "applied", ()),
    ("Tomás Herrera", "tomas.herrera@example.net", "sourced", "recruiter-screen", ("ranking",)),
    ("Mei Lin", "mei.lin@example.net", "inbound", "overview", ("ranking", "search")),
    ("Jonas Berg", "jonas.berg@example.net", "event", "technical-loop", ()),
    ("Amara Okafor", "amara.okafor@example.net", "agency", "debrief", ("search",)),
)

demo_cli = AppGroup("demo", help="Demo data for trying the app.")


def seed_jobs() -> int:
    """Open the demo jobs that do not exist yet, as the demo hiring manager."""
    manager = services.find_user_by_email("manager@example.com")
    if manager is None:
        return 0
    try:
        rubric = current_rubric()
    except RubricsUnavailable:
        return 0
    existing = set(db.session.scalars(select(Job.title)))
    opened = 0
    for data, published in DEMO_JOBS:
        if data.title in existing or data.role_family not in rubric.roles_by_id:
            continue
        job = jobs.create_job(manager, data)
        if published:
            jobs.publish(manager, job.id, expected_version=None, valid_through=None)
        opened += 1
    return opened


def seed_candidates() -> int:
    """Put the demo candidates on the published demo job, once."""
    recruiter = services.find_user_by_email("recruiter@example.com")
    job = db.session.scalar(select(Job).where(Job.title == DEMO_JOBS[0][0].title))
    if recruiter is None or job is None or db.session.scalar(select(func.count(Candidate.id))):
        return 0
    stage_ids = [stage.id for stage in pipeline.current_pipeline().stages]
    added = 0
    for name, email, source, stage, tags in DEMO_CANDIDATES:
        candidate = pipeline.create_candidate(
            recruiter,
            pipeline.CandidateInput(
                name=name,
                email=email,
                source=source,
                tags=tags,
                resume_text=f"{name}: machine-learning engineer; ranking and search systems.",
            ),
        )
        application = pipeline.add_to_job(recruiter, candidate.id, job.id)
        if stage in stage_ids:
            for target in stage_ids[1 : stage_ids.index(stage) + 1]:
                application = pipeline.move_application(
                    recruiter, application.id, expected_version=None, target=target
                )
        added += 1
    return added


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
        opened = seed_jobs()
        people = seed_candidates()
        click.echo(
            f"Demo data ready ({len(created)} accounts, {opened} jobs and "
            f"{people} candidates added)."
        )
    present = [a for a in DEMO_ACCOUNTS if services.find_user_by_email(a.email) is not None]
    if present:
        click.echo("Demo sign-ins (role, email, password):")
        for account in present:
            click.echo(f"  {account.roles[0]:<15} {account.email:<26} {account.password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
