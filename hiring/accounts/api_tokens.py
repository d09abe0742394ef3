"""API tokens: issued to a person, shown once, stored as a digest, revoked any time.

A bearer token names the active user it belongs to; a revoked token or a deactivated
user makes it worthless at once.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from hiring import audit, policy
from hiring.accounts.credentials import secret_digest
from hiring.accounts.models import ApiToken, User
from hiring.database import utcnow
from hiring.domain import NotFound, ValidationFailed
from hiring.extensions import db
from hiring.policy import Action

log = logging.getLogger("hiring.auth")

API_TOKEN_PREFIX = "hk_"
# Writing "last used" on every API call would turn reads into writes; once a minute is
# precise enough for a person deciding whether a token is still in use.
TOKEN_USE_GRANULARITY = timedelta(minutes=1)


def list_api_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def create_api_token(user: User, name: str) -> NewToken:
    policy.require(user, Action.USE_API)
    label = name.strip()
    if not label:
        raise ValidationFailed({"name": ["Name the token after what will use it."]})
    if len(label) > 100:
        raise ValidationFailed({"name": ["Use at most 100 characters."]})
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=label,
        prefix=secret[: len(API_TOKEN_PREFIX) + 6],
        token_hash=secret_digest(secret),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(user, "token.created", "api_token", token.id, f"Created API token {label!r}")
    db.session.commit()
    return NewToken(token=token, secret=secret)


def revoke_api_token(actor: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("There is no such token.")
    policy.require(actor, Action.REVOKE_TOKEN, token)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(
            actor, "token.revoked", "api_token", token.id, f"Revoked API token {token.name!r}"
        )
        db.session.commit()
    return token


def user_for_api_token(secret: str) -> User | None:
    """The active user behind a bearer token, or None for anything else."""
    if not secret.startswith(API_TOKEN_PREFIX):
        return None
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .options(selectinload(User.role_grants))
        .where(ApiToken.token_hash == secret_digest(secret))
    ).first()
    if row is None:
        return None
    token, user = row
    if token.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_GRANULARITY:
        token.last_used_at = now
        try:
            db.session.commit()
        except OperationalError:  # a busy database must not fail the request for a timestamp
            db.session.rollback()
            log.warning("could not record API token use", exc_info=True)
            return user_for_api_token_readonly(secret)
    return user


def user_for_api_token_readonly(secret: str) -> User | None:
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .options(selectinload(User.role_grants))
        .where(ApiToken.token_hash == secret_digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    return row[1] if row and row[1].active else None
