"""Pages fit a phone screen: nothing forces the whole page to scroll sideways.

Hiring managers read scorecards and dashboards on their phones between meetings;
a page wider than the screen hides its right-hand side (often the dates and actions).
Wide tables belong in a ``.table-responsive`` wrapper, which scrolls on its own.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef

PHONE = {"width": 390, "height": 844}

# Elements whose right edge lies beyond the viewport, described for the failure message.
OVERFLOWING = """
() => Array.from(document.querySelectorAll("body *"))
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((element) => !element.closest(".table-responsive"))
  .slice(0, 5)
  .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">`
    + ` ${element.textContent.trim().slice(0, 40)}`)
"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/admin/users",
        "/admin/users/new",
        "/admin/audit",
        "/account",
    ],
)
def test_admin_pages_fit_a_phone_screen(
    page: Page,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
    path: str,
) -> None:
    """The document is no wider than the viewport at 390 px (an iPhone 12-15)."""
    sign_in(page, live_server, users[Role.ADMIN.value])
    page.set_viewport_size(PHONE)
    page.goto(live_server(path))
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide: {page.evaluate(OVERFLOWING)}"
    problems.assert_none()
