"""Loop planning and coverage: the rules that keep a loop honest."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.loops.planning import (
    MUST,
    NICE,
    TRAINABLE,
    Exposure,
    Need,
    PlannedRound,
    QuestionSpec,
    RoundSpec,
    coverage_matrix,
    pick_questions,
    plan_loop,
)


def questions(
    round_id: str, skills: tuple[str, ...], per_skill: int = 3
) -> tuple[QuestionSpec, ...]:
    return tuple(
        QuestionSpec(f"{round_id}-{skill}-{n}", skill) for skill in skills for n in range(per_skill)
    )


def round_spec(
    round_id: str, assesses: tuple[str, ...], capacity: int = 3, duration: int = 60
) -> RoundSpec:
    return RoundSpec(
        id=round_id,
        name=round_id.title(),
        duration=duration,
        max_focus_skills=capacity,
        assesses=assesses,
        questions=questions(round_id, assesses),
    )


OVERVIEW = round_spec("overview", ("communication", "collaboration"), duration=45)
CODING = round_spec("coding", ("coding", "software-engineering", "ml-fundamentals"))
BREADTH = round_spec("breadth", ("ml-fundamentals", "statistics", "experiment-design"), 4)
DEPTH = round_spec("depth", ("applied-modeling", "model-evaluation"))
SYSTEMS = round_spec("ml-systems", ("ml-systems-design", "mlops", "software-engineering"))
LOOP = (OVERVIEW, CODING, BREADTH, DEPTH, SYSTEMS)
SPECS = {r.id: r for r in LOOP}
NEEDS = (
    Need("coding", MUST, 3),
    Need("software-engineering", MUST, 3),
    Need("ml-fundamentals", MUST, 3),
    Need("ml-systems-design", MUST, 3),
    Need("mlops", TRAINABLE, 3),
    Need("model-evaluation", TRAINABLE, 3),
    Need("deep-learning", NICE),
)


def test_every_must_have_is_assessed_and_most_twice():
    plan = plan_loop(NEEDS, LOOP)
    counts = {n.skill: sum(n.skill in r.focus_skills for r in plan.rounds) for n in NEEDS}
    assert counts["coding"] >= 1 and counts["ml-systems-design"] >= 1
    assert counts["ml-fundamentals"] == 2 and counts["software-engineering"] == 2
    coverage = coverage_matrix(NEEDS, plan.rounds, SPECS)
    assert coverage.unassessed_must_haves == ()


def test_trainable_skills_are_looked_at_once_for_the_growth_plan():
    plan = plan_loop(NEEDS, LOOP)
    assert sum("mlops" in r.focus_skills for r in plan.rounds) == 1
    assert sum("model-evaluation" in r.focus_skills for r in plan.rounds) == 1


def test_a_round_with_nothing_from_the_profile_tests_what_it_is_for():
    plan = plan_loop(NEEDS, LOOP)
    assert plan.rounds[0].focus_skills == ("communication", "collaboration")


def test_questions_are_chosen_for_each_focus_skill():
    plan = plan_loop(NEEDS, LOOP)
    for planned in plan.rounds:
        skill_of = {q.id: q.skill for q in SPECS[planned.round_id].questions}
        assert {skill_of[q] for q in planned.questions} == set(planned.focus_skills)
        assert planned.questions  # every round has something to ask


def test_the_least_asked_question_is_proposed_and_retired_ones_never():
    now = datetime(2026, 11, 1, tzinfo=UTC)
    exposure = {
        "coding-coding-0": Exposure(times_asked=5, last_asked=now),
        "coding-coding-1": Exposure(retired=True),
    }
    assert pick_questions(CODING, "coding", 1, exposure) == ("coding-coding-2",)
    assert pick_questions(CODING, "coding", 3, exposure) == ("coding-coding-2", "coding-coding-0")
    retired_in_rubric = RoundSpec(
        "coding", "Coding", 60, 3, ("coding",), questions=(QuestionSpec("q1", "coding", True),)
    )
    assert pick_questions(retired_in_rubric, "coding", 2, {}) == ()


def test_dropping_the_only_round_for_a_must_have_is_an_error():
    loop = (OVERVIEW, CODING, BREADTH, DEPTH)  # no ml-systems round
    plan = plan_loop(NEEDS, loop)
    coverage = coverage_matrix(NEEDS, plan.rounds, SPECS)
    assert coverage.unassessed_must_haves == ("ml-systems-design",)
    kinds = [(w.kind, w.skill) for w in coverage.warnings]
    assert ("must-have-not-assessed", "ml-systems-design") in kinds
    assert ("must-have-assessed-once", "coding") in kinds


def test_too_many_focus_skills_and_no_coding_bar_are_warned():
    crowded = PlannedRound("breadth", 60, ("a", "b", "c", "d", "e"), ())
    coverage = coverage_matrix((Need("a", MUST, 2),), (crowded,), SPECS)
    kinds = {w.kind for w in coverage.warnings}
    assert kinds == {"too-many-focus-skills", "no-coding-bar", "must-have-assessed-once"}
    quiet = coverage_matrix((), (crowded,), SPECS, requires_coding=False)
    assert {w.kind for w in quiet.warnings} == {"too-many-focus-skills"}


def test_coverage_rows_put_must_haves_first():
    plan = plan_loop(NEEDS, LOOP)
    rows = coverage_matrix(NEEDS, plan.rounds, SPECS).rows
    kinds = [row.kind for row in rows]
    assert kinds[:4] == [MUST] * 4
    assert kinds.index(TRAINABLE) < kinds.index(NICE)
    assert rows[-1].kind == "extra"  # overview's own skills, not in the profile


# --- properties ----------------------------------------------------------------------

SKILLS = [f"s{n}" for n in range(8)]


@st.composite
def loops_and_needs(draw):
    rounds = []
    for index in range(draw(st.integers(1, 5))):
        assesses = tuple(
            draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=4, unique=True))
        )
        rounds.append(
            round_spec(
                f"r{index}",
                assesses,
                capacity=draw(st.integers(1, 4)),
                duration=draw(st.sampled_from([30, 45, 60, 90])),
            )
        )
    skills = draw(st.lists(st.sampled_from(SKILLS), max_size=7, unique=True))
    needs = [
        Need(skill, draw(st.sampled_from([MUST, TRAINABLE, NICE])), draw(st.integers(1, 4)))
        for skill in skills
    ]
    return rounds, needs


def coverable_must_haves(rounds, needs) -> int:
    """Brute force: the largest number of must-haves some assignment covers."""
    from itertools import permutations

    musts = [n.skill for n in needs if n.kind == MUST]
    slots = [r for r in rounds for _ in range(r.max_focus_skills)]
    best = 0
    for order in permutations(musts):
        free = list(slots)
        covered = 0
        for skill in order:
            for index, slot in enumerate(free):
                if skill in slot.assesses:
                    free.pop(index)
                    covered += 1
                    break
        best = max(best, covered)
    return best


@settings(max_examples=150, deadline=None)
@given(loops_and_needs())
def test_plan_invariants(case):
    rounds, needs = case
    plan = plan_loop(needs, rounds)
    # The total time is the sum of the rounds.
    assert plan.total_minutes == sum(r.duration for r in rounds)
    for spec, planned in zip(rounds, plan.rounds, strict=True):
        # No skill is assigned to a round that cannot assess it, and the round's time holds.
        assert set(planned.focus_skills) <= set(spec.assesses)
        assert len(planned.focus_skills) <= spec.max_focus_skills
        assert len(set(planned.focus_skills)) == len(planned.focus_skills)
        assert set(planned.questions) <= {q.id for q in spec.questions}
    # Every must-have is covered whenever the rounds allow it.
    covered = {
        n.skill
        for n in needs
        if n.kind == MUST and any(n.skill in r.focus_skills for r in plan.rounds)
    }
    assert len(covered) == coverable_must_haves(rounds, needs)


@settings(max_examples=100, deadline=None)
@given(loops_and_needs())
def test_coverage_warns_exactly_about_unassessed_must_haves(case):
    rounds, needs = case
    plan = plan_loop(needs, rounds)
    coverage = coverage_matrix(needs, plan.rounds, {r.id: r for r in rounds}, requires_coding=False)
    flagged = {w.skill for w in coverage.warnings if w.kind == "must-have-not-assessed"}
    missing = {
        n.skill
        for n in needs
        if n.kind == MUST and not any(n.skill in r.focus_skills for r in plan.rounds)
    }
    assert flagged == missing


def best_second_looks(rounds, needs) -> int:
    """Brute force: the most (must-have, round) pairs, at most two rounds per must-have."""
    from itertools import combinations, product

    musts = [n.skill for n in needs if n.kind == MUST]
    choices = []
    for skill in musts:
        able = [i for i, r in enumerate(rounds) if skill in r.assesses]
        choices.append([c for k in range(3) for c in combinations(able, k)])
    best = 0
    for pick in product(*choices):
        load = [0] * len(rounds)
        for chosen in pick:
            for index in chosen:
                load[index] += 1
        if all(load[i] <= r.max_focus_skills for i, r in enumerate(rounds)):
            best = max(best, sum(len(chosen) for chosen in pick))
    return best


@settings(max_examples=80, deadline=None)
@given(loops_and_needs())
def test_the_planner_finds_as_many_second_looks_as_the_rounds_allow(case):
    rounds, needs = case
    rounds = rounds[:4]
    needs = [n for n in needs if n.kind == MUST][:4]
    plan = plan_loop(needs, rounds)
    looks = sum(min(2, sum(n.skill in r.focus_skills for r in plan.rounds)) for n in needs)
    assert looks == best_second_looks(rounds, needs)


def test_a_second_look_that_needs_a_move_is_found():
    """Placing second looks one by one stalls here: b's only free round is the one a
    took, though a could have used another."""
    shared = RoundSpec("r1", "R1", 60, 2, ("a", "b"))
    either = RoundSpec("r2", "R2", 60, 1, ("a", "b"))
    only_a = RoundSpec("r3", "R3", 60, 1, ("a",))
    needs = (Need("a", MUST, 3), Need("b", MUST, 2))
    plan = plan_loop(needs, (shared, either, only_a))
    assert [r.focus_skills for r in plan.rounds] == [("a", "b"), ("b",), ("a",)]
    assert coverage_matrix(needs, plan.rounds, {}, requires_coding=False).warnings == ()


def test_required_skills_are_scored_even_outside_the_profile():
    plan = plan_loop((Need("ml-fundamentals", MUST, 3),), (CODING, BREADTH), required=("coding",))
    assert "coding" in plan.rounds[0].focus_skills


def test_questions_written_for_a_role_come_first_and_never_reach_other_roles():
    bank = (
        QuestionSpec("ml-auc", "coding", roles=("ml-engineer",)),
        QuestionSpec("any-parse", "coding"),
        QuestionSpec("data-merge", "coding", roles=("data-engineer",)),
    )
    coding = RoundSpec("coding", "Coding", 60, 3, ("coding",), questions=bank)
    assert pick_questions(coding, "coding", 3, {}, role="data-engineer") == (
        "data-merge",
        "any-parse",
    )
    assert pick_questions(coding, "coding", 3, {}, role="ml-engineer")[0] == "ml-auc"
    plan = plan_loop((Need("coding", MUST, 3),), (coding,), role="data-engineer")
    assert "ml-auc" not in plan.rounds[0].questions


def test_a_design_scenario_is_asked_once_per_round():
    systems = round_spec("ml-systems", ("ml-systems-design", "mlops"))
    plan = plan_loop((Need("ml-systems-design", MUST, 3),), (systems,))
    assert plan.rounds[0].focus_skills == ("ml-systems-design",)  # 60 minutes for it alone
    assert len(plan.rounds[0].questions) == 1


def test_the_same_question_under_two_rounds_names_is_asked_once():
    overview = RoundSpec(
        "overview", "Overview", 45, 1, ("communication",),
        questions=(QuestionSpec("overview-bad-news", "communication"),
                   QuestionSpec("overview-explain", "communication")),
    )  # fmt: skip
    leadership = RoundSpec(
        "leadership", "Leadership", 60, 1, ("communication",),
        questions=(QuestionSpec("leadership-bad-news", "communication"),
                   QuestionSpec("leadership-roadmap", "communication")),
    )  # fmt: skip
    plan = plan_loop((Need("communication", MUST, 3),), (overview, leadership))
    first, second = (set(r.questions) for r in plan.rounds)
    assert "overview-bad-news" in first
    assert "leadership-bad-news" not in second and second == {"leadership-roadmap"}


def test_fresh_questions_rotate_between_roles_but_stay_stable_per_role():
    bank = tuple(QuestionSpec(f"q{n}", "coding") for n in range(12))
    coding = RoundSpec("coding", "Coding", 60, 1, ("coding",), questions=bank)
    firsts = {pick_questions(coding, "coding", 1, {}, role=f"role-{n}")[0] for n in range(8)}
    assert len(firsts) > 1  # not every role opens with the same question
    once = pick_questions(coding, "coding", 3, {}, role="ml-engineer")
    assert once == pick_questions(coding, "coding", 3, {}, role="ml-engineer")
    asked = {once[0]: Exposure(times_asked=1)}
    assert pick_questions(coding, "coding", 1, asked, role="ml-engineer")[0] != once[0]
