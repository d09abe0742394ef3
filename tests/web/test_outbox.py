"""Invites that really go out, and the ones that do not: sent in every mail mode, a
failure retried with back-off and shown on the admins' outbox page (with a retry) and
on the interview for the people who schedule it."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from html import unescape

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from hiring.audit import AuditEvent
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.notifications import outbox
from hiring.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from tests.conftest import post_form
from tests.fixtures.interviews import Setup, coding_setup
from tests.fixtures.smtp import Inbox, free_port, mail_config, running_smtp
from tests.web.test_interviews import schedule_directly, signed_in


@pytest.fixture
def setup(app, users) -> Setup:
    return coding_setup(app, users)


def rows(app) -> list[OutboxMessage]:
    with app.app_context():
        found = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return found


def send(app) -> str:
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def stopped_server() -> Controller:
    """An SMTP address where nothing listens any more: every send is refused."""
    stopped = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    stopped.start()
    stopped.stop()
    return stopped


def calendar_part(message) -> str:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_content()


def cancel(app, users, interview_id: int) -> None:
    recruiter = signed_in(app, users["recruiter"])
    with app.app_context():
        version = db.session.get(Interview, interview_id).version
    response = post_form(recruiter, f"/interviews/{interview_id}/cancel", {"version": version})
    assert response.status_code == 302


# --- sending, in each mail mode ------------------------------------------------------------


def test_without_a_mail_server_the_invite_is_logged_with_its_attachment(
    app, users, setup, caplog
) -> None:
    assert not app.config.get("MAIL_SERVER")
    schedule_directly(app, users, setup)
    with caplog.at_level(logging.INFO, logger="hiring.notifications"):
        assert "Sent 1, to retry 0, given up 0." in send(app)
    logged = caplog.text
    assert "Mail (not sent: MAIL_SERVER is empty)" in logged
    assert "Attached: interview-1.ics (text/calendar)" in logged
    assert "You are interviewing Ada Lovelace" in logged
    assert [(r.status, r.last_error) for r in rows(app)] == [(SENT, "")]


def test_an_invite_and_its_cancellation_round_trip_through_smtp(app, users, setup) -> None:
    with running_smtp() as (controller, inbox):
        app.config.update(mail_config(controller, MAIL_DEFAULT_SENDER="hiring@example.com"))
        interview_id = schedule_directly(app, users, setup)
        assert "Sent 1," in send(app)
        cancel(app, users, interview_id)
        assert "Sent 1," in send(app)

    invite, cancellation = inbox.messages
    assert invite.get_content_type() == "multipart/mixed"
    request = calendar_part(invite)
    assert "METHOD:REQUEST" in request and "STATUS:CONFIRMED" in request
    assert "You are interviewing Ada Lovelace" in invite.get_body(("plain",)).get_content()
    assert cancellation["Subject"].startswith("Cancelled: Coding interview on ")
    assert "Ada" not in cancellation.get_body(("plain",)).get_content()
    cancelled = calendar_part(cancellation)
    assert "Ada" not in cancelled
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled
    uid = re.search(r"^UID:(.+)$", request, re.M).group(1).strip()
    assert f"UID:{uid}" in cancelled
    assert [r.status for r in rows(app)] == [SENT, SENT]


# --- failures: retried, then given up, and visible ----------------------------------------------


def test_a_failed_invite_is_retried_with_backoff_and_kept_with_its_error(app, users, setup) -> None:
    app.config.update(mail_config(stopped_server(), OUTBOX_MAX_ATTEMPTS=2))
    schedule_directly(app, users, setup)
    before = utcnow()
    assert "Sent 0, to retry 1, given up 0." in send(app)
    (row,) = rows(app)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at >= before + outbox.backoff(1)
    with app.app_context():
        outbox.send_pending(now=utcnow() + timedelta(hours=1))
    (row,) = rows(app)
    assert (row.status, row.attempts) == (FAILED, 2)
    assert "ConnectionRefusedError" in row.last_error


def test_the_outbox_page_shows_what_failed_and_retries_it(app, users, setup) -> None:
    app.config.update(mail_config(stopped_server(), OUTBOX_MAX_ATTEMPTS=1))
    schedule_directly(app, users, setup)
    send(app)
    (row,) = rows(app)
    assert row.status == FAILED

    admin = signed_in(app, users["admin"])
    html = unescape(admin.get("/admin/outbox").get_data(as_text=True))
    (tab,) = re.findall(r'<a [^>]*aria-current="page"[^>]*>', html.split("Outbox views")[1])
    assert 'data-testid="view-problems"' in tab
    message = html.split(f'data-testid="message-{row.id}"')[1].split("</tr>")[0]
    assert users["interviewer"].email in message
    assert "Interview: Ada Lovelace, Coding" in message
    assert "Given up" in message and "ConnectionRefusedError" in message
    assert "Attached: interview-1.ics" not in message  # the page lists, it does not log
    assert "interview-1.ics" in message
    assert f'action="/admin/outbox/{row.id}/retry' in message
    assert "Retry all 1 given up" in html

    response = post_form(admin, f"/admin/outbox/{row.id}/retry?view=problems", {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/outbox?view=problems")
    page = unescape(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert f"Message #{row.id} to {users['interviewer'].email} is queued again" in page
    (retried,) = rows(app)
    assert (retried.status, retried.attempts) == (PENDING, 0)
    assert "ConnectionRefusedError" in retried.last_error  # until a try succeeds
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "outbox.retried"))
        assert event is not None and event.actor_id == users["admin"].id

    # The server is back: the next run delivers it, and it leaves "needs attention".
    with running_smtp() as (controller, inbox):
        app.config.update(mail_config(controller))
        assert "Sent 1," in send(app)
    assert len(inbox.messages) == 1
    html = admin.get("/admin/outbox").get_data(as_text=True)
    assert f'data-testid="message-{row.id}"' not in html
    assert "Nothing needs attention" in html
    sent = admin.get("/admin/outbox?view=sent").get_data(as_text=True)
    assert f'data-testid="message-{row.id}"' in sent


def test_retry_all_and_what_cannot_be_retried(app, users, setup) -> None:
    app.config.update(mail_config(stopped_server(), OUTBOX_MAX_ATTEMPTS=1))
    schedule_directly(app, users, setup)
    schedule_directly(app, users, setup, days=6)
    send(app)
    assert [r.status for r in rows(app)] == [FAILED, FAILED]
    admin = signed_in(app, users["admin"])
    response = post_form(admin, "/admin/outbox/retry-failed", {})
    assert response.status_code == 302
    assert "2 messages are queued again" in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert [(r.status, r.attempts) for r in rows(app)] == [(PENDING, 0), (PENDING, 0)]

    # Waiting for its first try (nothing failed yet) and sent messages have no retry.
    first = rows(app)[0]
    refused = post_form(admin, f"/admin/outbox/{first.id}/retry", {})
    page = unescape(admin.get(refused.headers["Location"]).get_data(as_text=True))
    assert "waiting for its first try; nothing to retry yet" in page
    assert [(r.status, r.attempts) for r in rows(app)] == [(PENDING, 0), (PENDING, 0)]
    assert post_form(admin, "/admin/outbox/999999/retry", {}).status_code == 404


@pytest.mark.parametrize("role", ["hiring_manager", "recruiter", "interviewer"])
def test_only_admins_see_the_outbox(app, users, role) -> None:
    client = signed_in(app, users[role])
    assert client.get("/admin/outbox").status_code == 403
    assert "/admin/outbox" not in client.get("/").get_data(as_text=True)
    admin = signed_in(app, users["admin"])
    assert 'href="/admin/outbox"' in admin.get("/").get_data(as_text=True)


def test_the_outbox_page_runs_the_same_queries_for_one_or_forty_messages(
    app, users, count_queries
) -> None:
    def queue(count: int) -> None:
        with app.app_context():
            for number in range(count):
                outbox.queue(f"p{number}@example.com", f"Subject {number}", "Body", kind="test")
            db.session.commit()

    admin = signed_in(app, users["admin"])
    queue(1)
    with count_queries() as one:
        assert admin.get("/admin/outbox?view=all").status_code == 200
    queue(39)
    with count_queries() as forty:
        html = admin.get("/admin/outbox?view=all").get_data(as_text=True)
    assert html.count('data-testid="message-') == 40
    assert forty.count == one.count, forty.statements


# --- the interview says when its invites did not go out --------------------------------------


def test_the_interview_warns_the_scheduler_when_its_invite_failed(app, users, setup) -> None:
    app.config.update(mail_config(stopped_server(), OUTBOX_MAX_ATTEMPTS=3))
    interview_id = schedule_directly(app, users, setup)
    recruiter = signed_in(app, users["recruiter"])
    schedule_page = f"/applications/{setup.application_id}/interviews/new"
    kit = f"/interviews/{interview_id}/kit"
    warning = f'data-testid="undelivered-{interview_id}"'
    assert warning not in recruiter.get(schedule_page).get_data(as_text=True)  # not tried yet

    send(app)  # refused: retrying
    for page in (schedule_page, kit):
        html = unescape(recruiter.get(page).get_data(as_text=True))
        box = html.split(warning)[1].split("</div>")[0]
        assert "The invite did not reach 1 interviewer." in box
        assert users["interviewer"].email in box
        assert "1 failed try, next try" in box and "ConnectionRefusedError" in box
        assert "an admin can retry it from the outbox" in box
    # The interviewer's own kit does not carry the warning.
    interviewer = signed_in(app, users["interviewer"])
    assert warning not in interviewer.get(kit).get_data(as_text=True)
    # An admin gets the link to the outbox.
    admin = signed_in(app, users["admin"])
    assert 'href="/admin/outbox"' in admin.get(kit).get_data(as_text=True).split(warning)[1]

    with app.app_context():  # given up
        outbox.send_pending(now=utcnow() + timedelta(hours=1))
        outbox.send_pending(now=utcnow() + timedelta(hours=2))
    html = unescape(recruiter.get(kit).get_data(as_text=True))
    assert "given up after 3 tries" in html.split(warning)[1]

    # Sent after all: the warning goes.
    with app.app_context():
        db.session.execute(OutboxMessage.__table__.update().values(status=PENDING, attempts=0))
        db.session.commit()
    with running_smtp() as (controller, _inbox):
        app.config.update(mail_config(controller))
        send(app)
    assert warning not in recruiter.get(kit).get_data(as_text=True)
    assert warning not in recruiter.get(schedule_page).get_data(as_text=True)


def test_a_failed_cancellation_is_named_as_such(app, users, setup) -> None:
    interview_id = schedule_directly(app, users, setup)
    send(app)  # the invite went out (log mode)
    app.config.update(mail_config(stopped_server()))
    cancel(app, users, interview_id)
    send(app)
    recruiter = signed_in(app, users["recruiter"])
    html = unescape(recruiter.get(f"/interviews/{interview_id}/kit").get_data(as_text=True))
    box = html.split(f'data-testid="undelivered-{interview_id}"')[1].split("</div>")[0]
    assert "The cancellation did not reach 1 interviewer." in box
