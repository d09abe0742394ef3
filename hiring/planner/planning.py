"""The ML team planner: the next hires in order, each with its reason. Pure.

The rules are data (``rubrics/planner.yaml``, read into ``PlannerRules``); this module
applies them to a team: it walks the rules in order, each one that applies adds a hire
and later rules see the team with it, and the ML team stays within the share of
engineering the product's reliance on ML allows. Hires past that share are returned
as held back, with the size engineering must reach first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from hiring.rubrics.planner_rules import Conditions, HiringRule, PlannerRules
from hiring.rubrics.types import RoleFamily

MAX_ENGINEERS = 1_000_000
MAX_PER_ROLE = 10_000


@dataclass(frozen=True)
class TeamSituation:
    company_stage: str
    engineers: int  # the whole engineering organisation, the ML team included
    centrality: str
    team: Mapping[str, int]  # role family id -> people in it now


@dataclass(frozen=True)
class Hire:
    rule: str
    role: str
    role_name: str
    level: str
    title: str
    focus: str
    count: int
    reason: str


@dataclass(frozen=True)
class TeamPlan:
    hires: tuple[Hire, ...]
    held_back: tuple[Hire, ...]
    advice: tuple[str, ...]
    ml_team: int
    ml_team_after: int
    engineers: int
    share_min: int
    share_max: int
    budget: int  # the largest ML team the share allows now
    ml_started: bool
    team_stage: str  # the teams.yaml stage the team is at now

    @property
    def share(self) -> float | None:
        return self.ml_team / self.engineers if self.engineers else None

    def engineers_needed(self) -> int | None:
        """Engineering headcount at which every held-back hire fits the share."""
        if not self.held_back or self.share_max == 0:
            return None
        wanted = self.ml_team_after + sum(hire.count for hire in self.held_back)
        return math.ceil(wanted * 100 / self.share_max)


def situation_problems(
    rules: PlannerRules, roles: Mapping[str, RoleFamily], situation: TeamSituation
) -> dict[str, list[str]]:
    """What is wrong with the input, by field; empty when the planner can run."""
    problems: dict[str, list[str]] = {}
    if situation.company_stage not in rules.stage_order:
        problems["company_stage"] = ["Choose the company's stage."]
    if situation.centrality not in rules.centrality_by_id:
        problems["centrality"] = ["Choose how central ML is to the product."]
    if not 1 <= situation.engineers <= MAX_ENGINEERS:
        problems["engineers"] = [f"Enter the engineering headcount, 1 to {MAX_ENGINEERS:,}."]
    for role, count in situation.team.items():
        if role not in roles:
            problems.setdefault("team", []).append(f"There is no role family {role!r}.")
        elif not 0 <= count <= MAX_PER_ROLE:
            problems[role] = [f"Enter 0 to {MAX_PER_ROLE:,}."]
    total = sum(count for count in situation.team.values() if count > 0)
    if "engineers" not in problems and total > situation.engineers:
        problems["engineers"] = [
            f"The ML team ({total}) is larger than engineering ({situation.engineers}): "
            "count the ML team in the engineering headcount."
        ]
    return problems


class _Team:
    def __init__(self, rules: PlannerRules, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self.groups = rules.groups_by_id

    def size(self, name: str) -> int:
        group = self.groups.get(name)
        if group is not None:
            return sum(self.counts.get(role, 0) for role in group.roles)
        return self.counts.get(name, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _applies(
    when: Conditions, rules: PlannerRules, situation: TeamSituation, team: _Team, started: bool
) -> bool:
    if when.stages and situation.company_stage not in when.stages:
        return False
    if when.centrality and situation.centrality not in when.centrality:
        return False
    if when.ml_started is not None and when.ml_started != started:
        return False
    if when.min_engineers is not None and situation.engineers < when.min_engineers:
        return False
    if when.max_engineers is not None and situation.engineers > when.max_engineers:
        return False
    if any(team.size(name) >= count for name, count in when.fewer_than):
        return False
    return all(team.size(name) >= count for name, count in when.at_least)


def _wanted(rule: HiringRule, team: _Team) -> int:
    if rule.count is not None:
        wanted = rule.count
    else:
        target = math.floor((rule.ratio or 0) * team.size(rule.per or "") + 1e-9)
        wanted = target - team.size(rule.hire)
    return max(0, min(wanted, rule.max))


def team_stage_of(rules: PlannerRules, ml_team: int) -> str:
    for step in rules.maturity:
        if step.up_to is None or ml_team <= step.up_to:
            return step.team_stage
    return rules.maturity[-1].team_stage if rules.maturity else ""


def plan_team(
    rules: PlannerRules, roles: Mapping[str, RoleFamily], situation: TeamSituation
) -> TeamPlan:
    """The next hires for ``situation`` (check it with ``situation_problems`` first)."""
    centrality = rules.centrality_by_id[situation.centrality]
    order = rules.stage_order
    started = order[situation.company_stage] >= order.get(centrality.ml_from, 0)
    start = _Team(rules, {role: count for role, count in situation.team.items() if count > 0})
    team = _Team(rules, start.counts)
    budget = max(math.floor(situation.engineers * centrality.share_max / 100), rules.first_team)
    hires: list[Hire] = []
    held: list[Hire] = []
    for rule in rules.rules:
        if not _applies(rule.when, rules, situation, team, started):
            continue
        wanted = _wanted(rule, team)
        if wanted == 0:
            continue
        role = roles[rule.hire]
        fits = min(wanted, max(0, budget - team.total))

        def hire(count: int, rule: HiringRule = rule, role: RoleFamily = role) -> Hire:
            return Hire(
                rule=rule.id,
                role=role.id,
                role_name=role.name,
                level=rule.level,
                title=role.level(rule.level).title,
                focus=role.focus,
                count=count,
                reason=rule.reason,
            )

        if fits:
            hires.append(hire(fits))
            team.counts[rule.hire] = team.counts.get(rule.hire, 0) + fits
        if wanted > fits:
            held.append(hire(wanted - fits))
    advice = tuple(
        entry.text
        for entry in rules.advice
        if _applies(entry.when, rules, situation, start, started)
    )
    return TeamPlan(
        hires=tuple(hires),
        held_back=tuple(held),
        advice=advice,
        ml_team=start.total,
        ml_team_after=team.total,
        engineers=situation.engineers,
        share_min=centrality.share_min,
        share_max=centrality.share_max,
        budget=budget,
        ml_started=started,
        team_stage=team_stage_of(rules, start.total),
    )
