"""``flask --app wsgi demo seed``: demo accounts, one per role. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from hiring.accounts import services
from hiring.accounts.models import User
from hiring.candidates import services as candidates
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews import scheduling
from hiring.interviews.models import SCHEDULED, Interview
from hiring.jobs import publication
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from hiring.jobs.services import JobInput
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.loops.services import record_question_use
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Application
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.scorecards import rules as scorecard_rules
from hiring.scorecards import services as scorecards


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

# Past interviews of the candidate in the debrief stage, with the demo interviewer:
# (round id, days ago, whether the scorecard was submitted). The second one is late,
# so the recruiter dashboard has a late scorecard to show.
DEMO_INTERVIEWS = (("coding", 4, True), ("breadth", 3, False))
DEMO_INTERVIEW_CANDIDATE = "amara.okafor@example.net"
# An upcoming interview, scheduled the ordinary way: the candidate in the technical
# loop, two days from now, so the demo interviewer has one on "My interviews".
DEMO_UPCOMING = ("jonas.berg@example.net", ("ml-systems", "depth", "coding"), 2)
# What the demo interviewer wrote, per focus skill; skills without a line are marked
# not assessed.
DEMO_EVIDENCE = {
    "coding": (
        3,
        "Wrote k-means from a blank file in 25 minutes, vectorised the distance step "
        "with NumPy and handled the empty-cluster case once asked about it.",
    ),
    "ml-fundamentals": (
        3,
        "Explained why the validation loss rose while training loss fell, and chose "
        "early stopping over a bigger model, with the reason.",
    ),
}

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
            publication.publish(manager, job.id, expected_version=None, valid_through=None)
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
        candidate = candidates.create_candidate(
            recruiter,
            candidates.CandidateInput(
                name=name,
                email=email,
                source=source,
                tags=tags,
                resume_text=f"{name}: machine-learning engineer; ranking and search systems.",
            ),
        )
        # Owned by the demo recruiter, so their dashboard shows the job and its work.
        application = pipeline.add_to_job(recruiter, candidate.id, job.id, recruiter.id)
        if stage in stage_ids:
            for target in stage_ids[1 : stage_ids.index(stage) + 1]:
                application = pipeline.move_application(
                    recruiter, application.id, expected_version=None, target=target
                )
        added += 1
    return added


def seed_interviews() -> int:
    """Past interviews of one demo candidate: one scorecard in, one late. Once."""
    interviewer = services.find_user_by_email("interviewer@example.com")
    recruiter = services.find_user_by_email("recruiter@example.com")
    application = db.session.scalar(
        select(Application)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Candidate.email == DEMO_INTERVIEW_CANDIDATE)
    )
    if (
        interviewer is None
        or recruiter is None
        or application is None
        or db.session.scalar(select(func.count(Interview.id)))
    ):
        return 0
    rounds = {
        loop_round.round_id: loop_round
        for loop_round in db.session.scalars(
            select(LoopRound)
            .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
            .where(InterviewLoop.job_id == application.job_id)
        )
    }
    # Whole hours, so the demo reads the same whenever it was seeded.
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    planned = []
    for round_id, days_ago, submitted in DEMO_INTERVIEWS:
        loop_round = rounds.get(round_id)
        if loop_round is None:
            continue
        # Scheduling refuses the past, so these are written as they would have been.
        definition = loop_round.definition()
        interview = Interview(
            application_id=application.id,
            loop_round_id=loop_round.id,
            definition=definition,
            starts_at=now - timedelta(days=days_ago, hours=2),
            duration=loop_round.duration,
            time_zone="Europe/Berlin",
            location="https://meet.example.com/demo",
            status=SCHEDULED,
            created_by=recruiter,
            interviewers=[interviewer],
        )
        db.session.add(interview)
        record_question_use(question["id"] for question in definition["questions"])
        planned.append((interview, submitted))
    db.session.commit()
    for interview, submitted in planned:
        if submitted:
            scorecards.save(
                interviewer,
                interview.id,
                scorecards.ScorecardInput(
                    ratings=tuple(
                        scorecard_rules.RatingInput(
                            skill,
                            str(DEMO_EVIDENCE[skill][0]) if skill in DEMO_EVIDENCE else "na",
                            DEMO_EVIDENCE[skill][1] if skill in DEMO_EVIDENCE else "",
                        )
                        for skill in interview.definition["focus_skills"]
                    ),
                    recommendation="yes",
                    notes="Solid fundamentals; probe **monitoring** in the systems round.",
                ),
                expected_version=None,
                submit=True,
            )
    return len(planned) + _schedule_upcoming(recruiter, interviewer, rounds)


def _schedule_upcoming(recruiter: User, interviewer: User, rounds: dict[str, LoopRound]) -> int:
    email, preferred, days_ahead = DEMO_UPCOMING
    application = db.session.scalar(
        select(Application)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Candidate.email == email)
    )
    loop_round = next((rounds[r] for r in preferred if r in rounds), None)
    if application is None or loop_round is None:
        return 0
    day = (utcnow() + timedelta(days=days_ahead)).date().isoformat()
    scheduling.schedule(
        recruiter,
        application.id,
        scheduling.InterviewInput(
            loop_round_id=loop_round.id,
            date=day,
            time="15:00",
            time_zone="Europe/Berlin",
            interviewer_ids=(interviewer.id,),
            location="https://meet.example.com/demo-design",
        ),
    )
    return 1


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
        interviews = seed_interviews()
        click.echo(
            f"Demo data ready ({len(created)} accounts, {opened} jobs, {people} "
            f"candidates and {interviews} interviews added)."
        )
    present = [a for a in DEMO_ACCOUNTS if services.find_user_by_email(a.email) is not None]
    if present:
        click.echo("Demo sign-ins (role, email, password):")
        for account in present:
            click.echo(f"  {account.roles[0]:<15} {account.email:<26} {account.password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
