"""Plan an interview loop: which round assesses which skill, with which questions.

Pure. The job's skill profile says what must be tested (must-haves first, each ideally
twice, then trainable skills for the growth plan); the rubric's rounds say what each
round can assess and how many focus skills fit its time. Must-haves are placed with a
bipartite matching, so whenever the rounds can cover every must-have, they do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

MUST, TRAINABLE, NICE = "must", "trainable", "nice"
# Long enough per focus skill to ask a second question.
MINUTES_FOR_TWO_QUESTIONS = 25


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    skill: str
    retired: bool = False
    roles: tuple[str, ...] = ()  # written for these role families; empty: any


@dataclass(frozen=True)
class RoundSpec:
    id: str
    name: str
    duration: int
    max_focus_skills: int
    assesses: tuple[str, ...]
    technical: bool = True
    questions: tuple[QuestionSpec, ...] = ()


@dataclass(frozen=True)
class Need:
    skill: str
    kind: str  # must | trainable | nice
    level: int | None = None


@dataclass(frozen=True)
class Exposure:
    times_asked: int = 0
    last_asked: datetime | None = None
    retired: bool = False


@dataclass(frozen=True)
class PlannedRound:
    round_id: str
    duration: int
    focus_skills: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class LoopPlan:
    rounds: tuple[PlannedRound, ...]

    @property
    def total_minutes(self) -> int:
        return sum(round_.duration for round_ in self.rounds)


def _place_must_haves(
    musts: Sequence[Need], rounds: Sequence[RoundSpec], required: Sequence[str], looks: int = 2
) -> list[list[str]]:
    """Give each must-have up to ``looks`` different rounds, within each round's capacity.

    A b-matching by augmenting paths: a must-have short of rounds may take a free slot,
    or a round whose occupant can move to another round that assesses it. Every
    must-have gets its first round before any gets a second, and a move never takes a
    round away from a skill, so a second look never costs another must-have its first.
    Then each ``required`` skill gets one round the same way, a round built for it
    if one can make room.
    """
    focus: list[list[str]] = [[] for _ in rounds]

    def load_order(skill: str) -> list[int]:
        usable = [i for i, r in enumerate(rounds) if skill in r.assesses and skill not in focus[i]]
        return sorted(usable, key=lambda i: (len(focus[i]) / max(rounds[i].max_focus_skills, 1), i))

    def augment(skill: str, seen: set[int], only: set[int] | None = None) -> bool:
        options = [i for i in load_order(skill) if i not in seen and (only is None or i in only)]
        for index in options:
            if len(focus[index]) < rounds[index].max_focus_skills:
                focus[index].append(skill)
                return True
        for index in options:
            if index in seen:
                continue
            seen.add(index)
            for position, occupant in enumerate(list(focus[index])):
                # The occupant moves on to another round, freeing this slot.
                del focus[index][position]
                if augment(occupant, seen):
                    focus[index].insert(position, skill)
                    return True
                focus[index].insert(position, occupant)
        return False

    for wanted in range(1, looks + 1):
        for need in musts:
            if sum(need.skill in skills for skills in focus) < wanted:
                augment(need.skill, set())
    for skill in required:
        if any(skill in skills for skills in focus):
            continue
        # The round built for the skill (listed first in what it assesses) comes first.
        built_for = {i for i, r in enumerate(rounds) if r.assesses[:1] == (skill,)}
        if not (built_for and augment(skill, set(), built_for)):
            augment(skill, set())
    return focus


def plan_focus(
    needs: Sequence[Need], rounds: Sequence[RoundSpec], required: Sequence[str] = ()
) -> list[list[str]]:
    """Focus skills per round, in loop order.

    ``required`` are skills every loop of the role scores whatever the profile says
    (the minimum coding bar, collaboration): each gets one round if one can take it.
    """

    musts = sorted((n for n in needs if n.kind == MUST), key=lambda n: (-(n.level or 0), n.skill))
    focus = _place_must_haves(musts, rounds, required)

    def room(index: int) -> bool:
        return len(focus[index]) < rounds[index].max_focus_skills

    def place_once(skill: str) -> None:
        if any(skill in skills for skills in focus):
            return
        candidates = [i for i, r in enumerate(rounds) if skill in r.assesses and room(i)]
        if candidates:
            # The round built for the skill (listed first in what it assesses) wins.
            focus[
                min(candidates, key=lambda i: (rounds[i].assesses.index(skill), len(focus[i]), i))
            ].append(skill)

    for skill in required:
        place_once(skill)
    # Trainable skills once, so the debrief can write a growth plan from evidence.
    for need in sorted((n for n in needs if n.kind == TRAINABLE), key=lambda n: n.skill):
        place_once(need.skill)
    # A round left empty tests what it is for: profile skills first, then its own.
    wanted = [n.skill for n in needs]
    for index, r in enumerate(rounds):
        if focus[index]:
            continue
        preferred = [s for s in wanted if s in r.assesses] + [
            s for s in r.assesses if s not in wanted
        ]
        focus[index] = preferred[: min(2, r.max_focus_skills)]
    return focus


# A design scenario fills its skill's share of the round on its own: two of them turn
# into "choose one", and the interviewers of one loop stop comparing the same thing.
SCENARIO_SKILLS = ("ml-systems-design",)


def questions_per_skill(round_: RoundSpec, focus_count: int, skill: str | None = None) -> int:
    if focus_count == 0:
        return 0
    if skill in SCENARIO_SKILLS:
        return 1
    return 2 if round_.duration / focus_count >= MINUTES_FOR_TWO_QUESTIONS else 1


def _rotation(role: str | None, question_id: str) -> str:
    """A stable, role-specific order among equally fresh questions, so roles starting with
    an empty history do not all open with the same textbook question."""
    return hashlib.blake2s(f"{role or ''}:{question_id}".encode(), digest_size=4).hexdigest()


def pick_questions(
    round_: RoundSpec,
    skill: str,
    count: int,
    exposure: Mapping[str, Exposure],
    exclude: frozenset[str] = frozenset(),
    role: str | None = None,
) -> tuple[str, ...]:
    """The least-asked usable questions for a skill; retired ones are never proposed.

    Questions written for the role come first; those written for other roles never
    (a data engineer codes a pipeline step, not logistic regression)."""
    never = datetime.min

    def usable(question: QuestionSpec) -> bool:
        seen = exposure.get(question.id, Exposure())
        return (
            question.skill == skill
            and not question.retired
            and not seen.retired
            and question.id not in exclude
            and (not question.roles or role is None or role in question.roles)
        )

    candidates = [q for q in round_.questions if usable(q)]
    candidates.sort(
        key=lambda q: (
            not (role and role in q.roles),
            exposure.get(q.id, Exposure()).times_asked,
            (exposure.get(q.id, Exposure()).last_asked or never).replace(tzinfo=None),
            _rotation(role, q.id),
            q.id,
        )
    )
    return tuple(q.id for q in candidates[:count])


def question_topic(round_: RoundSpec, question_id: str) -> str:
    """A question's id without its round's prefix: what it asks about."""
    prefix = f"{round_.id}-"
    return question_id[len(prefix) :] if question_id.startswith(prefix) else question_id


def plan_loop(
    needs: Sequence[Need],
    rounds: Sequence[RoundSpec],
    exposure: Mapping[str, Exposure] | None = None,
    required: Sequence[str] = (),
    role: str | None = None,
) -> LoopPlan:
    exposure = exposure or {}
    focus = plan_focus(needs, rounds, required)
    planned = []
    asked_topics: set[str] = set()
    for round_, skills in zip(rounds, focus, strict=True):
        # The same question under two rounds' ids (overview and leadership both ask
        # about delivering bad news) is asked once per loop.
        repeats = {q.id for q in round_.questions if question_topic(round_, q.id) in asked_topics}
        chosen: list[str] = []
        for skill in skills:
            per_skill = questions_per_skill(round_, len(skills), skill)
            taken = frozenset(chosen) | repeats
            chosen += pick_questions(round_, skill, per_skill, exposure, taken, role)
        asked_topics |= {question_topic(round_, qid) for qid in chosen}
        planned.append(
            PlannedRound(
                round_id=round_.id,
                duration=round_.duration,
                focus_skills=tuple(skills),
                questions=tuple(chosen),
            )
        )
    return LoopPlan(tuple(planned))


# --- coverage ------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    skill: str
    kind: str
    level: int | None
    rounds: tuple[bool, ...]  # one per loop round, in order

    @property
    def times(self) -> int:
        return sum(self.rounds)


@dataclass(frozen=True)
class LoopWarning:
    # must-have-not-assessed | must-have-assessed-once | too-many-focus-skills | no-coding-bar
    kind: str
    severity: str  # error | warning
    message: str
    skill: str | None = None
    round_index: int | None = None


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]
    warnings: tuple[LoopWarning, ...] = field(default=())

    @property
    def unassessed_must_haves(self) -> tuple[str, ...]:
        return tuple(r.skill for r in self.rows if r.kind == MUST and r.times == 0)


CODING_SKILLS = ("coding",)
# Tracks whose every loop tests the minimum coding bar, must-have or not.
CODING_TRACKS = ("engineering", "science")


# Every loop scores how the candidate works with others: brilliant jerks are a no.
COLLABORATION_SKILLS = ("collaboration",)


def required_skills(track: str) -> tuple[str, ...]:
    """Skills every loop of a role on this track scores, whatever its profile says."""
    coding = CODING_SKILLS if track in CODING_TRACKS else ()
    return (*coding, *COLLABORATION_SKILLS)


def coverage_matrix(
    needs: Sequence[Need],
    loop: Sequence[PlannedRound],
    specs: Mapping[str, RoundSpec],
    names: Mapping[str, str] | None = None,
    *,
    requires_coding: bool = True,
) -> Coverage:
    """Skills (must-haves first) against rounds, and what is wrong with the loop."""
    names = names or {}
    order = {MUST: 0, TRAINABLE: 1, NICE: 2}
    rows = []
    listed = set()
    for need in sorted(needs, key=lambda n: (order.get(n.kind, 3), -(n.level or 0), n.skill)):
        listed.add(need.skill)
        rows.append(
            CoverageRow(
                skill=need.skill,
                kind=need.kind,
                level=need.level,
                rounds=tuple(need.skill in r.focus_skills for r in loop),
            )
        )
    extra = sorted({s for r in loop for s in r.focus_skills} - listed)
    rows += [
        CoverageRow(skill, "extra", None, tuple(skill in r.focus_skills for r in loop))
        for skill in extra
    ]
    warnings: list[LoopWarning] = []
    for row in rows:
        if row.kind != MUST:
            continue
        name = names.get(row.skill, row.skill)
        if row.times == 0:
            warnings.append(
                LoopWarning(
                    "must-have-not-assessed",
                    "error",
                    f"No round assesses the must-have {name}: a hire decision could not "
                    "check it. Add it to a round's focus skills or demote it to trainable.",
                    skill=row.skill,
                )
            )
        elif row.times == 1:
            warnings.append(
                LoopWarning(
                    "must-have-assessed-once",
                    "warning",
                    f"Only one round assesses the must-have {name}; a second, independent "
                    "look makes the decision less dependent on one interviewer.",
                    skill=row.skill,
                )
            )
    for index, planned in enumerate(loop):
        spec = specs.get(planned.round_id)
        if spec and len(planned.focus_skills) > spec.max_focus_skills:
            warnings.append(
                LoopWarning(
                    "too-many-focus-skills",
                    "warning",
                    f"Round {index + 1} ({spec.name}) has {len(planned.focus_skills)} focus "
                    f"skills for {planned.duration} minutes; at most {spec.max_focus_skills} fit.",
                    round_index=index,
                )
            )
    if requires_coding and not any(
        skill in r.focus_skills for r in loop for skill in CODING_SKILLS
    ):
        warnings.append(
            LoopWarning(
                "no-coding-bar",
                "warning",
                "No round tests the minimum coding bar. Add Coding to a round's focus skills "
                "(the coding or take-home round assesses it).",
            )
        )
    return Coverage(tuple(rows), tuple(warnings))
