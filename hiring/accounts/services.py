"""What admins and invited people do with user accounts: find, list, create, change
roles, deactivate, and invitations.

Each function owns its transaction (one commit), asks ``policy`` and writes the audit
log. Functions take plain arguments; views and the API translate the domain exceptions
they raise. Signing in is ``sign_in``; the signed-in person's own password and sessions
are ``own_account``; API tokens are ``api_tokens``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from hiring import audit, policy
from hiring.accounts import session_records
from hiring.accounts.credentials import check_new_password, hash_parameters, secret_digest
from hiring.accounts.models import User, UserRole
from hiring.accounts.passwords import hash_password
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.paging import PageOf
from hiring.policy import Action
from hiring.roles import Role
from hiring.transactions import commit_or_conflict


def normalise_email(email: str) -> str:
    return email.strip().lower()


def users_with_roles() -> Select[tuple[User]]:
    """Users with their role grants loaded (relationships are ``lazy="raise"``)."""
    return select(User).options(selectinload(User.role_grants))


def _parse_roles(roles: Iterable[str]) -> list[Role]:
    valid = {role.value for role in Role}
    chosen = sorted(set(roles))
    unknown = [role for role in chosen if role not in valid]
    if unknown:
        raise ValidationFailed({"roles": [f"Unknown role: {', '.join(unknown)}."]})
    if not chosen:
        raise ValidationFailed({"roles": ["Choose at least one role."]})
    return [Role(role) for role in chosen]


# --- reading ----------------------------------------------------------------------


def get_user(user_id: int) -> User:
    user = db.session.scalar(users_with_roles().where(User.id == user_id))
    if user is None:
        raise NotFound("There is no such user.")
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(users_with_roles().where(User.email == normalise_email(email)))


@dataclass(frozen=True)
class UserFilter:
    query: str = ""
    role: str = ""
    status: str = "active"  # active, inactive, invited, all


@dataclass(frozen=True, kw_only=True)
class UserPage(PageOf):
    users: list[User]


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


# --- managing users ----------------------------------------------------------------


@dataclass(frozen=True)
class NewUser:
    user: User
    invitation_token: str | None


def _new_invitation(user: User) -> str:
    token = secrets.token_urlsafe(32)
    user.invitation_token_hash = secret_digest(token)
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
            check_new_password(password, None, name=name, email=address)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    user = User(email=address, name=name.strip(), active=True)
    user.role_grants = [UserRole(role=role.value) for role in chosen_roles]
    token = None
    if password is not None:
        user.password_hash = hash_password(password, hash_parameters())
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
    commit_or_conflict("user")
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
    session_records.close_all_sessions(user.id)
    audit.record(actor, "user.deactivated", "user", user.id, f"Deactivated {user.email}")
    commit_or_conflict("user")
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
    commit_or_conflict("user")
    return user


def revoke_user_sessions(actor: User, user_id: int, *, expected_version: int | None) -> User:
    user = get_user(user_id)
    policy.require(actor, Action.MANAGE_USERS)
    _check_version(user, expected_version)
    user.session_version += 1
    session_records.close_all_sessions(user.id)
    audit.record(
        actor, "auth.sessions_revoked", "user", user.id, f"Signed {user.email} out everywhere"
    )
    commit_or_conflict("user")
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
    commit_or_conflict("user")
    return token


# --- accepting an invitation -------------------------------------------------------


def user_for_invitation(token: str) -> User:
    user = db.session.scalar(
        users_with_roles().where(
            User.invitation_token_hash == secret_digest(token), User.active.is_(True)
        )
    )
    expires = user.invitation_expires_at if user else None
    if user is None or expires is None or expires < utcnow():
        raise NotFound(
            "This invitation link is not valid or has expired. Ask an admin for a new one."
        )
    return user


def accept_invitation(token: str, password: str, confirm: str) -> User:
    user = user_for_invitation(token)
    check_new_password(password, confirm, name=user.name, email=user.email)
    user.password_hash = hash_password(password, hash_parameters())
    user.invitation_token_hash = None
    user.invitation_expires_at = None
    audit.record(user, "user.invitation_accepted", "user", user.id, f"{user.email} set a password")
    commit_or_conflict("account")
    return user
