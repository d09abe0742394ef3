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
    plan = planning.plan_loop(needs, specs, required=planning.required_skills(role.track))
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
