"""What the rubric browser's pages show, computed from a :class:`Rubric`: grouping,
filters and cross references ("which roles need this skill").

Plain functions over the immutable rubric objects; no Flask, no database. The views
only pick the rubric and the query parameters and hand the results to templates.
Search across skills, roles and questions is ``search``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hiring.rubrics.search import search_terms, skill_matches
from hiring.rubrics.types import (
    FOCUSES,
    LEVELS,
    Category,
    MustHave,
    Question,
    RoleFamily,
    RoleLevel,
    Round,
    Rubric,
    Skill,
    TimingStep,
    Trainable,
)

FOCUS_LABELS: Mapping[str, str] = MappingProxyType(
    {"product": "Product", "data": "Data", "platform": "Platform and infrastructure"}
)
FOCUS_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "product": "Roles that work inside product teams and put models in front of users.",
        "data": "Roles that turn data into decisions, metrics and reliable data sets.",
        "platform": "Roles that build the tools and infrastructure other ML people rely on.",
    }
)
TRACK_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "engineering": "Engineering",
        "science": "Science",
        "product": "Product",
        "management": "Management",
    }
)


def format_minutes(minutes: int) -> str:
    """``45`` → ``45 min``, ``60`` → ``1 h``, ``270`` → ``4 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def default_level(role: RoleFamily) -> str:
    return role.levels[0].level if role.levels else LEVELS[0]


# --- role families -------------------------------------------------------------------


@dataclass(frozen=True)
class FocusGroup:
    focus: str
    label: str
    description: str
    roles: tuple[RoleFamily, ...]


def roles_by_focus(rubric: Rubric) -> list[FocusGroup]:
    """Role families grouped by where they work (product, data, platform); empty groups
    are left out."""
    groups = []
    for focus in FOCUSES:
        roles = tuple(role for role in rubric.roles if role.focus == focus)
        if roles:
            groups.append(FocusGroup(focus, FOCUS_LABELS[focus], FOCUS_DESCRIPTIONS[focus], roles))
    return groups


@dataclass(frozen=True)
class MustHaveView:
    need: MustHave
    skill: Skill
    # Rounds of this level's loop that can assess the skill.
    assessed_in: tuple[Round, ...]

    @property
    def anchor(self) -> str:
        return self.skill.anchor(self.need.bar)


@dataclass(frozen=True)
class TrainableView:
    need: Trainable
    skill: Skill

    @property
    def anchor(self) -> str:
        return self.skill.anchor(self.need.target)


@dataclass(frozen=True)
class LoopStep:
    round: Round
    # The level's must-haves this round can assess.
    must_have: tuple[Skill, ...]
    # The level's trainable and nice-to-have skills it can also assess.
    other: tuple[Skill, ...]


@dataclass(frozen=True)
class LevelView:
    role: RoleFamily
    level: RoleLevel
    must_have: tuple[MustHaveView, ...]
    trainable: tuple[TrainableView, ...]
    nice_to_have: tuple[Skill, ...]
    loop: tuple[LoopStep, ...]

    @property
    def total_minutes(self) -> int:
        return sum(step.round.duration for step in self.loop)


def level_view(rubric: Rubric, role: RoleFamily, level_name: str) -> LevelView:
    """Everything the role page shows for one level; ``KeyError`` for an unknown level."""
    level = role.level(level_name)
    loop_rounds = tuple(
        rubric.rounds_by_id[round_id]
        for round_id in level.rounds
        if round_id in rubric.rounds_by_id
    )
    skills = rubric.skills_by_id
    must_have = tuple(
        MustHaveView(
            need,
            skills[need.skill],
            tuple(round_ for round_ in loop_rounds if need.skill in round_.assesses),
        )
        for need in level.must_have
        if need.skill in skills
    )
    trainable = tuple(
        TrainableView(need, skills[need.skill]) for need in level.trainable if need.skill in skills
    )
    nice = tuple(skills[skill_id] for skill_id in level.nice_to_have if skill_id in skills)
    others = [view.skill for view in trainable] + list(nice)
    loop = tuple(
        LoopStep(
            round_,
            tuple(view.skill for view in must_have if view.skill.id in round_.assesses),
            tuple(skill for skill in others if skill.id in round_.assesses),
        )
        for round_ in loop_rounds
    )
    return LevelView(role, level, must_have, trainable, nice, loop)


def _role_order(role: RoleFamily) -> tuple[int, str]:
    return (FOCUSES.index(role.focus) if role.focus in FOCUSES else len(FOCUSES), role.name)


# --- skills --------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryGroup:
    category: Category
    skills: tuple[Skill, ...]


def skills_by_category(
    rubric: Rubric, *, query: str = "", category: str | None = None
) -> list[CategoryGroup]:
    """Skills in catalog order, grouped by category, optionally filtered by a search
    query (name, description, keywords, anchors) and a category id."""
    terms = search_terms(query)
    groups = []
    for cat in rubric.categories:
        if category and cat.id != category:
            continue
        skills = tuple(
            skill
            for skill in rubric.skills
            if skill.category == cat.id and (not terms or skill_matches(skill, terms))
        )
        if skills:
            groups.append(CategoryGroup(cat, skills))
    return groups


@dataclass(frozen=True)
class SkillUse:
    """One role level that names a skill: as a must-have, trainable or nice-to-have."""

    role: RoleFamily
    level: RoleLevel
    kind: str  # "must_have" | "trainable" | "nice_to_have"
    level_on_scale: int | None = None  # the bar (must-have) or the target (trainable)
    weeks: int | None = None
    note: str = ""  # why (must-have) or how (trainable)


@dataclass(frozen=True)
class SkillUses:
    must_have: tuple[SkillUse, ...]
    trainable: tuple[SkillUse, ...]
    nice_to_have: tuple[SkillUse, ...]

    def __bool__(self) -> bool:
        return bool(self.must_have or self.trainable or self.nice_to_have)


def skill_uses(rubric: Rubric, skill_id: str) -> SkillUses:
    """Which role families need this skill, at which level, and how."""
    must_have: list[SkillUse] = []
    trainable: list[SkillUse] = []
    nice: list[SkillUse] = []
    for role in sorted(rubric.roles, key=_role_order):
        for level in role.levels:
            for need in level.must_have:
                if need.skill == skill_id:
                    must_have.append(SkillUse(role, level, "must_have", need.bar, None, need.why))
            for item in level.trainable:
                if item.skill == skill_id:
                    trainable.append(
                        SkillUse(role, level, "trainable", item.target, item.weeks, item.how)
                    )
            if skill_id in level.nice_to_have:
                nice.append(SkillUse(role, level, "nice_to_have"))
    return SkillUses(tuple(must_have), tuple(trainable), tuple(nice))


@dataclass(frozen=True)
class SkillMatrixRow:
    """One role family and, per level in ``LEVELS`` order, how it needs the skill."""

    role: RoleFamily
    cells: tuple[SkillUse | None, ...]


def skill_matrix(uses: SkillUses) -> list[SkillMatrixRow]:
    """The uses of a skill as role families by levels, in the rubric's role order."""
    by_role: dict[str, dict[str, SkillUse]] = {}
    roles: dict[str, RoleFamily] = {}
    for use in (*uses.must_have, *uses.trainable, *uses.nice_to_have):
        roles.setdefault(use.role.id, use.role)
        by_role.setdefault(use.role.id, {})[use.level.level] = use
    return [
        SkillMatrixRow(role, tuple(by_role[role_id].get(level) for level in LEVELS))
        for role_id, role in roles.items()
    ]


@dataclass(frozen=True)
class RoundQuestions:
    round: Round
    questions: tuple[Question, ...]


def _active_first(questions: Iterable[Question]) -> tuple[Question, ...]:
    return tuple(sorted(questions, key=lambda question: question.retired))


def questions_for_skill(rubric: Rubric, skill_id: str) -> list[RoundQuestions]:
    """Every round that can assess the skill, with its questions for it (retired last)."""
    return [
        RoundQuestions(round_, _active_first(q for q in round_.questions if q.skill == skill_id))
        for round_ in ordered_rounds(rubric)
        if skill_id in round_.assesses
    ]


# --- rounds --------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    skills: tuple[Skill, ...]
    active_questions: int
    retired_questions: int

    @property
    def purpose_lead(self) -> str:
        return lead(self.round.purpose)

    @property
    def purpose_cut(self) -> bool:
        return self.purpose_lead != " ".join(self.round.purpose.split())


def lead(text: str, limit: int = 240, minimum: int = 120) -> str:
    """The opening of ``text`` in at most ``limit`` characters: whole sentences when they
    make at least ``minimum`` characters, otherwise cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if len(kept) >= minimum:
        return kept
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(",;:-\N{EN DASH}") + "…"


def ordered_rounds(rubric: Rubric) -> list[Round]:
    """Rounds in the order interview loops run them (the order of their first appearance
    in the role families' loops); rounds no loop uses come last."""
    order = {
        round_id: position
        for position, round_id in enumerate(
            dict.fromkeys(
                round_id
                for role in rubric.roles
                for level in role.levels
                for round_id in level.rounds
            )
        )
    }
    return sorted(rubric.rounds, key=lambda round_: order.get(round_.id, len(order)))


def round_summaries(rubric: Rubric) -> list[RoundSummary]:
    return [
        RoundSummary(
            round_,
            tuple(rubric.skills_by_id[s] for s in round_.assesses if s in rubric.skills_by_id),
            sum(1 for q in round_.questions if not q.retired),
            sum(1 for q in round_.questions if q.retired),
        )
        for round_ in ordered_rounds(rubric)
    ]


@dataclass(frozen=True)
class SkillQuestions:
    skill_id: str
    skill: Skill | None
    questions: tuple[Question, ...]

    @property
    def name(self) -> str:
        return self.skill.name if self.skill else self.skill_id

    @property
    def active(self) -> int:
        return sum(1 for question in self.questions if not question.retired)


def question_bank(rubric: Rubric, round_: Round) -> list[SkillQuestions]:
    """A round's questions grouped by skill, in the order the round lists its skills;
    retired questions come last in each group."""
    order = list(round_.assesses)
    order += [q.skill for q in round_.questions if q.skill not in order]
    return [
        SkillQuestions(
            skill_id,
            rubric.skills_by_id.get(skill_id),
            _active_first(q for q in round_.questions if q.skill == skill_id),
        )
        for skill_id in dict.fromkeys(order)
    ]


@dataclass(frozen=True)
class TimedStep:
    start: int
    end: int
    step: TimingStep


def timing_plan(round_: Round) -> list[TimedStep]:
    """The timing steps with their start and end minute."""
    plan, start = [], 0
    for step in round_.timing:
        plan.append(TimedStep(start, start + step.minutes, step))
        start += step.minutes
    return plan


@dataclass(frozen=True)
class RoundUse:
    role: RoleFamily
    levels: tuple[RoleLevel, ...]


def round_uses(rubric: Rubric, round_id: str) -> list[RoundUse]:
    """Role families whose interview loop includes the round, with the levels that do."""
    uses = []
    for role in rubric.roles:
        levels = tuple(level for level in role.levels if round_id in level.rounds)
        if levels:
            uses.append(RoundUse(role, levels))
    return uses
