"""Merging two records of one person: what is kept, how notes combine, which job stays."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.duplicates import merge
from hiring.duplicates.merge import (
    KEEP,
    OTHER,
    SAME_NAME_AND_EMAIL,
    SAME_NAME_AND_PHONE,
    SAME_PHONE,
    ApplicationRecord,
    CandidateRecord,
    ChoiceProblem,
    MergeChoices,
)
from hiring.pipeline.stages import pipeline_from

PIPELINE = pipeline_from(
    [
        ("applied", "Applied", 5),
        ("recruiter-screen", "Recruiter screen", 7),
        ("technical-loop", "Technical loop", 14),
        ("offer", "Offer", 7),
        ("hired", "Hired", None),
    ],
    [("rejected", "Rejected"), ("withdrawn", "Withdrawn")],
    [("must-have-below-bar", "A must-have below the bar")],
)
TODAY = date(2025, 3, 14)

KEPT = CandidateRecord(
    id=1,
    name="Ada Lovelace",
    email="ada@example.com",
    phone="+44 20 7946 0000",
    location="",
    source="referral",
    links=("https://github.com/ada",),
    tags=("pytorch", "ranking"),
    notes="Strong on **evaluation**.",
    resume_text="Built a ranking model.",
    version=3,
)
OTHER_RECORD = CandidateRecord(
    id=2,
    name="Ada Lovelace",
    email="ada.lovelace+jobs@mail.example",
    phone="020 7946 0000",
    location="London, UK",
    source="inbound",
    links=("https://github.com/ada", "https://example.org/paper.pdf"),
    tags=("ranking", "search"),
    notes="Asked about remote work.",
    resume_text="Wrote a paper on search.",
    version=1,
)


def application(
    id: int, candidate_id: int, job_id: int, stage: str, status: str = "active", **more
) -> ApplicationRecord:
    return ApplicationRecord(id, candidate_id, job_id, f"Job {job_id}", stage, status, **more)


def plan(keep=KEPT, other=OTHER_RECORD, kept=(), others=(), choices=None, files=0):
    return merge.plan_merge(
        PIPELINE,
        keep,
        other,
        kept,
        others,
        choices or MergeChoices(),
        files_moving=files,
        on=TODAY,
    )


# --- finding duplicates ----------------------------------------------------------------


def test_email_key_ignores_case_dots_digits_and_plus_suffixes():
    assert merge.email_key("Ada.Lovelace+jobs@example.com") == "adalovelace"
    assert merge.email_key("ada_lovelace84@mail.example") == "adalovelace"
    assert merge.email_key("ada@example.com") != merge.email_key("grace@example.com")


def test_emails_are_similar_with_one_key_starting_the_other_but_not_a_short_one():
    assert merge.similar_emails("ada@example.com", "Ada.Lovelace@mail.example")
    assert merge.similar_emails("adalovelace@example.com", "ada-lovelace-2@example.org")
    assert not merge.similar_emails("al@example.com", "alan.turing@example.com")
    assert not merge.similar_emails("lovelace.a@example.com", "ada@example.com")


def test_same_name_and_phone_digits_is_a_duplicate_whatever_the_formatting():
    other = replace(OTHER_RECORD, email="someone@else.example", phone="(44) 20-7946-0000")
    assert merge.duplicate_reasons(KEPT, other) == (SAME_NAME_AND_PHONE,)


def test_same_name_and_a_similar_email_is_a_duplicate():
    other = replace(OTHER_RECORD, phone="", email="ada+cv@other.example", name="ada  LOVELACE")
    assert merge.duplicate_reasons(KEPT, other) == (SAME_NAME_AND_EMAIL,)


def test_the_same_phone_alone_is_a_duplicate_but_a_short_one_is_not():
    other = replace(OTHER_RECORD, name="A. Lovelace", phone="+44 20 7946 0000")
    assert merge.duplicate_reasons(KEPT, other) == (SAME_PHONE,)
    short = replace(KEPT, phone="123")
    assert merge.duplicate_reasons(short, replace(other, phone="1-2-3")) == ()


def test_the_same_name_alone_is_not_a_duplicate():
    other = replace(OTHER_RECORD, phone="+1 555 0100", email="grace@example.com")
    assert merge.duplicate_reasons(KEPT, other) == ()


def test_both_reasons_are_given_when_both_hold():
    other = replace(OTHER_RECORD, phone="+44 20 7946 0000", email="ADA@other.example")
    assert merge.duplicate_reasons(KEPT, other) == (SAME_NAME_AND_PHONE, SAME_NAME_AND_EMAIL)


# --- field values ----------------------------------------------------------------------


def test_defaults_keep_the_kept_value_unless_it_is_empty():
    assert merge.default_choices(KEPT, OTHER_RECORD) == {
        "name": KEEP,
        "email": KEEP,
        "phone": KEEP,
        "location": OTHER,  # the kept candidate has none
        "source": KEEP,
    }


def test_choices_are_honoured_and_missing_ones_take_the_default():
    values = merge.chosen_values(KEPT, OTHER_RECORD, {"email": OTHER, "source": OTHER})
    assert values == {
        "name": "Ada Lovelace",
        "email": "ada.lovelace+jobs@mail.example",
        "phone": "+44 20 7946 0000",
        "location": "London, UK",
        "source": "inbound",
    }


def test_an_unknown_choice_is_refused_by_field():
    with pytest.raises(ChoiceProblem) as refused:
        merge.chosen_values(KEPT, OTHER_RECORD, {"phone": "both"})
    assert list(refused.value.errors) == ["phone"]


# --- notes and resume text -------------------------------------------------------------


def test_notes_keep_the_kept_ones_first_then_the_others_under_a_heading():
    notes = plan().notes
    assert notes.startswith("Strong on **evaluation**.\n\n### Merged from Ada Lovelace ")
    assert "(ada.lovelace+jobs@mail.example) on 2025-03-14" in notes
    assert notes.index("Merged from") < notes.index("Asked about remote work.")


def test_values_not_kept_are_written_into_the_merged_notes():
    notes = plan(choices=MergeChoices(fields={"email": OTHER})).notes
    assert "Not kept from either record:" in notes
    assert "email ada@example.com" in notes  # the kept candidate's old address
    assert "phone 020 7946 0000" in notes
    assert "source Inbound" in notes


def test_a_merge_without_notes_on_the_other_side_still_says_where_it_came_from():
    other = replace(
        OTHER_RECORD, notes="", email=KEPT.email, phone=KEPT.phone, source="referral", location=""
    )
    result = plan(other=other)
    assert result.notes == (
        "Strong on **evaluation**.\n\n### Merged from Ada Lovelace (ada@example.com) on 2025-03-14"
    )
    assert result.notes_moving == 0


def test_markdown_in_names_is_shown_as_text_in_the_heading():
    other = replace(OTHER_RECORD, name="Ada *the* Lovelace")
    assert "Ada \\*the\\* Lovelace" in plan(other=other).notes


def test_resume_text_combines_like_notes_and_stays_when_the_other_has_none():
    assert plan().resume_text == (
        "Built a ranking model.\n\n--- Merged from Ada Lovelace "
        "(ada.lovelace+jobs@mail.example) on 2025-03-14 ---\n\nWrote a paper on search."
    )
    assert plan(other=replace(OTHER_RECORD, resume_text="  ")).resume_text == KEPT.resume_text


def test_links_and_tags_are_unioned_and_the_overflow_lands_in_the_notes():
    result = plan()
    assert result.links == ("https://github.com/ada", "https://example.org/paper.pdf")
    assert result.tags == ("pytorch", "ranking", "search")
    assert (result.links_added, result.tags_added) == (1, 1)
    many = replace(OTHER_RECORD, links=tuple(f"https://example.org/{n}" for n in range(12)))
    crowded = plan(other=many)
    assert len(crowded.links) == merge.MAX_LINKS
    assert "<https://example.org/11>" in crowded.notes


@given(
    st.lists(st.sampled_from("abcdefgh"), max_size=8),
    st.lists(st.sampled_from("abcdefgh"), max_size=8),
)
def test_union_keeps_every_item_once_in_order(first, second):
    result = merge.union(first, second)
    assert set(result) == set(first) | set(second)
    assert len(result) == len(set(result))
    assert list(result[: len(set(first))]) == list(dict.fromkeys(first))


@given(st.text(max_size=200), st.text(max_size=200))
def test_combined_notes_always_hold_both_texts(kept_notes, other_notes):
    combined = merge.combined_text(kept_notes, other_notes, "### Heading")
    assert kept_notes.strip() in combined and other_notes.strip() in combined
    assert combined.startswith(kept_notes.strip() or "### Heading")


# --- applications ----------------------------------------------------------------------


def test_the_application_further_along_stays_active_by_default():
    kept = [application(10, 1, 7, "recruiter-screen")]
    others = [application(20, 2, 7, "technical-loop"), application(21, 2, 8, "applied")]
    shared = merge.shared_active_jobs(PIPELINE, kept, others)
    assert [(s.job_id, s.suggested) for s in shared] == [(7, 20)]
    assert merge.suggested_active(shared) == {7: 20}


def test_on_a_tie_the_kept_candidates_application_stays():
    kept = [application(10, 1, 7, "applied")]
    others = [application(20, 2, 7, "applied")]
    assert merge.shared_active_jobs(PIPELINE, kept, others)[0].suggested == 10


def test_closed_applications_never_compete_for_the_active_place():
    kept = [application(10, 1, 7, "rejected", "rejected")]
    others = [application(20, 2, 7, "applied")]
    assert merge.shared_active_jobs(PIPELINE, kept, others) == []


def test_the_plan_closes_the_application_not_chosen():
    kept = [application(10, 1, 7, "offer", history=4, interviews=2)]
    others = [
        application(20, 2, 7, "applied", history=1),
        application(21, 2, 8, "hired", "hired", history=5, interviews=3),
    ]
    result = plan(kept=kept, others=others, choices=MergeChoices(active={7: 20}), files=2)
    assert [a.id for a in result.closing] == [10]
    assert result.stays_active == {7: 20}
    assert [a.id for a in result.moving] == [20, 21]
    assert result.counts() == {
        "applications": 2,
        "stage_changes": 6,
        "interviews": 3,
        "closed": 1,
        "files": 2,
        "notes": 1,
        "tags_added": 1,
        "links_added": 1,
    }


def test_a_shared_job_needs_a_choice_among_its_two_applications():
    kept = [application(10, 1, 7, "offer")]
    others = [application(20, 2, 7, "applied")]
    with pytest.raises(ChoiceProblem) as missing:
        plan(kept=kept, others=others)
    assert list(missing.value.errors) == ["active_7"]
    with pytest.raises(ChoiceProblem):
        plan(kept=kept, others=others, choices=MergeChoices(active={7: 99}))
    with pytest.raises(ChoiceProblem) as stale:
        plan(kept=kept, others=others, choices=MergeChoices(active={7: 10, 8: 30}))
    assert "active" in stale.value.errors


def test_a_candidate_is_never_merged_with_themself():
    with pytest.raises(ChoiceProblem):
        plan(other=replace(OTHER_RECORD, id=KEPT.id))


def test_the_plan_says_which_of_the_kept_fields_change():
    result = plan(choices=MergeChoices(fields={"email": OTHER}))
    assert result.changed_fields == ("email", "location")
    assert result.values["email"] == OTHER_RECORD.email


def test_overlong_combined_notes_are_warned_about_not_cut():
    long_notes = replace(OTHER_RECORD, notes="x" * merge.MAX_NOTES)
    result = plan(other=long_notes)
    assert "x" * merge.MAX_NOTES in result.notes
    assert any("combined notes" in warning for warning in result.warnings)
