"""Scheduling interviews: the pinned round, question exposure, "My interviews", kits,
invites, validation and who may see what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews import scheduling
from hiring.interviews import services as interviews
from hiring.interviews.models import Interview
from hiring.loops import editing
from hiring.loops import services as loops
from hiring.loops.models import LoopRound, QuestionExposure
from hiring.notifications.models import OutboxMessage
from tests.conftest import login, make_user, post_form
from tests.fixtures.interviews import Setup, coding_setup
from tests.fixtures.jobs import make_job
from tests.fixtures.smtp import mail_config, running_smtp

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def setup(app, users) -> Setup:
    return coding_setup(app, users)


def future_day(days: int = 5) -> str:
    return (utcnow() + timedelta(days=days)).astimezone(BERLIN).date().isoformat()


def schedule_form(setup: Setup, **changes) -> dict:
    form = {
        "loop_round_id": str(setup.round_id),
        "date": future_day(),
        "time": "10:30",
        "time_zone": "Europe/Berlin",
        "duration": "",
        "location": "https://meet.example.com/ada",
    }
    form.update(changes)
    return form


def schedule_directly(app, users, setup: Setup, days: int = 5, **changes) -> int:
    values = {
        "loop_round_id": setup.round_id,
        "date": future_day(days),
        "time": "10:30",
        "time_zone": "Europe/Berlin",
        "location": "Room 4.12",
        **changes,
    }
    with app.app_context():
        interview = scheduling.schedule(
            accounts.get_user(users["recruiter"].id),
            setup.application_id,
            scheduling.InterviewInput(**values),
        )
        return interview.id


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_a_recruiter_schedules_an_interview_pinned_to_the_round(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    page = recruiter.get(f"/applications/{setup.application_id}/interviews/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Schedule interview" in html and "Europe/Berlin" in html
    assert f"{users['interviewer'].name} (assigned: Coding)" in html

    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/interviews/new",
        schedule_form(setup),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        interview = db.session.scalar(
            select(Interview).options(selectinload(Interview.interviewers))
        )
        loop_round = db.session.get(LoopRound, setup.round_id)
        assert interview.definition == loop_round.definition()
        assert interview.loop_round_id == setup.round_id
        assert interview.duration == loop_round.duration  # the round's, left empty
        assert interview.time_zone == "Europe/Berlin"
        local = datetime.fromisoformat(f"{future_day()}T10:30").replace(tzinfo=BERLIN)
        assert interview.starts_at == local.astimezone(UTC)
        assert interview.starts_at.tzinfo is not None
        assert [u.id for u in interview.interviewers] == [users["interviewer"].id]
        assert interview.status == "scheduled"
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "interview.scheduled")
        ).all()
        # Audit summaries name candidates by id only, so erasure leaves nothing behind.
        assert len(events) == 1 and "candidate #" in events[0].summary
        assert "Ada Lovelace" not in events[0].summary
    listed = recruiter.get(f"/applications/{setup.application_id}/interviews/new")
    assert "Coding" in listed.get_data(as_text=True)
    assert "Download invite (.ics)" in listed.get_data(as_text=True)


def test_the_rounds_interviewers_are_the_default(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    with app.app_context():
        interview = interviews.get_interview(accounts.get_user(users["recruiter"].id), interview_id)
        assert [u.id for u in interview.interviewers] == [users["interviewer"].id]


def test_chosen_interviewers_replace_the_default(app, users, setup):
    second = make_user(app, ("interviewer",), name="Second Interviewer")
    interview_id = schedule_directly(app, users, setup, interviewer_ids=(second.id,))
    with app.app_context():
        interview = interviews.get_interview(accounts.get_user(second.id), interview_id)
        assert interview.interviewer_ids == {second.id}


def test_each_pinned_question_counts_once_toward_exposure(app, users, setup):
    with app.app_context():
        questions = [q["id"] for q in db.session.get(LoopRound, setup.round_id).questions]
    assert questions
    schedule_directly(app, users, setup)
    schedule_directly(app, users, setup, days=6)
    with app.app_context():
        rows = {
            row.question_id: row
            for row in db.session.scalars(
                select(QuestionExposure).where(QuestionExposure.question_id.in_(questions))
            )
        }
        assert {qid: rows[qid].times_asked for qid in questions} == dict.fromkeys(questions, 2)
        assert all(rows[qid].last_asked_at is not None for qid in questions)


def test_the_pinned_kit_survives_changing_and_dropping_the_round(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    with app.app_context():
        before = db.session.get(Interview, interview_id).definition
        db.session.remove()
    asked = before["questions"][0]["question"]
    manager = users["hiring_manager"]
    # The loop changes: the round loses its questions and gets a new length...
    with app.app_context():
        actor = accounts.get_user(manager.id)
        loop_round = db.session.get(LoopRound, setup.round_id)
        editing.update_round(
            actor,
            setup.job_id,
            setup.round_id,
            expected_version=None,
            changes=editing.RoundChanges(
                focus_skills=list(loop_round.focus_skills),
                question_ids=[],
                duration=90,
                interviewer_ids=[users["interviewer"].id],
            ),
        )
    interviewer = signed_in(app, users["interviewer"])
    kit = interviewer.get(f"/interviews/{interview_id}/kit").get_data(as_text=True)
    assert asked in kit
    assert "Shows coding unaided and explains the trade-offs made." in kit  # anchored scale
    # ...and is then dropped altogether.
    with app.app_context():
        editing.drop_round(
            accounts.get_user(manager.id), setup.job_id, setup.round_id, expected_version=None
        )
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert interview.loop_round_id is None
        assert interview.definition == before
        assert db.session.get(LoopRound, setup.round_id) is None
    response = interviewer.get(f"/interviews/{interview_id}/kit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert asked in html
    candidate_link = f'<a href="/candidates/{setup.candidate_id}">Ada Lovelace</a>'
    assert f'data-testid="kit-candidate">{candidate_link}<' in html
    assert f"{before['duration']} minutes" in html
    assert "My interviews" in interviewer.get("/interviews/mine").get_data(as_text=True)


def test_the_interviewer_sees_it_on_my_interviews_with_kit_and_invite(app, users, setup):
    interview_id = schedule_directly(app, users, setup, location="https://meet.example.com/x")
    interviewer = signed_in(app, users["interviewer"])
    home = interviewer.get("/").get_data(as_text=True)
    assert "Your upcoming interviews" in home and "Ada Lovelace" in home
    assert 'href="/interviews/mine"' in home  # the nav entry
    page = interviewer.get("/interviews/mine")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ada Lovelace" in html and "Senior ML engineer, search ranking" in html
    assert "Coding" in html and "Europe/Berlin" in html and "10:30" in html
    assert f'href="/interviews/{interview_id}/kit"' in html
    assert f'href="/interviews/{interview_id}.ics"' in html

    invite = interviewer.get(f"/interviews/{interview_id}.ics")
    assert invite.status_code == 200
    assert invite.mimetype == "text/calendar"
    assert "attachment" in invite.headers["Content-Disposition"]
    event = Calendar.from_ical(invite.data).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (10, 30)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert str(event["summary"]) == (
        "Interview: Ada Lovelace \u2013 Coding (Senior ML engineer, search ranking)"
    )
    assert str(event["attendee"]) == f"mailto:{users['interviewer'].email}"
    assert f"/interviews/{interview_id}/kit" in str(event["description"])
    assert str(event["url"]) == "https://meet.example.com/x"


def test_another_interviewer_sees_nothing_of_it(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    stranger = make_user(app, ("interviewer",), name="Not On It")
    client = signed_in(app, stranger)
    assert "Ada Lovelace" not in client.get("/interviews/mine").get_data(as_text=True)
    assert "Ada Lovelace" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/interviews/{interview_id}/kit").status_code == 403
    assert client.get(f"/interviews/{interview_id}.ics").status_code == 403
    assert client.get("/interviews/9999/kit").status_code == 404
    assert client.get(f"/applications/{setup.application_id}/interviews/new").status_code == 403
    assert client.get(f"/candidates/{setup.candidate_id}").status_code == 403


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_schedulers_see_every_interview(app, users, setup, role):
    interview_id = schedule_directly(app, users, setup)
    client = signed_in(app, users[role])
    assert client.get(f"/applications/{setup.application_id}/interviews/new").status_code == 200
    assert client.get(f"/interviews/{interview_id}/kit").status_code == 200
    assert client.get(f"/interviews/{interview_id}.ics").status_code == 200
    assert client.get("/interviews/mine").status_code == 403  # not interviewers


def test_the_candidate_page_and_board_link_to_scheduling(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    target = f'href="/applications/{setup.application_id}/interviews/new"'
    assert target in recruiter.get(f"/candidates/{setup.candidate_id}").get_data(as_text=True)
    assert target in recruiter.get(f"/jobs/{setup.job_id}/board").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2020-01-01"}, "date", "Choose a date and time in the future."),
        ({"date": "next tuesday"}, "date", "Enter the date as YYYY-MM-DD."),
        ({"time": "25:00"}, "time", "Enter the time as HH:MM"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Choose a time zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone", "Choose a time zone"),
        ({"time_zone": "America"}, "time_zone", "Choose a time zone"),  # a directory
        ({"loop_round_id": ""}, "loop_round_id", "Choose a round of this job"),
        ({"duration": "5"}, "duration", "Number must be between 10 and 480."),
        ({"location": "x" * 501}, "location", "Field cannot be longer than 500 characters."),
    ],
)
def test_bad_input_comes_back_with_messages_and_keeps_what_was_typed(
    app, users, setup, changes, field, message
):
    recruiter = signed_in(app, users["recruiter"])
    form = schedule_form(setup, **{"location": "Room 4.12", **changes})
    response = post_form(recruiter, f"/applications/{setup.application_id}/interviews/new", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'id="{field}-error"' in html or 'data-testid="form-errors"' in html
    assert 'value="Room 4.12"' in html or field == "location"
    assert f'value="{form["time"]}"' in html
    with app.app_context():
        assert db.session.scalar(select(Interview)) is None


def test_a_time_skipped_by_daylight_saving_is_refused(app, users, setup):
    # 02:30 never happens in Berlin on the last Sunday of March.
    with app.app_context(), pytest.raises(scheduling.ValidationFailed) as caught:
        scheduling.schedule(
            accounts.get_user(users["recruiter"].id),
            setup.application_id,
            scheduling.InterviewInput(
                loop_round_id=setup.round_id,
                date="2099-03-29",
                time="02:30",
                time_zone="Europe/Berlin",
            ),
        )
    assert "does not exist" in caught.value.errors["time"][0]


def test_a_round_nobody_staffs_needs_interviewers(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/interviews/new",
        schedule_form(setup, loop_round_id=str(setup.other_round_id)),
    )
    assert response.status_code == 422
    assert "Choose at least one interviewer" in response.get_data(as_text=True)


def test_a_round_of_another_job_is_refused(app, users, setup):
    other_job = make_job(app, users["hiring_manager"], title="Data engineer")
    with app.app_context():
        foreign = (
            loops.get_loop(accounts.get_user(users["hiring_manager"].id), other_job)
            .loop.rounds[0]
            .id
        )
    recruiter = signed_in(app, users["recruiter"])
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/interviews/new",
        schedule_form(setup, loop_round_id=str(foreign), interviewer_ids=[users["interviewer"].id]),
    )
    assert response.status_code == 422
    assert "Choose a round of this job" in response.get_data(as_text=True)


def test_a_cancelled_interview_stays_listed_as_cancelled(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Interview, interview_id).version
    response = post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Interview, interview_id).status == "cancelled"
    stale = post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})
    assert stale.status_code == 302
    interviewer = signed_in(app, users["interviewer"])
    assert "cancelled" in interviewer.get("/interviews/mine").get_data(as_text=True)
    assert "Ada Lovelace" not in interviewer.get("/").get_data(as_text=True)
    event = Calendar.from_ical(interviewer.get(f"/interviews/{interview_id}.ics").data)
    assert str(event.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_upcoming_come_first_then_past(app, users, setup):
    future_id = schedule_directly(app, users, setup, days=3)
    later_id = schedule_directly(app, users, setup, days=9)
    past_id = schedule_directly(app, users, setup, days=4)
    with app.app_context():
        past = db.session.get(Interview, past_id)
        past.starts_at = utcnow() - timedelta(days=2)
        db.session.commit()
        mine = interviews.interviews_of(accounts.get_user(users["interviewer"].id))
        assert [i.id for i in mine.upcoming] == [future_id, later_id]
        assert [i.id for i in mine.past] == [past_id]


def test_my_interviews_runs_the_same_queries_for_1_or_30(app, users, setup, count_queries):
    schedule_directly(app, users, setup)
    client = signed_in(app, users["interviewer"])
    client.get("/interviews/mine")
    with count_queries() as few:
        assert client.get("/interviews/mine").status_code == 200
    for days in range(6, 35):
        schedule_directly(app, users, setup, days=days)
    with count_queries() as many:
        html = client.get("/interviews/mine").get_data(as_text=True)
    assert html.count("data-interview=") == 30
    assert many.count == few.count, many.statements


# --- invites by email ------------------------------------------------------------------
# Scheduling or cancelling emails each interviewer the calendar invite through the
# outbox (queued in the scheduling transaction, sent later by ``notifications send``).


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def event_of(message: OutboxMessage):
    (attachment,) = message.attachments
    calendar = Calendar.from_ical(attachment["content"])
    return attachment, calendar, calendar.walk("VEVENT")[0]


def test_scheduling_queues_one_invite_per_interviewer_with_the_ics(app, users, setup):
    second = make_user(app, ("interviewer",), name="Grace Hopper", email="grace@example.com")
    recruiter = signed_in(app, users["recruiter"])
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/interviews/new",
        schedule_form(setup, interviewer_ids=[users["interviewer"].id, second.id]),
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    messages = outbox(app)
    assert sorted(m.to for m in messages) == sorted([users["interviewer"].email, second.email])
    for message in messages:
        assert message.kind == "interview_invite"
        assert message.subject.startswith("Interview: Ada Lovelace, Coding on ")
        assert "(Europe/Berlin)" in message.subject
        assert "You are interviewing Ada Lovelace" in message.body
        assert "Join: https://meet.example.com/ada" in message.body
        assert "/interviews/1/kit" in message.body
        attachment, calendar, event = event_of(message)
        assert attachment["filename"] == "interview-1.ics"
        assert attachment["content_type"] == "text/calendar; method=REQUEST"
        assert str(calendar["method"]) == "REQUEST"
        assert event["dtstart"].dt.tzinfo.key == "Europe/Berlin"
        assert event["dtstart"].dt.strftime("%H:%M") == "10:30"
        attendees = sorted(str(a) for a in event.get("attendee"))
        assert attendees == sorted(
            [f"mailto:{users['interviewer'].email}", f"mailto:{second.email}"]
        )


def test_the_emailed_invite_is_the_same_event_as_the_download(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    (message,) = outbox(app)
    _, _, emailed = event_of(message)
    interviewer = signed_in(app, users["interviewer"])
    downloaded = Calendar.from_ical(interviewer.get(f"/interviews/{interview_id}.ics").data)
    event = downloaded.walk("VEVENT")[0]
    # Same UID and sequence: calendars update one event instead of adding a second.
    assert str(event["uid"]) == str(emailed["uid"])
    assert int(event["sequence"]) == int(emailed["sequence"])


def test_cancelling_sends_a_cancellation_that_outranks_the_invite(app, users, setup):
    interview_id = schedule_directly(app, users, setup)
    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Interview, interview_id).version
    post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})

    invite, cancellation = outbox(app)
    assert cancellation.kind == "interview_cancelled"
    assert cancellation.to == users["interviewer"].email
    assert cancellation.subject.startswith("Cancelled: Coding interview on ")
    assert "(Europe/Berlin)" in cancellation.subject
    # The notice outlives the interview in the mailbox: nothing of the candidate.
    assert "Senior ML engineer, search ranking" in cancellation.body
    assert "Ada" not in cancellation.subject + cancellation.body
    attachment, calendar, event = event_of(cancellation)
    assert "Ada" not in attachment["content"] and "meet.example.com" not in attachment["content"]
    assert attachment["content_type"] == "text/calendar; method=CANCEL"
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    _, _, first = event_of(invite)
    assert str(event["uid"]) == str(first["uid"])
    assert int(event["sequence"]) > int(first["sequence"])
    # Cancelling again (a stale form) queues nothing more.
    post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})
    assert len(outbox(app)) == 2


def test_a_refused_schedule_queues_no_email(app, users, setup):
    recruiter = signed_in(app, users["recruiter"])
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/interviews/new",
        schedule_form(setup, date="not a date"),
    )
    assert response.status_code == 422
    assert outbox(app) == []


def test_the_invite_arrives_as_an_email_attachment(app, users, setup):
    with running_smtp() as (controller, inbox):
        app.config.update(mail_config(controller, MAIL_DEFAULT_SENDER="hiring@example.com"))
        schedule_directly(app, users, setup)
        result = app.test_cli_runner().invoke(args=["notifications", "send"])
        assert result.exit_code == 0, result.output
        assert "Sent 1," in result.output

        (message,) = inbox.messages
        assert message["To"] == users["interviewer"].email
        body = message.get_body(("plain",)).get_content()
        assert "You are interviewing Ada Lovelace" in body
        (part,) = list(message.iter_attachments())
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        assert part.get_filename() == "interview-1.ics"
        event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
        assert str(event["uid"]) == "interview-1@example.com"
        assert str(event["summary"]).startswith("Interview: Ada Lovelace")


def test_closing_an_application_warns_about_interviews_still_ahead(app, users, setup):
    from hiring.pipeline.models import Application

    interview_id = schedule_directly(app, users, setup)
    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Application, setup.application_id).version
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/move",
        {
            "version": version,
            "target": "rejected",
            "note": "",
            "rejection_reason": "must-have-below-bar",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    board = recruiter.get(response.headers["Location"]).get_data(as_text=True)
    scheduling_url = f"/applications/{setup.application_id}/interviews/new"
    assert "1 upcoming interview with Ada Lovelace is still scheduled." in board
    assert f'<a href="{scheduling_url}">Cancel it</a> so the interviewers are told.' in board
    # Nothing is cancelled behind anyone's back; the page the link opens can cancel it.
    with app.app_context():
        assert db.session.get(Interview, interview_id).status == "scheduled"
    page = recruiter.get(scheduling_url).get_data(as_text=True)
    assert f'action="/interviews/{interview_id}/cancel"' in page


def test_closing_an_application_without_interviews_ahead_warns_about_nothing(app, users, setup):
    from hiring.pipeline.models import Application

    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Application, setup.application_id).version
    response = post_form(
        recruiter,
        f"/applications/{setup.application_id}/move",
        {"version": version, "target": "withdrawn", "note": "", "rejection_reason": ""},
    )
    board = recruiter.get(response.headers["Location"]).get_data(as_text=True)
    assert "Moved Ada Lovelace to Withdrawn." in board
    assert "still scheduled" not in board
