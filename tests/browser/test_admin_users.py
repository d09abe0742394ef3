"""An admin adds a colleague in a real browser, mistakes included.

The view tests prove the server rejects a duplicate email; only a browser shows
whether the person can see which field is wrong, and whether what they typed survives.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from hiring.roles import Role
from tests.browser.conftest import LiveServer, PageProblems, sign_in
from tests.conftest import PASSWORD, UserRef

NEW_NAME = "Grace Hopper"
NEW_EMAIL = "grace.hopper@example.com"


def field_group(page: Page, label: str) -> Locator:
    """The form group (label, input, feedback) that holds the field labelled ``label``."""
    field = page.get_by_label(label, exact=True)
    return page.locator("form div.mb-3").filter(has=field)


def test_admin_fixes_a_duplicate_email_and_gets_an_invitation_link(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    """The error sits next to the email, the name survives, and the retry succeeds."""
    taken = users[Role.RECRUITER.value].email
    sign_in(page, live_server, users[Role.ADMIN.value])
    page.get_by_test_id("main-nav").get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="New user").click()
    expect(page.get_by_role("heading", name="New user")).to_be_visible()

    page.get_by_label("Name", exact=True).fill(NEW_NAME)
    # In capitals: addresses are compared case-insensitively, so this one is taken too.
    page.get_by_label("Email", exact=True).fill(taken.upper())
    page.get_by_role("button", name="Create user").click()

    expect(page.get_by_label("Name", exact=True)).to_have_value(NEW_NAME)
    email = page.get_by_label("Email", exact=True)
    expect(email).to_have_class(re.compile(r"\bis-invalid\b"))
    email_error = field_group(page, "Email").locator(".invalid-feedback")
    expect(email_error).to_have_text("A user with this email address already exists.")
    expect(email_error).to_be_visible()
    # Right under the input it concerns, where sighted users look for it.
    expect(email.locator("xpath=following-sibling::*[1]")).to_have_text(
        "A user with this email address already exists."
    )
    # Only the email field says so: the message is not a banner nor under another field.
    expect(page.get_by_text("A user with this email address already exists.")).to_have_count(1)
    expect(field_group(page, "Name").locator(".invalid-feedback")).to_have_count(0)
    # No role was chosen either; that message belongs to the roles group.
    roles = page.get_by_role("group", name="Roles")
    expect(roles.locator(".invalid-feedback")).to_have_text("Choose at least one role.")

    email.fill(NEW_EMAIL)
    roles.get_by_label("Hiring manager").check()
    invite = page.get_by_label("Send an invitation link")
    expect(invite).to_be_checked()
    page.get_by_role("button", name="Create user").click()

    expect(page.get_by_role("heading", name=f"Invitation for {NEW_NAME}")).to_be_visible()
    link = page.get_by_test_id("invitation-link")
    expect(link).to_have_text(re.compile(rf"^{re.escape(live_server('/invitations/'))}\S+$"))
    invitation = link.inner_text().strip()
    problems.assert_none()

    # The link works: the new colleague chooses a password and arrives signed in.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    problems.assert_none()
    page.goto(invitation)
    expect(page.get_by_role("heading", name=f"Welcome, {NEW_NAME}")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the new password").fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password is set and you are signed in.")).to_be_visible()
    expect(page.get_by_test_id("role-badges")).to_have_text("Hiring manager")
    problems.assert_none()


def test_errors_are_announced_and_the_password_field_follows_the_choice(
    page: Page, live_server: LiveServer, users: dict[str, UserRef], problems: PageProblems
) -> None:
    """Screen readers hear which field is wrong; the password box appears only when needed."""
    sign_in(page, live_server, users[Role.ADMIN.value])
    page.goto(live_server("/admin/users/new"))
    password = page.get_by_label("Initial password", exact=True)
    expect(password).to_be_hidden()
    page.get_by_label("Set an initial password now").check()
    expect(password).to_be_visible()
    page.get_by_label("Name", exact=True).fill(NEW_NAME)
    page.get_by_label("Email", exact=True).fill(NEW_EMAIL)
    page.get_by_label("Recruiter").check()
    password.fill("too short")
    page.get_by_role("button", name="Create user").click()

    password = page.get_by_label("Initial password", exact=True)
    expect(password).to_be_visible()  # the choice survived, so the field is still shown
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("Use at least 12 characters."))
    expect(page.get_by_role("group", name="How will they sign in?")).to_be_visible()
    problems.assert_none()
