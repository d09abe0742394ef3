"""Rubric domain objects: immutable, parsed once from ``rubrics/``.

Plain frozen dataclasses, no Flask and no database: the job-description generator,
the linter and (later) loop planning and scoring all read these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hiring.rubrics.planner_rules import PlannerRules

LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "staff")
LEVEL_LABELS: Mapping[str, str] = MappingProxyType(
    {"junior": "Junior", "mid": "Mid-level", "senior": "Senior", "staff": "Staff"}
)
# What each level of a skill's four-level scale means.
SCALE_LABELS: Mapping[int, str] = MappingProxyType(
    {1: "Below the bar", 2: "Working knowledge", 3: "Independent", 4: "Expert"}
)
FOCUSES: tuple[str, ...] = ("product", "data", "platform")
TRACKS: tuple[str, ...] = ("engineering", "science", "product", "management")
TEAM_STAGES: tuple[str, ...] = ("nascent", "exploring", "building", "scaling", "advanced")


@dataclass(frozen=True)
class Category:
    id: str
    name: str


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    description: str
    keywords: tuple[str, ...]
    # scale[0] describes level 1, scale[3] level 4.
    scale: tuple[str, str, str, str]
    # What a job ad says about the skill, written to the candidate ("you ..."), by
    # level; the anchors are written to interviewers and never go into an ad.
    # Pairs of (level, text), in level order.
    in_ad: tuple[tuple[int, str], ...] = ()

    def anchor(self, level: int) -> str:
        return self.scale[level - 1]

    def ad_text(self, level: int) -> str:
        """The candidate-facing text for a bar: the text for that level, else the nearest
        level below it, else the nearest above, else the skill's description."""
        texts = dict(self.in_ad)
        for candidate in (*range(level, 0, -1), *range(level + 1, 5)):
            if texts.get(candidate):
                return texts[candidate]
        return self.description


@dataclass(frozen=True)
class MustHave:
    skill: str
    bar: int
    why: str


@dataclass(frozen=True)
class Trainable:
    skill: str
    target: int
    weeks: int
    how: str


@dataclass(frozen=True)
class NoLongerMustHave:
    """A must-have of the level below that this level stops requiring, and why."""

    skill: str
    why: str


@dataclass(frozen=True)
class RoleLevel:
    level: str
    title: str
    scope: str
    years: tuple[int, int]
    must_have: tuple[MustHave, ...]
    trainable: tuple[Trainable, ...]
    nice_to_have: tuple[str, ...]
    rounds: tuple[str, ...]
    no_longer_must_have: tuple[NoLongerMustHave, ...] = ()
    # Responsibilities only this level has, listed first in its job ad.
    responsibilities: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleFamily:
    id: str
    name: str
    focus: str
    track: str
    summary: str
    responsibilities: tuple[str, ...]
    levels: tuple[RoleLevel, ...]
    # The levels each responsibility applies to, by position; () or a missing entry: all.
    responsibility_levels: tuple[tuple[str, ...], ...] = ()
    # Written to the candidate for the job ad: what the work is about, and the tools.
    product: str = ""
    tech_stack: tuple[str, ...] = ()

    def responsibilities_for(self, level: RoleLevel) -> tuple[str, ...]:
        """The level's own responsibilities, then the family's that apply to it, the
        most level-specific first (those of fewer levels), so a short list still says
        what sets this level apart."""

        def levels_of(index: int) -> tuple[str, ...]:
            limited = self.responsibility_levels
            return limited[index] if index < len(limited) and limited[index] else LEVELS

        shared = sorted(
            (len(levels_of(index)), index)
            for index in range(len(self.responsibilities))
            if level.level in levels_of(index)
        )
        return (*level.responsibilities, *(self.responsibilities[i] for _, i in shared))

    def level(self, name: str) -> RoleLevel:
        for level in self.levels:
            if level.level == name:
                return level
        raise KeyError(name)


@dataclass(frozen=True)
class Question:
    id: str
    round: str
    skill: str
    question: str
    follow_ups: tuple[str, ...]
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    red_flags: tuple[str, ...]
    retired: bool = False
    # Role families the question is written for (a pipeline task for data engineers);
    # empty: any role.
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimingStep:
    minutes: int
    activity: str


@dataclass(frozen=True)
class Round:
    id: str
    name: str
    technical: bool
    purpose: str
    duration: int
    max_focus_skills: int
    interviewers: str
    timing: tuple[TimingStep, ...]
    assesses: tuple[str, ...]
    questions: tuple[Question, ...]
    # What the round is, written to the candidate for the job ad; ``purpose`` is
    # written to interviewers.
    for_candidates: str = ""

    def questions_for(self, skill_id: str, *, include_retired: bool = False) -> list[Question]:
        return [
            q for q in self.questions if q.skill == skill_id and (include_retired or not q.retired)
        ]


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    target_days: int | None
    # Share of applications expected to move on from this stage (0-1); the forecast
    # uses it while the organisation's own history is too thin.
    pass_rate: float | None = None


@dataclass(frozen=True)
class RejectionReason:
    id: str
    name: str


@dataclass(frozen=True)
class PipelineStages:
    stages: tuple[Stage, ...]
    terminal: tuple[Stage, ...]
    rejection_reasons: tuple[RejectionReason, ...]


@dataclass(frozen=True)
class TeamStage:
    id: str
    name: str
    description: str
    hire_first: str


@dataclass(frozen=True)
class Ratio:
    name: str
    value: str
    why: str


@dataclass(frozen=True)
class WordingData:
    terms: tuple[str, ...]
    kind: str
    suggestion: str


@dataclass(frozen=True)
class TechnologyData:
    terms: tuple[str, ...]
    since: int


@dataclass(frozen=True)
class SalaryLawData:
    terms: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class LintData:
    wording: tuple[WordingData, ...] = ()
    technologies: tuple[TechnologyData, ...] = ()
    salary_laws: tuple[SalaryLawData, ...] = ()
    # The ad's length in words of visible prose (min, max); None: not checked.
    length: tuple[int, int] | None = None


@dataclass(frozen=True)
class AdText:
    """Candidate-facing text every job ad shares (``descriptions.yaml``)."""

    equal_opportunity: str = ""


@dataclass(frozen=True)
class Rubric:
    """One consistent set of rubric files; ``version`` is a digest of their contents."""

    version: str
    categories: tuple[Category, ...]
    skills: tuple[Skill, ...]
    roles: tuple[RoleFamily, ...]
    rounds: tuple[Round, ...]
    pipeline: PipelineStages
    team_stages: tuple[TeamStage, ...]
    ratios: tuple[Ratio, ...]
    lint: LintData = field(default_factory=LintData)
    ads: AdText = field(default_factory=AdText)
    # The team planner's rules (``planner.yaml``).
    planner: PlannerRules | None = None

    @cached_property
    def skills_by_id(self) -> Mapping[str, Skill]:
        return MappingProxyType({skill.id: skill for skill in self.skills})

    @cached_property
    def roles_by_id(self) -> Mapping[str, RoleFamily]:
        return MappingProxyType({role.id: role for role in self.roles})

    @cached_property
    def rounds_by_id(self) -> Mapping[str, Round]:
        return MappingProxyType({round_.id: round_ for round_ in self.rounds})

    @cached_property
    def categories_by_id(self) -> Mapping[str, Category]:
        return MappingProxyType({category.id: category for category in self.categories})

    @cached_property
    def team_stages_by_id(self) -> Mapping[str, TeamStage]:
        return MappingProxyType({stage.id: stage for stage in self.team_stages})

    def skill(self, skill_id: str) -> Skill:
        return self.skills_by_id[skill_id]

    def role(self, role_id: str) -> RoleFamily:
        return self.roles_by_id[role_id]

    def round(self, round_id: str) -> Round:
        return self.rounds_by_id[round_id]

    def assessed_by(self, round_ids: tuple[str, ...]) -> frozenset[str]:
        """Skills that at least one of these rounds can assess."""
        return frozenset(
            skill
            for round_id in round_ids
            if round_id in self.rounds_by_id
            for skill in self.rounds_by_id[round_id].assesses
        )
