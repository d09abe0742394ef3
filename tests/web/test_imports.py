"""Importing candidates through the pages: CSV in four steps, and JSON Resume files."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import func, select

from hiring.audit import AuditEvent
from hiring.candidates.models import Candidate, CandidateTag
from hiring.extensions import db
from hiring.imports import rows, tables
from hiring.imports import services as import_services
from hiring.imports.models import CandidateImport
from hiring.pipeline.models import Application
from tests.conftest import login, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_candidate

HEADER = "Full name,E-mail,Mobile,City,LinkedIn URL,Skills,Source,Comments\n"
TEN_ROWS = HEADER + "".join(
    f"Person {n},person{n}@example.com,+1 555 010{n},Berlin,https://example.org/p{n},"
    f'"ranking, pytorch",referral,Met at the meetup\n'
    for n in range(9)
) + "Nameless Row,not-an-email,,,,,,\n"  # fmt: skip


def candidate_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Candidate.id))) or 0


def upload(client, content: str | bytes, filename: str = "people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return post_form(
        client,
        "/candidates/import",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def import_id_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.search(r"/candidates/import/mapping\?id=(\d+)", response.headers["Location"])
    assert match
    return int(match.group(1))


def mapping_fields(html: str) -> dict[str, str]:
    """The selected option of every column select of the mapping page."""
    fields = {}
    for name, body in re.findall(
        r'<select[^>]*name="(columns-\d+)"[^>]*>(.*?)</select>', html, re.S
    ):
        selected = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)" selected', body
        )
        fields[name] = selected.group(1) if selected else ""
    return fields


def step(client, url: str, import_id: int, mapping: dict[str, str], **extra: str):
    return post_form(
        client, url, {"import_id": str(import_id), "source": "inbound", **mapping, **extra}
    )


@pytest.fixture
def recruiter(client, users):
    login(client, users["recruiter"])
    return users["recruiter"]


def test_ten_rows_one_bad_nine_created_and_the_bad_one_reported(app, client, recruiter):
    import_id = import_id_of(upload(client, TEN_ROWS))
    mapping_page = client.get(f"/candidates/import/mapping?id={import_id}")
    assert mapping_page.status_code == 200
    mapping = mapping_fields(mapping_page.get_data(as_text=True))
    assert mapping == {
        "columns-0": "name",
        "columns-1": "email",
        "columns-2": "phone",
        "columns-3": "location",
        "columns-4": "links",
        "columns-5": "tags",
        "columns-6": "source",
        "columns-7": "notes",
    }

    preview = step(client, "/candidates/import/preview", import_id, mapping)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert html.count('data-outcome="created"') == 9
    assert html.count('data-outcome="refused"') == 1
    assert "&#39;not-an-email&#39; is not an email address." in html
    assert candidate_count(app) == 0  # the dry run creates nothing

    report = step(client, "/candidates/import/run", import_id, mapping)
    html = report.get_data(as_text=True)
    assert report.status_code == 200
    assert html.count('data-outcome="created"') == 9
    assert html.count('data-outcome="refused"') == 1
    assert "Nameless Row" in html and "is not an email address" in html
    assert candidate_count(app) == 9
    with app.app_context():
        person = db.session.scalar(
            select(Candidate).where(Candidate.email == "person3@example.com")
        )
        assert person.name == "Person 3" and person.location == "Berlin"
        assert person.links == ["https://example.org/p3"] and person.source == "referral"
        assert db.session.scalar(select(func.count(CandidateImport.id))) == 0  # removed
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "candidates.imported")
        )
        assert event.details["created"] == 9 and event.details["refused"] == 1
    # The upload is gone: running it again is a clear 404, not a second import.
    again = step(client, "/candidates/import/run", import_id, mapping)
    assert again.status_code == 404 and "Upload the file again" in again.get_data(as_text=True)


def test_mapping_guesses_from_headers(app, client, recruiter):
    content = "First name,Last name,Email address,Phone number,GitHub,Resume,Misc\nA,B,a@b.co,,,,\n"
    import_id = import_id_of(upload(client, content))
    mapping = mapping_fields(
        client.get(f"/candidates/import/mapping?id={import_id}").get_data(as_text=True)
    )
    assert list(mapping.values()) == ["name", "name", "email", "phone", "links", "resume_text", ""]


def test_a_mapping_without_email_comes_back_with_a_message(app, client, recruiter):
    import_id = import_id_of(upload(client, TEN_ROWS))
    response = step(client, "/candidates/import/preview", import_id, {"columns-0": "name"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the column that holds the candidate&#39;s email." in html


def test_merge_fills_blanks_only_and_adds_tags_links_and_the_job(app, client, recruiter, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id = make_candidate(
        app, recruiter, email="ada@example.com", phone="", location="London, UK", tags=("ranking",)
    )
    content = (
        "name,email,phone,location,links,tags\n"
        "Someone Else,ADA@example.com,+44 1234 5678,Paris,https://ada.example.org,"
        '"ranking, evaluation"\n'
    )
    import_id = import_id_of(upload(client, content))
    mapping = {f"columns-{i}": f for i, f in enumerate(
        ["name", "email", "phone", "location", "links", "tags"])}  # fmt: skip
    preview = step(client, "/candidates/import/preview", import_id, mapping, job_id=str(job_id))
    assert 'data-outcome="merged"' in preview.get_data(as_text=True)
    report = step(client, "/candidates/import/run", import_id, mapping, job_id=str(job_id))
    html = report.get_data(as_text=True)
    assert 'data-outcome="merged"' in html and "fills phone" in html
    with app.app_context():
        ada = db.session.get(Candidate, candidate_id)
        assert ada.name == "Ada Lovelace"  # never overwritten
        assert ada.location == "London, UK"
        assert ada.phone == "+44 1234 5678"  # was empty: filled
        assert ada.links == ["https://github.com/ada", "https://ada.example.org"]
        tags = db.session.scalars(
            select(CandidateTag.tag).where(CandidateTag.candidate_id == candidate_id)
        ).all()
        assert sorted(tags) == ["evaluation", "ranking"]
        applications = db.session.scalars(
            select(Application).where(Application.candidate_id == candidate_id)
        ).all()
        assert [a.job_id for a in applications] == [job_id]
    assert candidate_count(app) == 1


def test_a_row_failing_in_the_database_does_not_stop_the_others(
    app, client, recruiter, monkeypatch
):
    """Two rows with one email get past the file check (patched away) and the lookup of
    existing candidates: the unique index refuses the second; its savepoint alone rolls back."""
    monkeypatch.setattr(import_services, "_find_existing", lambda email: None)

    def keep_duplicates(table, mapping, default_source="inbound"):
        plans = []
        for line, values in table.rows:
            candidate, problems = rows.parse_row(table.headers, values, mapping, default_source)
            plans.append(
                rows.RowPlan(
                    line, candidate.name, candidate.email, None if problems else candidate,
                    tuple(problems),
                )
            )  # fmt: skip
        return plans

    monkeypatch.setattr(import_services.rows, "plan_rows", keep_duplicates)
    content = "name,email\nOne,one@example.com\nTwice,one@example.com\nThree,three@example.com\n"
    import_id = import_id_of(upload(client, content))
    mapping = {"columns-0": "name", "columns-1": "email"}
    html = step(client, "/candidates/import/run", import_id, mapping).get_data(as_text=True)
    assert html.count('data-outcome="created"') == 2
    assert html.count('data-outcome="refused"') == 1
    assert "The database refused this row" in html
    with app.app_context():
        names = sorted(db.session.scalars(select(Candidate.name)))
        assert names == ["One", "Three"]
        # Nothing of the refused row: its audit event rolled back with its savepoint.
        created = select(func.count()).where(AuditEvent.action == "candidate.created")
        assert db.session.scalar(created) == 2


def test_a_duplicate_email_inside_the_file_is_refused_naming_the_first_line(app, client, recruiter):
    content = "name,email\nOne,one@example.com\nTwice,ONE@example.com\n"
    import_id = import_id_of(upload(client, content))
    mapping = {"columns-0": "name", "columns-1": "email"}
    html = step(client, "/candidates/import/run", import_id, mapping).get_data(as_text=True)
    assert "The same email is on line 2 of this file." in html
    assert candidate_count(app) == 1


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"name,email\nA,a@b.co\n", "people.xlsx", "This is not a CSV file"),
        ("name,email\nJos\u00e9,j@b.co\n".encode("latin-1"), "latin.csv", "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image.csv", "binary data"),
        (b"", "empty.csv", "The file is empty."),
        (b"name,email\n", "header.csv", "no candidates under it"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    app, client, recruiter, content, filename, message
):
    response = upload(client, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_file_over_the_limit_is_refused(app, client, recruiter, monkeypatch):
    # A small limit: the test client spools big bodies to files it never closes.
    monkeypatch.setattr(tables, "MAX_UPLOAD_BYTES", 10 * 1024)
    response = upload(client, b"name,email\n" + b"x" * (10 * 1024), "big.csv")
    assert response.status_code == 422
    assert "The file is larger than 10 KB; split it" in response.get_data(as_text=True)


def test_the_limit_is_two_megabytes():
    assert tables.MAX_UPLOAD_BYTES == 2 * 1024 * 1024
    assert tables.size_text(tables.MAX_UPLOAD_BYTES) == "2 MB"


def test_utf8_with_a_byte_order_mark_is_read(app, client, recruiter):
    content = "\ufeffname,email\nJos\u00e9,jose@example.com\n".encode()
    import_id = import_id_of(upload(client, content))
    mapping = mapping_fields(
        client.get(f"/candidates/import/mapping?id={import_id}").get_data(as_text=True)
    )
    assert mapping == {"columns-0": "name", "columns-1": "email"}


def test_no_file_at_all_is_refused(app, client, recruiter):
    response = post_form(client, "/candidates/import", {})
    assert response.status_code == 422
    assert "Choose a CSV file to upload." in response.get_data(as_text=True)


def test_an_upload_is_only_usable_by_its_uploader(app, client, users, recruiter):
    import_id = import_id_of(upload(client, TEN_ROWS))
    other = app.test_client()
    login(other, users["hiring_manager"])
    assert other.get(f"/candidates/import/mapping?id={import_id}").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("recruiter", 200), ("hiring_manager", 200), ("admin", 200), ("interviewer", 403)],
)
def test_access_per_role(app, client, users, role, status):
    login(client, users[role])
    assert client.get("/candidates/import").status_code == status
    assert client.get("/candidates/import/json-resume").status_code == status


def test_the_candidates_page_links_to_the_import(app, client, recruiter):
    assert 'href="/candidates/import"' in client.get("/candidates").get_data(as_text=True)


# --- JSON Resume -----------------------------------------------------------------------

RESUME = {
    "basics": {
        "name": "Grace Hopper",
        "email": "Grace@Example.com",
        "phone": "+1 555 0100",
        "url": "https://grace.example.org",
        "location": {"city": "Arlington", "region": "Virginia", "countryCode": "US"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/grace"}],
    },
    "work": [
        {
            "name": "Navy",
            "position": "Research scientist",
            "startDate": "1943",
            "endDate": "1986",
            "highlights": ["Wrote the first compiler"],
        }
    ],
    "education": [{"institution": "Yale", "studyType": "PhD", "area": "Mathematics"}],
    "skills": [{"name": "Compilers", "keywords": ["COBOL", "A-0"]}],
}


def post_resume(client, content: bytes, filename: str = "resume.json", **extra: str):
    return post_form(
        client,
        "/candidates/import/json-resume",
        {"file": (io.BytesIO(content), filename), "source": "sourced", **extra},
        content_type="multipart/form-data",
    )


def test_a_json_resume_creates_a_candidate(app, client, recruiter):
    response = post_resume(client, json.dumps(RESUME).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert 'data-outcome="created"' in html and "Grace Hopper" in html
    with app.app_context():
        grace = db.session.scalar(select(Candidate))
        assert grace.email == "grace@example.com"
        assert grace.location == "Arlington, Virginia, US"
        assert grace.links == ["https://grace.example.org", "https://github.com/grace"]
        assert grace.source == "sourced"
        assert "Research scientist, Navy (1943 to 1986)" in grace.resume_text
        assert "PhD Mathematics, Yale" in grace.resume_text
        assert "Compilers: COBOL, A-0" in grace.resume_text


def test_a_json_resume_for_an_email_on_file_merges(app, client, recruiter):
    candidate_id = make_candidate(app, recruiter, email="grace@example.com", resume_text="")
    html = post_resume(client, json.dumps(RESUME).encode()).get_data(as_text=True)
    assert 'data-outcome="merged"' in html and "fills resume text" in html
    with app.app_context():
        ada = db.session.get(Candidate, candidate_id)
        assert ada.name == "Ada Lovelace" and ada.phone == "+44 20 7946 0000"
        assert "Wrote the first compiler" in ada.resume_text
    assert candidate_count(app) == 1


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"{not json", "resume.json", "not valid JSON (line 1, column 2"),
        (b'{"work": []}', "resume.json", "needs a &#39;basics&#39; object"),
        (json.dumps({"basics": {"name": "No Email"}}).encode(), "resume.json", "email is missing"),
        (json.dumps({"basics": {"email": "x@y.co"}}).encode(), "resume.json", "name is missing"),
        (json.dumps(RESUME).encode(), "resume.txt", "This is not a JSON file"),
        (json.dumps(RESUME).encode(), "../resume.json", "without folders"),
    ],
)
def test_bad_json_resumes_are_refused_with_a_clear_message(
    app, client, recruiter, content, filename, message
):
    response = post_resume(client, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert candidate_count(app) == 0


def test_an_erased_record_is_never_filled_again_by_an_import(app, client, recruiter, users):
    from hiring.accounts import services as accounts
    from hiring.privacy import services as privacy

    candidate_id = make_candidate(app, recruiter, email="grace@example.com")
    with app.app_context():
        privacy.erase_candidate(
            accounts.get_user(users["admin"].id), candidate_id, "grace@example.com"
        )
        placeholder = db.session.get(Candidate, candidate_id).email
    # A CSV row and a JSON Resume carrying the erased record's placeholder address.
    import_id = import_id_of(
        upload(client, f"name,email,phone\nGrace Hopper,{placeholder},+1 555 0100\n")
    )
    mapping = {"columns-0": "name", "columns-1": "email", "columns-2": "phone"}
    for url in ("/candidates/import/preview", "/candidates/import/run"):
        html = step(client, url, import_id, mapping).get_data(as_text=True)
        assert 'data-outcome="refused"' in html and "was erased" in html, url
    resume = {**RESUME, "basics": {**RESUME["basics"], "email": placeholder}}
    html = post_resume(client, json.dumps(resume).encode()).get_data(as_text=True)
    assert 'data-outcome="refused"' in html and "was erased" in html
    with app.app_context():
        erased = db.session.get(Candidate, candidate_id)
        assert (erased.phone, erased.resume_text, erased.links) == ("", "", [])
        assert erased.name != "Grace Hopper"
