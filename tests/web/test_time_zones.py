"""Times in the viewer's zone: the account setting, the browser's zone from the ``tz``
cookie, My interviews and the dashboard on the viewer's clock, and the schedule form
starting from the viewer's zone."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hiring.accounts import own_account
from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews import scheduling
from tests.conftest import login, post_form
from tests.fixtures.interviews import make_interview, round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

# A winter day far enough ahead to stay upcoming: Berlin is UTC+1, New York UTC-5.
WINTER_DAY = "2099-01-15"


def selected_option(html: str, select_id: str) -> str | None:
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    match = re.search(r'<option selected value="([^"]*)"', select)
    return match.group(1) if match else None


def set_zone(app, user, zone: str) -> None:
    with app.app_context():
        own_account.set_time_zone(accounts.get_user(user.id), zone)


def signed_in(app, user, *, cookie: str | None = None):
    client = app.test_client()
    if cookie is not None:
        client.set_cookie("tz", cookie)
    login(client, user)
    return client


@pytest.fixture
def application(app, users) -> tuple[int, dict[str, int]]:
    """An application for a job whose coding round the interviewer is on."""
    manager = users["hiring_manager"]
    job_id = make_job(app, manager)
    rounds = round_ids(app, manager, job_id)
    staff_round(app, manager, job_id, rounds["coding"], [users["interviewer"].id])
    candidate_id = make_candidate(app, users["recruiter"])
    return make_application(app, users["recruiter"], candidate_id, job_id), rounds


def berlin_interview_in_winter(app, users, application) -> int:
    """15:00 Europe/Berlin on WINTER_DAY, with the interviewer."""
    application_id, rounds = application
    with app.app_context():
        return scheduling.schedule(
            accounts.get_user(users["recruiter"].id),
            application_id,
            scheduling.InterviewInput(
                loop_round_id=rounds["coding"],
                date=WINTER_DAY,
                time="15:00",
                time_zone="Europe/Berlin",
            ),
        ).id


# --- the account setting ---------------------------------------------------------------


def test_the_account_page_offers_every_zone_after_the_browsers(app, users):
    client = signed_in(app, users["interviewer"])
    html = client.get("/account").get_data(as_text=True)
    select = html.split('id="time_zone"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option(?: selected)? value="([^"]*)">([^<]*)<', select)
    assert options[0] == ("", "Your browser&#39;s time zone")
    assert ("America/New_York", "America/New York") in options
    assert len(options) > 400
    assert selected_option(html, "time_zone") == ""
    assert '<label class="form-label" for="time_zone">Show times in</label>' in html
    assert 'id="time-zone"' in html  # where "change" on other pages leads


def test_choosing_a_zone_saves_it_and_logs_it(app, users):
    user = users["interviewer"]
    client = signed_in(app, user)
    response = post_form(client, "/account/time-zone", {"time_zone": "America/New_York"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    html = client.get("/account").get_data(as_text=True)
    assert "Times are now shown in America/New York." in html
    assert selected_option(html, "time_zone") == "America/New_York"
    assert "Times are shown in <strong>America/New York</strong>" in html

    back = post_form(client, "/account/time-zone", {"time_zone": ""})
    assert back.status_code == 302
    assert "Times now follow your browser" in client.get("/account").get_data(as_text=True)
    with app.app_context():
        assert accounts.get_user(user.id).time_zone == ""
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "account.time_zone_changed")
            .order_by(AuditEvent.id)
        ).all()
        assert [(e.actor_id, e.details["time_zone"]) for e in events] == [
            (user.id, ["", "America/New_York"]),
            (user.id, ["America/New_York", ""]),
        ]
        assert events[0].summary == "Time zone set to America/New_York (was the browser's)"


@pytest.mark.parametrize("refused", ["Mars/Olympus", "America", "../../etc/passwd"])
def test_an_unknown_zone_is_refused_and_kept(app, users, refused):
    user = users["interviewer"]
    set_zone(app, user, "Europe/Berlin")
    client = signed_in(app, user)
    response = post_form(client, "/account/time-zone", {"time_zone": refused})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="time_zone-error"' in html and "That is not a time zone we know." in html
    assert 'aria-invalid="true"' in html
    assert selected_option(html, "time_zone") == refused.replace("&", "&amp;")
    with app.app_context():
        assert accounts.get_user(user.id).time_zone == "Europe/Berlin"
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "account.time_zone_changed")
        ).details == {"time_zone": ["", "Europe/Berlin"]}  # only the setting above


def test_a_time_zone_change_needs_the_csrf_token(app, users):
    client = signed_in(app, users["interviewer"])
    response = client.post("/account/time-zone", data={"time_zone": "Asia/Tokyo"})
    assert response.status_code in (400, 422)
    with app.app_context():
        assert accounts.get_user(users["interviewer"].id).time_zone == ""


# --- My interviews and the dashboard ---------------------------------------------------


def test_my_interviews_shows_times_in_the_users_zone(app, users, application):
    interview_id = berlin_interview_in_winter(app, users, application)
    set_zone(app, users["interviewer"], "America/New_York")
    client = signed_in(app, users["interviewer"], cookie="Asia/Tokyo")  # the setting wins
    html = client.get("/interviews/mine").get_data(as_text=True)
    assert html.count('data-testid="viewer-time-zone"') == 1
    assert 'Times in America/New York · <a href="/account#time-zone">change' in html
    row = html.split(f'data-interview="{interview_id}"', 1)[1].split("</tr>", 1)[0]
    assert ">Thu 2099-01-15 09:00</time>\u201310:00" in row
    assert "(Thu 15:00 in Europe/Berlin)" in row  # the interview's own zone, as a hint


def test_my_interviews_follows_the_browser_without_a_setting(app, users, application):
    interview_id = berlin_interview_in_winter(app, users, application)
    html = (
        signed_in(app, users["interviewer"], cookie="Europe/Berlin")
        .get("/interviews/mine")
        .get_data(as_text=True)
    )
    assert "Times in Europe/Berlin" in html
    row = html.split(f'data-interview="{interview_id}"', 1)[1].split("</tr>", 1)[0]
    assert ">Thu 2099-01-15 15:00</time>\u201316:00" in row
    assert " in Europe/Berlin)" not in row  # same zone: no hint


def test_a_bad_cookie_leaves_times_in_utc(app, users, application):
    interview_id = berlin_interview_in_winter(app, users, application)
    client = signed_in(app, users["interviewer"], cookie="America")
    response = client.get("/interviews/mine")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Times in UTC" in html
    row = html.split(f'data-interview="{interview_id}"', 1)[1].split("</tr>", 1)[0]
    assert ">Thu 2099-01-15 14:00</time>" in row


def test_the_dashboard_shows_an_interviewers_upcoming_interviews_in_their_zone(
    app, users, application
):
    berlin_interview_in_winter(app, users, application)
    set_zone(app, users["interviewer"], "America/New_York")
    html = signed_in(app, users["interviewer"]).get("/").get_data(as_text=True)
    assert html.count('data-testid="viewer-time-zone"') == 1
    assert "Times in America/New York" in html
    panel = html.split('data-testid="my-upcoming-interviews"', 1)[1].split("</section>", 1)[0]
    assert ">Thu 2099-01-15 09:00</time> <span" in panel
    assert "(Thu 15:00 in Europe/Berlin)" in panel


def test_the_dashboard_shows_the_weeks_interviews_and_activity_in_the_viewers_zone(
    app, users, application
):
    # 10:00 UTC is 19:00 in Tokyo on the same day, whatever the season (neither moves).
    application_id, rounds = application
    make_interview(app, users["recruiter"], application_id, rounds["coding"], days_ahead=2)
    day = (utcnow() + timedelta(days=2)).date()
    admin = users["admin"]
    set_zone(app, admin, "Asia/Tokyo")
    html = signed_in(app, admin).get("/").get_data(as_text=True)
    assert html.count('data-testid="viewer-time-zone"') == 1
    week = html.split('data-testid="interviews-this-week"', 1)[1].split("</section>", 1)[0]
    assert f">{day:%a %Y-%m-%d} 19:00</time> <span" in week
    assert f"({day:%a} 10:00 in UTC)" in week
    # The audit entries too: no time on the page is left in UTC.
    assert re.search(r"<time [^>]*>[^<]*UTC</time>", html) is None
    with app.app_context():
        logged = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "account.time_zone_changed")
        ).occurred_at
    activity = html.split('id="activity-heading"', 1)[1].split("</section>", 1)[0]
    assert logged.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%a %Y-%m-%d %H:%M") in activity


def test_showing_times_in_the_viewers_zone_costs_no_query(app, users, application, count_queries):
    berlin_interview_in_winter(app, users, application)
    client = signed_in(app, users["interviewer"])
    for page in ("/interviews/mine", "/"):
        client.get(page)
        with count_queries() as in_utc:
            assert client.get(page).status_code == 200
        set_zone(app, users["interviewer"], "America/New_York")
        with count_queries() as in_new_york:
            assert "America/New York" in client.get(page).get_data(as_text=True)
        set_zone(app, users["interviewer"], "")
        assert in_new_york.count == in_utc.count, (page, in_new_york.statements)


# --- the schedule form -----------------------------------------------------------------


def schedule_page(client, application) -> str:
    application_id, _ = application
    return client.get(f"/applications/{application_id}/interviews/new").get_data(as_text=True)


def test_the_schedule_form_starts_in_the_schedulers_zone(app, users, application):
    set_zone(app, users["recruiter"], "America/New_York")
    client = signed_in(app, users["recruiter"], cookie="Asia/Tokyo")
    assert selected_option(schedule_page(client, application), "time_zone") == "America/New_York"


def test_the_schedule_form_starts_in_the_browsers_zone(app, users, application):
    client = signed_in(app, users["recruiter"], cookie="Asia/Tokyo")
    assert selected_option(schedule_page(client, application), "time_zone") == "Asia/Tokyo"


def test_a_zone_the_form_does_not_list_is_offered_when_it_is_the_viewers(app, users, application):
    client = signed_in(app, users["recruiter"], cookie="Asia/Kathmandu")
    html = schedule_page(client, application)
    assert selected_option(html, "time_zone") == "Asia/Kathmandu"
    assert html.count('value="Asia/Kathmandu"') == 1


def test_without_a_setting_or_a_valid_cookie_the_form_starts_in_utc(app, users, application):
    client = signed_in(app, users["recruiter"], cookie="Mars/Olympus")
    html = schedule_page(client, application)
    assert selected_option(html, "time_zone") == "UTC"
    assert "Mars/Olympus" not in html


def test_a_posted_zone_wins_over_the_viewers(app, users, application):
    application_id, rounds = application
    set_zone(app, users["recruiter"], "America/New_York")
    client = signed_in(app, users["recruiter"])
    response = post_form(
        client,
        f"/applications/{application_id}/interviews/new",
        {
            "loop_round_id": str(rounds["coding"]),
            "date": "not a date",
            "time": "10:30",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 422
    assert selected_option(response.get_data(as_text=True), "time_zone") == "Europe/Berlin"
