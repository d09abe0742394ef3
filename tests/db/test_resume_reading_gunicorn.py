"""Resume files read under gunicorn (threaded worker, SQLite file): the reader's child
process works there, a slow file is stopped at its time limit, and another user's
write during it goes through."""

from __future__ import annotations

import http.client
import secrets
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from hiring.config import PROJECT_ROOT
from hiring.demo.content import DEMO_ACCOUNTS
from tests.deploy.conftest import BIN, Browser, Reply
from tests.fixtures.resumes import make_pdf, make_slow_pdf
from tests.fixtures.smtp import free_port

RECRUITER = next(account for account in DEMO_ACCOUNTS if "recruiter" in account.roles)


def upload(browser: Browser, port: int, candidate_id: int, data: bytes, name: str) -> Reply:
    """A multipart upload of the resume form, as a browser sends it."""
    token = browser.csrf_token(port, f"/candidates/{candidate_id}/resumes")
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    try:
        connection.request(
            "POST",
            f"/candidates/{candidate_id}/resumes",
            body=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": cookies,
            },
        )
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    return Reply(response.status, response.headers, text)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    root = tmp_path_factory.mktemp("gunicorn-resumes")
    environ = {
        "PATH": str(BIN) + ":/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{root / 'app.sqlite3'}",
        "SECRET_KEY": secrets.token_hex(32),
        "HIRING_INSTANCE_PATH": str(root / "instance"),
        "RESUME_STORAGE_DIR": str(root / "resumes"),
        "RESUME_PARSE_TIMEOUT": "1",
        "LOG_LEVEL": "WARNING",
    }
    for command in (["db", "upgrade"], ["demo", "seed"]):
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *command],
            cwd=PROJECT_ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    port = free_port()
    log_path = root / "gunicorn.log"
    with log_path.open("wb") as log:
        threaded = ["--workers", "1", "--threads", "4", "--timeout", "30"]
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), *threaded, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    if Browser().get(port, "/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn never answered"
                time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def signed_in(port: int) -> Browser:
    browser = Browser()
    assert browser.sign_in(port, RECRUITER.email, RECRUITER.password).status == 302
    return browser


def test_a_resume_is_read_in_a_child_of_the_gunicorn_worker(server):
    browser = signed_in(server)
    reply = upload(browser, server, 1, make_pdf("Reinforcement learning for logistics"), "a.pdf")
    assert reply.status == 302, reply.body
    assert "Reinforcement learning for logistics" in browser.get(server, "/candidates/1").body


def test_a_slow_file_stops_at_its_limit_while_another_user_writes(server):
    slow_browser, other_browser = signed_in(server), signed_in(server)
    replies: dict[str, Reply] = {}

    def slow_upload() -> None:
        replies["slow"] = upload(slow_browser, server, 2, make_slow_pdf(), "slow.pdf")

    thread = threading.Thread(target=slow_upload)
    thread.start()
    replies["other"] = upload(other_browser, server, 3, make_pdf("Meanwhile"), "other.pdf")
    thread.join(timeout=60)
    assert replies["other"].status == 302, replies["other"].body
    assert replies["slow"].status == 302, replies["slow"].body
    page = slow_browser.get(server, "/candidates/2").body
    assert "Text not extracted: reading the file took longer than 1 second," in page
    assert "Meanwhile" in other_browser.get(server, "/candidates/3").body
