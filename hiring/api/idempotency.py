"""Idempotency keys: a client retrying a POST gets the first answer, not a second record.

A client that sends ``Idempotency-Key`` with a POST may resend it after a timeout or a
dropped connection without knowing whether the first attempt worked. The first
successful answer is kept against (user, key) with a SHA-256 of the request body, in
the same transaction as what the request created, so one never exists without the
other. The same key with the same body replays that answer; with another body it is
refused. Keys are kept 24 hours; older ones are ignored and removed whenever a new key
is stored.

A key belongs to its user, whichever endpoint it was sent to; an endpoint other than
candidate creation names itself in the fingerprint (``scope``), so a key reused on
another endpoint is refused instead of answering that endpoint's response.
The table's model lives in ``hiring.submissions``, which keeps browser forms' one-time
tokens in it too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from sqlalchemy import delete, select

from hiring.api.fields import doc
from hiring.database import utcnow
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.submissions import KEEP_FOR, MAX_KEY_LENGTH, IdempotencyKey

REUSED_MESSAGE = (
    "This Idempotency-Key was already used with a different request body. Use a new key "
    "for a new request; resend the same body to get the first answer again."
)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


def key_field(what: str) -> ma.fields.String:
    """The optional ``Idempotency-Key`` request header of a POST that creates ``what``."""
    return ma.fields.String(
        data_key="Idempotency-Key",
        validate=[
            ma.validate.Length(1, MAX_KEY_LENGTH),
            ma.validate.Regexp(r"^[!-~]+$", error="Use visible ASCII characters."),
        ],
        metadata=doc(
            "Optional; any unique string (a UUID, say). Retrying with the same key and body "
            f"within 24 hours answers the first response again instead of {what}; the same "
            "key with another body is 422.",
            example="2f1c7d7e-9b1a-4c1e-8a57-4a1bd2c0f0aa",
        ),
    )


def fingerprint(body: Any, scope: str = "") -> str:
    """The same JSON value gives the same digest, however its keys and spaces were laid out.

    ``scope`` names the endpoint; empty for candidate creation, the first to take keys."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = f"{scope}\n{canonical}" if scope else canonical
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_response(user_id: int, key: str, request_fingerprint: str) -> StoredResponse | None:
    """The answer kept for this user's key, or None when the key is new or expired.

    Raises ``ValidationFailed`` (422) when the key was used with another body.
    """
    row = db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at >= utcnow() - KEEP_FOR,
        )
    )
    if row is None:
        return None
    if row.fingerprint != request_fingerprint:
        raise ValidationFailed({"Idempotency-Key": [REUSED_MESSAGE]})
    return StoredResponse(row.status, dict(row.response_body))


def remember(
    user_id: int, key: str, request_fingerprint: str, status: int, body: dict[str, Any]
) -> None:
    """Add the key to the caller's transaction, which commits it with what it created.

    Expired keys (this user's same key among them) are removed first; a concurrent
    request with the same key makes the commit fail on the unique constraint.
    """
    expired = IdempotencyKey.created_at < utcnow() - KEEP_FOR
    db.session.execute(delete(IdempotencyKey).where(expired))
    db.session.add(
        IdempotencyKey(
            user_id=user_id,
            key=key,
            fingerprint=request_fingerprint,
            status=status,
            response_body=body,
        )
    )


def replay_after_failure(user_id: int, key: str, request_fingerprint: str) -> StoredResponse | None:
    """After an attempt that failed (refused, or beaten to the key's unique constraint):
    the answer of the request with the same key that won the race, if there is one.

    The failed transaction is rolled back first, so the lookup sees what was committed.
    """
    db.session.rollback()
    return stored_response(user_id, key, request_fingerprint)
