"""Request ids on responses and log records; one JSON access record per request."""

from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import login

ACCESS = "hiring.access"


def access_entries(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == ACCESS]


@pytest.fixture
def capture(caplog):
    caplog.set_level(logging.DEBUG, logger="hiring")
    return caplog


def test_a_safe_incoming_request_id_is_kept_and_echoed(client, capture):
    response = client.get("/login", headers={"X-Request-ID": "lb-7f3a.42:9"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42:9"
    [entry] = access_entries(capture)
    assert entry["request_id"] == "lb-7f3a.42:9"


@pytest.mark.parametrize(
    "unsafe",
    ["", "x" * 65, "two words", "id;X-Injected=1", "a/b", "<script>", "-leading-dash", "ünï"],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, unsafe):
    response = client.get("/healthz", headers={"X-Request-ID": unsafe})
    generated = response.headers["X-Request-ID"]
    assert generated != unsafe and len(generated) == 32 and generated.isalnum()


def test_each_request_gets_its_own_id(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_the_access_record_is_one_json_line_without_the_query_string(client, users, capture):
    login(client, users["recruiter"])
    capture.clear()
    response = client.get("/candidates?q=ada.lovelace%40example.org&page=2")
    [record] = [r for r in capture.records if r.name == ACCESS]
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert "\n" not in message and "ada" not in message and "example.org" not in message
    entry = json.loads(message)
    assert entry == {
        "event": "request",
        "method": "GET",
        "path": "/candidates",
        "status": response.status_code,
        "duration_ms": entry["duration_ms"],
        "user_id": users["recruiter"].id,
        "request_id": response.headers["X-Request-ID"],
    }
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0


def test_anonymous_requests_log_no_user(client, capture):
    client.get("/login")
    [entry] = access_entries(capture)
    assert entry["user_id"] is None and entry["status"] == 200


def test_secret_path_arguments_are_not_logged(client, capture):
    client.get("/invitations/a-secret-invitation-token")
    assert "a-secret-invitation-token" not in capture.text
    [entry] = access_entries(capture)
    assert entry["path"] == "/invitations/<token>"


def test_every_record_of_a_request_carries_its_id(make_app, capture):
    app = make_app()

    @app.get("/test-logging")
    def logging_view():
        logging.getLogger("hiring.something").warning("inside the request")
        logging.getLogger("a.third.party").warning("a library logging")
        raise RuntimeError("boom")

    response = app.test_client().get("/test-logging", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 500
    mine = [r for r in capture.records if getattr(r, "request_id", None) == "req-1"]
    names = {r.name for r in mine}
    # The view's records, the unhandled error (with its traceback) and the access record.
    assert {"hiring.something", "a.third.party", "hiring", ACCESS} <= names
    [entry] = access_entries(capture)
    assert entry["status"] == 500 and entry["request_id"] == "req-1"
    outside = logging.getLogger("hiring.something").makeRecord(
        "hiring.something", logging.INFO, __file__, 1, "outside", (), None
    )
    assert outside.request_id == "-"


def test_probes_are_logged_at_debug(client, capture):
    client.get("/healthz")
    [record] = [r for r in capture.records if r.name == ACCESS]
    assert record.levelno == logging.DEBUG


def test_log_level_is_configurable(make_app, caplog):
    hiring_logger = logging.getLogger("hiring")
    before = hiring_logger.level
    try:
        app = make_app(LOG_LEVEL="WARNING")
        app.test_client().get("/login")
        assert access_entries(caplog) == []
        app = make_app(LOG_LEVEL="INFO")
        app.test_client().get("/login")
        assert len(access_entries(caplog)) == 1
    finally:
        hiring_logger.setLevel(before)
