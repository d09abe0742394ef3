"""The rubric browser's grouping, cross references and search, on the fixture rubric."""

from __future__ import annotations

import copy

import pytest

from hiring.rubrics import browse
from hiring.rubrics.loader import load_rubrics
from hiring.rubrics.search import MAX_TERMS, SNIPPET_LENGTH, search, search_terms
from hiring.rubrics.types import LEVELS, Rubric
from tests.fixtures.rubrics import question, rubric_files, write_rubrics


def load(directory, change=None) -> Rubric:
    files = copy.deepcopy(rubric_files())
    if change:
        change(files)
    result = load_rubrics(write_rubrics(directory, files))
    assert result.ok, [str(problem) for problem in result.problems]
    assert result.rubric is not None
    return result.rubric


def with_retired_question(files) -> None:
    retired = question("coding", "coding", 4)
    retired["retired"] = True
    retired["question"] = "Reverse a linked list on the whiteboard."
    files["rounds/coding.yaml"]["questions"].insert(0, retired)


@pytest.fixture(scope="module")
def rubric(tmp_path_factory) -> Rubric:
    return load(tmp_path_factory.mktemp("rubrics"), with_retired_question)


def text(segments) -> str:
    return "".join(part for part, _ in segments)


def marked(segments) -> list[str]:
    return [part for part, is_marked in segments if is_marked]


# --- role families -------------------------------------------------------------------


def test_roles_are_grouped_by_focus_and_empty_focuses_left_out(rubric):
    groups = browse.roles_by_focus(rubric)
    assert [group.focus for group in groups] == ["product"]
    assert groups[0].label == "Product"
    assert [role.id for role in groups[0].roles] == ["ml-engineer"]


def test_level_view_pairs_each_need_with_its_skill_and_bar_anchor(rubric):
    role = rubric.role("ml-engineer")
    view = browse.level_view(rubric, role, "senior")
    assert view.level.title == "Senior ML engineer"
    assert [(m.skill.id, m.need.bar) for m in view.must_have] == [
        ("coding", 3),
        ("ml-fundamentals", 3),
    ]
    assert view.must_have[0].anchor == rubric.skill("coding").anchor(3)
    assert view.must_have[0].anchor.startswith("Shows coding unaided")
    assert [r.id for r in view.must_have[0].assessed_in] == ["coding"]
    (trainable,) = view.trainable
    assert (trainable.skill.id, trainable.need.target, trainable.need.weeks) == ("mlops", 3, 12)
    assert trainable.anchor == rubric.skill("mlops").anchor(3)
    assert [skill.id for skill in view.nice_to_have] == ["model-evaluation"]


def test_level_view_loop_keeps_the_order_and_says_what_each_round_checks(rubric):
    view = browse.level_view(rubric, rubric.role("ml-engineer"), "senior")
    assert [step.round.id for step in view.loop] == ["overview", "coding", "ml-systems"]
    coding = view.loop[1]
    assert [s.id for s in coding.must_have] == ["coding", "ml-fundamentals"]
    assert coding.other == ()
    systems = view.loop[2]
    assert systems.must_have == ()
    assert [s.id for s in systems.other] == ["mlops", "model-evaluation"]
    assert view.total_minutes == 45 + 60 + 60


def test_level_view_of_an_unknown_level_is_a_key_error(rubric):
    with pytest.raises(KeyError):
        browse.level_view(rubric, rubric.role("ml-engineer"), "principal")


def test_default_level_is_the_first(rubric):
    assert browse.default_level(rubric.role("ml-engineer")) == "junior"


# --- skills --------------------------------------------------------------------------


def test_skills_grouped_by_category_in_catalog_order(rubric):
    groups = browse.skills_by_category(rubric)
    assert [(g.category.id, [s.id for s in g.skills]) for g in groups] == [
        ("engineering", ["coding"]),
        ("ml", ["ml-fundamentals", "mlops", "model-evaluation"]),
        ("people", ["communication"]),
    ]


def test_skills_filtered_by_category_and_query(rubric):
    by_category = browse.skills_by_category(rubric, category="people")
    assert [s.id for g in by_category for s in g.skills] == ["communication"]
    by_keyword = browse.skills_by_category(rubric, query="Kubernetes")
    assert [s.id for g in by_keyword for s in g.skills] == ["mlops"]
    by_anchor = browse.skills_by_category(rubric, query="teaches evaluation")
    assert [s.id for g in by_anchor for s in g.skills] == ["model-evaluation"]
    assert browse.skills_by_category(rubric, query="kubernetes", category="people") == []


def test_skill_uses_lists_must_have_trainable_and_nice_to_have(rubric):
    coding = browse.skill_uses(rubric, "coding")
    assert [(u.level.level, u.level_on_scale) for u in coding.must_have] == [
        ("junior", 2),
        ("mid", 2),
        ("senior", 3),
        ("staff", 3),
    ]
    assert coding.must_have[0].note == "Writes production code from day one."
    mlops = browse.skill_uses(rubric, "mlops")
    assert mlops.must_have == ()
    assert {(u.kind, u.level_on_scale, u.weeks) for u in mlops.trainable} == {
        ("trainable", 2, 12),
        ("trainable", 3, 12),
    }
    assert mlops.trainable[0].note == "Pairs with the platform team."
    assert len(browse.skill_uses(rubric, "model-evaluation").nice_to_have) == 4
    assert not browse.skill_uses(rubric, "communication")


def test_skill_matrix_has_one_row_per_role_and_one_cell_per_level(rubric):
    (row,) = browse.skill_matrix(browse.skill_uses(rubric, "coding"))
    assert row.role.id == "ml-engineer"
    assert len(row.cells) == len(LEVELS)
    assert [cell.level_on_scale for cell in row.cells] == [2, 2, 3, 3]
    assert browse.skill_matrix(browse.skill_uses(rubric, "communication")) == []


def test_questions_for_a_skill_by_round_with_retired_last(rubric):
    (entry,) = browse.questions_for_skill(rubric, "coding")
    assert entry.round.id == "coding"
    assert [q.id for q in entry.questions] == [
        "coding-coding-1",
        "coding-coding-2",
        "coding-coding-3",
        "coding-coding-4",
    ]
    assert entry.questions[-1].retired
    assert [e.round.id for e in browse.questions_for_skill(rubric, "communication")] == ["overview"]


# --- rounds --------------------------------------------------------------------------


def test_rounds_are_ordered_as_loops_run_them(rubric):
    assert [r.id for r in browse.ordered_rounds(rubric)] == ["overview", "coding", "ml-systems"]


def test_round_summaries_count_active_and_retired_questions(rubric):
    coding = next(s for s in browse.round_summaries(rubric) if s.round.id == "coding")
    assert [s.id for s in coding.skills] == ["coding", "ml-fundamentals"]
    assert (coding.active_questions, coding.retired_questions) == (6, 1)
    assert coding.purpose_lead == "ML from scratch." and not coding.purpose_cut


def test_question_bank_groups_by_skill_in_the_rounds_order(rubric):
    bank = browse.question_bank(rubric, rubric.round("coding"))
    assert [(g.skill_id, g.name, g.active) for g in bank] == [
        ("coding", "Coding", 3),
        ("ml-fundamentals", "Machine learning fundamentals", 3),
    ]
    assert [q.retired for q in bank[0].questions] == [False, False, False, True]


def test_timing_plan_has_start_and_end_minutes(rubric):
    plan = browse.timing_plan(rubric.round("coding"))
    assert [(step.start, step.end, step.step.activity) for step in plan] == [
        (0, 50, "Exercise"),
        (50, 60, "Questions"),
    ]


def test_round_uses_lists_the_levels_whose_loop_has_the_round(rubric):
    (use,) = browse.round_uses(rubric, "ml-systems")
    assert use.role.id == "ml-engineer"
    assert [level.level for level in use.levels] == ["senior", "staff"]
    assert browse.round_uses(rubric, "nope") == []


# --- search --------------------------------------------------------------------------


def test_search_finds_a_skill_by_keyword_and_marks_it(rubric):
    results = search(rubric, "kubernetes")
    assert [hit.skill.id for hit in results.skills] == ["mlops"]
    assert results.skills[0].category.id == "ml"
    match = results.skills[0].matches[0]
    assert match.label == "Keywords"
    assert marked(match.snippet) == ["kubernetes"]
    assert results.roles == () and results.questions == ()


def test_search_finds_a_skill_by_anchor_text(rubric):
    results = search(rubric, "teaches MLOps")
    assert [hit.skill.id for hit in results.skills] == ["mlops"]
    labels = [match.label for match in results.skills[0].matches]
    assert labels == ["Name", "Level 4: Expert"]


def test_search_finds_a_question_by_its_text_with_the_question_as_title(rubric):
    results = search(rubric, "approach ml-fundamentals problem 2")
    assert [hit.question.id for hit in results.questions] == ["coding-ml-fundamentals-2"]
    hit = results.questions[0]
    assert hit.round.id == "coding" and hit.skill.id == "ml-fundamentals"
    assert text(hit.title).startswith("Walk me through how you would approach")
    assert "approach" in marked(hit.title)


def test_search_finds_questions_by_their_signals(rubric):
    results = search(rubric, "hand-written rules")
    assert len(results.questions) == 14 + 1  # every question of the fixture, retired too
    assert results.questions[-1].question.retired
    assert results.questions[0].matches[0].label == "Red flag"


def test_search_finds_a_role_by_responsibility_and_name(rubric):
    assert [hit.role.id for hit in search(rubric, "own their quality").roles] == ["ml-engineer"]
    hit = search(rubric, "machine learning engineer").roles[0]
    assert hit.matches[0].label == "Name"


def test_search_needs_every_word_at_the_start_of_a_word(rubric):
    assert search(rubric, "kubernetes python").total == 0
    # "ops" is inside "MLOps", not at the start of a word.
    assert search(rubric, "ops").skills == ()
    assert [h.skill.id for h in search(rubric, "deploy").skills] == ["mlops"]


def test_search_ranks_whole_words_and_phrases_above_word_starts(tmp_path):
    def change(files):
        skills = {skill["id"]: skill for skill in files["skills.yaml"]["skills"]}
        skills["mlops"]["description"] = "Ships rules-based models with engineering tools."
        skills["communication"]["description"] = "Talks to the rule engine owners."

    rubric = load(tmp_path, change)
    hits = search(rubric, "rule engine").skills
    assert [hit.skill.id for hit in hits] == ["communication", "mlops"]
    # The whole word a term starts is marked, not just the term.
    assert marked(hits[1].matches[0].snippet) == ["rules", "engineering"]


def test_search_with_an_empty_query_finds_nothing(rubric):
    results = search(rubric, "   ")
    assert results.total == 0 and results.terms == ()


def test_search_terms_drop_punctuation_and_duplicates_and_are_capped():
    assert search_terms(' "Python", python (numpy) ') == ("python", "numpy")
    assert len(search_terms(" ".join(f"w{i}" for i in range(20)))) == MAX_TERMS


def test_snippet_of_long_text_is_cut_around_the_match(tmp_path):
    long_description = (
        ("Filler words about nothing in particular. " * 20)
        + "Needle here. "
        + ("More filler to pad the text. " * 20)
    )

    def change(files):
        files["skills.yaml"]["skills"][0]["description"] = long_description

    rubric = load(tmp_path, change)
    (hit,) = search(rubric, "needle").skills
    snippet = hit.matches[0].snippet
    assert snippet[0] == ("…", False) and snippet[-1] == ("…", False)
    assert marked(snippet) == ["Needle"]
    assert len(text(snippet)) <= SNIPPET_LENGTH + 2


# --- small helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "label"), [(45, "45 min"), (60, "1 h"), (165, "2 h 45 min"), (0, "0 min")]
)
def test_format_minutes(minutes, label):
    assert browse.format_minutes(minutes) == label


def test_lead_keeps_whole_sentences_or_cuts_at_a_word():
    assert browse.lead("Short.") == "Short."
    sentences = "A first sentence that is long enough to stand alone here. " * 6
    kept = browse.lead(sentences, limit=150, minimum=50)
    assert kept.endswith("here.") and len(kept) <= 150
    cut = browse.lead("word " * 100, limit=50)
    assert cut.endswith("…") and len(cut) <= 51
