"""The team planner's rules (rubrics/planner.yaml) applied to known teams, and the
checks that refuse a broken planner file."""

from __future__ import annotations

import copy

import pytest

from hiring.config import PROJECT_ROOT
from hiring.planner.planning import TeamSituation, plan_team, situation_problems
from hiring.rubrics.loader import load_rubrics
from tests.fixtures.rubrics import rubric_files, write_rubrics


@pytest.fixture(scope="module")
def shipped():
    result = load_rubrics(PROJECT_ROOT / "rubrics")
    assert result.ok, result.problems
    return result.rubric


def plan(rubric, stage, engineers, centrality, **team):
    situation = TeamSituation(
        stage, engineers, centrality, {role.replace("_", "-"): n for role, n in team.items()}
    )
    assert situation_problems(rubric.planner, rubric.roles_by_id, situation) == {}
    return plan_team(rubric.planner, rubric.roles_by_id, situation)


def roles_in_order(result):
    return [(hire.role, hire.count) for hire in result.hires]


def test_a_series_a_company_with_important_ml_starts_with_a_product_lead_and_a_pair(shipped):
    result = plan(shipped, "series-a", 30, "important")

    assert roles_in_order(result) == [
        ("ml-product-manager", 1),
        ("applied-scientist", 1),
        ("ml-engineer", 1),
        ("data-engineer", 2),
    ]
    assert result.hires[1].level == "senior"
    assert "most senior" in result.hires[1].reason
    assert result.team_stage == "nascent"
    assert result.budget == 6  # 20% of 30 engineers


def test_ml_as_the_product_hires_the_scientist_first(shipped):
    result = plan(shipped, "seed", 10, "core")

    assert roles_in_order(result)[:2] == [("applied-scientist", 1), ("ml-engineer", 1)]


def test_supporting_ml_before_series_b_hires_an_analyst_and_waits(shipped):
    result = plan(shipped, "seed", 20, "supporting")

    assert roles_in_order(result) == [("data-scientist", 1)]
    assert any("Hold off on ML scientists" in text for text in result.advice)
    assert not result.ml_started


def test_the_ratio_rules_follow_one_two_four(shipped):
    result = plan(
        shipped,
        "series-b",
        200,
        "important",
        ml_product_manager=1,
        applied_scientist=2,
        ml_engineer=1,
        data_engineer=4,
        data_scientist=6,
    )

    hires = dict(roles_in_order(result))
    assert "data-engineer" not in hires  # 4 for 2 scientists already
    assert hires["data-scientist"] == 2  # 8 wanted for 2 scientists, 6 there
    assert result.team_stage == "scaling"  # 14 people


def test_a_platform_engineer_once_enough_people_build_models(shipped):
    result = plan(
        shipped,
        "series-c-plus",
        400,
        "important",
        ml_product_manager=2,
        applied_scientist=4,
        ml_engineer=3,
        data_engineer=8,
        data_scientist=16,
    )

    assert ("mlops-engineer", 2) in roles_in_order(result)
    assert "ml-engineering-manager" in dict(roles_in_order(result))


def test_the_share_of_engineering_holds_hires_back(shipped):
    result = plan(shipped, "series-b", 12, "supporting", data_scientist=1)

    # 10% of 12 engineers is 1; the first team may still be 2 people.
    assert result.budget == 2
    assert result.ml_team_after == 2
    assert result.held_back
    assert result.engineers_needed() > 12


def test_bad_input_is_named_by_field(shipped):
    situation = TeamSituation("series-z", 3, "central", {"ml-engineer": 5, "wizard": 1})
    problems = situation_problems(shipped.planner, shipped.roles_by_id, situation)

    assert set(problems) == {"company_stage", "centrality", "team", "engineers"}
    assert "larger than engineering" in problems["engineers"][0]


def messages(directory):
    return [str(problem) for problem in load_rubrics(directory).problems]


def test_a_broken_planner_file_is_refused_with_clear_messages(tmp_path):
    files = copy.deepcopy(rubric_files())
    planner = files["planner.yaml"]
    planner["rules"][0]["hire"] = "wizard"
    planner["rules"][0]["when"]["fewer_than"] = {"unicorns": 1}
    planner["rules"][1]["per"]["ratio"] = 0
    planner["rules"][1]["when"]["moon_phase"] = "full"
    planner["centrality"][0]["ml_from"] = "series-z"
    planner["maturity"][0]["team_stage"] = "teenage"
    write_rubrics(tmp_path, files)

    found = messages(tmp_path)
    assert load_rubrics(tmp_path).rubric is None
    expected = [
        "rules[0].hire: unknown role 'wizard'",
        "rules[0].when.fewer_than.unicorns: unknown role family or group",
        "rules[1].per.ratio: must be above 0 and at most 20, not 0",
        "rules[1].when.moon_phase: unknown condition",
        "centrality[0].ml_from: unknown company stage 'series-z'",
        "maturity[0].team_stage: must be one of nascent",
    ]
    for text in expected:
        assert any(line.startswith("planner.yaml:") and text in line for line in found), (
            text,
            found,
        )


def test_a_missing_planner_file_is_reported(tmp_path):
    files = copy.deepcopy(rubric_files())
    del files["planner.yaml"]
    write_rubrics(tmp_path, files)

    assert "planner.yaml:1: (file): is missing" in messages(tmp_path)


def test_a_stage_pass_rate_must_be_a_share(tmp_path):
    files = copy.deepcopy(rubric_files())
    files["stages.yaml"]["stages"][0]["pass_rate"] = 1.5
    write_rubrics(tmp_path, files)

    assert any(
        "stages[0].pass_rate: must be between 0 and 1, not 1.5" in m for m in messages(tmp_path)
    )
