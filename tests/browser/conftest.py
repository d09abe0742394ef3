"""Browser tests: the real app served over HTTP, driven by Debian's Chromium via Playwright.

They catch what the Flask test client cannot: the login form as a person fills it,
Bootstrap actually loading, and the strict Content-Security-Policy rejecting inline
scripts or styles (visible only as console errors in a real browser).

Chromium comes from Debian (``apt-get install chromium``), never from
``playwright install``. Without it every test here is skipped, unless
``REQUIRE_BROWSER_TESTS=1`` (set in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import (
    Error as PlaywrightError,
)
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import UserRef, uses_external_database

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
# Quiet, deterministic start-up: no sandbox (containers), no GPU, no phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous for a cold CI machine, short enough that a broken page fails in seconds.
TIMEOUT_MS = 5_000

# Chromium's console line for a response with an error status, e.g.
# "Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)".
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of")
# What Chromium reports for a request the page itself gave up on, typically the icon or
# a script still loading when the test moved on to the next page. Server errors show as
# statuses and CSP blocks as ERR_BLOCKED_BY_CSP, so nothing real hides behind it.
NAVIGATED_AWAY = "net::ERR_ABORTED"

# Forward CSP violations to Python; the listener is installed before any page script,
# and exposed bindings survive navigations, unlike state kept on ``window``.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `on ${event.documentURI} (${event.sourceFile || "?"}:${event.lineNumber})`
  );
});
"""


# --- marker and availability --------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under this folder ``browser`` (``-m "not browser"`` skips them).

    A conftest's collection hook sees the whole session's items, so filter by path.
    """
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item so fixtures can screenshot failures."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Skip without Debian's Chromium; in CI (REQUIRE_BROWSER_TESTS=1), fail instead."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"{CHROMIUM_MISSING}; REQUIRE_BROWSER_TESTS=1 does not allow skipping")
        pytest.skip(f"{CHROMIUM_MISSING}; browser tests skipped")
    return CHROMIUM


@pytest.fixture(autouse=True)
def _require_chromium(chromium_path: Path) -> None:
    """Check before building an app or a server that would go unused."""


# --- the app over HTTP --------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str

    def __call__(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        return self.url + path


@pytest.fixture
def live_server_config() -> dict[str, object]:
    """Extra app config for the served app; a test module overrides it when needed."""
    return {}


def closing_body(app: Flask):
    """The app, with each response body closed even when the browser drops the
    connection mid-response (it does, navigating away while a script still loads).
    Werkzeug's development server then never closes the body, and a static file's
    handle is left to the garbage collector, which reports it as a ResourceWarning.
    Here the wrapping generator is closed as soon as the server lets go of it."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture
def live_server(make_app, tmp_path: Path, live_server_config) -> Iterator[LiveServer]:
    """Serve a fresh app on a free port in a background thread.

    SQLite must be a file here: an in-memory database is private to one connection,
    and the server's request threads each need their own. An external database
    (PostgreSQL in CI) is used as it is.
    """
    if uses_external_database():
        app = make_app(**live_server_config)
    else:
        app = make_app(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'browser.sqlite3'}",
            **live_server_config,
        )
    server: BaseWSGIServer = make_server("127.0.0.1", 0, closing_body(app), threaded=True)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll
        name="live-server",
        daemon=True,
    )
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def app(live_server: LiveServer) -> Flask:
    """The served app, so the shared ``users`` fixture seeds the database it reads."""
    return live_server.app


# --- the browser --------------------------------------------------------------------


# Package scope, not session: the sync API keeps an asyncio loop marked as running in
# this thread while it is started, so asyncio.run() in any later test (tests/db, tests/web
# run after this folder) would fail. It stops once the last browser test is done.
@pytest.fixture(scope="package")
def playwright_driver(chromium_path: Path) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright, chromium_path: Path) -> Iterator[Browser]:
    """One Chromium for every browser test: launching takes about a second."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(chromium_path), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran, beyond what it asserts."""

    page: Page | None = None
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # Documents served with an error status (a refused sign-in answers 401), whose
    # "Failed to load resource" console line is expected, not a problem.
    error_documents: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} [{message.location.get('url', '?')}]")

    def on_csp_violation(self, description: str) -> None:
        self.csp_violations.append(description)

    def on_response(self, response: Response) -> None:
        if response.status < 400:
            return
        if response.request.is_navigation_request():
            self.error_documents.append(response.url)
        else:
            self.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(self, request: Request) -> None:
        if request.failure != NAVIGATED_AWAY:
            self.failed_requests.append(f"{request.failure} {request.url}")

    def unexpected_console_errors(self) -> list[str]:
        return [
            error
            for error in self.console_errors
            if not (
                FAILED_RESOURCE.match(error)
                and any(error.endswith(f"[{url}]") for url in self.error_documents)
            )
        ]

    def assert_none(self) -> None:
        """No console errors, CSP violations, script errors or failed sub-resources.

        Waits for the current page's scripts and styles first: a violation they cause
        arrives after the heading a test waited for is already visible.
        """
        if self.page is not None:
            self.page.wait_for_load_state("load")
        found = {
            "console errors": self.unexpected_console_errors(),
            "CSP violations": self.csp_violations,
            "uncaught script errors": self.page_errors,
            "failed requests": self.failed_requests,
        }
        found = {kind: items for kind, items in found.items() if items}
        assert not found, f"browser reported problems: {found}"


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile per test: no cookies carried between tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(
    context: BrowserContext, problems: PageProblems, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A page that records console errors and CSP violations, and is shot on failure."""
    page = context.new_page()
    problems.page = page
    page.expose_function("__reportCspViolation", problems.on_csp_violation)
    page.add_init_script(CSP_REPORTER)
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("response", problems.on_response)
    page.on("requestfailed", problems.on_request_failed)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # A crashed or closed page must not turn the test's failure into a teardown error.
        with contextlib.suppress(PlaywrightError):
            screenshot(page, f"FAILED-{request.node.name}")
    page.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/ (kept by CI, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


# --- steps shared by the tests ------------------------------------------------------


def sign_in(page: Page, server: LiveServer, user: UserRef) -> None:
    """Sign in through the real form, as a person would, and wait for the dashboard."""
    page.goto(server("/login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Welcome, {user.name}")).to_be_visible()
