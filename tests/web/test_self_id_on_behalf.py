"""A recruiter records the self-identification a candidate gave them, on their behalf.

The answers are stored (source recruiter_on_behalf) and counted in the adverse-impact
report, but never read back: not on the form, the candidate's page, the audit log or
the API's candidate record.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.candidates.models import CandidateSelfIdentification
from hiring.extensions import db
from hiring.reports import services as reports
from hiring.reports.types import ReportFilter
from tests.api.conftest import API, issue_token
from tests.conftest import login, make_user, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

ANSWERS = {
    "gender": "non_binary",
    "ethnicity": "native_hawaiian_pacific_islander",
    "veteran_status": "veteran",
    "disability_status": "",
}
# What the answers read as; none of it may appear outside the form's own choices.
LABELS = ("Non-binary", "Native Hawaiian or other Pacific Islander", "I am a veteran")


@pytest.fixture
def people(app):
    recruiter = make_user(app, ("recruiter",), name="Rae Cruiter")
    manager = make_user(app, ("hiring_manager",), name="Hana Manager")
    candidate_id = make_candidate(app, recruiter)
    return recruiter, manager, candidate_id


def url(candidate_id: int) -> str:
    return f"/candidates/{candidate_id}/self-identification"


def stored(app, candidate_id):
    with app.app_context():
        row = db.session.scalar(
            select(CandidateSelfIdentification).where(
                CandidateSelfIdentification.candidate_id == candidate_id
            )
        )
        db.session.expunge_all()
        return row


def version_on(html: str) -> str:
    match = re.search(r'id="version" name="version" type="hidden" value="([^"]*)"', html)
    assert match, "the form carries no version"
    return match.group(1)


def selected_answers(html: str) -> list[str]:
    return re.findall(r'<option selected value="([^"]+)"', html)


def save(client, candidate_id, version="", confirmed=True, **answers):
    data = {**ANSWERS, **answers, "version": version}
    if confirmed:
        data["confirmed"] = "y"
    return post_form(client, url(candidate_id), data)


def test_the_candidate_page_links_to_the_form_for_recruiters(app, client, people):
    recruiter, _, candidate_id = people
    login(client, recruiter)
    html = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert "Record self-identification the candidate gave you" in html
    page = client.get(url(candidate_id)).get_data(as_text=True)
    assert "only when Ada Lovelace gave you these answers themselves" in page
    assert "The candidate gave me these answers" in page
    assert "No self-identification is recorded" in page


def test_hiring_managers_neither_see_the_link_nor_open_the_form(app, client, people):
    _, manager, candidate_id = people
    login(client, manager)
    html = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert "Record self-identification" not in html
    assert client.get(url(candidate_id)).status_code == 403
    assert save(client, candidate_id).status_code == 403
    assert stored(app, candidate_id) is None


def test_without_the_confirmation_nothing_is_stored_and_the_choices_stay(app, client, people):
    recruiter, _, candidate_id = people
    login(client, recruiter)
    response = save(client, candidate_id, confirmed=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick &#39;The candidate gave me these answers&#39;" in html
    assert sorted(selected_answers(html)) == sorted(v for v in ANSWERS.values() if v)
    assert stored(app, candidate_id) is None


def test_every_question_skipped_is_refused(app, client, people):
    recruiter, _, candidate_id = people
    login(client, recruiter)
    empty = dict.fromkeys(ANSWERS, "")
    response = save(client, candidate_id, **empty)
    assert response.status_code == 422
    assert "Choose at least one answer" in response.get_data(as_text=True)
    assert stored(app, candidate_id) is None


def test_saved_with_its_source_and_never_shown_back(app, client, people):
    recruiter, _, candidate_id = people
    login(client, recruiter)
    response = save(client, candidate_id)
    assert response.status_code == 302
    row = stored(app, candidate_id)
    assert row.source == "recruiter_on_behalf"
    assert row.recorded_by_user_id == recruiter.id
    assert (row.gender, row.ethnicity, row.veteran_status, row.disability_status) == (
        "non_binary",
        "native_hawaiian_pacific_islander",
        "veteran",
        "",
    )
    form_page = client.get(url(candidate_id)).get_data(as_text=True)
    assert "recorded on their behalf" in form_page
    assert selected_answers(form_page) == []  # the form starts empty: nothing read back
    candidate_page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert not [label for label in LABELS if label in candidate_page]
    with app.app_context():
        events = list(
            db.session.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "candidate.self_identification_recorded"
                )
            )
        )
        logged = [(e.actor_id, e.object_id, e.summary, repr(e.details)) for e in events]
    assert len(logged) == 1 and logged[0][:2] == (recruiter.id, str(candidate_id))
    for key in ("non_binary", "native_hawaiian", 'veteran"', "veteran'"):
        assert key not in logged[0][2] + logged[0][3]
    api = client.get(
        f"{API}/candidates/{candidate_id}", headers=issue_token(app, recruiter).headers
    )
    assert api.status_code == 200
    body = api.get_data(as_text=True)
    assert not [
        key for key in ("non_binary", "native_hawaiian", "self_identification") if key in body
    ]


def test_replacing_the_candidates_own_answers_is_noted_in_the_audit(app, client, people):
    recruiter, _, candidate_id = people
    with app.app_context():
        db.session.add(
            CandidateSelfIdentification(
                candidate_id=candidate_id, gender="woman", source="candidate"
            )
        )
        db.session.commit()
    login(client, recruiter)
    page = client.get(url(candidate_id)).get_data(as_text=True)
    assert "answered these questions themselves" in page
    assert "Woman</option>" in page and selected_answers(page) == []
    assert save(client, candidate_id, version=version_on(page)).status_code == 302
    assert stored(app, candidate_id).gender == "non_binary"
    with app.app_context():
        summary = db.session.scalar(
            select(AuditEvent.summary).where(
                AuditEvent.action == "candidate.self_identification_recorded"
            )
        )
    assert "replacing their own answers" in summary


def test_a_stale_form_gets_a_conflict_and_keeps_the_choices(app, client, people):
    recruiter, _, candidate_id = people
    login(client, recruiter)
    stale = version_on(client.get(url(candidate_id)).get_data(as_text=True))
    other = app.test_client()
    login(other, make_user(app, ("recruiter",)))
    assert save(other, candidate_id, gender="woman").status_code == 302
    response = save(client, candidate_id, version=stale, gender="man")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "after you opened the form" in html
    assert "man" in selected_answers(html)
    assert stored(app, candidate_id).gender == "woman"
    # Saving again, now knowingly, replaces the other recruiter's answers.
    assert save(client, candidate_id, version=version_on(html), gender="man").status_code == 302
    assert stored(app, candidate_id).gender == "man"


def test_the_adverse_impact_report_counts_answers_recorded_on_behalf(app, client, people):
    recruiter, manager, _ = people
    job_id = make_job(app, manager, title="Job A")
    login(client, recruiter)
    for number in range(10):
        candidate_id = make_candidate(
            app, recruiter, name=f"Person {number}", email=f"p{number}@example.org", phone=""
        )
        make_application(app, recruiter, candidate_id, job_id)
        gender = "woman" if number < 5 else "man"
        assert save(client, candidate_id, gender=gender).status_code == 302
    with app.app_context():
        report = reports.run_report(accounts.get_user(manager.id), "adverse-impact", ReportFilter())
        db.session.remove()
    counts = {
        row["group"]: row["applications"]
        for row in report.rows
        if row["dimension_id"] == "gender" and row["step_id"] == "hire_decision"
    }
    assert counts == {"Woman": 5, "Man": 5}
