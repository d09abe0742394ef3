"""The pure import rules: reading files, guessing the mapping, rows, merges, JSON Resume."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.imports import json_resume, tables
from hiring.imports import rows as csv_rows
from hiring.imports.rows import CREATED, MERGED, REFUSED, ExistingCandidate, ImportedCandidate
from hiring.imports.tables import UploadRefused

MAPPING = ("name", "email", "phone", "tags", "source")


def table(*rows: str, header: str = "name,email,phone,tags,source") -> tables.Table:
    return tables.read_csv("\n".join((header, *rows)) + "\n")


def test_decode_accepts_utf8_with_and_without_bom():
    assert tables.decode_upload("a,b\r\nJosé,x\r\n".encode(), "CSV") == "a,b\nJosé,x\n"
    assert tables.decode_upload("\ufeffa,b\n".encode(), "CSV") == "a,b\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("José".encode("latin-1"), "not UTF-8 text"),
        (b"a\x00b", "binary data"),
        (b"  \n", "empty"),
        (b"x" * (tables.MAX_UPLOAD_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_decode_refuses_what_it_cannot_read(data, message):
    with pytest.raises(UploadRefused, match=message):
        tables.decode_upload(data, "CSV")


@pytest.mark.parametrize(
    ("name", "message"),
    [("a.xlsx", "not a CSV file"), ("dir/a.csv", "without folders"), ("..\\a.csv", "folders")],
)
def test_filenames_are_checked(name, message):
    with pytest.raises(UploadRefused, match=message):
        tables.check_filename(name, (".csv",), "CSV")
    assert tables.check_filename("People.CSV", (".csv",), "CSV") == "People.CSV"


def test_read_csv_skips_blank_lines_pads_short_rows_and_reads_semicolons():
    read = tables.read_csv("name;email\n\nAda;ada@example.com\nBob\n")
    assert read.headers == ("name", "email")
    assert read.rows == ((3, ("Ada", "ada@example.com")), (4, ("Bob", "")))


def test_read_csv_refuses_a_header_without_rows():
    with pytest.raises(UploadRefused, match="no candidates"):
        tables.read_csv("name,email\n")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Full Name", "name"),
        ("E-mail", "email"),
        ("Candidate email", "email"),
        ("Mobile", "phone"),
        ("Phone (work)", "phone"),
        ("City", "location"),
        ("LinkedIn URL", "links"),
        ("Skills", "tags"),
        ("Lead source", "source"),
        ("CV", "resume_text"),
        ("Comments", "notes"),
        ("Salary expectation", ""),
        ("", ""),
    ],
)
def test_guess_field(header, field):
    assert tables.guess_field(header) == field


def test_guess_mapping_gives_single_column_fields_to_their_first_column():
    headers = ("First name", "Last name", "Email", "Personal email", "GitHub", "Website")
    assert tables.guess_mapping(headers) == ("name", "name", "email", "", "links", "links")


def test_mapping_problems():
    headers = ("a", "b", "c")
    assert tables.mapping_problems(headers, ("name", "email", "")) == []
    assert tables.mapping_problems(headers, ("name", "", "")) == [
        "Choose the column that holds the candidate's email."
    ]
    assert (
        "Only one column can fill email"
        in tables.mapping_problems(headers, ("name", "email", "email"))[0]
    )


def test_rows_become_candidates_or_reasons():
    plans = csv_rows.plan_rows(
        table(
            'Ada Lovelace,ADA@example.com,+44 20 7946 0000,"Ranking, PyTorch",Referral',
            ",x@example.com,,,",
            "Bob,not-an-email,,,",
            "Cy,cy@example.com,12,,",
            "Di,di@example.com,,,billboard",
            "Ada again,ada@example.com,,,",
        ),
        MAPPING,
    )
    ada = plans[0].candidate
    assert ada == ImportedCandidate(
        name="Ada Lovelace",
        email="ada@example.com",
        phone="+44 20 7946 0000",
        tags=("ranking", "pytorch"),
        source="referral",
    )
    assert [p.problems for p in plans[1:]] == [
        ("The name is missing.",),
        ("'not-an-email' is not an email address.",),
        ("'12' is not a phone number (fewer than five digits).",),
        (
            "Unknown source 'billboard': use one of Referral, Sourced, Inbound, Agency, Event, "
            "Other or leave it empty.",
        ),
        ("The same email is on line 2 of this file.",),
    ]
    assert all(p.candidate is None for p in plans[1:])


def test_columns_mapped_to_the_same_field_combine():
    read = tables.read_csv(
        "first,last,email,gh,web\nAda,Lovelace,a@b.co,https://gh/a,https://a.org\n"
    )
    [plan] = csv_rows.plan_rows(read, ("name", "name", "email", "links", "links"))
    assert plan.candidate is not None
    assert plan.candidate.name == "Ada Lovelace"
    assert plan.candidate.links == ("https://gh/a", "https://a.org")


def test_merge_fills_blanks_and_adds_tags_and_links_only():
    existing = ExistingCandidate(
        name="Ada", phone="", location="London", links=("https://a",), tags=("ranking",)
    )
    incoming = ImportedCandidate(
        name="Other",
        email="a@b.co",
        phone="+44 1234 5678",
        location="Paris",
        links=("https://a", "https://b"),
        tags=("ranking", "nlp"),
        notes="New note",
    )
    changes = csv_rows.merge_changes(existing, incoming)
    assert dict(changes.fill) == {"phone": "+44 1234 5678", "notes": "New note"}
    assert changes.add_links == ("https://b",) and changes.add_tags == ("nlp",)
    assert changes.describe() == ("fills phone, notes", "adds tags nlp", "adds 1 link")


def test_merge_respects_the_limits():
    existing = ExistingCandidate(name="Ada", tags=tuple(f"t{i}" for i in range(19)))
    changes = csv_rows.merge_changes(
        existing, ImportedCandidate(name="Ada", email="a@b.co", tags=("x", "y", "z"))
    )
    assert changes.add_tags == ("x",)
    assert changes.skipped == ("2 tag(s) left out: at most 20",)


# --- properties ------------------------------------------------------------------------

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
emails = st.sampled_from(["a@example.com", "B@example.com", "b@example.com", "bad", "", "c@x.io"])
rows = st.lists(
    st.tuples(cell, emails, cell, cell, st.sampled_from(["", "referral", "nope", "Agency"])),
    min_size=1,
    max_size=12,
)


@given(rows, st.sets(st.sampled_from(["a@example.com", "b@example.com"])))
def test_every_row_ends_in_exactly_one_outcome(values, existing):
    read = tables.Table(
        headers=("name", "email", "phone", "tags", "source"),
        rows=tuple((i + 2, row) for i, row in enumerate(values)),
    )
    plans = csv_rows.plan_rows(read, MAPPING)
    assert [p.line for p in plans] == [line for line, _ in read.rows]
    outcomes = [csv_rows.outcome_of(plan, existing) for plan in plans]
    assert all(o in (CREATED, MERGED, REFUSED) for o in outcomes)
    for plan, outcome in zip(plans, outcomes, strict=True):
        # Refused exactly when there are reasons, and a refused row carries nothing to write.
        assert (outcome == REFUSED) == bool(plan.problems) == (plan.candidate is None)
        if plan.candidate is not None:
            assert csv_rows.candidate_problems(plan.candidate) == []
    # An email is imported (created or merged) at most once per file.
    kept = [p.candidate.email for p in plans if p.candidate is not None]
    assert len(kept) == len(set(kept))


texts = st.text(max_size=20)
tag_lists = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4, unique=True).map(tuple)


@given(
    st.builds(
        ExistingCandidate,
        name=st.just("Ada"),
        phone=texts,
        location=texts,
        resume_text=texts,
        notes=texts,
        tags=tag_lists,
        links=tag_lists,
    ),
    st.builds(
        ImportedCandidate,
        name=texts,
        email=st.just("a@b.co"),
        phone=texts,
        location=texts,
        resume_text=texts,
        notes=texts,
        tags=tag_lists,
        links=tag_lists,
    ),
)
def test_a_merge_never_overwrites(existing, incoming):
    changes = csv_rows.merge_changes(existing, incoming)
    for name in changes.fill:
        assert not getattr(existing, name).strip()
    assert not set(changes.add_tags) & set(existing.tags)
    assert not set(changes.add_links) & set(existing.links)
    assert "name" not in changes.fill


# --- JSON Resume -----------------------------------------------------------------------


def test_json_resume_becomes_a_candidate_with_readable_resume_text():
    document = {
        "basics": {
            "name": " Grace  Hopper ",
            "email": "Grace@Example.com",
            "url": "https://grace.example.org",
            "summary": "Builds compilers.",
            "location": {"city": "Arlington", "countryCode": "US"},
            "profiles": [{"url": "https://github.com/grace"}, {"network": "X"}],
        },
        "work": [{"name": "Navy", "position": "Scientist", "startDate": "1943"}],
        "education": [{"institution": "Yale", "studyType": "PhD", "area": "Mathematics"}],
        "skills": [{"name": "Compilers", "level": "Master", "keywords": ["COBOL"]}],
    }
    candidate = json_resume.parse_json_resume(json.dumps(document), "sourced")
    assert candidate.name == "Grace Hopper" and candidate.email == "grace@example.com"
    assert candidate.location == "Arlington, US" and candidate.source == "sourced"
    assert candidate.links == ("https://grace.example.org", "https://github.com/grace")
    assert candidate.resume_text == (
        "Summary\nBuilds compilers.\n\n"
        "Work\n- Scientist, Navy (1943 to present)\n\n"
        "Education\n- PhD Mathematics, Yale\n\n"
        "Skills\n- Compilers (Master): COBOL"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "not a JSON Resume"),
        ('{"basics": "x"}', "not a JSON Resume"),
        ('{"basics": {"email": "a@b.co"}}', "name is missing"),
        ('{"basics": {"name": "A", "email": "nope"}}', "not an email address"),
    ],
)
def test_json_resume_problems(text, message):
    with pytest.raises(UploadRefused, match=message):
        json_resume.parse_json_resume(text)
