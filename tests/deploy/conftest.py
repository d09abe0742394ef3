"""Two gunicorn instances of the app on one fresh PostgreSQL database and one Redis.

Skipped, saying why, unless DATABASE_URL (or TEST_DATABASE_URL) is PostgreSQL and
Redis answers on 127.0.0.1:6379; `.ci/run` runs the suite on PostgreSQL, so there
they run. Every process started here is stopped, and the database dropped, at the end.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from sqlalchemy.engine import make_url

from hiring.config import PROJECT_ROOT, normalise_database_url
from tests.conftest import CSRF_PATTERN, EXTERNAL_DATABASE_URL
from tests.fixtures.smtp import free_port

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = 14  # a database number of its own, emptied before and after
BIN = Path(sys.executable).parent


def _redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _skip_reason() -> str | None:
    if not EXTERNAL_DATABASE_URL or not normalise_database_url(EXTERNAL_DATABASE_URL).startswith(
        "postgresql"
    ):
        return "deploy tests need DATABASE_URL pointing to PostgreSQL (as in .ci/run)"
    if not _redis_answers():
        return f"deploy tests need Redis on {REDIS_HOST}:{REDIS_PORT}"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Deployment:
    database_url: str
    environ: dict[str, str]
    ports: tuple[int, int]
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list = field(default_factory=list)

    def flask(self, *args: str, input: str | None = None, **extra: str) -> str:
        completed = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=PROJECT_ROOT,
            env={**self.environ, **extra},
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout

    def sql(self, statement: str, *params):
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(statement, params).fetchall()


def _psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()
    base = make_url(normalise_database_url(EXTERNAL_DATABASE_URL or ""))
    name = f"{base.database}_deploy_{uuid.uuid4().hex[:8]}"
    admin_url = _psycopg_url(base.set(database="postgres").render_as_string(hide_password=False))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    root = tmp_path_factory.mktemp("deploy")
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TEST_DATABASE_URL", "FLASK_APP"}
    }
    environ.update(
        HIRING_ENV="production",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        RATELIMIT_STORAGE_URI=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        SESSION_COOKIE_SECURE="1",
        MAIL_SERVER="127.0.0.1",
        SERVER_NAME="hiring.example.test",  # links only: requests come to 127.0.0.1
        PREFERRED_URL_SCHEME="https",
        MAIL_PORT=str(free_port()),  # nothing listens: the app never mails in a request
        RESUME_STORAGE_DIR=str(root / "resumes"),
        HIRING_INSTANCE_PATH=str(root / "instance-cli"),
        LOG_LEVEL="WARNING",
    )
    deployment = Deployment(_psycopg_url(url), environ, (free_port(), free_port()))
    try:
        deployment.flask("db", "upgrade")
        deployment.flask("demo", "seed")
        for index, port in enumerate(deployment.ports):
            # Each instance its own instance folder: only SECRET_KEY is shared.
            instance_env = {**environ, "HIRING_INSTANCE_PATH": str(root / f"instance-{index}")}
            command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}"]
            log = (root / f"gunicorn-{index}.log").open("wb")
            deployment.logs.append(log)
            deployment.processes.append(
                subprocess.Popen(
                    [*command, "wsgi:app"],
                    cwd=PROJECT_ROOT,
                    env=instance_env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
        for port in deployment.ports:
            _wait_until_ready(port, deployment.processes, root)
        yield deployment
    finally:
        for process in deployment.processes:
            process.terminate()
        for process in deployment.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in deployment.logs:
            log.close()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()


def _wait_until_ready(port: int, processes: list[subprocess.Popen], root: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            logs = "\n".join(p.read_text() for p in root.glob("gunicorn-*.log"))
            pytest.fail(f"gunicorn exited:\n{logs}")
        try:
            if Browser().get(port, "/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the instance on port {port} never became ready")


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str


@dataclass
class Browser:
    """A cookie jar over http.client; any instance may be asked, by port."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Reply(response.status, response.headers, text)

    def get(self, port: int, path: str) -> Reply:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict) -> Reply:
        return self.request(port, "POST", path, form)

    def csrf_token(self, port: int, path: str = "/login") -> str:
        match = CSRF_PATTERN.search(self.get(port, path).body)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def sign_in(self, port: int, email: str, password: str) -> Reply:
        token = self.csrf_token(port)
        return self.post(
            port, "/login", {"email": email, "password": password, "csrf_token": token}
        )
