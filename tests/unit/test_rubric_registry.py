"""The running app reloads changed rubric files and keeps the last good set on error."""

import copy

import pytest

from hiring.rubrics.registry import RubricRegistry, RubricsUnavailable
from tests.fixtures.rubrics import rubric_files, write_rubrics


def test_reloads_changed_files(tmp_path):
    write_rubrics(tmp_path)
    registry = RubricRegistry(tmp_path, check_interval=0)
    first = registry.current()
    files = copy.deepcopy(rubric_files())
    files["skills.yaml"]["skills"][0]["name"] = "Programming"
    write_rubrics(tmp_path, files)
    second = registry.current()
    assert second.version != first.version
    assert second.skill("coding").name == "Programming"


def test_keeps_the_last_good_set_and_reports_the_problems(tmp_path):
    write_rubrics(tmp_path)
    registry = RubricRegistry(tmp_path, check_interval=0)
    good = registry.current()
    files = copy.deepcopy(rubric_files())
    files["roles/ml-engineer.yaml"]["levels"]["mid"]["must_have"][0]["bar"] = 9
    write_rubrics(tmp_path, files)
    assert registry.current() is good
    assert [p.field for p in registry.problems] == ["levels.mid.must_have[0].bar"]
    write_rubrics(tmp_path)  # fixed again
    assert registry.problems == ()


def test_invalid_from_the_start_is_unavailable(tmp_path):
    files = copy.deepcopy(rubric_files())
    del files["skills.yaml"]
    write_rubrics(tmp_path, files)
    registry = RubricRegistry(tmp_path, check_interval=0)
    with pytest.raises(RubricsUnavailable) as error:
        registry.current()
    assert any(p.file == "skills.yaml" for p in error.value.problems)


def test_checks_at_most_once_per_interval(tmp_path):
    write_rubrics(tmp_path)
    registry = RubricRegistry(tmp_path, check_interval=3600)
    first = registry.current()
    files = copy.deepcopy(rubric_files())
    files["skills.yaml"]["skills"][0]["name"] = "Programming"
    write_rubrics(tmp_path, files)
    assert registry.current() is first
    registry.refresh(force=True)
    assert registry.current().skill("coding").name == "Programming"
