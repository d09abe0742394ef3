"""Password and secret handling bound to the app's configuration.

``passwords`` holds the pure rules and hashing; this module reads their parameters from
config at call time (so tests can use cheap hashing) and turns rule breaks into a
``ValidationFailed`` a form can show. Invitation links and API tokens are stored only
as digests.
"""

from __future__ import annotations

import hashlib

from flask import current_app

from hiring.accounts.passwords import HashParameters, PasswordRules, password_problems
from hiring.domain import ValidationFailed


def hash_parameters() -> HashParameters:
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


def check_new_password(password: str, confirm: str | None, *, name: str, email: str) -> None:
    """Raise ``ValidationFailed`` when the password breaks the rules, resembles the
    person's name or address, or (when ``confirm`` is given) the two do not match."""
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


def secret_digest(secret: str) -> str:
    """What is stored of an invitation link or API token: its SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
