"""Bad input on the web pages is a clear 4xx, never a 500, and writes nothing.

Each case returned 500 once. The ones that depend on the database (ids past its
integer, NUL characters) also run on PostgreSQL with DATABASE_URL set.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from flask import request
from sqlalchemy import select

from hiring.candidates.models import Candidate
from hiring.config import PROJECT_ROOT
from hiring.extensions import csrf, db
from hiring.imports import rows
from hiring.pipeline.models import Application
from tests.conftest import csrf_token, login, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import ADA, make_application, make_candidate
from tests.web.test_imports import RESUME, post_resume

NUL_MESSAGE = "holds a NUL character"


@pytest.fixture
def app(make_app):
    """The shipped rubrics: their pipeline has every stage from applied to hired."""
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


@pytest.fixture
def setup(app, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id = make_candidate(app, users["recruiter"])
    application_id = make_application(app, users["recruiter"], candidate_id, job_id)
    return job_id, candidate_id, application_id


def candidates(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.execute(select(Candidate.name, Candidate.location, Candidate.resume_text))
        return [tuple(row) for row in rows]


def stage_of(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).stage


# --- ids past the database's integer -------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/candidates/9223372036854775808",
        "/candidates/2147483648",
        "/jobs/2147483648",
        "/jobs/99999999999999999999/board",
        "/applications/9223372036854775807/scorecards",
        "/candidates/" + "9" * 5000,
        "/candidates/0",
    ],
)
def test_an_id_past_the_database_integer_is_not_found(client, users, setup, url):
    login(client, users["admin"])
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_moving_an_application_past_the_integer_is_not_found(client, users, setup):
    login(client, users["admin"])
    response = post_form(
        client, "/applications/99999999999999999999/move", {"target": "overview", "version": "1"}
    )
    assert response.status_code == 404


def test_the_largest_id_still_reaches_the_view(client, users, setup):
    login(client, users["admin"])
    assert client.get("/candidates/2147483647").status_code == 404  # no such candidate
    assert client.get(f"/candidates/{setup[1]}").status_code == 200


def test_other_digits_and_huge_numbers_in_forms_are_ignored(app, client, users, setup):
    """Unicode digits pass str.isdigit() but not int(); huge ones overflow the database."""
    application_id = setup[2]
    login(client, users["admin"])
    for value in ("²", "٣", "99999999999999999999", "9223372036854775808"):
        response = post_form(
            client,
            "/applications/bulk",
            {"ids": [value, str(application_id)], "action": "move", "target": "overview"},
        )
        assert response.status_code == 302, value
        listed = client.get(f"/applications?job={value}&owner={value}&page={value}")
        assert listed.status_code == 200, value
    assert stage_of(app, application_id) == "overview"


# --- NUL characters ---------------------------------------------------------------------


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(app, client, users):
    login(client, users["recruiter"])
    before = candidates(app)
    response = post_form(
        client,
        "/candidates/new",
        {"name": "Ada\x00 Lovelace", "email": "ada@example.com", "source": "referral"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert NUL_MESSAGE in html and "“name”" in html and "Traceback" not in html
    assert candidates(app) == before


def test_a_nul_in_the_search_box_is_refused(client, users, setup):
    login(client, users["recruiter"])
    for url in ("/applications?q=ada%00", "/candidates?q=%00", "/rubrics?q=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert NUL_MESSAGE in response.get_data(as_text=True) and "“search”" in response.get_data(
            as_text=True
        )


def test_a_nul_in_the_sign_in_email_is_refused(client, users):
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={"email": users["admin"].email + "\x00", "password": "x", "csrf_token": token},
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_path_segment_is_not_found(client, users):
    assert client.get("/invitations/abc%00def").status_code == 404
    assert client.get("/careers/abc%00def").status_code == 404


def test_a_nul_in_an_uploaded_file_name_is_refused(app, client, users, setup):
    login(client, users["recruiter"])
    response = post_form(
        client,
        f"/candidates/{setup[1]}/resumes",
        {"file": (io.BytesIO(b"%PDF-1.4"), "cv\x00.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in response.get_data(as_text=True)


# --- the JSON Resume import follows the API's rules --------------------------------------


@pytest.fixture
def recruiter(client, users):
    login(client, users["recruiter"])
    return users["recruiter"]


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("name", "Grace\x00 Hopper"),
        ("name", "Grace\x07 Hopper"),
        ("name", "Grace\x1b[31m Hopper"),
        ("name", "Grace \u202eHopper"),
        ("summary", "Navy\x00"),
        ("city", "Arlington\x1b"),
        ("highlight", "Wrote \u2066the first compiler"),
    ],
)
def test_a_json_resume_with_characters_the_api_refuses_is_refused(
    app, client, recruiter, where, value
):
    document = json.loads(json.dumps(RESUME))
    if where in ("name", "summary"):
        document["basics"][where] = value
    elif where == "city":
        document["basics"]["location"]["city"] = value
    else:
        document["work"][0]["highlights"] = [value]
    response = post_resume(client, json.dumps(document).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert "cannot be imported" in html and "character" in html
    assert candidates(app) == []


def test_a_json_resume_sent_as_another_type_is_refused(app, client, recruiter):
    response = post_form(
        client,
        "/candidates/import/json-resume",
        {"file": (io.BytesIO(json.dumps(RESUME).encode()), "resume.json", "text/plain")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not as JSON" in html
    assert candidates(app) == []


def test_a_json_resume_nested_too_deep_is_refused(app, client, recruiter):
    content = b'{"basics": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = post_resume(client, content)
    assert response.status_code == 422
    assert "nests deeper than" in response.get_data(as_text=True)
    assert candidates(app) == []


def test_a_csv_row_follows_the_same_rules():
    assert rows.candidate_problems(replace(ADA, name="Ada\x1b Lovelace", email="a@b.co"))
    assert rows.candidate_problems(replace(ADA, email="a@b.co", notes="\x00"))
    assert rows.candidate_problems(replace(ADA, email="a@b.co")) == []


# --- redirect targets ---------------------------------------------------------------------


@pytest.mark.parametrize("back", ["job=1\r\nSet-Cookie: x=1", "job=1\n", "q=\x7f"])
def test_a_bulk_action_with_a_bad_back_target_changes_nothing(app, client, users, setup, back):
    _, _, application_id = setup
    login(client, users["recruiter"])
    response = post_form(
        client,
        "/applications/bulk",
        {"ids": [application_id], "action": "move", "target": "overview", "back": back},
    )
    assert response.status_code == 400
    assert stage_of(app, application_id) == "applied"


def test_a_bulk_action_goes_back_to_the_filtered_list(app, client, users, setup):
    job_id, _, application_id = setup
    login(client, users["recruiter"])
    response = post_form(
        client,
        "/applications/bulk",
        {"ids": [application_id], "action": "move", "target": "overview", "back": f"job={job_id}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/applications?job={job_id}"


@pytest.mark.parametrize("target", ["/account\r\nSet-Cookie: x=1", "/account\n", "/\x00"])
def test_signing_in_with_a_bad_next_target_goes_home(client, users, target):
    token = csrf_token(client, "/login")
    user = users["admin"]
    response = client.post(
        "/login",
        data={"email": user.email, "password": user.password, "next": target, "csrf_token": token},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/"


# --- JSON bodies --------------------------------------------------------------------------


def test_deep_json_is_a_bad_request_wherever_flask_parses_it(app):
    @app.post("/deep-json-probe")
    @csrf.exempt
    def probe():
        return {"kind": type(request.get_json()).__name__}

    client = app.test_client()
    deep = "[" * 5000 + "]" * 5000
    response = client.post("/deep-json-probe", data=deep, content_type="application/json")
    assert response.status_code == 400
    fine = client.post("/deep-json-probe", data="[[1]]", content_type="application/json")
    assert fine.get_json() == {"kind": "list"}
