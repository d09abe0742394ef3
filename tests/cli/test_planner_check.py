"""`rubrics check` on the team planner's rules."""

import copy

from tests.fixtures.rubrics import rubric_files, write_rubrics


def test_rubrics_check_names_a_broken_planner_rule(runner, tmp_path):
    files = copy.deepcopy(rubric_files())
    files["planner.yaml"]["rules"][0]["level"] = "principal"
    files["planner.yaml"]["groups"][0]["roles"] = ["ml-engineer", "astronaut"]
    write_rubrics(tmp_path, files)

    result = runner.invoke(args=["rubrics", "check", str(tmp_path)])

    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert any(
        line.startswith("planner.yaml:")
        and line.endswith(
            "rules[0].level: must be one of junior, mid, senior, staff, not 'principal'"
        )
        for line in lines
    ), lines
    assert any("groups[0].roles: unknown role family 'astronaut'" in line for line in lines), lines


def test_rubrics_check_counts_the_planner_rules(runner, fixture_rubrics_dir):
    result = runner.invoke(args=["rubrics", "check", str(fixture_rubrics_dir)])

    assert result.exit_code == 0
    assert "2 planner rules" in result.output
