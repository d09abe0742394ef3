"""The rubric loader reports every kind of broken file with file, line and field."""

from __future__ import annotations

import copy

import pytest

from hiring.rubrics.loader import load_rubrics
from hiring.rubrics.types import LEVELS
from tests.fixtures.rubrics import rubric_files, write_rubrics


def load_with(tmp_path, change=None):
    files = copy.deepcopy(rubric_files())
    if change:
        change(files)
    write_rubrics(tmp_path, files)
    return load_rubrics(tmp_path)


def messages(result):
    return [str(problem) for problem in result.problems]


def test_the_fixture_set_is_valid_and_resolved(tmp_path):
    result = load_with(tmp_path)
    assert result.ok and result.problems == ()
    rubric = result.rubric
    role = rubric.role("ml-engineer")
    assert [level.level for level in role.levels] == list(LEVELS)
    senior = role.level("senior")
    assert [m.skill for m in senior.must_have] == ["coding", "ml-fundamentals"]
    assert senior.trainable[0].weeks == 12
    assert rubric.skill("coding").anchor(3).startswith("Shows coding unaided")
    assert rubric.assessed_by(senior.rounds) >= {"coding", "mlops"}
    assert len(rubric.version) == 12


def test_the_version_changes_with_the_content(tmp_path):
    first = load_with(tmp_path).rubric.version
    second = load_with(
        tmp_path, lambda f: f["skills.yaml"]["skills"][0].update(name="Programming")
    ).rubric.version
    assert first != second


def test_yaml_syntax_error_names_the_line(tmp_path):
    result = load_with(tmp_path, lambda f: f.update({"stages.yaml": "stages:\n  - id: [oops\n"}))
    assert not result.ok
    assert any(m.startswith("stages.yaml:") and "(syntax)" in m for m in messages(result))


def test_unknown_skill_in_a_role_names_file_line_and_field(tmp_path):
    def change(files):
        files["roles/ml-engineer.yaml"]["levels"]["senior"]["must_have"][0]["skill"] = "kotlin"

    result = load_with(tmp_path, change)
    problem = next(p for p in result.problems if "kotlin" in p.message)
    assert problem.file == "roles/ml-engineer.yaml"
    assert problem.field == "levels.senior.must_have[0].skill"
    assert problem.message == "unknown skill 'kotlin'"
    text = (tmp_path / "roles/ml-engineer.yaml").read_text().splitlines()
    assert "kotlin" in text[problem.line - 1]


@pytest.mark.parametrize("bar", [0, 5, "high"])
def test_bar_outside_one_to_four(tmp_path, bar):
    def change(files):
        files["roles/ml-engineer.yaml"]["levels"]["mid"]["must_have"][1]["bar"] = bar

    result = load_with(tmp_path, change)
    problem = next(p for p in result.problems if p.field == "levels.mid.must_have[1].bar")
    assert problem.message in (
        f"must be between 1 and 4, not {bar}",
        "must be a whole number",
    )
    assert problem.line > 1


def test_must_have_not_assessed_by_the_loop(tmp_path):
    def change(files):
        level = files["roles/ml-engineer.yaml"]["levels"]["junior"]
        level["rounds"] = ["overview"]

    result = load_with(tmp_path, change)
    found = [p for p in result.problems if "not assessed by any round" in p.message]
    assert {p.field for p in found} == {
        "levels.junior.must_have[0].skill",
        "levels.junior.must_have[1].skill",
    }


def test_duplicate_skill_ids(tmp_path):
    def change(files):
        files["skills.yaml"]["skills"].append(copy.deepcopy(files["skills.yaml"]["skills"][0]))

    result = load_with(tmp_path, change)
    assert any("duplicate skill id 'coding'" in m for m in messages(result))


def test_duplicate_question_ids_across_rounds(tmp_path):
    def change(files):
        files["rounds/ml-systems.yaml"]["questions"][0]["id"] = "coding-coding-1"

    result = load_with(tmp_path, change)
    assert any("duplicate question id 'coding-coding-1'" in m for m in messages(result))


def test_too_many_must_haves(tmp_path):
    def change(files):
        level = files["roles/ml-engineer.yaml"]["levels"]["staff"]
        level["trainable"] = []
        level["nice_to_have"] = []
        level["must_have"] += [
            {"skill": s, "bar": 2, "why": "x"}
            for s in ("mlops", "model-evaluation", "communication")
        ] + [{"skill": "coding", "bar": 3, "why": "again"}]

    result = load_with(tmp_path, change)
    assert any(
        p.field == "levels.staff.must_have" and "has 6 must-haves; at most 5" in p.message
        for p in result.problems
    )
    assert any("already listed" in p.message for p in result.problems)


def test_scale_needs_all_four_anchors(tmp_path):
    def change(files):
        del files["skills.yaml"]["skills"][2]["scale"][4]

    result = load_with(tmp_path, change)
    assert any(
        p.file == "skills.yaml"
        and p.field == "skills[2].scale"
        and "exactly the levels" in p.message
        for p in result.problems
    )


def test_technical_round_needs_three_questions_per_skill(tmp_path):
    def change(files):
        files["rounds/coding.yaml"]["questions"] = files["rounds/coding.yaml"]["questions"][:5]

    result = load_with(tmp_path, change)
    assert any("'ml-fundamentals' has 2" in m for m in messages(result))


def test_retired_questions_do_not_count(tmp_path):
    def change(files):
        files["rounds/coding.yaml"]["questions"][0]["retired"] = True

    result = load_with(tmp_path, change)
    assert any("'coding' has 2" in m for m in messages(result))


def test_question_skill_must_be_assessed_by_its_round(tmp_path):
    def change(files):
        files["rounds/coding.yaml"]["questions"][0]["skill"] = "mlops"

    result = load_with(tmp_path, change)
    assert any(
        p.field == "questions[0].skill" and "not among the skills" in p.message
        for p in result.problems
    )


def test_a_question_written_for_roles_names_known_role_families(tmp_path):
    def change(files):
        files["rounds/coding.yaml"]["questions"][0]["roles"] = ["ml-engineer", "wizard"]

    result = load_with(tmp_path, change)
    assert [(p.file, p.field, p.message) for p in result.problems] == [
        ("rounds/coding.yaml", "questions[0].roles[1]", "unknown role family 'wizard'")
    ]

    def fine(files):
        files["rounds/coding.yaml"]["questions"][0]["roles"] = ["ml-engineer"]

    rubric = load_with(tmp_path, fine).rubric
    assert rubric.round("coding").questions[0].roles == ("ml-engineer",)


def test_a_level_never_asks_less_than_the_level_beneath(tmp_path):
    def change(files):
        files["roles/ml-engineer.yaml"]["levels"]["staff"]["must_have"][0]["bar"] = 2

    result = load_with(tmp_path, change)
    assert [(p.file, p.field) for p in result.problems] == [
        ("roles/ml-engineer.yaml", "levels.staff.must_have[0].bar")
    ]
    assert "below the senior level's bar 3" in result.problems[0].message


def test_a_must_have_that_stops_at_the_next_level_says_why(tmp_path):
    def dropped(files):
        staff = files["roles/ml-engineer.yaml"]["levels"]["staff"]
        staff["must_have"] = staff["must_have"][1:]  # coding no longer a must-have

    result = load_with(tmp_path, dropped)
    [problem] = result.problems
    assert problem.field == "levels.staff.must_have"
    assert "'coding' is a must-have at senior but not at staff" in problem.message

    def explained(files):
        dropped(files)
        files["roles/ml-engineer.yaml"]["levels"]["staff"]["no_longer_must_have"] = [
            {"skill": "coding", "why": "Carried by software engineering at staff."}
        ]

    result = load_with(tmp_path, explained)
    assert result.problems == ()
    staff = result.rubric.role("ml-engineer").level("staff")
    assert [(n.skill, n.why) for n in staff.no_longer_must_have] == [
        ("coding", "Carried by software engineering at staff.")
    ]


def test_a_dropped_must_have_listed_wrongly_or_trained_below_its_bar(tmp_path):
    def change(files):
        staff = files["roles/ml-engineer.yaml"]["levels"]["staff"]
        staff["no_longer_must_have"] = [{"skill": "ml-fundamentals", "why": "Still listed."}]
        coding = staff["must_have"].pop(0)
        staff["no_longer_must_have"].append({"skill": "coding", "why": "Trained instead."})
        staff["trainable"].append(
            {"skill": coding["skill"], "target": 2, "weeks": 8, "how": "Pairs weekly."}
        )

    result = load_with(tmp_path, change)
    assert sorted(p.field for p in result.problems) == [
        "levels.staff.no_longer_must_have[0].skill",
        "levels.staff.trainable[1].target",
    ]


def test_missing_required_field_and_wrong_enum(tmp_path):
    def change(files):
        del files["roles/ml-engineer.yaml"]["summary"]
        files["roles/ml-engineer.yaml"]["focus"] = "research"

    result = load_with(tmp_path, change)
    assert "roles/ml-engineer.yaml:1: summary: is required" in messages(result)
    assert any(
        p.field == "focus" and "must be one of product, data, platform" in p.message
        for p in result.problems
    )


def test_missing_level_and_missing_file(tmp_path):
    def change(files):
        del files["roles/ml-engineer.yaml"]["levels"]["staff"]
        del files["teams.yaml"]

    result = load_with(tmp_path, change)
    assert any(p.field == "levels" and "must be exactly" in p.message for p in result.problems)
    assert "teams.yaml:1: (file): is missing" in messages(result)


def test_timing_must_add_up_to_the_duration(tmp_path):
    def change(files):
        files["rounds/overview.yaml"]["duration"] = 50

    result = load_with(tmp_path, change)
    assert any("adds up to 45 minutes, but the round lasts 50" in m for m in messages(result))


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    def change(files):
        files["skills.yaml"]["skills"][0]["category"] = "nowhere"
        files["roles/ml-engineer.yaml"]["levels"]["mid"]["rounds"].append("nope")
        files["stages.yaml"]["stages"][0]["target_days"] = -1

    result = load_with(tmp_path, change)
    text = "\n".join(messages(result))
    assert "unknown category 'nowhere'" in text
    assert "unknown round 'nope'" in text
    assert "stages[0].target_days: must be between 1 and 365" in text


def test_yes_and_no_stay_text(tmp_path):
    def change(files):
        files["skills.yaml"]["skills"][0]["keywords"] = ["yes", "no"]

    assert load_with(tmp_path, change).rubric.skill("coding").keywords == ("yes", "no")


def test_candidate_facing_text_is_read_and_never_addresses_interviewers(tmp_path):
    def change(files):
        files["rounds/coding.yaml"]["for_candidates"] = "You write code with us."
        files["roles/ml-engineer.yaml"]["product"] = "You will build ranking models."
        files["roles/ml-engineer.yaml"]["tech_stack"] = ["Python", "SQL"]
        files["roles/ml-engineer.yaml"]["responsibilities"] = [
            "Ship models",
            {"text": "Set direction across teams", "levels": ["staff"]},
        ]
        files["roles/ml-engineer.yaml"]["levels"]["junior"]["responsibilities"] = ["Learn"]
        files["descriptions.yaml"] = {"equal_opportunity": "Everyone is welcome."}

    rubric = load_with(tmp_path, change).rubric
    assert rubric.round("coding").for_candidates == "You write code with us."
    role = rubric.role("ml-engineer")
    assert role.product == "You will build ranking models." and role.tech_stack == ("Python", "SQL")
    assert role.responsibilities_for(role.level("junior")) == ("Learn", "Ship models")
    # The most level-specific first.
    assert role.responsibilities_for(role.level("staff")) == (
        "Set direction across teams", "Ship models",
    )  # fmt: skip
    assert rubric.ads.equal_opportunity == "Everyone is welcome."
    coding = rubric.skill("coding")
    assert coding.ad_text(3) == coding.ad_text(2) != coding.ad_text(4)
    assert rubric.skill("mlops").ad_text(2) == "Ships and monitors models."  # its description

    def broken(files):
        files["rounds/coding.yaml"]["for_candidates"] = "Watch the candidate write code."
        files["skills.yaml"]["skills"][0]["in_ad"] = {5: "Too high.", 2: "Probe their tests."}
        files["roles/ml-engineer.yaml"]["responsibilities"] = [
            {"text": "Lead", "levels": ["principal"]}
        ]

    problems = messages(load_with(tmp_path / "b", broken))
    assert any(
        p.startswith("rounds/coding.yaml:") and "for_candidates" in p and "the candidate" in p
        for p in problems
    )
    assert any("skills[0].in_ad: levels are 1 to 4, not 5" in p for p in problems)
    assert any("in_ad.2" in p and "'Probe'" in p for p in problems)
    assert any("responsibilities[0].levels[0]: must be one of junior" in p for p in problems)
