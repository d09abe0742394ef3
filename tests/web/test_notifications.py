"""The outbox, ``notifications send`` and ``notifications remind`` against a real SMTP server.

The server is aiosmtpd on loopback; the app talks to it with smtplib like in production.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from hiring.database import utcnow
from hiring.extensions import db
from hiring.notifications import outbox
from hiring.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from hiring.pipeline.models import Application
from tests.conftest import EXTERNAL_DATABASE_URL, make_user
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate
from tests.fixtures.smtp import Inbox, free_port, mail_config, running_smtp


@pytest.fixture
def smtp():
    with running_smtp() as server:
        yield server


def queue_messages(app, count: int, prefix: str = "Message") -> None:
    with app.app_context():
        for number in range(count):
            assert outbox.queue(
                f"person{number}@example.com",
                f"{prefix} {number:03d}",
                f"Body of {prefix.lower()} {number}.\n",
                kind="test",
            )
        db.session.commit()


def outbox_rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


# --- sending ---------------------------------------------------------------------------


def test_send_delivers_each_queued_message_through_smtp(make_app, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller, MAIL_DEFAULT_SENDER="hiring@example.com"))
    queue_messages(app, 2)
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 2, to retry 0, given up 0." in result.output
    assert inbox.subjects() == ["Message 000", "Message 001"]
    first = next(m for m in inbox.messages if m["Subject"] == "Message 000")
    assert first["To"] == "person0@example.com"
    assert first["From"] == "hiring@example.com"
    assert first.get_content().replace("\r\n", "\n") == "Body of message 0.\n"
    assert inbox.recipients[inbox.messages.index(first)] == ["person0@example.com"]
    rows = outbox_rows(app)
    assert [(r.status, r.attempts, r.claimed_by) for r in rows] == [(SENT, 1, None)] * 2
    assert all(r.sent_at is not None for r in rows)
    # Nothing is sent twice: a second run finds nothing due.
    again = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "Sent 0" in again.output
    assert len(inbox.messages) == 2


def test_without_a_mail_server_messages_are_logged_not_sent(app, caplog):
    queue_messages(app, 1, prefix="Logged")
    with caplog.at_level(logging.INFO, logger="hiring.notifications"):
        result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "To: person0@example.com" in logged
    assert "Subject: Logged 000" in logged
    assert "Body of logged 0." in logged
    assert outbox_rows(app)[0].status == SENT


def test_queueing_rides_the_callers_transaction(app):
    with app.app_context():
        assert outbox.queue("a@example.com", "Once", "x", kind="test", dedupe_key="k1")
        # The duplicate is ignored without breaking the transaction it is part of.
        assert not outbox.queue("a@example.com", "Twice", "x", kind="test", dedupe_key="k1")
        assert outbox.queue("b@example.com", "Other", "x", kind="test", dedupe_key="k2")
        db.session.rollback()  # the caller's change failed: its mail goes too
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
        assert outbox.queue("a@example.com", "Once", "x", kind="test", dedupe_key="k1")
        db.session.commit()
        assert not outbox.queue("a@example.com", "Again", "x", kind="test", dedupe_key="k1")
        db.session.commit()
        assert db.session.scalars(select(OutboxMessage.subject)).all() == ["Once"]


@pytest.fixture
def shared_app(make_app, tmp_path, smtp):
    """An app whose database several threads can share: a file, or the external one."""
    controller, inbox = smtp
    inbox.delay = 0.005
    config = mail_config(controller)
    if not EXTERNAL_DATABASE_URL:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    return make_app(**config), inbox


def test_concurrent_send_runs_deliver_each_message_exactly_once(shared_app):
    app, inbox = shared_app
    queue_messages(app, 40)
    start = threading.Barrier(3)
    results, errors = [], []

    def run() -> None:
        try:
            with app.app_context():
                start.wait()
                results.append(outbox.send_pending(batch_size=3))
                db.session.remove()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(result.sent for result in results) == 40
    assert inbox.subjects() == [f"Message {n:03d}" for n in range(40)]
    assert {r.status for r in outbox_rows(app)} == {SENT}


def test_a_failing_server_keeps_messages_pending_with_backoff_then_gives_up(make_app):
    stopped = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    stopped.start()
    stopped.stop()  # nothing listens on its port any more
    app = make_app(**mail_config(stopped, OUTBOX_MAX_ATTEMPTS=3))
    queue_messages(app, 2)
    before = utcnow()
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 0, to retry 2, given up 0." in result.output
    rows = outbox_rows(app)
    for row in rows:
        assert (row.status, row.attempts, row.claimed_by, row.sent_at) == (PENDING, 1, None, None)
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at >= before + outbox.backoff(1)
    # Not due yet: a run right away leaves them alone.
    app.test_cli_runner().invoke(args=["notifications", "send"])
    assert [r.attempts for r in outbox_rows(app)] == [1, 1]
    later = utcnow() + timedelta(hours=1)
    with app.app_context():
        second = outbox.send_pending(now=later)
    assert (second.retrying, second.failed) == (2, 0)
    assert [r.attempts for r in outbox_rows(app)] == [2, 2]
    assert outbox_rows(app)[0].next_attempt_at >= later + outbox.backoff(2)
    with app.app_context():
        third = outbox.send_pending(now=later + timedelta(hours=1))
    assert (third.sent, third.retrying, third.failed) == (0, 0, 2)
    rows = outbox_rows(app)
    assert [(r.status, r.attempts) for r in rows] == [(FAILED, 3)] * 2
    assert all("ConnectionRefusedError" in r.last_error for r in rows)


def test_a_stale_claim_of_a_crashed_run_is_taken_over(make_app, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller))
    queue_messages(app, 2)
    with app.app_context():
        now = utcnow()
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.subject == "Message 000")
            .values(claimed_by="crashed", claimed_at=now - outbox.STALE_CLAIM - timedelta(1))
        )
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.subject == "Message 001")
            .values(claimed_by="busy", claimed_at=now)
        )
        db.session.commit()
        assert outbox.send_pending().sent == 1
    assert inbox.subjects() == ["Message 000"]


# --- reminders -------------------------------------------------------------------------


def stuck_application(app, actor, job_id: int, *, days: int, owner_id, email: str) -> int:
    candidate_id = make_candidate(app, actor, email=email, name=email.split("@")[0].title())
    application_id = make_application(app, actor, candidate_id, job_id)
    with app.app_context():
        db.session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(entered_stage_at=utcnow() - timedelta(days=days), owner_id=owner_id)
        )
        db.session.commit()
    return application_id


def test_remind_queues_once_a_day_and_send_delivers_to_owner_or_manager(make_app, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller))
    recruiter = make_user(app, ("recruiter",), name="Rita Recruiter")
    manager = make_user(app, ("hiring_manager",), name="Hank Manager")
    job_id = make_job(app, manager, hiring_manager_id=manager.id, title="Ranking engineer")
    # The fixture rubric's first stage, applied, has a target of 5 days.
    stuck_application(app, recruiter, job_id, days=9, owner_id=recruiter.id, email="ada@x.org")
    stuck_application(app, recruiter, job_id, days=6, owner_id=None, email="grace@x.org")
    stuck_application(app, recruiter, job_id, days=2, owner_id=recruiter.id, email="fresh@x.org")
    runner = app.test_cli_runner()

    first = runner.invoke(args=["notifications", "remind"])
    assert first.exit_code == 0, first.output
    assert "2 overdue application(s): queued 2 reminder(s), 0 already queued today" in first.output
    for _ in range(3):  # hourly from cron: no more mail the same day
        again = runner.invoke(args=["notifications", "remind"])
        assert "queued 0 reminder(s), 2 already queued today" in again.output
    assert len(outbox_rows(app)) == 2

    sent = runner.invoke(args=["notifications", "send"])
    assert "Sent 2" in sent.output, sent.output
    by_recipient = {str(m["To"]): m for m in inbox.messages}
    assert set(by_recipient) == {recruiter.email, manager.email}
    to_recruiter = by_recipient[recruiter.email]
    assert to_recruiter["Subject"] == "Overdue: Ada in Applied (9 days)"
    body = to_recruiter.get_content()
    assert "Hello Rita Recruiter" in body
    assert "Ada has been in Applied for 9 days for Ranking engineer" in body
    assert f"/jobs/{job_id}/board" in body
    assert by_recipient[manager.email]["Subject"] == "Overdue: Grace in Applied (6 days)"


def test_remind_with_nobody_stuck_queues_nothing(app):
    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    assert result.exit_code == 0, result.output
    assert "0 overdue application(s): queued 0 reminder(s)" in result.output


def test_an_app_with_a_server_name_still_answers_requests_made_to_another_host(make_app):
    """Health checks and proxies reach the app by address: SERVER_NAME only makes links."""
    app = make_app(SERVER_NAME="hiring.example", PREFERRED_URL_SCHEME="https")
    response = app.test_client().get("/login", base_url="http://10.0.0.7:8000")
    assert response.status_code == 200
    assert b"Sign in" in response.data


# --- late scorecards ---------------------------------------------------------------------


def test_remind_emails_each_interviewer_with_a_late_scorecard_once_a_day(make_app, smtp):
    from sqlalchemy import delete

    from hiring.accounts.models import User
    from tests.fixtures.interviews import round_ids
    from tests.web.test_scorecards import past_interview, write_scorecard

    controller, inbox = smtp
    app = make_app(
        **mail_config(controller, SERVER_NAME="hiring.example", PREFERRED_URL_SCHEME="https")
    )
    recruiter = make_user(app, ("recruiter",), name="Rita Recruiter")
    manager = make_user(app, ("hiring_manager",), name="Hank Manager")
    ines = make_user(app, ("interviewer",), name="Ines Interviewer", email="ines@x.org")
    grace = make_user(app, ("interviewer",), name="Grace Hopper", email="grace@x.org")
    gone = make_user(app, ("interviewer",), name="Gone Person", active=False)
    job_id = make_job(app, manager, hiring_manager_id=manager.id, title="Ranking engineer")
    rounds = round_ids(app, manager, job_id)
    candidate_id = make_candidate(app, recruiter, name="Ada Lovelace", email="ada@x.org")
    application_id = make_application(app, recruiter, candidate_id, job_id)
    with app.app_context():  # scheduled with the deactivated interviewer while active
        db.session.execute(update(User).where(User.id == gone.id).values(active=True))
        db.session.commit()
    late_id = past_interview(
        app,
        recruiter,
        application_id,
        rounds["coding"],
        (ines.id, grace.id, gone.id),
        hours_ago=40,
    )
    with app.app_context():
        db.session.execute(update(User).where(User.id == gone.id).values(active=False))
        db.session.commit()
    write_scorecard(app, grace, late_id)  # Grace is done
    past_interview(app, recruiter, application_id, rounds["overview"], (ines.id,), hours_ago=3)
    with app.app_context():  # the invites sent when scheduling are not what this is about
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["notifications", "remind"])
    assert first.exit_code == 0, first.output
    assert "0 overdue application(s)" in first.output  # stuck reminders still report
    assert (
        "2 late scorecard(s): queued 1 reminder(s), 0 already queued today, "
        "1 for deactivated interviewers." in first.output
    )
    again = runner.invoke(args=["notifications", "remind"])
    assert "queued 0 reminder(s), 1 already queued today" in again.output.splitlines()[1]

    sent = runner.invoke(args=["notifications", "send"])
    assert "Sent 1" in sent.output, sent.output
    (message,) = inbox.messages
    assert message["To"] == "ines@x.org"
    assert message["Subject"] == "Late scorecard: Ada Lovelace, Coding"
    body = message.get_content()
    assert "Hello Ines Interviewer" in body
    assert "15 hours late" in body
    assert f"https://hiring.example/interviews/{late_id}/scorecard" in body
    rows = outbox_rows(app)
    assert [(r.kind, r.status) for r in rows] == [("reminder.late_scorecard", SENT)]
    assert rows[0].dedupe_key.startswith(f"late-scorecard:{ines.id}:{late_id}:")


def test_late_scorecard_reminders_ride_along_stuck_ones(make_app):
    from tests.fixtures.interviews import round_ids
    from tests.web.test_scorecards import past_interview

    app = make_app()
    recruiter = make_user(app, ("recruiter",), name="Rita Recruiter")
    manager = make_user(app, ("hiring_manager",), name="Hank Manager")
    ines = make_user(app, ("interviewer",), name="Ines Interviewer")
    job_id = make_job(app, manager, title="Ranking engineer")
    stuck = stuck_application(
        app, recruiter, job_id, days=9, owner_id=recruiter.id, email="ada@x.org"
    )
    past_interview(
        app, recruiter, stuck, round_ids(app, manager, job_id)["coding"], (ines.id,), hours_ago=30
    )
    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 overdue application(s): queued 1 reminder(s)" in result.output
    assert "1 late scorecard(s): queued 1 reminder(s)" in result.output
    kinds = sorted(r.kind for r in outbox_rows(app) if r.kind.startswith("reminder."))
    assert kinds == ["reminder.late_scorecard", "reminder.stuck"]
    # Both name the candidate they are about, so erasing the candidate scrubs them.
    with app.app_context():
        candidate_id = db.session.get(Application, stuck).candidate_id
    about = {r.candidate_id for r in outbox_rows(app) if r.kind.startswith("reminder.")}
    assert about == {candidate_id}


def test_nobody_is_chased_about_a_scorecard_of_a_closed_application(app):
    from tests.fixtures.interviews import round_ids
    from tests.web.test_scorecards import past_interview

    recruiter = make_user(app, ("recruiter",), name="Rita Recruiter")
    manager = make_user(app, ("hiring_manager",), name="Hank Manager")
    ines = make_user(app, ("interviewer",), name="Ines Interviewer")
    job_id = make_job(app, manager, title="Ranking engineer")
    application_id = make_application(app, recruiter, make_candidate(app, recruiter), job_id)
    rounds = round_ids(app, manager, job_id)
    past_interview(app, recruiter, application_id, rounds["coding"], (ines.id,), hours_ago=30)
    with app.app_context():
        db.session.execute(
            update(Application).where(Application.id == application_id).values(status="rejected")
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    assert result.exit_code == 0, result.output
    assert "0 late scorecard(s): queued 0 reminder(s)" in result.output
    assert not [r for r in outbox_rows(app) if r.kind == "reminder.late_scorecard"]
