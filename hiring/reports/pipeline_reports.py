"""Reports on applications moving through the stages: funnel, time in stage, source
yield, offers and time to hire. Each is one or two grouped queries."""

from __future__ import annotations

from sqlalchemy import Select, and_, case, func, select

from hiring.candidates.models import Candidate
from hiring.candidates.rules import SOURCES
from hiring.extensions import db
from hiring.jobs.models import Job
from hiring.pipeline.models import HIRED, REJECTED, WITHDRAWN, Application, StageChange
from hiring.pipeline.stages import OFFER, Pipeline
from hiring.reports import sql
from hiring.reports.types import (
    DAYS,
    SHARE,
    TEXT,
    Chart,
    Column,
    Report,
    ReportFilter,
    rounded,
    share,
)


def _furthest(pipeline: Pipeline, filters: ReportFilter) -> Select:
    """Per filtered application: the furthest stage it reached (its position)."""
    order = sql.stage_order(StageChange.to_stage, [s.id for s in pipeline.stages])
    return (
        select(
            StageChange.application_id.label("application_id"),
            func.max(order).label("furthest"),
        )
        .join(Application, Application.id == StageChange.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(*sql.application_conditions(filters))
        .group_by(StageChange.application_id)
    )


def funnel(pipeline: Pipeline, filters: ReportFilter) -> Report:
    """How many applications reached each stage (or a later one), and the conversion
    from the stage before and from the top."""
    reached = _furthest(pipeline, filters).subquery("furthest_stage")
    counts = db.session.execute(
        select(
            *(
                func.coalesce(func.sum(case((reached.c.furthest >= index, 1), else_=0)), 0)
                for index in range(len(pipeline.stages))
            )
        )
    ).one()
    top = counts[0] if counts else 0
    rows = []
    for index, stage in enumerate(pipeline.stages):
        count = int(counts[index])
        before = int(counts[index - 1]) if index else None
        rows.append(
            {
                "stage": stage.name,
                "stage_id": stage.id,
                "reached": count,
                "from_previous": share(count, before) if index else None,
                "from_top": share(count, top),
            }
        )
    return Report(
        name="funnel",
        title="Pipeline funnel",
        description=(
            "Applications that reached each stage (or went past it), with the share of the "
            "stage before that got there and the share of every application."
        ),
        columns=(
            Column("stage", "Stage", TEXT),
            Column("stage_id", "Stage id", TEXT),
            Column("reached", "Applications that reached it"),
            Column("from_previous", "Conversion from the stage before", SHARE),
            Column("from_top", "Share of all applications", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Applications reaching each stage",
            label_key="stage",
            series=("reached",),
            value_axis="Applications",
            category_axis="Stage",
        ),
    )


def time_in_stage(pipeline: Pipeline, filters: ReportFilter) -> Report:
    """Days spent in each stage by the applications that left it: median and 90th
    percentile against the stage's target, and how many stays went over it."""
    following = func.lead(StageChange.at).over(
        partition_by=StageChange.application_id, order_by=(StageChange.at, StageChange.id)
    )
    stays = (
        select(
            StageChange.to_stage.label("key"),
            sql.days_between(StageChange.at, following).label("value"),
        )
        .join(Application, Application.id == StageChange.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(*sql.application_conditions(filters))
        .subquery("all_stays")
    )
    finished = (
        select(stays.c.key, stays.c.value).where(stays.c.value.is_not(None)).subquery("stays")
    )
    targets = {stage.id: stage.target_days for stage in pipeline.stages}
    target = case(
        {key: value for key, value in targets.items() if value is not None},
        value=finished.c.key,
    )
    counted = {
        key: (int(count), int(over or 0))
        for key, count, over in db.session.execute(
            select(
                finished.c.key,
                func.count(),
                func.sum(case((finished.c.value > target, 1), else_=0)),
            ).group_by(finished.c.key)
        )
    }
    spread = {key: (p50, p90) for key, p50, p90 in db.session.execute(sql.percentiles(finished))}
    rows = []
    # The final stage is where an application stays: no time in it to report.
    for stage in pipeline.stages[:-1]:
        stays_count, over = counted.get(stage.id, (0, 0))
        p50, p90 = spread.get(stage.id, (None, None))
        rows.append(
            {
                "stage": stage.name,
                "stage_id": stage.id,
                "stays": stays_count,
                "median_days": rounded(p50),
                "p90_days": rounded(p90),
                "target_days": stage.target_days,
                "over_target": share(over, stays_count),
            }
        )
    return Report(
        name="time-in-stage",
        title="Time in stage",
        description=(
            "How long applications stayed in each stage before moving on (to the next "
            "stage, back, or out of the pipeline), against the stage's target from the rubric."
        ),
        columns=(
            Column("stage", "Stage", TEXT),
            Column("stage_id", "Stage id", TEXT),
            Column("stays", "Stays counted"),
            Column("median_days", "Median days", DAYS),
            Column("p90_days", "90th percentile days", DAYS),
            Column("target_days", "Target days", DAYS),
            Column("over_target", "Share over the target", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Days in each stage against its target",
            label_key="stage",
            series=("median_days", "p90_days"),
            value_axis="Days",
            category_axis="Stage",
            marker="target_days",
        ),
        notes=("Applications still in a stage are not counted until they leave it.",),
    )


def source_yield(pipeline: Pipeline, filters: ReportFilter) -> Report:
    """Per candidate source: applications, how many passed the first stage, and hires."""
    reached = _furthest(pipeline, filters).subquery("furthest_stage")
    rows = []
    statement = (
        select(
            Candidate.source,
            func.count(),
            func.sum(case((reached.c.furthest >= 1, 1), else_=0)),
            func.sum(case((Application.status == HIRED, 1), else_=0)),
        )
        .select_from(reached)
        .join(Application, Application.id == reached.c.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .group_by(Candidate.source)
        .order_by(func.count().desc(), Candidate.source)
    )
    for source, applications, passed, hired in db.session.execute(statement):
        rows.append(
            {
                "source": SOURCES.get(source, source),
                "applications": int(applications),
                "passed_first_stage": int(passed or 0),
                "pass_through": share(passed or 0, applications),
                "hires": int(hired or 0),
                "hire_rate": share(hired or 0, applications),
            }
        )
    first = pipeline.stages[0].name
    return Report(
        name="source-yield",
        title="Source yield",
        description=(
            "Where candidates came from, and how many of each source got past "
            f"{first} and were hired."
        ),
        columns=(
            Column("source", "Source", TEXT),
            Column("applications", "Applications"),
            Column("passed_first_stage", f"Past {first}"),
            Column("pass_through", "Pass-through", SHARE),
            Column("hires", "Hires"),
            Column("hire_rate", "Hire rate", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Applications and hires per source",
            label_key="source",
            series=("applications", "passed_first_stage", "hires"),
            value_axis="Applications",
            category_axis="Source",
        ),
    )


def offers(pipeline: Pipeline, filters: ReportFilter) -> Report:
    """Per job: offers made, accepted and declined, and days from application to hire."""
    offered = (
        select(StageChange.application_id.label("application_id"))
        .where(StageChange.to_stage == OFFER)
        .distinct()
        .subquery("offered")
    )
    hired_at = (
        select(
            StageChange.application_id.label("application_id"),
            func.min(StageChange.at).label("at"),
        )
        .where(StageChange.to_stage == HIRED)
        .group_by(StageChange.application_id)
        .subquery("hired_at")
    )
    counts = (
        select(
            Job.id,
            Job.title,
            func.count(offered.c.application_id),
            func.sum(
                case(
                    (and_(offered.c.application_id.is_not(None), Application.status == HIRED), 1),
                    else_=0,
                )
            ),
            func.sum(
                case(
                    (
                        and_(
                            offered.c.application_id.is_not(None),
                            Application.status.in_((REJECTED, WITHDRAWN)),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.count(hired_at.c.application_id),
        )
        .select_from(Application)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(offered, offered.c.application_id == Application.id)
        .outerjoin(hired_at, hired_at.c.application_id == Application.id)
        .where(*sql.application_conditions(filters))
        .group_by(Job.id, Job.title)
        .having(func.count(offered.c.application_id) + func.count(hired_at.c.application_id) > 0)
        .order_by(Job.title, Job.id)
    )
    durations = (
        select(
            Application.job_id.label("key"),
            sql.days_between(Application.created_at, hired_at.c.at).label("value"),
        )
        .join(hired_at, hired_at.c.application_id == Application.id)
        .join(Job, Job.id == Application.job_id)
        .where(*sql.application_conditions(filters))
        .subquery("days_to_hire")
    )
    spread = {key: (p50, p90) for key, p50, p90 in db.session.execute(sql.percentiles(durations))}
    rows = []
    for job_id, title, made, accepted, declined, hires in db.session.execute(counts):
        p50, p90 = spread.get(job_id, (None, None))
        rows.append(
            {
                "job": title,
                "job_id": job_id,
                "offers": int(made),
                "accepted": int(accepted or 0),
                "declined": int(declined or 0),
                "acceptance": share(accepted or 0, (accepted or 0) + (declined or 0)),
                "hires": int(hires),
                "median_days_to_hire": rounded(p50),
                "p90_days_to_hire": rounded(p90),
            }
        )
    return Report(
        name="offers",
        title="Offer acceptance and time to hire",
        description=(
            "Per job: offers made, accepted (hired) and declined (the candidate withdrew "
            "or the offer closed), and the days from application to hire."
        ),
        columns=(
            Column("job", "Job", TEXT),
            Column("job_id", "Job id"),
            Column("offers", "Offers"),
            Column("accepted", "Accepted"),
            Column("declined", "Declined"),
            Column("acceptance", "Acceptance (of decided offers)", SHARE),
            Column("hires", "Hires"),
            Column("median_days_to_hire", "Median days to hire", DAYS),
            Column("p90_days_to_hire", "90th percentile days to hire", DAYS),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Days from application to hire, per job",
            label_key="job",
            series=("median_days_to_hire", "p90_days_to_hire"),
            value_axis="Days",
            category_axis="Job",
        ),
        notes=("Offers still open count as offers, not yet as accepted or declined.",),
    )
