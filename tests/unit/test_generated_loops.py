"""Every loop the shipped rubrics generate: each role family at each level, as a new job
would get it (default profile, the level's rounds, the planner's focus and questions)."""

from __future__ import annotations

import pytest

from hiring.config import PROJECT_ROOT
from hiring.jobs.profile import default_profile
from hiring.loops import planning
from hiring.loops.round_plans import round_spec
from hiring.rubrics.loader import load_rubrics
from hiring.rubrics.types import LEVELS

RUBRIC = load_rubrics(PROJECT_ROOT / "rubrics").rubric
ROLE_LEVELS = [(role.id, level) for role in RUBRIC.roles for level in LEVELS]


def generated_loop(role_id: str, level_name: str):
    role = RUBRIC.role(role_id)
    level = role.level(level_name)
    needs = [planning.Need(e.skill, e.kind, e.level) for e in default_profile(level)]
    specs = [round_spec(RUBRIC.round(round_id)) for round_id in level.rounds]
    plan = planning.plan_loop(
        needs, specs, required=planning.required_skills(role.track), role=role.id
    )
    coverage = planning.coverage_matrix(
        needs,
        plan.rounds,
        {spec.id: spec for spec in specs},
        requires_coding=role.track in planning.CODING_TRACKS,
    )
    return role, level, specs, plan, coverage


def test_all_role_and_level_combinations_are_generated():
    assert len(ROLE_LEVELS) == len(RUBRIC.roles) * 4 >= 32


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_every_loop_sees_every_must_have_twice_with_no_warning(role_id, level_name):
    _role, level, specs, plan, coverage = generated_loop(role_id, level_name)
    assert [w.message for w in coverage.warnings] == []
    for must in level.must_have:
        rounds = [p.round_id for p in plan.rounds if must.skill in p.focus_skills]
        assert len(rounds) >= 2, (must.skill, rounds)
    for spec, planned in zip(specs, plan.rounds, strict=True):
        assert len(planned.focus_skills) <= spec.max_focus_skills, spec.id


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_the_rubric_offers_two_rounds_for_each_must_have(role_id, level_name):
    """Built into the data, not left to the planner: two of the level's rounds can
    assess each must-have."""
    level = RUBRIC.role(role_id).level(level_name)
    for must in level.must_have:
        able = [r for r in level.rounds if must.skill in RUBRIC.round(r).assesses]
        assert len(able) >= 2, (must.skill, able)


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_every_engineering_and_science_loop_has_a_coding_bar(role_id, level_name):
    role, _level, _specs, plan, _coverage = generated_loop(role_id, level_name)
    if role.track not in planning.CODING_TRACKS:
        return
    coding_rounds = [p.round_id for p in plan.rounds if "coding" in p.focus_skills]
    assert coding_rounds, "no round scores coding"
    assert any(round_id in ("coding", "practical-coding") for round_id in coding_rounds)


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_every_focus_skill_of_a_generated_loop_has_questions(role_id, level_name):
    _role, _level, specs, plan, _coverage = generated_loop(role_id, level_name)
    for spec, planned in zip(specs, plan.rounds, strict=True):
        asked = {q.skill for q in spec.questions if q.id in planned.questions}
        assert asked == set(planned.focus_skills), spec.id


# --- loops that fit the role -----------------------------------------------------------

DATA_AND_PLATFORM = ("data-engineer", "mlops-engineer")
BREADTH_ONLY_SKILLS = {"research-depth", "linear-algebra", "calculus-optimization"}


def profile_skills(level) -> set[str]:
    return {e.skill for e in default_profile(level)}


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_no_loop_tests_research_depth_or_maths_outside_the_profile(role_id, level_name):
    role, level, _specs, plan, _coverage = generated_loop(role_id, level_name)
    wanted = profile_skills(level) | set(planning.required_skills(role.track))
    for planned in plan.rounds:
        stray = (set(planned.focus_skills) & BREADTH_ONLY_SKILLS) - wanted
        assert not stray, (planned.round_id, stray)


@pytest.mark.parametrize("level_name", LEVELS)
@pytest.mark.parametrize("role_id", DATA_AND_PLATFORM)
def test_data_and_platform_loops_code_and_design_their_own_work(role_id, level_name):
    _role, level, specs, plan, _coverage = generated_loop(role_id, level_name)
    assert "breadth" not in level.rounds  # no ML and statistics quiz for pipeline work
    assert "practical-coding" in level.rounds
    bank = {q.id: q for spec in specs for q in spec.questions}
    for planned in plan.rounds:
        for question_id in planned.questions:
            question = bank[question_id]
            assert not question.roles or role_id in question.roles, question_id
            if planned.round_id == "coding" and question.skill == "coding":
                assert role_id in question.roles, question_id  # pipeline or platform code
            if question.skill == "ml-systems-design" and planned.round_id == "ml-systems":
                assert role_id in question.roles, question_id  # a platform design


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_a_round_poses_at_most_one_design_scenario(role_id, level_name):
    _role, _level, specs, plan, _coverage = generated_loop(role_id, level_name)
    for spec, planned in zip(specs, plan.rounds, strict=True):
        skill_of = {q.id: q.skill for q in spec.questions}
        scenarios = [q for q in planned.questions if skill_of[q] in planning.SCENARIO_SKILLS]
        assert len(scenarios) <= 1, (spec.id, scenarios)


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_no_question_is_asked_twice_under_two_rounds_names(role_id, level_name):
    _role, _level, specs, plan, _coverage = generated_loop(role_id, level_name)
    topics = [
        planning.question_topic(spec, question_id)
        for spec, planned in zip(specs, plan.rounds, strict=True)
        for question_id in planned.questions
    ]
    assert len(topics) == len(set(topics)), sorted(t for t in topics if topics.count(t) > 1)


@pytest.mark.parametrize(("role_id", "level_name"), ROLE_LEVELS)
def test_every_loop_scores_collaboration(role_id, level_name):
    _role, _level, _specs, plan, _coverage = generated_loop(role_id, level_name)
    assert any("collaboration" in planned.focus_skills for planned in plan.rounds)


MATHS = {"probability-statistics", "linear-algebra", "calculus-optimization"}


@pytest.mark.parametrize("role_id", ["data-scientist", "research-scientist"])
def test_maths_is_a_focus_where_the_role_needs_it_on_day_one(role_id):
    for level_name in ("junior", "mid") if role_id == "research-scientist" else ("junior",):
        _role, level, _specs, plan, _coverage = generated_loop(role_id, level_name)
        musts = {m.skill for m in level.must_have} & MATHS
        assert musts, (role_id, level_name)
        focused = {s for planned in plan.rounds for s in planned.focus_skills}
        assert musts <= focused
