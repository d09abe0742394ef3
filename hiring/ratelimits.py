"""Rate-limit counters kept in the app's own database, shared by every worker.

Flask-Limiter (through ``limits``) keeps counters in memory, Redis, Memcached or
MongoDB. Memory is per process: with four gunicorn workers an attacker gets four times
the sign-in guesses. ``database://`` (the default) keeps fixed-window counters in the
``rate_limit_counters`` table of the app's database instead, so the limits hold across
workers and instances with nothing more to run. Each hit is one upsert on its own
connection; Redis remains the choice for a heavy API load.

Keys are stored as SHA-256 digests: they contain email addresses and tokens.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from flask_limiter import RequestLimit
from limits import parse
from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from hiring.extensions import db, limiter


class RateLimitCounter(db.Model):
    __tablename__ = "rate_limit_counters"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    # Seconds since the epoch, as ``limits`` counts them.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage for the fixed-window strategy on SQLite and PostgreSQL.

    It uses the current app's engine, so it needs an app context (Flask-Limiter only
    calls it while handling a request).
    """

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateLimitCounter.__table__
        engine = db.engine
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        expired = table.c.expires_at <= now
        statement = (
            dialect.insert(table)
            .values(key_hash=_digest(key), hits=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[table.c.key_hash],
                set_={
                    "hits": case((expired, amount), else_=table.c.hits + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            )
            .returning(table.c.hits)
        )
        with engine.begin() as connection:
            hits = int(connection.execute(statement).scalar_one())
            if hits == amount:  # a new window: a good moment to drop the expired ones
                connection.execute(delete(table).where(table.c.expires_at <= now))
        return hits

    def _current(self, key: str) -> tuple[int, float] | None:
        table = RateLimitCounter.__table__
        with db.engine.connect() as connection:
            row = connection.execute(
                select(table.c.hits, table.c.expires_at).where(
                    table.c.key_hash == _digest(key), table.c.expires_at > time.time()
                )
            ).first()
        return (int(row[0]), float(row[1])) if row else None

    def get(self, key: str) -> int:
        current = self._current(key)
        return current[0] if current else 0

    def get_expiry(self, key: str) -> float:
        current = self._current(key)
        return current[1] if current else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.key_hash == _digest(key)))


@dataclass(frozen=True)
class LimitState:
    """Where a caller stands against one limit, for the response headers."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # seconds since the epoch

    @property
    def retry_after(self) -> int:
        return retry_after(self.reset_at)

    @property
    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


def retry_after(reset_at: float) -> int:
    """Whole seconds until a window resets, at least one."""
    return max(1, math.ceil(reset_at - time.time()))


def hit(limit_text: str, key: str) -> LimitState | None:
    """Count one call against ``limit_text`` (e.g. "600 per minute") for ``key``.

    None when rate limiting is switched off (RATELIMIT_ENABLED).
    """
    if not limiter.enabled:
        return None
    item = parse(limit_text)
    strategy = limiter.limiter
    allowed = strategy.hit(item, key)
    reset_at, remaining = strategy.get_window_stats(item, key)
    return LimitState(allowed, item.amount, remaining, int(reset_at) + 1)


def breached_limit_retry_after() -> int | None:
    """Retry-After for the limit Flask-Limiter found breached in this request."""
    current: RequestLimit | None = limiter.current_limit
    return retry_after(current.reset_at) if current is not None else None
