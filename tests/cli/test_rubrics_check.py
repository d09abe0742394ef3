import copy

from hiring.config import PROJECT_ROOT
from tests.fixtures.rubrics import rubric_files, write_rubrics


def test_rubrics_check_passes_on_the_shipped_rubrics(runner):
    result = runner.invoke(args=["rubrics", "check", str(PROJECT_ROOT / "rubrics")])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "9 role families" in result.output


def test_rubrics_check_uses_the_configured_directory(runner, fixture_rubrics_dir):
    result = runner.invoke(args=["rubrics", "check"])
    assert result.exit_code == 0
    assert str(fixture_rubrics_dir) in result.output


def test_rubrics_check_prints_every_problem_and_fails(runner, tmp_path):
    files = copy.deepcopy(rubric_files())
    files["roles/ml-engineer.yaml"]["levels"]["senior"]["must_have"][0]["bar"] = 7
    files["rounds/coding.yaml"]["assesses"].append("quantum-computing")
    write_rubrics(tmp_path, files)
    result = runner.invoke(args=["rubrics", "check", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert any(
        line.startswith("roles/ml-engineer.yaml:")
        and line.endswith(": levels.senior.must_have[0].bar: must be between 1 and 4, not 7")
        for line in lines
    ), lines
    assert any(
        line.startswith("rounds/coding.yaml:") and "unknown skill 'quantum-computing'" in line
        for line in lines
    ), lines
    assert "2 problem(s)" in result.output


def test_rubrics_check_on_a_missing_directory(runner, tmp_path):
    result = runner.invoke(args=["rubrics", "check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
