import pytest

from tests.conftest import login


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_hsts_is_sent_over_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_with_personal_data_are_not_cached(client, users):
    login(client, users["admin"])
    for url in ("/", "/admin/users", "/account", "/admin/audit"):
        assert client.get(url).headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"
        assert "Content-Security-Policy" in response.headers


def test_pages_have_no_inline_scripts_or_styles(client, users):
    login(client, users["admin"])
    for url in ("/", "/admin/users", "/admin/users/new", "/account", "/admin/audit", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert " onclick=" not in html


def test_missing_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "<nav" in html


def test_forbidden_page_is_friendly(client, users):
    login(client, users["interviewer"])
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "does not have access" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(make_app):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    return app


def test_an_unexpected_error_shows_no_stack_trace(failing_app, caplog):
    response = failing_app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "Traceback" not in html and "hunter2" not in html and "RuntimeError" not in html
    assert any("RuntimeError" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_an_unexpected_api_error_is_problem_json_without_internals(failing_app):
    @failing_app.get("/api/v1/boom-test")
    def api_boom():
        raise RuntimeError("secret internals")

    response = failing_app.test_client().get("/api/v1/boom-test")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 500 and "secret" not in response.get_data(as_text=True)


def test_method_not_allowed_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
