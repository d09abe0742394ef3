"""A browser form sent twice (a double click, a resent page, a second tab) creates its
record once: the schedule-interview and new-job forms carry a one-time token, and an
interview's application, round and start time are taken until it is cancelled."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.jobs.models import Job
from hiring.notifications.models import OutboxMessage
from tests.conftest import make_user, post_form
from tests.fixtures.interviews import Setup, coding_setup
from tests.web.test_interviews import outbox, schedule_form, signed_in
from tests.web.test_jobs import NEW_JOB_FORM


@pytest.fixture
def setup(app, users) -> Setup:
    return coding_setup(app, users)


def token_of(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    found = re.search(r'name="submission_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="submission_token" value="([^"]+)"', html
    )
    assert found, "the form carries a one-time token"
    return found.group(1)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_same_schedule_form_sent_twice_schedules_once(app, users, setup):
    second = make_user(app, ("interviewer",), name="Grace Hopper", email="grace@example.com")
    recruiter = signed_in(app, users["recruiter"])
    url = f"/applications/{setup.application_id}/interviews/new"
    form = schedule_form(
        setup,
        interviewer_ids=[users["interviewer"].id, second.id],
        submission_token=token_of(recruiter, url),
    )
    first = post_form(recruiter, url, form)
    again = post_form(recruiter, url, form)

    assert first.status_code == again.status_code == 302
    assert again.headers["Location"].endswith(url)
    assert count(app, Interview) == 1
    messages = outbox(app)
    assert sorted(m.to for m in messages) == sorted([users["interviewer"].email, second.email])
    page = recruiter.get(url).get_data(as_text=True)
    assert "This interview was already scheduled" in page


def test_a_second_tab_cannot_schedule_the_same_round_and_time(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    url = f"/applications/{setup.application_id}/interviews/new"
    tab_one, tab_two = token_of(recruiter, url), token_of(recruiter, url)
    assert tab_one != tab_two
    assert (
        post_form(recruiter, url, schedule_form(setup, submission_token=tab_one)).status_code == 302
    )
    again = post_form(recruiter, url, schedule_form(setup, submission_token=tab_two))

    assert again.status_code == 302
    assert count(app, Interview) == 1
    assert count(app, OutboxMessage) == 1
    page = recruiter.get(url).get_data(as_text=True)
    assert "This interview was already scheduled: Coding on" in page
    assert "no second invite was sent" in page


def test_a_cancelled_interview_frees_its_round_and_time(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    url = f"/applications/{setup.application_id}/interviews/new"
    post_form(recruiter, url, schedule_form(setup, submission_token=token_of(recruiter, url)))
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        interview_id, version = interview.id, interview.version
    post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})
    post_form(recruiter, url, schedule_form(setup, submission_token=token_of(recruiter, url)))
    assert count(app, Interview) == 2


def test_the_new_job_form_sent_twice_opens_one_job(app, users):
    manager = signed_in(app, users["hiring_manager"])
    form = {**NEW_JOB_FORM, "submission_token": token_of(manager, "/jobs/new")}
    first = post_form(manager, "/jobs/new", form)
    again = post_form(manager, "/jobs/new", form)

    assert first.status_code == again.status_code == 302
    assert count(app, Job) == 1
    with app.app_context():
        job_id = db.session.scalar(select(Job.id))
    assert again.headers["Location"].endswith(f"/jobs/{job_id}")
    page = manager.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "This job was already opened" in page
