"""The browser harness itself: it must notice what the other tests assert is absent.

Every test ends with ``problems.assert_none()``. If the CSP reporter or the console
listener silently stopped working, those assertions would pass vacuously; this test
serves a page that breaks the app's own policy and loads a missing stylesheet, and
checks that all of it is caught.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route

from tests.browser.conftest import LiveServer, PageProblems

# An inline script and an inline style, both forbidden by the app's policy, and a
# stylesheet the app does not have.
OFFENDING_PAGE = """<!doctype html>
<html lang="en"><head><title>probe</title><style>p { color: red; }</style>
<link rel="stylesheet" href="/static/css/missing.css"></head>
<body><p>probe</p><script>document.title = "ran";</script></body></html>
"""


def wait_until(page: Page, condition: Callable[[], object], timeout_ms: int = 3_000) -> None:
    """Events reach Python only while Playwright runs, so wait through it, not time.sleep."""
    for _ in range(timeout_ms // 20):
        if condition():
            return
        page.wait_for_timeout(20)


def reported(problems: PageProblems) -> list[str]:
    return problems.console_errors + problems.failed_requests


def test_csp_violations_and_missing_assets_are_caught(
    page: Page, live_server: LiveServer, problems: PageProblems
) -> None:
    """Inline code under the app's real CSP, and a missing asset, are reported."""
    policy = page.request.get(live_server("/login")).headers["content-security-policy"]
    assert "script-src 'self'" in policy

    def serve_offending_page(route: Route) -> None:
        route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body=OFFENDING_PAGE,
        )

    page.route(live_server("/probe"), serve_offending_page)
    page.goto(live_server("/probe"))
    wait_until(
        page,
        lambda: (
            len(problems.csp_violations) >= 2
            and any("missing.css" in line for line in reported(problems))
        ),
    )

    assert page.title() == "probe", "the inline script ran despite the CSP"
    directives = " ".join(problems.csp_violations)
    assert "script-src" in directives
    assert "style-src" in directives
    assert any("Content Security Policy" in error for error in problems.console_errors)
    # Under the app's nosniff header Chromium refuses the HTML 404 page as a stylesheet;
    # the console says so even when no response event is emitted.
    assert any("missing.css" in line for line in reported(problems)), reported(problems)
    with pytest.raises(AssertionError, match="CSP violations"):
        problems.assert_none()
