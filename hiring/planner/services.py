"""What people do with the team planner: ask for the next hires, and open draft jobs
for the ones they choose (through the jobs service, one job per recommendation)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from hiring import policy, submissions
from hiring.accounts.models import User
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from hiring.planner.planning import Hire, TeamPlan, TeamSituation, plan_team, situation_problems
from hiring.policy import Action
from hiring.rubrics.planner_rules import PlannerRules
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import Rubric


@dataclass(frozen=True)
class PlannerContext:
    rubric: Rubric
    rules: PlannerRules


def planner_context() -> PlannerContext:
    rubric = current_rubric()
    if rubric.planner is None:  # a loaded rubric always has one; kept for type checkers
        raise RubricsUnavailable(())
    return PlannerContext(rubric, rubric.planner)


def plan(actor: User, situation: TeamSituation) -> TeamPlan:
    policy.require(actor, Action.PLAN_TEAM)
    context = planner_context()
    problems = situation_problems(context.rules, context.rubric.roles_by_id, situation)
    if problems:
        raise ValidationFailed(problems)
    return plan_team(context.rules, context.rubric.roles_by_id, situation)


@dataclass(frozen=True)
class OpenedDrafts:
    job_ids: tuple[int, ...]
    repeated: bool  # the form was sent before: nothing new was opened


def _job_input(hire: Hire, team_stage: str, location: str, remote_policy: str) -> jobs.JobInput:
    return jobs.JobInput(
        title=hire.title,
        role_family=hire.role,
        level=hire.level,
        team="",
        company_stage=team_stage,
        focus=hire.focus,
        location=location,
        remote_policy=remote_policy,
        remote_regions="",
        employment_type="FULL_TIME",
        salary_min=None,
        salary_max=None,
        salary_currency="USD",
        headcount=hire.count,
        target_start=None,
    )


def open_drafts(
    actor: User,
    situation: TeamSituation,
    rule_ids: Sequence[str],
    *,
    location: str = "",
    remote_policy: str = "remote",
    token: str | None = None,
) -> OpenedDrafts:
    """One draft job per chosen recommendation of the plan for ``situation``, its
    headcount the recommendation's count. The plan is worked out again, so the jobs
    follow the rules as they are now. A form sent twice opens them once."""
    policy.require(actor, Action.MANAGE_JOBS)
    result = plan(actor, situation)
    chosen = [hire for hire in result.hires if hire.rule in set(rule_ids)]
    if not chosen:
        raise ValidationFailed({"hires": ["Choose at least one recommendation to open."]})
    inputs = [_job_input(h, result.team_stage, location, remote_policy) for h in chosen]

    def first(keep: Callable[[Job], None]) -> Job:
        return jobs.create_job(actor, inputs[0], before_commit=keep)

    outcome = submissions.submit_once(actor.id, "planner-drafts", token, first)
    if outcome.created is None:
        return OpenedDrafts((outcome.record_id,), repeated=True)
    opened = [outcome.record_id]
    opened.extend(jobs.create_job(actor, data).id for data in inputs[1:])
    return OpenedDrafts(tuple(opened), repeated=False)


def opened_jobs(actor: User, job_ids: Sequence[int]) -> list[Job]:
    policy.require(actor, Action.VIEW_JOBS)
    if not job_ids:
        return []
    return list(db.session.scalars(select(Job).where(Job.id.in_(job_ids)).order_by(Job.id)))
