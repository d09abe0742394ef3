"""Seeding the demo data through the same services the pages use, where it can be."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from hiring.accounts import services
from hiring.accounts.models import User
from hiring.candidates import services as candidates
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.demo.content import (
    DEMO_ACCOUNTS,
    DEMO_CANDIDATES,
    DEMO_COLLEAGUES,
    DEMO_INTERVIEWS,
    DEMO_JOBS,
    DEMO_UPCOMING,
    INTERVIEWER,
    DemoAccount,
    DemoCard,
)
from hiring.extensions import db
from hiring.interviews import scheduling
from hiring.interviews.models import SCHEDULED, Interview
from hiring.jobs import publication
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.loops.services import record_question_use
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Application
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.scorecards import rules as scorecard_rules
from hiring.scorecards import services as scorecards


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


def _colleagues() -> dict[str, User]:
    """The demo interviewer and the invited colleagues, created when missing."""
    for email, name in DEMO_COLLEAGUES:
        if services.find_user_by_email(email) is None:
            services.create_user(None, email=email, name=name, roles=("interviewer",))
    people = [INTERVIEWER, *(email for email, _ in DEMO_COLLEAGUES)]
    return {
        email: user for email in people if (user := services.find_user_by_email(email)) is not None
    }


def _card_input(card: DemoCard, focus: list[str]) -> scorecards.ScorecardInput:
    return scorecards.ScorecardInput(
        ratings=tuple(
            scorecard_rules.RatingInput(skill, str(card.ratings[skill][0]), card.ratings[skill][1])
            if skill in card.ratings
            else scorecard_rules.RatingInput(skill, "na")
            for skill in focus
        ),
        recommendation=card.recommendation,
        notes=card.notes,
    )


def seed_interviews() -> int:
    """The demo candidates' past interviews and what their interviewers wrote, then an
    upcoming interview for the demo interviewer. Once."""
    recruiter = services.find_user_by_email("recruiter@example.com")
    if recruiter is None or db.session.scalar(select(func.count(Interview.id))):
        return 0
    people = _colleagues()
    applications = {
        email: application
        for email, application in db.session.execute(
            select(Candidate.email, Application).join(
                Candidate, Candidate.id == Application.candidate_id
            )
        )
    }
    job_ids = {application.job_id for application in applications.values()}
    rounds = {
        (loop_round.loop.job_id, loop_round.round_id): loop_round
        for loop_round in db.session.scalars(
            select(LoopRound)
            .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
            .options(contains_eager(LoopRound.loop))
            .where(InterviewLoop.job_id.in_(job_ids))
        )
    }
    # Whole hours, so the demo reads the same whenever it was seeded.
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    planned = []
    for item in DEMO_INTERVIEWS:
        application = applications.get(item.candidate)
        loop_round = rounds.get((application.job_id, item.round_id)) if application else None
        interviewers = [people[email] for email in item.interviewers if email in people]
        if application is None or loop_round is None or not interviewers:
            continue
        # Scheduling refuses the past, so these are written as they would have been.
        definition = loop_round.definition()
        interview = Interview(
            application_id=application.id,
            loop_round_id=loop_round.id,
            definition=definition,
            starts_at=now - timedelta(days=item.days_ago, hours=2),
            duration=loop_round.duration,
            time_zone="Europe/Berlin",
            location="https://meet.example.com/demo",
            status=SCHEDULED,
            created_by=recruiter,
            interviewers=interviewers,
        )
        db.session.add(interview)
        record_question_use(question["id"] for question in definition["questions"])
        planned.append((interview, item))
    db.session.commit()
    for interview, item in planned:
        focus = list(interview.definition["focus_skills"])
        for card in item.cards:
            # With another rubric the round may focus on other skills: no card then.
            if card.interviewer in people and any(skill in focus for skill in card.ratings):
                scorecards.save(
                    people[card.interviewer],
                    interview.id,
                    _card_input(card, focus),
                    expected_version=None,
                    submit=True,
                    now=interview.ends_at + timedelta(hours=card.hours_after),
                )
    interviewer = people.get(INTERVIEWER)
    if interviewer is None:
        return len(planned)
    return len(planned) + _schedule_upcoming(recruiter, interviewer, rounds)


def _schedule_upcoming(
    recruiter: User, interviewer: User, rounds: dict[tuple[int, str], LoopRound]
) -> int:
    email, preferred, days_ahead = DEMO_UPCOMING
    application = db.session.scalar(
        select(Application)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Candidate.email == email)
    )
    if application is None:
        return 0
    loop_round = next(
        (rounds[(application.job_id, r)] for r in preferred if (application.job_id, r) in rounds),
        None,
    )
    if loop_round is None:
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
