"""What people do with accounts: sign in, manage users, tokens and sessions.

Each function owns its transaction (one commit), asks ``policy`` and writes the
audit log. Functions take plain arguments; views and the API translate the domain
exceptions they raise.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import ApiToken, User, UserRole
from hiring.accounts.passwords import (
    HashParameters,
    PasswordRules,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from hiring.database import utcnow
from hiring.domain import Conflict, DomainError, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.policy import Action
from hiring.roles import Role

log = logging.getLogger("hiring.auth")

API_TOKEN_PREFIX = "hk_"
# Writing "last used" on every API call would turn reads into writes; once a minute is
# precise enough for a person deciding whether a token is still in use.
TOKEN_USE_GRANULARITY = timedelta(minutes=1)


class InvalidCredentials(DomainError):
    status = 401
    title = "Unauthorized"


# --- configuration read at call time ------------------------------------------------


def _hash_parameters() -> HashParameters:
    config = current_app.config
    return HashParameters(
        time_cost=config["PASSWORD_HASH_TIME_COST"],
        memory_cost=config["PASSWORD_HASH_MEMORY_COST"],
        parallelism=config["PASSWORD_HASH_PARALLELISM"],
    )


def password_rules() -> PasswordRules:
    config = current_app.config
    return PasswordRules(
        min_length=config["PASSWORD_MIN_LENGTH"], max_length=config["PASSWORD_MAX_LENGTH"]
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_password(password: str, confirm: str | None, *, name: str, email: str) -> None:
    errors: dict[str, list[str]] = {}
    problems = password_problems(
        password, password_rules(), personal_words=(name, email, email.split("@")[0])
    )
    if problems:
        errors["password"] = problems
    if confirm is not None and confirm != password:
        errors["confirm"] = ["The two passwords do not match."]
    if errors:
        raise ValidationFailed(errors)


def _parse_roles(roles: Iterable[str]) -> list[Role]:
    valid = {role.value for role in Role}
    chosen = sorted(set(roles))
    unknown = [role for role in chosen if role not in valid]
    if unknown:
        raise ValidationFailed({"roles": [f"Unknown role: {', '.join(unknown)}."]})
    if not chosen:
        raise ValidationFailed({"roles": ["Choose at least one role."]})
    return [Role(role) for role in chosen]


def _user_query():
    return select(User).options(selectinload(User.role_grants))


def _commit_or_conflict(what: str) -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            f"Someone else changed this {what} while you were editing it. "
            "Reload to see the current version, then make your change again."
        ) from exc


# --- reading ----------------------------------------------------------------------


def get_user(user_id: int) -> User:
    user = db.session.scalar(_user_query().where(User.id == user_id))
    if user is None:
        raise NotFound("There is no such user.")
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(_user_query().where(User.email == normalise_email(email)))


def load_session_user(user_id: int, session_version: int) -> User | None:
    """The signed-in user of a session, or None when the session was revoked."""
    user = db.session.scalar(_user_query().where(User.id == user_id))
    if user is None or not user.active or user.session_version != session_version:
        return None
    return user


@dataclass(frozen=True)
class UserFilter:
    query: str = ""
    role: str = ""
    status: str = "active"  # active, inactive, invited, all


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_users(actor: User, filters: UserFilter, page: int = 1, per_page: int = 50) -> UserPage:
    policy.require(actor, Action.MANAGE_USERS)
    query = select(User)
    if filters.query:
        text = filters.query.strip()
        query = query.where(
            User.email.icontains(text, autoescape=True) | User.name.icontains(text, autoescape=True)
        )
    if filters.role:
        query = query.where(User.role_grants.any(UserRole.role == filters.role))
    if filters.status == "active":
        query = query.where(User.active.is_(True))
    elif filters.status == "inactive":
        query = query.where(User.active.is_(False))
    elif filters.status == "invited":
        query = query.where(User.password_hash.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    users = db.session.scalars(
        query.options(selectinload(User.role_grants))
        .order_by(User.name, User.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return UserPage(users=list(users), total=total, page=page, per_page=per_page)


def count_users_by_role() -> dict[str, int]:
    rows = db.session.execute(
        select(UserRole.role, func.count(UserRole.id))
        .join(User, User.id == UserRole.user_id)
        .where(User.active.is_(True))
        .group_by(UserRole.role)
    ).all()
    counts = {role.value: 0 for role in Role}
    counts.update({role: count for role, count in rows})
    return counts


def list_api_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


# --- signing in -------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    """Return the user for valid credentials; log and audit every attempt."""
    address = normalise_email(email)
    user = find_user_by_email(address)
    parameters = _hash_parameters()
    ok = verify_password(user.password_hash if user else None, password, parameters)
    if not ok or user is None or not user.active:
        reason = "unknown account" if user is None else "inactive account" if ok else "bad password"
        log.warning("sign-in failed for %s: %s", address, reason)
        audit.record(
            user,
            "auth.login_failed",
            "user",
            user.id if user else None,
            f"Failed sign-in for {address}",
            {"reason": reason},
            actor_email=address,
        )
        db.session.commit()
        raise InvalidCredentials("Email or password is incorrect.")
    if user.password_hash and needs_rehash(user.password_hash, parameters):
        user.password_hash = hash_password(password, parameters)
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", "user", user.id, f"{user.email} signed in")
    db.session.commit()
    log.info("sign-in succeeded for %s", address)
    return user


def record_logout(user: User) -> None:
    audit.record(user, "auth.logout", "user", user.id, f"{user.email} signed out")
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    user.session_version += 1
    audit.record(user, "auth.sessions_revoked", "user", user.id, "Signed out of every session")
    _commit_or_conflict("account")


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    if not verify_password(user.password_hash, current, _hash_parameters()):
        raise ValidationFailed({"current_password": ["Your current password is incorrect."]})
    _check_password(new, confirm, name=user.name, email=user.email)
    user.password_hash = hash_password(new, _hash_parameters())
    # Other sessions may belong to whoever learned the old password.
    user.session_version += 1
    audit.record(user, "auth.password_changed", "user", user.id, "Changed password")
    _commit_or_conflict("account")


# --- managing users ----------------------------------------------------------------


@dataclass(frozen=True)
class NewUser:
    user: User
    invitation_token: str | None


def _new_invitation(user: User) -> str:
    token = secrets.token_urlsafe(32)
    user.invitation_token_hash = _digest(token)
    user.invitation_expires_at = utcnow() + current_app.config["INVITATION_LIFETIME"]
    return token


def create_user(
    actor: User | None,
    *,
    email: str,
    name: str,
    roles: Iterable[str],
    password: str | None = None,
) -> NewUser:
    """Create a user with a password, or with an invitation link when none is given.

    ``actor`` is None only for the command line, which is run by an operator.
    """
    if actor is not None:
        policy.require(actor, Action.MANAGE_USERS)
    address = normalise_email(email)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the person's name."]
    if "@" not in address or len(address) > 254:
        errors["email"] = ["Enter a valid email address."]
    elif db.session.scalar(select(User.id).where(User.email == address)) is not None:
        errors["email"] = ["A user with this email address already exists."]
    try:
        chosen_roles = _parse_roles(roles)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        chosen_roles = []
    if password is not None:
        try:
            _check_password(password, None, name=name, email=address)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    user = User(email=address, name=name.strip(), active=True)
    user.role_grants = [UserRole(role=role.value) for role in chosen_roles]
    token = None
    if password is not None:
        user.password_hash = hash_password(password, _hash_parameters())
    else:
        token = _new_invitation(user)
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor,
        "user.created",
        "user",
        user.id,
        f"Created {address} as {', '.join(role.label for role in chosen_roles)}"
        + (" (invited)" if token else ""),
        {"roles": [role.value for role in chosen_roles]},
        actor_email=None if actor else "command line",
    )
    db.session.commit()
    return NewUser(user=user, invitation_token=token)


def _check_version(user: User, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != user.version:
        raise Conflict(
            f"{user.name}'s account was changed by someone else after you opened it. "
            "The page now shows the current version; make your change again."
        )


def _active_admin_count() -> int:
    return (
        db.session.scalar(
            select(func.count(User.id))
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.role == Role.ADMIN.value)
        )
        or 0
    )


def update_user(
    actor: User, user_id: int, *, expected_version: int | None, name: str, roles: Iterable[str]
) -> User:
    policy.require(actor, Action.CHANGE_ROLES)
    user = get_user(user_id)
    _check_version(user, expected_version)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the person's name."]
    try:
        chosen = {role.value for role in _parse_roles(roles)}
    except ValidationFailed as exc:
        errors.update(exc.errors)
        chosen = set(user.roles)
    removes_admin = Role.ADMIN.value in user.roles and Role.ADMIN.value not in chosen
    if removes_admin and user.active and _active_admin_count() <= 1:
        errors["roles"] = ["At least one active admin must remain; make someone else admin first."]
    if errors:
        raise ValidationFailed(errors)
    before = sorted(user.roles)
    changes: dict[str, object] = {}
    if user.name != name.strip():
        changes["name"] = [user.name, name.strip()]
        user.name = name.strip()
    if set(before) != chosen:
        changes["roles"] = [before, sorted(chosen)]
        user.role_grants = [g for g in user.role_grants if g.role in chosen] + [
            UserRole(role=role) for role in sorted(chosen - set(before))
        ]
    if not changes:
        return user
    # Changing roles alone does not touch the users row; bump the version explicitly so
    # that a concurrent edit of the same user is still detected.
    user.updated_at = utcnow()
    summary = "; ".join(
        f"roles {_labels(old)} -> {_labels(new)}"
        if field == "roles"
        else f"name {old!r} -> {new!r}"
        for field, (old, new) in changes.items()  # type: ignore[misc]
    )
    audit.record(actor, "user.updated", "user", user.id, f"{user.email}: {summary}", changes)
    _commit_or_conflict("user")
    return user


def _labels(roles: Iterable[str]) -> str:
    return ", ".join(Role(role).label for role in roles) or "none"


def deactivate_user(actor: User, user_id: int, *, expected_version: int | None) -> User:
    user = get_user(user_id)
    policy.require(actor, Action.DEACTIVATE_USER, user)
    _check_version(user, expected_version)
    if not user.active:
        return user
    if user.has_role(Role.ADMIN) and _active_admin_count() <= 1:
        raise ValidationFailed({"active": ["The last active admin cannot be deactivated."]})
    user.active = False
    user.deactivated_at = utcnow()
    user.session_version += 1  # ends every session at once
    audit.record(actor, "user.deactivated", "user", user.id, f"Deactivated {user.email}")
    _commit_or_conflict("user")
    return user


def reactivate_user(actor: User, user_id: int, *, expected_version: int | None) -> User:
    user = get_user(user_id)
    policy.require(actor, Action.DEACTIVATE_USER, user)
    _check_version(user, expected_version)
    if user.active:
        return user
    user.active = True
    user.deactivated_at = None
    audit.record(actor, "user.reactivated", "user", user.id, f"Reactivated {user.email}")
    _commit_or_conflict("user")
    return user


def revoke_user_sessions(actor: User, user_id: int, *, expected_version: int | None) -> User:
    user = get_user(user_id)
    policy.require(actor, Action.MANAGE_USERS)
    _check_version(user, expected_version)
    user.session_version += 1
    audit.record(
        actor, "auth.sessions_revoked", "user", user.id, f"Signed {user.email} out everywhere"
    )
    _commit_or_conflict("user")
    return user


def reissue_invitation(actor: User, user_id: int, *, expected_version: int | None) -> str:
    user = get_user(user_id)
    policy.require(actor, Action.MANAGE_USERS)
    _check_version(user, expected_version)
    if user.password_hash is not None:
        raise ValidationFailed(
            {"invitation": [f"{user.name} has already set a password; no invitation is needed."]}
        )
    token = _new_invitation(user)
    audit.record(actor, "user.invited", "user", user.id, f"New invitation link for {user.email}")
    _commit_or_conflict("user")
    return token


def user_for_invitation(token: str) -> User:
    user = db.session.scalar(
        _user_query().where(User.invitation_token_hash == _digest(token), User.active.is_(True))
    )
    expires = user.invitation_expires_at if user else None
    if user is None or expires is None or expires < utcnow():
        raise NotFound(
            "This invitation link is not valid or has expired. Ask an admin for a new one."
        )
    return user


def accept_invitation(token: str, password: str, confirm: str) -> User:
    user = user_for_invitation(token)
    _check_password(password, confirm, name=user.name, email=user.email)
    user.password_hash = hash_password(password, _hash_parameters())
    user.invitation_token_hash = None
    user.invitation_expires_at = None
    audit.record(user, "user.invitation_accepted", "user", user.id, f"{user.email} set a password")
    _commit_or_conflict("account")
    return user


# --- API tokens ---------------------------------------------------------------------


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
        token_hash=_digest(secret),
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
        .where(ApiToken.token_hash == _digest(secret))
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
        .where(ApiToken.token_hash == _digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    return row[1] if row and row[1].active else None
