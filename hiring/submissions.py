"""One-time form tokens: a browser form sent twice (a double click, a resent page)
creates its record once.

The page carries a random token in a hidden field (``token_field``, ``new_token``); the
first successful submit keeps it against (user, token) in ``idempotency_keys`` (the
table the API's Idempotency-Key uses, under a ``form:`` prefix), in the same
transaction as what it created. The same token again answers the record the first one
made; two submits at once race on the table's unique constraint and the loser, rolled
back, answers the winner's record. Tokens are kept as long as API keys (24 hours).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField
from wtforms.validators import Length, Optional, Regexp

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
MAX_TOKEN_LENGTH = 64


class IdempotencyKey(db.Model):
    """The answer to the first successful request a user sent with one key (an API
    Idempotency-Key, or ``form:<scope>:<token>`` for a browser form)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    # SHA-256 of the canonical JSON of the request body (hex).
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


def delete_expired() -> None:
    expired = IdempotencyKey.created_at < utcnow() - KEEP_FOR
    db.session.execute(delete(IdempotencyKey).where(expired))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_field() -> HiddenField:
    """The hidden field a form carries its one-time token in (set it on GET)."""
    return HiddenField(
        validators=[Optional(), Length(max=MAX_TOKEN_LENGTH), Regexp(r"^[A-Za-z0-9_-]+$")]
    )


class _Record(Protocol):
    id: int


R = TypeVar("R", bound=_Record)


@dataclass(frozen=True)
class Outcome(Generic[R]):
    record_id: int
    created: R | None  # None: the token was used already and nothing was created


def _key(scope: str, token: str) -> str:
    return f"form:{scope}:{token}"


def _earlier(user_id: int, key: str) -> int | None:
    row = db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at >= utcnow() - KEEP_FOR,
        )
    )
    return None if row is None else int(row.response_body["id"])


def submit_once(
    user_id: int, scope: str, token: str | None, act: Callable[[Callable[[R], None]], R]
) -> Outcome[R]:
    """Run ``act`` unless this user's ``token`` for ``scope`` was used already.

    ``act`` creates and commits the record, calling the hook it is given before its
    commit (as the services' ``before_commit``). Without a token it just runs."""
    key = _key(scope, token) if token else None
    if key is not None:
        found = _earlier(user_id, key)
        if found is not None:
            return Outcome(found, None)

    def keep(record: R) -> None:
        if key is None:
            return
        delete_expired()
        db.session.add(
            IdempotencyKey(
                user_id=user_id,
                key=key,
                fingerprint=hashlib.sha256(key.encode()).hexdigest(),
                status=303,
                response_body={"id": record.id},
            )
        )

    try:
        record = act(keep)
    except IntegrityError:
        db.session.rollback()
        found = _earlier(user_id, key) if key is not None else None
        if found is None:
            raise
        return Outcome(found, None)
    return Outcome(record.id, record)
