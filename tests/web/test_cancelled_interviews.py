"""Once an interview is cancelled its interviewers keep a cancellation notice and
nothing of the candidate: the kit, the .ics, My interviews, the dashboard, the brief,
the resume and the scorecards. The people who schedule keep the whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from hiring.accounts import services as accounts
from hiring.candidates import resume_services
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews import scheduling
from hiring.interviews.models import Interview
from hiring.notifications.models import OutboxMessage
from hiring.scorecards import rules
from hiring.scorecards import services as scorecards
from tests.conftest import login, make_user
from tests.fixtures.evaluation import EVIDENCE
from tests.fixtures.interviews import coding_setup, make_interview
from tests.fixtures.resumes import make_pdf

LOCATION = "https://meet.example.com/ada-lovelace-coding"
JOB = "Senior ML engineer, search ranking"


@dataclass(frozen=True)
class Cancelled:
    interview_id: int
    candidate_id: int
    application_id: int
    job_id: int
    round_id: int
    file_id: int


def cancel(app, users, interview_id: int) -> None:
    with app.app_context():
        scheduling.cancel(
            accounts.get_user(users["recruiter"].id), interview_id, expected_version=None
        )


@pytest.fixture
def cancelled(app, users) -> Cancelled:
    """Ada's coding interview with the fixture interviewer, booked in a video room named
    after her, with her resume on file, then cancelled."""
    setup = coding_setup(app, users)
    interview_id = make_interview(app, users["recruiter"], setup.application_id, setup.round_id)
    with app.app_context():
        db.session.execute(
            update(Interview).where(Interview.id == interview_id).values(location=LOCATION)
        )
        db.session.commit()
        file_id = resume_services.upload_resume(
            accounts.get_user(users["recruiter"].id), setup.candidate_id, "ada-cv.pdf", make_pdf()
        ).id
    cancel(app, users, interview_id)
    return Cancelled(
        interview_id,
        setup.candidate_id,
        setup.application_id,
        setup.job_id,
        setup.round_id,
        file_id,
    )


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def assert_nothing_of_the_candidate(text: str, found: Cancelled) -> None:
    for trace in ("Ada", "Lovelace", "ada@example.com", "ranking model", LOCATION):
        assert trace not in text, trace
    assert f"/candidates/{found.candidate_id}" not in text
    assert f"/applications/{found.application_id}/" not in text
    assert f"/interviews/{found.interview_id}/scorecard" not in text


# --- the interviewer: a notice, and nothing else ------------------------------------------


def test_the_kit_is_only_a_cancellation_notice(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    response = interviewer.get(f"/interviews/{cancelled.interview_id}/kit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="cancellation-notice"' in html
    assert "Cancelled: Coding, " in html and "was cancelled" in html
    assert f'href="/interviews/{cancelled.interview_id}.ics"' in html
    assert_nothing_of_the_candidate(html, cancelled)
    # Nothing to prepare with either: no questions, scales or notes space.
    assert 'data-testid="kit-round"' not in html and "Focus skills" not in html


def test_the_round_kit_of_the_loop_never_named_the_candidate(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    url = f"/jobs/{cancelled.job_id}/loop/rounds/{cancelled.round_id}/kit"
    response = interviewer.get(url)
    assert response.status_code == 200  # still staffed on the round, for later interviews
    assert_nothing_of_the_candidate(response.get_data(as_text=True), cancelled)


def test_the_ics_cancels_the_same_event_and_names_nobody(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    response = interviewer.get(f"/interviews/{cancelled.interview_id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert_nothing_of_the_candidate(text.replace("\r\n ", ""), cancelled)
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]) == f"Cancelled: Coding interview ({JOB})"
    # The same event as the invite that was emailed, one sequence later.
    with app.app_context():
        first = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "interview_invite")
        ).one()
        emailed = Calendar.from_ical(first.attachments[0]["content"]).walk("VEVENT")[0]
    assert str(event["uid"]) == str(emailed["uid"])
    assert int(event["sequence"]) > int(emailed["sequence"])


def test_my_interviews_lists_it_as_cancelled_round_and_date(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    response = interviewer.get("/interviews/mine")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    with app.app_context():
        day = db.session.get(Interview, cancelled.interview_id).local_starts_at
    assert f"Cancelled: Coding, {day:%a %Y-%m-%d}" in html
    assert f'data-testid="cancelled-{cancelled.interview_id}"' in html
    assert_nothing_of_the_candidate(html, cancelled)


def test_a_scorecard_submitted_before_the_cancellation_shows_without_links(app, users):
    setup = coding_setup(app, users)
    interview_id = make_interview(app, users["recruiter"], setup.application_id, setup.round_id)
    with app.app_context():
        db.session.execute(
            update(Interview)
            .where(Interview.id == interview_id)
            .values(starts_at=utcnow() - timedelta(hours=3))
        )
        db.session.commit()
    with app.app_context():
        focus = db.session.get(Interview, interview_id).definition["focus_skills"]
        scorecards.save(
            accounts.get_user(users["interviewer"].id),
            interview_id,
            scorecards.ScorecardInput(
                ratings=tuple(
                    rules.RatingInput(skill, "3", EVIDENCE.get(skill, "Wrote it from scratch."))
                    for skill in focus
                ),
                recommendation="yes",
            ),
            expected_version=None,
            submit=True,
        )
    cancel(app, users, interview_id)
    interviewer = signed_in(app, users["interviewer"])
    html = interviewer.get("/interviews/mine").get_data(as_text=True)
    assert "Submitted" in html and "Cancelled: Coding, " in html
    assert "Ada" not in html
    assert f"/applications/{setup.application_id}/scorecards" not in html


def test_the_dashboard_shows_nothing_of_it(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    html = interviewer.get("/").get_data(as_text=True)
    assert "Nothing scheduled for you yet." in html
    assert f"/interviews/{cancelled.interview_id}/kit" not in html
    assert_nothing_of_the_candidate(html, cancelled)


def test_brief_resume_and_scorecards_stay_refused(app, users, cancelled):
    interviewer = signed_in(app, users["interviewer"])
    refused = [
        f"/candidates/{cancelled.candidate_id}",
        f"/candidates/{cancelled.candidate_id}/resumes/{cancelled.file_id}",
        f"/interviews/{cancelled.interview_id}/scorecard",
        f"/applications/{cancelled.application_id}/scorecards",
        f"/applications/{cancelled.application_id}/interviews/new",
    ]
    for url in refused:
        response = interviewer.get(url)
        assert response.status_code == 403, url
        assert_nothing_of_the_candidate(response.get_data(as_text=True), cancelled)
        response.close()


def test_the_cancellation_email_is_a_notice_too(app, users, cancelled):
    with app.app_context():
        (message,) = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "interview_cancelled")
        ).all()
        assert message.to == users["interviewer"].email
        everything = message.subject + message.body + message.attachments[0]["content"]
    assert "Coding" in message.subject and JOB in message.body
    assert_nothing_of_the_candidate(everything.replace("\r\n ", ""), cancelled)


def test_an_interview_still_on_keeps_its_kit_beside_the_notice(app, users, cancelled):
    with app.app_context():
        round_id = db.session.get(Interview, cancelled.interview_id).loop_round_id
    still_on = make_interview(
        app, users["recruiter"], cancelled.application_id, round_id, days_ahead=9
    )
    interviewer = signed_in(app, users["interviewer"])
    kit = interviewer.get(f"/interviews/{still_on}/kit").get_data(as_text=True)
    assert "Ada Lovelace" in kit and 'data-testid="kit-round"' in kit
    mine = interviewer.get("/interviews/mine").get_data(as_text=True)
    assert f'href="/interviews/{still_on}/kit"' in mine and "Cancelled: Coding, " in mine
    notice = interviewer.get(f"/interviews/{cancelled.interview_id}/kit").get_data(as_text=True)
    assert "Ada" not in notice


def test_my_interviews_runs_the_same_queries_with_1_or_12_cancelled(
    app, users, cancelled, count_queries
):
    client = signed_in(app, users["interviewer"])
    client.get("/interviews/mine")
    with count_queries() as few:
        assert client.get("/interviews/mine").status_code == 200
    for days in range(8, 19):
        interview_id = make_interview(
            app, users["recruiter"], cancelled.application_id, cancelled.round_id, days_ahead=days
        )
        cancel(app, users, interview_id)
    with count_queries() as many:
        html = client.get("/interviews/mine").get_data(as_text=True)
    assert html.count("Cancelled: Coding, ") == 12
    assert many.count == few.count, many.statements


# --- the people who schedule keep the history ---------------------------------------------


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_schedulers_still_see_the_cancelled_interview_with_the_candidate(
    app, users, cancelled, role
):
    client = signed_in(app, users[role])
    kit = client.get(f"/interviews/{cancelled.interview_id}/kit")
    html = kit.get_data(as_text=True)
    assert kit.status_code == 200
    assert 'data-testid="kit-round"' in html and "<strong>cancelled</strong>" in html
    assert "Ada Lovelace" in html and f'href="/candidates/{cancelled.candidate_id}"' in html
    assert LOCATION in html
    page = client.get(f"/applications/{cancelled.application_id}/interviews/new")
    assert "cancelled" in page.get_data(as_text=True)
    # The calendar file is the cancellation whoever downloads it.
    ics = client.get(f"/interviews/{cancelled.interview_id}.ics")
    assert ics.status_code == 200 and b"METHOD:CANCEL" in ics.data


def test_an_interviewer_who_also_schedules_keeps_the_whole_record(app, users):
    setup = coding_setup(app, users)
    both = make_user(app, ("interviewer", "recruiter"), name="Both Roles")
    interview_id = make_interview(
        app, users["recruiter"], setup.application_id, setup.round_id, interviewer_ids=(both.id,)
    )
    cancel(app, users, interview_id)
    client = signed_in(app, both)
    html = client.get(f"/interviews/{interview_id}/kit").get_data(as_text=True)
    assert "Ada Lovelace" in html and 'data-testid="kit-round"' in html
