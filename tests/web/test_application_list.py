"""The list of applications: what a line shows and links to, and filters that stay chosen."""

from __future__ import annotations

import re

import pytest

from hiring.config import PROJECT_ROOT
from tests.conftest import login
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

SELECTS = ("job", "stage", "status", "source", "owner", "sort")


@pytest.fixture
def app(make_app):
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


def chosen(html: str, name: str) -> list[str]:
    """The values selected in the select named ``name``, with its label checked."""
    assert re.search(rf'<label class="form-label" for="{name}">[^<]+</label><select ', html)
    found = re.search(
        rf'<select class="form-select" id="{name}" name="{name}">(.*?)</select>', html
    )
    assert found, name
    return re.findall(r'<option selected value="([^"]*)">', found.group(1))


def test_each_filter_stays_selected_after_filtering(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    recruiter = users["recruiter"]
    make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    login(client, recruiter)
    wanted = {
        "job": str(job_id),
        "stage": "applied",
        "status": "any",
        "source": "referral",
        "owner": str(recruiter.id),
        "sort": "name",
    }
    html = client.get("/applications", query_string=wanted).get_data(as_text=True)
    assert {name: chosen(html, name) for name in SELECTS} == {
        name: [value] for name, value in wanted.items()
    }


def test_a_fresh_list_selects_the_defaults_and_a_job_that_is_no_choice_selects_nothing(
    app, client, users
):
    job_id = make_job(app, users["hiring_manager"])
    recruiter = users["recruiter"]
    make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    login(client, recruiter)
    fresh = client.get("/applications").get_data(as_text=True)
    # Nothing marked on the "Any ..." selects: the browser shows their first option.
    assert {name: chosen(fresh, name) for name in SELECTS} == {
        "job": [],
        "stage": [],
        "status": ["active"],
        "source": [],
        "owner": [],
        "sort": ["longest"],
    }
    gone = client.get(f"/applications?job={job_id + 1000}").get_data(as_text=True)
    assert chosen(gone, "job") == []
    assert "Ada Lovelace" in gone  # a job that is not a choice filters nothing


def test_a_line_links_to_the_candidate_and_the_board_and_names_its_checkbox(app, client, users):
    job_id = make_job(app, users["hiring_manager"], title="Search ranking engineer")
    recruiter = users["recruiter"]
    candidate_id = make_candidate(app, recruiter)
    application_id = make_application(app, recruiter, candidate_id, job_id)
    login(client, recruiter)
    html = client.get("/applications").get_data(as_text=True)
    assert f'<a href="/candidates/{candidate_id}">Ada Lovelace</a>' in html
    assert f'<a href="/jobs/{job_id}/board">Search ranking engineer</a>' in html
    assert (
        f'id="select-{application_id}" aria-label="Select Ada Lovelace for Search ranking engineer"'
        in html
    )
    tags = re.findall(r'<span class="badge text-bg-light border me-1">([^<]+)</span>', html)
    assert tags == ["pytorch", "ranking"]
