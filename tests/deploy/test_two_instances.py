"""Two app instances (gunicorn, two workers each) share sessions, CSRF tokens, the
sign-in limit, optimistic locking and the outbox through PostgreSQL and Redis alone."""

from __future__ import annotations

import subprocess
import threading
import uuid

from hiring.config import PROJECT_ROOT
from hiring.demo.content import DEMO_ACCOUNTS
from tests.deploy.conftest import BIN, Browser
from tests.fixtures.smtp import running_smtp

ADMIN = next(account for account in DEMO_ACCOUNTS if "admin" in account.roles)
NEXT_STAGE = {"applied": "recruiter-screen", "recruiter-screen": "overview"}


def test_a_session_started_on_one_instance_works_on_the_other(deployment):
    a, b = deployment.ports
    browser = Browser()
    assert browser.sign_in(a, ADMIN.email, ADMIN.password).status == 302
    account = browser.get(b, "/account")
    assert account.status == 200
    assert ADMIN.email in account.body
    assert Browser().get(b, "/account").status == 302  # and not without the cookie


def test_a_csrf_token_from_one_instance_is_accepted_by_the_other(deployment):
    a, b = deployment.ports
    browser = Browser()
    assert browser.sign_in(a, ADMIN.email, ADMIN.password).status == 302
    token = browser.csrf_token(a, "/account")
    assert browser.post(b, "/logout", {"csrf_token": "forged" + token}).status == 400
    assert browser.post(b, "/logout", {"csrf_token": token}).status == 302
    assert browser.get(a, "/account").status == 302  # signed out on both


def test_the_sign_in_limit_counts_failures_on_both_instances(deployment):
    a, b = deployment.ports
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    browser = Browser()
    token = browser.csrf_token(a)
    form = {"email": email, "password": "not the password", "csrf_token": token}
    statuses = [browser.post((a, b)[i % 2], "/login", form).status for i in range(11)]
    # hiring/accounts/views.py: LOGIN_LIMIT_PER_ACCOUNT, "10 per 15 minutes" of failures.
    assert statuses == [401] * 10 + [429]
    assert browser.post(a, "/login", form).status == 429


def test_two_moves_of_one_application_at_once_one_wins_one_conflicts(deployment):
    a, b = deployment.ports
    [(application_id, version, stage)] = deployment.sql(
        "SELECT id, version, stage FROM applications WHERE status = 'active' AND stage = ANY(%s) "
        "ORDER BY id LIMIT 1",
        list(NEXT_STAGE),
    )
    browsers = [Browser(), Browser()]
    forms = []
    for browser, port in zip(browsers, (a, b), strict=True):
        assert browser.sign_in(port, ADMIN.email, ADMIN.password).status == 302
        token = browser.csrf_token(port, "/account")
        forms.append({"csrf_token": token, "version": version, "target": NEXT_STAGE[stage]})
    start = threading.Barrier(2)
    statuses: dict[int, int] = {}

    def move(index: int) -> None:
        start.wait()
        reply = browsers[index].post(
            (a, b)[index], f"/applications/{application_id}/move", forms[index]
        )
        statuses[index] = reply.status

    threads = [threading.Thread(target=move, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses.values()) == [302, 409]
    [(now_stage, now_version)] = deployment.sql(
        "SELECT stage, version FROM applications WHERE id = %s", application_id
    )
    assert (now_stage, now_version) == (NEXT_STAGE[stage], version + 1)
    [(moves,)] = deployment.sql(
        "SELECT COUNT(*) FROM stage_changes WHERE application_id = %s AND to_stage = %s",
        application_id,
        NEXT_STAGE[stage],
    )
    assert moves == 1


def test_two_senders_at_once_deliver_each_queued_email_once(deployment):
    for number in range(20):
        deployment.sql(
            'INSERT INTO outbox_messages ("to", subject, body, attachments, kind, created_at, '
            "status, attempts, next_attempt_at, last_error) VALUES (%s, %s, 'Hello.', '[]', "
            "'test', now(), 'pending', 0, now(), '') RETURNING id",
            f"person{number}@example.com",
            f"Queued message {number}",
        )
    queued = sorted(
        subject
        for (subject,) in deployment.sql(
            "SELECT subject FROM outbox_messages WHERE status = 'pending'"
        )
    )
    with running_smtp(delay=0.05) as (controller, inbox):
        environ = {**deployment.environ, "MAIL_PORT": str(controller.port)}
        command = [str(BIN / "flask"), "--app", "wsgi", "notifications", "send"]
        senders = [
            subprocess.Popen(
                [*command, "--batch-size", "3"],
                cwd=PROJECT_ROOT,
                env=environ,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        try:
            outputs = [sender.communicate(timeout=120) for sender in senders]
        finally:
            for sender in senders:
                if sender.poll() is None:
                    sender.kill()
                    sender.wait()
        assert [sender.returncode for sender in senders] == [0, 0], outputs
    # Every one, and none twice (long subjects come back folded: compare the words).
    assert [" ".join(subject.split()) for subject in inbox.subjects()] == [
        " ".join(subject.split()) for subject in queued
    ]
    # The two runs' counts add up to the queue: no message was counted by both.
    sent = [int(out.split()[1].rstrip(",")) for out, _ in outputs]
    assert sum(sent) == len(queued), outputs
    [(left,)] = deployment.sql("SELECT COUNT(*) FROM outbox_messages WHERE status <> 'sent'")
    assert left == 0
