"""What became of the outbox's messages: the admins' view of it, retrying what failed,
and the delivery problems a page shows about the thing its messages are about.

Sending itself is ``outbox.send_pending``; this module only reads rows and puts failed
ones back in the queue, so the next ``notifications send`` tries them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound
from hiring.extensions import db
from hiring.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from hiring.notifications.outbox import ERASED, STALE_CLAIM
from hiring.paging import PageOf
from hiring.policy import Action

# The outbox page's views: what needs attention first.
PROBLEMS, ALL = "problems", "all"
VIEWS: dict[str, str] = {
    PROBLEMS: "Needs attention",
    PENDING: "Waiting to be sent",
    FAILED: "Given up",
    SENT: "Sent",
    ALL: "All",
}
PER_PAGE = 50


def _has_problem():
    """Given up, or still pending after a failed try."""
    return or_(
        OutboxMessage.status == FAILED,
        and_(OutboxMessage.status == PENDING, OutboxMessage.attempts > 0),
    )


def _in_view(view: str):
    if view == PROBLEMS:
        return _has_problem()
    if view in (PENDING, FAILED, SENT):
        return OutboxMessage.status == view
    return None


@dataclass(frozen=True, kw_only=True)
class OutboxPage(PageOf):
    view: str
    counts: dict[str, int]  # per view
    messages: list[OutboxMessage]
    now: datetime

    def retryable(self, message: OutboxMessage) -> bool:
        return can_retry(message, self.now)


def can_retry(message: OutboxMessage, now: datetime) -> bool:
    """Failed, or waiting after a failure (retry now), unless a run is sending it or the
    candidate's data was erased (nothing left to send)."""
    if message.subject == ERASED:
        return False
    if message.claimed_at is not None and message.claimed_at >= now - STALE_CLAIM:
        return False
    return message.status == FAILED or (message.status == PENDING and message.attempts > 0)


def outbox_page(actor: User, view: str = PROBLEMS, page: int = 1) -> OutboxPage:
    """One page of messages, newest first, with the count of each view: three queries
    whatever the size of the outbox."""
    policy.require(actor, Action.MANAGE_OUTBOX)
    view = view if view in VIEWS else PROBLEMS
    status_counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                OutboxMessage.status
            )
        ).all()
    )
    retrying = (
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.status == PENDING, OutboxMessage.attempts > 0
            )
        )
        or 0
    )
    counts = {
        PROBLEMS: status_counts.get(FAILED, 0) + retrying,
        PENDING: status_counts.get(PENDING, 0),
        FAILED: status_counts.get(FAILED, 0),
        SENT: status_counts.get(SENT, 0),
        ALL: sum(status_counts.values()),
    }
    query = select(OutboxMessage)
    condition = _in_view(view)
    if condition is not None:
        query = query.where(condition)
    page = max(1, page)
    messages = db.session.scalars(
        query.order_by(OutboxMessage.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return OutboxPage(
        view=view,
        counts=counts,
        messages=list(messages),
        now=utcnow(),
        total=counts[view],
        page=page,
        per_page=PER_PAGE,
    )


def retry(actor: User, message_id: int) -> OutboxMessage:
    """Put one message back in the queue with a fresh set of attempts; the next
    ``notifications send`` tries it. Its last error stays until a try succeeds."""
    policy.require(actor, Action.MANAGE_OUTBOX)
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("No such message in the outbox.")
    now = utcnow()
    if not can_retry(message, now):
        db.session.rollback()
        raise Conflict(_why_not(message, now))
    message.status = PENDING
    message.attempts = 0
    message.next_attempt_at = now
    audit.record(
        actor,
        "outbox.retried",
        "outbox_message",
        message.id,
        f"Queued outbox message #{message.id} ({message.kind}) to {message.to} again",
        {"last_error": message.last_error},
    )
    db.session.commit()
    return message


def _why_not(message: OutboxMessage, now: datetime) -> str:
    if message.subject == ERASED:
        return "This message was about a candidate whose data was erased: there is nothing to send."
    if message.status == SENT:
        return "This message was sent already; nothing to retry."
    if message.claimed_at is not None and message.claimed_at >= now - STALE_CLAIM:
        return "This message is being sent right now; look again in a minute."
    return "This message is waiting for its first try; nothing to retry yet."


def retry_failed(actor: User) -> int:
    """Every given-up message back in the queue (erased ones aside); how many."""
    policy.require(actor, Action.MANAGE_OUTBOX)
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == FAILED, OutboxMessage.subject != ERASED)
        .values(status=PENDING, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    count = result.rowcount or 0
    if count:
        audit.record(
            actor,
            "outbox.retried",
            "outbox_message",
            None,
            f"Queued {count} failed outbox message{'' if count == 1 else 's'} again",
            {"count": count},
        )
    db.session.commit()
    return count


# --- what a page says about its own messages ------------------------------------------------


@dataclass(frozen=True)
class DeliveryProblem:
    """The latest message of a topic to one person, when it has not gone out."""

    to: str
    kind: str
    given_up: bool  # False: still being retried
    attempts: int
    last_error: str
    next_attempt_at: datetime


def problems(topics: Sequence[str]) -> dict[str, list[DeliveryProblem]]:
    """Per topic, each recipient whose latest message failed or is being retried after a
    failure (one query for any number of topics). An earlier failure that a later message
    to the same person superseded (a rescheduled interview's new invite) is not listed."""
    if not topics:
        return {}
    latest = (
        select(func.max(OutboxMessage.id))
        .where(OutboxMessage.topic.in_(tuple(topics)))
        .group_by(OutboxMessage.topic, OutboxMessage.to)
    )
    found: dict[str, list[DeliveryProblem]] = {}
    for message in db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(latest.scalar_subquery()), _has_problem())
        .order_by(OutboxMessage.to)
    ):
        found.setdefault(message.topic or "", []).append(
            DeliveryProblem(
                to=message.to,
                kind=message.kind,
                given_up=message.status == FAILED,
                attempts=message.attempts,
                last_error=message.last_error,
                next_attempt_at=message.next_attempt_at,
            )
        )
    return found
