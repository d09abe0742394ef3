from hypothesis import given
from hypothesis import strategies as st

from hiring.accounts.passwords import (
    HashParameters,
    PasswordRules,
    common_passwords,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)

RULES = PasswordRules(min_length=12, max_length=128)
CHEAP = HashParameters(time_cost=1, memory_cost=8, parallelism=1)


def test_twelve_characters_is_enough_and_no_composition_rules():
    assert password_problems("all lowercase words", RULES) == []
    assert password_problems("abcdefghijkz", RULES) == []


def test_too_short_is_refused_with_the_rule():
    assert password_problems("short pass", RULES) == ["Use at least 12 characters."]


def test_sixty_four_characters_are_accepted_and_the_maximum_is_enforced():
    assert password_problems("a long passphrase " * 3 + "0123456789", RULES) == []
    assert "Use at most 128 characters." in password_problems("x1" * 65, RULES)


def test_common_passwords_are_refused_whatever_the_case():
    assert "password1234" in common_passwords()
    assert len(common_passwords()) > 10_000
    problems = password_problems("Password1234", RULES)
    assert problems and "commonly used" in problems[0]


def test_repeated_characters_are_refused():
    assert password_problems("aaaaaaaaaaaaaaa", RULES)
    assert password_problems("abababababababab", RULES)


def test_own_email_or_name_is_refused():
    problems = password_problems("maya.manager@ex", RULES, personal_words=("maya.manager@ex",))
    assert problems == ["Do not use your name or email address as your password."]


@given(st.text(min_size=12, max_size=128).filter(lambda p: len(set(p.lower())) > 2))
def test_any_long_uncommon_password_is_accepted(password):
    if password.lower() not in common_passwords():
        assert password_problems(password, RULES) == []


def test_hash_is_argon2id_and_verifies():
    stored = hash_password("correct horse battery", CHEAP)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery", CHEAP)
    assert not verify_password(stored, "wrong horse battery", CHEAP)


def test_missing_or_broken_hash_never_verifies():
    assert not verify_password(None, "anything at all", CHEAP)
    assert not verify_password("not-a-hash", "anything at all", CHEAP)


def test_stronger_parameters_ask_for_a_rehash():
    stored = hash_password("correct horse battery", CHEAP)
    assert not needs_rehash(stored, CHEAP)
    assert needs_rehash(stored, HashParameters(time_cost=2, memory_cost=19456, parallelism=1))
