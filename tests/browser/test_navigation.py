"""Signing in and out in a real browser, and the navigation each role is shown.

The view tests check the HTML; these check that a person can actually use it: the
form submits, Bootstrap and the app's CSS load under the CSP, and nothing on the way
logs an error to the console.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hiring.roles import ROLE_LABELS, Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import UserRef

ADMIN_ONLY = ("Users", "Audit log")


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_each_role_signs_in_sees_its_navigation_and_signs_out(
    page: Page,
    live_server: LiveServer,
    users: dict[str, UserRef],
    problems: PageProblems,
    role: str,
) -> None:
    """Only admins get the admin links; everyone gets the dashboard and a way out."""
    user = users[role]
    sign_in(page, live_server, user)

    nav = page.get_by_test_id("main-nav")
    expect(nav.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Dashboard", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    header = page.get_by_role("navigation", name="Main navigation")
    expect(header.get_by_role("link", name=user.name)).to_be_visible()
    expect(page.get_by_test_id("role-badges")).to_have_text(ROLE_LABELS[Role(role)])
    for label in ADMIN_ONLY:
        link = nav.get_by_role("link", name=label, exact=True)
        if role == Role.ADMIN.value:
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)

    # Bootstrap really applied (served locally, allowed by the CSP): a dark navbar.
    expect(header).to_have_css("background-color", "rgb(33, 37, 41)")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(live_server("/login"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(page.get_by_test_id("main-nav")).to_have_count(0)
    problems.assert_none()


def test_admin_opens_the_admin_pages_from_the_navigation(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    """The admin links lead to working pages, each marked as the current one."""
    sign_in(page, live_server, users[Role.ADMIN.value])
    nav = page.get_by_test_id("main-nav")
    for label, heading in (("Users", "Users"), ("Audit log", "Audit log")):
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
    problems.assert_none()


def test_failed_sign_in_keeps_the_email_and_says_why(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    """A typo in the password must not cost the email too, nor leave the person guessing."""
    user = users[Role.RECRUITER.value]
    page.goto(live_server("/login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("Email or password is incorrect.")
    expect(page.get_by_label("Email")).to_have_value(user.email)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_test_id("main-nav")).to_have_count(0)
    problems.assert_none()
