"""Users, their roles and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.roles import Role


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped to end every session of the user at once (deactivation, sign out everywhere,
    # password change); the session cookie carries the value it was issued with.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic lock: two admins editing one user get a conflict, not a lost update.
    version: Mapped[int] = mapped_column(Integer, default=1)
    invitation_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # IANA zone times are shown in ("Europe/Berlin"); empty: the browser's own zone.
    time_zone: Mapped[str] = mapped_column(String(64), default="", server_default="")

    role_grants: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="raise"
    )
    api_tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", lazy="raise")

    __mapper_args__ = {"version_id_col": version}

    # Flask-Login protocol -------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    # Roles ----------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in sorted(self.roles)]

    @property
    def invitation_pending(self) -> bool:
        return self.password_hash is None and self.invitation_token_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32), index=True)

    user: Mapped[User] = relationship(back_populates="role_grants", lazy="raise")


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the token, shown so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="api_tokens", lazy="raise")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class UserSession(db.Model):
    """One browser sign-in. The cookie carries a random secret; only its SHA-256 is kept.

    Every request looks the record up with the user, so ending it (sign-out, sign out
    everywhere, deactivation, password change) makes every copy of that cookie worthless.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where and with what the person signed in, to tell their sessions apart.
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip_address: Mapped[str | None] = mapped_column(String(45))
