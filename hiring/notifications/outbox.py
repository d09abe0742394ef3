"""The outbox: queue an email inside the caller's transaction; send it later, once.

``queue`` never commits: the message exists exactly when the change that caused it
was committed, and a failed send can never undo that change. ``send_pending`` runs
outside any request (``flask --app wsgi notifications send``, from cron, possibly on
several machines at once). Each run claims due messages atomically with a token of
its own (one UPDATE whose WHERE only matches unclaimed pending rows; on PostgreSQL
the candidate rows are also locked with ``FOR UPDATE SKIP LOCKED``), commits the
claim, then sends only the rows carrying its token and records the result of each
message in its own transaction. A claim older than ``STALE_CLAIM`` belongs to a run
that died; its messages become claimable again.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hiring.database import utcnow
from hiring.extensions import db
from hiring.notifications.mailer import Attachment, Mailer, build_message, mailer_for
from hiring.notifications.models import FAILED, PENDING, SENT, OutboxMessage

log = logging.getLogger("hiring.notifications")

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
STALE_CLAIM = timedelta(minutes=30)
BATCH_SIZE = 50
MAX_ERROR_LENGTH = 2000


def backoff(
    attempts: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP
) -> timedelta:
    """Wait before the next try after ``attempts`` failures: 1, 2, 4, 8 ... minutes, capped."""
    if attempts < 1:
        return timedelta(0)
    return min(cap, base * (2 ** min(attempts - 1, 30)))


def queue(
    to: str,
    subject: str,
    body: str,
    *,
    kind: str,
    dedupe_key: str | None = None,
    attachments: Sequence[Attachment] = (),
    candidate_id: int | None = None,
    topic: str | None = None,
) -> bool:
    """Add a message to the current transaction; the caller's commit persists it.

    ``topic`` names what the message is about ("interview:12"), so that its page can
    tell when the message could not be sent (``delivery.problems``).

    With a ``dedupe_key`` already in the outbox nothing is added (one INSERT ... ON
    CONFLICT DO NOTHING, so the caller's transaction is never broken by a duplicate).
    Returns whether a message was added.
    """
    values: dict[str, Any] = {
        "to": to,
        "subject": subject[:300],
        "body": body,
        "attachments": [attachment.as_json() for attachment in attachments],
        "kind": kind,
        "candidate_id": candidate_id,
        "topic": topic,
        "dedupe_key": dedupe_key,
        "created_at": utcnow(),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "last_error": "",
    }
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(OutboxMessage).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(OutboxMessage).values(values).on_conflict_do_nothing()
    else:  # pragma: no cover - the project supports SQLite and PostgreSQL
        if dedupe_key and db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        ):
            return False
        db.session.add(OutboxMessage(**values))
        return True
    added = db.session.execute(statement.returning(OutboxMessage.id)).scalar()
    return added is not None


ERASED = "[erased]"


def scrub_candidate(candidate_id: int) -> int:
    """Erasure: messages about the candidate lose their text; unsent ones are not sent.

    Rows are kept (with the recipient and status) so that the outbox still accounts for
    every message; returns how many were scrubbed. Runs in the caller's transaction.
    """
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.candidate_id == candidate_id)
        .values(
            subject=ERASED,
            body=ERASED,
            attachments=[],
            status=case((OutboxMessage.status == PENDING, FAILED), else_=OutboxMessage.status),
            last_error=case(
                (OutboxMessage.status == PENDING, "Not sent: the candidate's data was erased."),
                else_=OutboxMessage.last_error,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def claim_token() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex}"


def _claimable(now: datetime):
    return and_(
        OutboxMessage.status == PENDING,
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - STALE_CLAIM),
    )


def claim(token: str, now: datetime, limit: int = BATCH_SIZE) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for ``token``, commit, return them."""
    candidates = (
        select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    # The claimable conditions are repeated on the UPDATE itself: a row another run
    # claimed meanwhile no longer matches, whatever the subquery saw.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), _claimable(now))
        .values(claimed_by=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.claimed_by == token, OutboxMessage.status == PENDING)
            .order_by(OutboxMessage.id)
        )
    )


def _finish(message_id: int, token: str, **values: Any) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == token)
        .values(claimed_by=None, claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


@dataclass(frozen=True)
class SendResult:
    sent: int
    retrying: int
    failed: int


def send_pending(
    mailer: Mailer | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    max_batches: int = 100,
    now: datetime | None = None,
) -> SendResult:
    """Send every due message once; record each success or failure as it happens."""
    config = current_app.config
    mailer = mailer or mailer_for(config)
    max_attempts = int(config.get("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS))
    sender = config["MAIL_DEFAULT_SENDER"]
    token = claim_token()
    sent = retrying = failed = 0
    with mailer:
        for _ in range(max_batches):
            started = now or utcnow()
            messages = claim(token, started, batch_size)
            if not messages:
                break
            # Plain values, so nothing is lazily reloaded after the commits below.
            batch = [
                (m.id, m.to, m.subject, m.body, m.attachments or [], m.attempts) for m in messages
            ]
            db.session.expunge_all()
            for message_id, to, subject, body, files, attempts in batch:
                try:
                    email = build_message(
                        sender=sender,
                        to=to,
                        subject=subject,
                        body=body,
                        message_id=f"<outbox-{message_id}.{uuid.uuid4().hex[:12]}@hiring.local>",
                        attachments=[Attachment.from_json(item) for item in files],
                    )
                    mailer.send(email)
                except Exception as exc:  # any failure: keep the message, try later
                    attempts += 1
                    error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
                    if attempts >= max_attempts:
                        failed += 1
                        _finish(
                            message_id, token, status=FAILED, attempts=attempts, last_error=error
                        )
                    else:
                        retrying += 1
                        _finish(
                            message_id,
                            token,
                            attempts=attempts,
                            last_error=error,
                            next_attempt_at=(now or utcnow()) + backoff(attempts),
                        )
                    log.warning(
                        "Sending outbox message %s to %s failed (attempt %s): %s",
                        message_id,
                        to,
                        attempts,
                        error,
                    )
                else:
                    sent += 1
                    _finish(message_id, token, status=SENT, attempts=attempts + 1, sent_at=utcnow())
    return SendResult(sent, retrying, failed)
