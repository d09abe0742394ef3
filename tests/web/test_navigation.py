"""The main navigation marks the section a page belongs to, and only that one."""

from __future__ import annotations

import re

import pytest

from hiring.config import PROJECT_ROOT
from tests.conftest import login
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def app(make_app):
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


def current_entries(html: str) -> list[str]:
    nav = html.split('data-testid="main-nav"')[1].split("</ul>")[0]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


def test_each_page_marks_its_own_section(app, client, users) -> None:
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    job_id = make_job(app, manager)
    candidate_id = make_candidate(app, recruiter)
    make_application(app, recruiter, candidate_id, job_id)
    login(client, manager)
    expected = {
        "/": ["Dashboard"],
        "/jobs": ["Jobs"],
        f"/jobs/{job_id}/board": ["Jobs"],
        "/candidates": ["Candidates"],
        f"/candidates/{candidate_id}": ["Candidates"],
        "/applications": ["Candidates"],
        "/calibration": ["Calibration"],
        "/rubrics": ["Rubrics"],
    }
    for path, entries in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert current_entries(response.get_data(as_text=True)) == entries, path
