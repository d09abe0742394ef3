"""The sign-in limits hold across workers: counters live in the app's database.

Flask-Limiter's in-memory counters are per process, so four gunicorn workers let
four times the guesses through. Here a second process (another ``create_app`` on the
same database, as another worker would be) makes some of the guesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from hiring.config import default_config
from tests.conftest import EXTERNAL_DATABASE_URL, make_user, uses_external_database

WRONG = "not the password!"


def guess(client, email: str) -> int:
    return client.post("/login", data={"email": email, "password": WRONG}).status_code


def guesses_in_another_process(database_url: str, email: str, count: int, instance: str) -> list:
    script = textwrap.dedent(
        f"""
        from hiring import create_app
        app = create_app({{
            "TESTING": True, "SECRET_KEY": "test-secret-key", "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": {database_url!r},
            "RATELIMIT_STORAGE_URI": "database://",
            "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_COST": 8,
            "PASSWORD_HASH_PARALLELISM": 1,
        }})
        client = app.test_client()
        print([client.post("/login", data={{"email": {email!r}, "password": {WRONG!r}}}).status_code
               for _ in range({count})])
        """
    )
    env = {**os.environ, "HIRING_INSTANCE_PATH": instance}
    env.pop("DATABASE_URL", None)
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip().splitlines()[-1])  # a list of status codes we printed


def test_the_database_is_the_default_rate_limit_storage(tmp_path):
    assert default_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "database://"


def test_two_instances_share_the_sign_in_limit(make_app, tmp_path):
    database_url = EXTERNAL_DATABASE_URL or f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    app = make_app(
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_STORAGE_URI="database://",
        WTF_CSRF_ENABLED=False,
    )
    user = make_user(app, ("recruiter",))
    if uses_external_database():
        database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    other = guesses_in_another_process(database_url, user.email, 6, str(tmp_path / "other"))
    assert other == [401] * 6
    client = app.test_client()
    mine = [guess(client, user.email) for _ in range(5)]
    assert mine == [401, 401, 401, 401, 429]  # the 11th guess across both is refused


def test_a_refused_sign_in_says_when_to_retry(make_app):
    app = make_app(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes", WTF_CSRF_ENABLED=False)
    user = make_user(app, ("recruiter",))
    client = app.test_client()
    assert [guess(client, user.email) for _ in range(2)] == [401, 401]
    refused = client.post("/login", data={"email": user.email, "password": WRONG})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60 + 1
