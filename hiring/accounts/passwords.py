"""Password rules and hashing.

The rules follow NIST SP 800-63B: a minimum length, a generous maximum, no
composition rules, and a refusal of passwords that attackers try first. Hashes are
argon2id; parameters come from config so tests can use cheap ones.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass(frozen=True)
class PasswordRules:
    min_length: int = 12
    max_length: int = 128


@cache
def common_passwords() -> frozenset[str]:
    data = resources.files("hiring.accounts").joinpath("data/common-passwords.txt.gz")
    return frozenset(gzip.decompress(data.read_bytes()).decode("utf-8").split())


def password_problems(
    password: str, rules: PasswordRules, *, personal_words: tuple[str, ...] = ()
) -> list[str]:
    """Every reason the password is refused, in words the user can act on."""
    problems: list[str] = []
    if len(password) < rules.min_length:
        problems.append(f"Use at least {rules.min_length} characters.")
    if len(password) > rules.max_length:
        problems.append(f"Use at most {rules.max_length} characters.")
    lowered = password.lower()
    if lowered in common_passwords():
        problems.append("This password is on a list of commonly used passwords; choose another.")
    elif len(set(lowered)) <= 2 and password:
        problems.append("This password repeats one or two characters; choose another.")
    for word in personal_words:
        word = word.strip().lower()
        if len(word) >= 4 and lowered == word:
            problems.append("Do not use your name or email address as your password.")
            break
    return problems


@dataclass(frozen=True)
class HashParameters:
    time_cost: int
    memory_cost: int
    parallelism: int


def hasher(parameters: HashParameters) -> PasswordHasher:
    # argon2-cffi's PasswordHasher uses argon2id by default.
    return PasswordHasher(
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_cost,
        parallelism=parameters.parallelism,
    )


def hash_password(password: str, parameters: HashParameters) -> str:
    return hasher(parameters).hash(password)


def verify_password(stored_hash: str | None, password: str, parameters: HashParameters) -> bool:
    if not stored_hash:
        # Spend the same effort as a real check so timing does not reveal the account.
        hasher(parameters).hash(password)
        return False
    try:
        return hasher(parameters).verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, parameters: HashParameters) -> bool:
    try:
        return hasher(parameters).check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
