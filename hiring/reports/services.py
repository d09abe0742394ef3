"""The reports a user can run, and what they can narrow them to.

Each report runs a fixed number of grouped queries, whatever the number of
applications; the filter choices take two more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import select

from hiring import policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import NotFound
from hiring.extensions import db
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.pipeline.services import current_pipeline
from hiring.policy import Action
from hiring.reports import fairness, interview_reports, pipeline_reports
from hiring.reports.types import Report, ReportFilter
from hiring.rubrics.registry import RubricsUnavailable, current_rubric


@dataclass(frozen=True)
class ReportEntry:
    name: str
    title: str
    summary: str


# In the order the index lists them: along the pipeline, then the interviews.
CATALOG: tuple[ReportEntry, ...] = (
    ReportEntry("funnel", "Pipeline funnel", "Applications reaching each stage, and conversion."),
    ReportEntry(
        "time-in-stage", "Time in stage", "Median and 90th percentile days, against targets."
    ),
    ReportEntry(
        "round-pass-rate", "Pass rate per round", "Scorecards recommending a hire, per round."
    ),
    ReportEntry(
        "must-have-failures",
        "Must-haves failed most",
        "Per job, the must-haves candidates fall below the bar on.",
    ),
    ReportEntry(
        "verdict-overrides",
        "Decisions against the verdict",
        "How often the hiring decision overrode the evaluation.",
    ),
    ReportEntry("source-yield", "Source yield", "Applications, pass-through and hires per source."),
    ReportEntry(
        "scorecard-turnaround",
        "Scorecard turnaround",
        "Hours from an interview's end to its scorecard, per interviewer.",
    ),
    ReportEntry(
        "interviewer-load", "Interviewer load", "Interviews, hours and scorecards owed per person."
    ),
    ReportEntry("offers", "Offers and time to hire", "Offer acceptance and days to hire, per job."),
    ReportEntry(
        "adverse-impact",
        "Adverse impact",
        "Selection rates per self-identified group, against the four-fifths rule.",
    ),
)
REPORT_NAMES = tuple(entry.name for entry in CATALOG)


def _skill_names() -> dict[str, str]:
    try:
        return {skill.id: skill.name for skill in current_rubric().skills}
    except RubricsUnavailable:
        return {}


RUNNERS: dict[str, Callable[[ReportFilter], Report]] = {
    "funnel": lambda f: pipeline_reports.funnel(current_pipeline(), f),
    "time-in-stage": lambda f: pipeline_reports.time_in_stage(current_pipeline(), f),
    "source-yield": lambda f: pipeline_reports.source_yield(current_pipeline(), f),
    "offers": lambda f: pipeline_reports.offers(current_pipeline(), f),
    "round-pass-rate": interview_reports.round_pass_rate,
    "must-have-failures": lambda f: interview_reports.must_have_failures(f, _skill_names()),
    "verdict-overrides": interview_reports.verdict_overrides,
    "scorecard-turnaround": interview_reports.scorecard_turnaround,
    "interviewer-load": lambda f: interview_reports.interviewer_load(f, utcnow()),
    "adverse-impact": lambda f: fairness.adverse_impact(
        current_pipeline(), f, current_app.config["ADVERSE_IMPACT_MIN_GROUP"]
    ),
}


# Reports about interviews count the interviews that started in the date range; the
# others count the applications created in it.
DATED_BY_INTERVIEW = frozenset(
    {"round-pass-rate", "must-have-failures", "scorecard-turnaround", "interviewer-load"}
)


def dating_note(name: str) -> str:
    if name in DATED_BY_INTERVIEW:
        return "The date range counts interviews that started in it."
    return "The date range counts applications created in it."


def catalog(actor: User) -> tuple[ReportEntry, ...]:
    policy.require(actor, Action.VIEW_REPORTS)
    return CATALOG


def run_report(actor: User, name: str, filters: ReportFilter) -> Report:
    policy.require(actor, Action.VIEW_REPORTS)
    runner = RUNNERS.get(name)
    if runner is None:
        raise NotFound(f"There is no report {name!r}.")
    report = runner(filters)
    return replace(report, notes=(*report.notes, dating_note(name)))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FilterChoices:
    jobs: tuple[Choice, ...]
    role_families: tuple[Choice, ...]
    recruiters: tuple[Choice, ...]


def filter_choices(actor: User) -> FilterChoices:
    """Jobs, their role families, and the people owning applications (two queries)."""
    policy.require(actor, Action.VIEW_REPORTS)
    jobs = db.session.execute(
        select(Job.id, Job.title, Job.role_family).order_by(Job.title, Job.id)
    )
    job_rows = list(jobs)
    owners = db.session.execute(
        select(User.id, User.name)
        .where(User.id.in_(select(Application.owner_id).where(Application.owner_id.is_not(None))))
        .order_by(User.name, User.id)
    )
    try:
        names = {role.id: role.name for role in current_rubric().roles}
    except RubricsUnavailable:
        names = {}
    families = sorted({row[2] for row in job_rows}, key=lambda f: names.get(f, f).casefold())
    return FilterChoices(
        jobs=tuple(Choice(str(job_id), title) for job_id, title, _ in job_rows),
        role_families=tuple(Choice(family, names.get(family, family)) for family in families),
        recruiters=tuple(Choice(str(user_id), name) for user_id, name in owners),
    )
