"""Reports on interviews, scorecards and decisions: pass rate per round, must-haves
failed per job, verdicts overridden, scorecard turnaround and interviewer load."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Float, Select, and_, case, cast, func, literal, or_, select

from hiring.accounts.models import User
from hiring.evaluation.decisions import HIRE, NO_HIRE
from hiring.evaluation.models import HiringDecision
from hiring.evaluation.scoring import MEETS_BAR
from hiring.extensions import db
from hiring.interviews.models import Interview, interview_interviewers
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.reports import sql
from hiring.reports.types import (
    HOURS,
    SHARE,
    TEXT,
    Chart,
    Column,
    Report,
    ReportFilter,
    rounded,
    share,
)
from hiring.scorecards.models import Scorecard
from hiring.scorecards.progress import ends_at
from hiring.scorecards.rules import HIRE_RECOMMENDATIONS, LATE_AFTER, SUBMITTED

LATE_HOURS = LATE_AFTER.total_seconds() / 3600


def _submitted_cards(filters: ReportFilter) -> Select:
    """Submitted scorecards of the interviews the filters count (select columns later)."""
    return (
        select(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(Scorecard.status == SUBMITTED, *sql.interview_conditions(filters))
    )


def round_pass_rate(filters: ReportFilter) -> Report:
    """Per interview round: submitted scorecards and the share recommending a hire."""
    round_id = Interview.definition["round_id"].as_string()
    round_name = Interview.definition["name"].as_string()
    recommendation = sql.effective_recommendation()
    statement = (
        _submitted_cards(filters)
        .with_only_columns(
            round_id,
            func.max(round_name),
            func.count(Scorecard.id),
            func.count(Interview.application_id.distinct()),
            func.sum(case((recommendation.in_(sorted(HIRE_RECOMMENDATIONS)), 1), else_=0)),
        )
        .group_by(round_id)
        .order_by(func.max(round_name), round_id)
    )
    rows = []
    for key, name, cards, candidates, passed in db.session.execute(statement):
        rows.append(
            {
                "round": name or key,
                "round_id": key,
                "scorecards": int(cards),
                "candidates": int(candidates),
                "passed": int(passed or 0),
                "pass_rate": share(passed or 0, cards),
            }
        )
    return Report(
        name="round-pass-rate",
        title="Pass rate per interview round",
        description=(
            "Submitted scorecards per round and the share that recommend a hire (yes or "
            "strong yes, amendments applied)."
        ),
        columns=(
            Column("round", "Round", TEXT),
            Column("round_id", "Round id", TEXT),
            Column("scorecards", "Scorecards"),
            Column("candidates", "Candidates"),
            Column("passed", "Recommending a hire"),
            Column("pass_rate", "Pass rate", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Share of scorecards recommending a hire, per round",
            label_key="round",
            series=("pass_rate",),
            value_axis="Pass rate",
            category_axis="Round",
        ),
    )


def must_have_failures(filters: ReportFilter, skill_names: Mapping[str, str]) -> Report:
    """Per job and must-have: candidates rated on it, and how many fell below the bar.

    A candidate's rating of a skill is the median of their ratings of it (the lower
    middle one on a tie), as in the evaluation, computed with window functions."""
    ratings = sql.effective_ratings()
    per_candidate = (
        select(
            Application.job_id.label("job_id"),
            Application.id.label("application_id"),
            ratings.c.skill,
            ratings.c.rating,
            func.row_number()
            .over(
                partition_by=(Application.id, ratings.c.skill),
                order_by=(ratings.c.rating, ratings.c.scorecard_id),
            )
            .label("row"),
            func.count().over(partition_by=(Application.id, ratings.c.skill)).label("rows"),
        )
        .select_from(ratings)
        .join(Scorecard, Scorecard.id == ratings.c.scorecard_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(*sql.interview_conditions(filters))
        .subquery("ranked_ratings")
    )
    # The lower middle row: 2 * row is n or n + 1.
    middle = (2 * per_candidate.c.row).between(per_candidate.c.rows, per_candidate.c.rows + 1)
    combined = (
        select(
            per_candidate.c.job_id,
            per_candidate.c.skill,
            per_candidate.c.rating,
        )
        .where(middle)
        .subquery("combined_ratings")
    )
    bars = sql.must_haves()
    statement = (
        select(
            Job.id,
            Job.title,
            bars.c.skill,
            func.max(bars.c.bar),
            func.count(),
            func.sum(case((combined.c.rating < bars.c.bar, 1), else_=0)),
        )
        .select_from(combined)
        .join(bars, and_(bars.c.job_id == combined.c.job_id, bars.c.skill == combined.c.skill))
        .join(Job, Job.id == combined.c.job_id)
        .group_by(Job.id, Job.title, bars.c.skill)
        .order_by(
            Job.title,
            Job.id,
            func.sum(case((combined.c.rating < bars.c.bar, 1), else_=0)).desc(),
            bars.c.skill,
        )
    )
    rows = []
    for job_id, title, skill, bar, rated, below in db.session.execute(statement):
        rows.append(
            {
                "job": title,
                "job_id": job_id,
                "skill": skill_names.get(skill, skill),
                "skill_id": skill,
                "label": f"{title}: {skill_names.get(skill, skill)}",
                "bar": int(bar),
                "rated": int(rated),
                "below_bar": int(below or 0),
                "failure_rate": share(below or 0, rated),
            }
        )
    return Report(
        name="must-have-failures",
        title="Must-haves failed most, per job",
        description=(
            "For each job's must-have skills: candidates rated on it and how many fell "
            "below the job's bar. A must-have most candidates fail can mean the bar or the "
            "job description is wrong."
        ),
        columns=(
            Column("job", "Job", TEXT),
            Column("job_id", "Job id"),
            Column("skill", "Must-have", TEXT),
            Column("skill_id", "Skill id", TEXT),
            Column("label", "Job and must-have", TEXT),
            Column("bar", "Bar"),
            Column("rated", "Candidates rated"),
            Column("below_bar", "Below the bar"),
            Column("failure_rate", "Failure rate", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Share of candidates below the bar, per job and must-have",
            label_key="label",
            series=("failure_rate",),
            value_axis="Candidates below the bar",
            category_axis="Job and must-have",
        ),
    )


def verdict_overrides(filters: ReportFilter) -> Report:
    """Per job: current decisions, and how many went against the evaluation's verdict."""
    revision = HiringDecision.__table__.alias("revision")
    current = ~select(revision.c.id).where(revision.c.revises_id == HiringDecision.id).exists()
    against = or_(
        and_(HiringDecision.outcome == HIRE, HiringDecision.verdict != MEETS_BAR),
        and_(HiringDecision.outcome == NO_HIRE, HiringDecision.verdict == MEETS_BAR),
    )
    statement = (
        select(
            Job.id,
            Job.title,
            func.count(HiringDecision.id),
            func.sum(case((HiringDecision.outcome == HIRE, 1), else_=0)),
            func.sum(case((against, 1), else_=0)),
            func.sum(case((and_(against, HiringDecision.outcome == HIRE), 1), else_=0)),
        )
        .select_from(HiringDecision)
        .join(Application, Application.id == HiringDecision.application_id)
        .join(Job, Job.id == Application.job_id)
        .where(current, *sql.application_conditions(filters))
        .group_by(Job.id, Job.title)
        .order_by(Job.title, Job.id)
    )
    rows = []
    for job_id, title, decisions, hires, overrides, hired_against in db.session.execute(statement):
        rows.append(
            {
                "job": title,
                "job_id": job_id,
                "decisions": int(decisions),
                "hires": int(hires or 0),
                "overrides": int(overrides or 0),
                "hired_against_verdict": int(hired_against or 0),
                "override_rate": share(overrides or 0, decisions),
            }
        )
    return Report(
        name="verdict-overrides",
        title="Decisions against the verdict",
        description=(
            "Per job: current hiring decisions and how often they went against the "
            "evaluation's verdict (a hire the verdict did not support, or a no hire of "
            "someone who met the bar)."
        ),
        columns=(
            Column("job", "Job", TEXT),
            Column("job_id", "Job id"),
            Column("decisions", "Decisions"),
            Column("hires", "Hires"),
            Column("overrides", "Against the verdict"),
            Column("hired_against_verdict", "Hired against the verdict"),
            Column("override_rate", "Override rate", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Share of decisions against the verdict, per job",
            label_key="job",
            series=("override_rate",),
            value_axis="Decisions against the verdict",
            category_axis="Job",
        ),
    )


def scorecard_turnaround(filters: ReportFilter) -> Report:
    """Per interviewer: hours from the interview's end to the scorecard's submission."""
    hours = sql.hours_between(ends_at(), Scorecard.submitted_at)
    waited = case((hours < 0, literal(0.0)), else_=hours)
    cards = (
        _submitted_cards(filters)
        .with_only_columns(
            Scorecard.interviewer_id.label("key"), cast(waited, Float).label("value")
        )
        .subquery("turnarounds")
    )
    spread = {key: (p50, p90) for key, p50, p90 in db.session.execute(sql.percentiles(cards))}
    statement = (
        select(
            User.id,
            User.name,
            func.count(),
            func.sum(case((cards.c.value > LATE_HOURS, 1), else_=0)),
        )
        .select_from(cards)
        .join(User, User.id == cards.c.key)
        .group_by(User.id, User.name)
        .order_by(User.name, User.id)
    )
    rows = []
    for user_id, name, submitted, late in db.session.execute(statement):
        p50, p90 = spread.get(user_id, (None, None))
        rows.append(
            {
                "interviewer": name,
                "interviewer_id": user_id,
                "submitted": int(submitted),
                "median_hours": rounded(p50),
                "p90_hours": rounded(p90),
                "late": int(late or 0),
                "late_share": share(late or 0, submitted),
            }
        )
    return Report(
        name="scorecard-turnaround",
        title="Scorecard turnaround",
        description=(
            "Per interviewer: hours from the end of the interview to the submitted "
            f"scorecard (0 when submitted before the end); late means over {LATE_HOURS:g} hours."
        ),
        columns=(
            Column("interviewer", "Interviewer", TEXT),
            Column("interviewer_id", "Interviewer id"),
            Column("submitted", "Scorecards submitted"),
            Column("median_hours", "Median hours", HOURS),
            Column("p90_hours", "90th percentile hours", HOURS),
            Column("late", "Late"),
            Column("late_share", "Share late", SHARE),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Hours to submit a scorecard, per interviewer",
            label_key="interviewer",
            series=("median_hours", "p90_hours"),
            value_axis="Hours after the interview",
            category_axis="Interviewer",
        ),
    )


def interviewer_load(filters: ReportFilter, now: datetime) -> Report:
    """Per interviewer: interviews, hours interviewing, candidates, cards owed."""
    card = Scorecard.__table__.alias("own_card")
    owed = and_(
        ends_at() < now,
        or_(card.c.id.is_(None), card.c.status != SUBMITTED),
    )
    statement = (
        select(
            User.id,
            User.name,
            func.count(Interview.id),
            func.sum(Interview.duration),
            func.count(Interview.application_id.distinct()),
            func.sum(case((card.c.status == SUBMITTED, 1), else_=0)),
            func.sum(case((owed, 1), else_=0)),
        )
        .select_from(Interview)
        .join(interview_interviewers, interview_interviewers.c.interview_id == Interview.id)
        .join(User, User.id == interview_interviewers.c.user_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Job, Job.id == Application.job_id)
        .outerjoin(
            card,
            and_(
                card.c.interview_id == Interview.id,
                card.c.interviewer_id == interview_interviewers.c.user_id,
            ),
        )
        .where(*sql.interview_conditions(filters))
        .group_by(User.id, User.name)
        .order_by(func.count(Interview.id).desc(), User.name, User.id)
    )
    rows = []
    for user_id, name, interviews, minutes, candidates, submitted, owing in db.session.execute(
        statement
    ):
        rows.append(
            {
                "interviewer": name,
                "interviewer_id": user_id,
                "interviews": int(interviews),
                "hours": rounded((minutes or 0) / 60, 1),
                "candidates": int(candidates),
                "scorecards_submitted": int(submitted or 0),
                "scorecards_owed": int(owing or 0),
            }
        )
    return Report(
        name="interviewer-load",
        title="Interviewer load",
        description=(
            "Per interviewer: interviews they are on (not cancelled), hours interviewing, "
            "candidates met, scorecards submitted and scorecards still owed for interviews "
            "that have ended."
        ),
        columns=(
            Column("interviewer", "Interviewer", TEXT),
            Column("interviewer_id", "Interviewer id"),
            Column("interviews", "Interviews"),
            Column("hours", "Hours interviewing", HOURS),
            Column("candidates", "Candidates"),
            Column("scorecards_submitted", "Scorecards submitted"),
            Column("scorecards_owed", "Scorecards owed"),
        ),
        rows=tuple(rows),
        chart=Chart(
            title="Interviews per interviewer",
            label_key="interviewer",
            series=("interviews", "scorecards_owed"),
            value_axis="Interviews",
            category_axis="Interviewer",
        ),
    )


__all__ = [
    "interviewer_load",
    "must_have_failures",
    "round_pass_rate",
    "scorecard_turnaround",
    "verdict_overrides",
]
