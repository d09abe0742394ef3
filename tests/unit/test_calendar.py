"""The .ics invite of an interview, parsed back with icalendar: zone, times, people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from hiring.interviews.calendar import Invite, Person, build_invite, summary

BERLIN = ZoneInfo("Europe/Berlin")


def make_invite(**changes) -> Invite:
    values = {
        "uid": "interview-7@hiring.example",
        # Sunday 29 March 2026, 10:30 in Berlin: the morning clocks move to summer time.
        "starts_at": datetime(2026, 3, 29, 8, 30, tzinfo=UTC),
        "duration_minutes": 60,
        "time_zone": "Europe/Berlin",
        "candidate_name": "Ada Lovelace",
        "round_name": "Coding",
        "job_title": "Senior ML engineer",
        "location": "https://meet.example.com/abc",
        "organizer": Person("Rita Recruiter", "rita@example.com"),
        "attendees": (Person("Ian Interviewer", "ian@example.com"), Person("Jo", "jo@example.com")),
        "kit_url": "https://hiring.example/interviews/7/kit",
        "stamp": datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Invite(**values)


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_the_event_is_in_the_interview_time_zone_after_the_dst_change():
    calendar, event = parse(build_invite(make_invite()))
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 3, 29, 10, 30, tzinfo=BERLIN)
    assert start.utcoffset() == timedelta(hours=2)  # summer time already
    assert start.astimezone(UTC) == datetime(2026, 3, 29, 8, 30, tzinfo=UTC)
    assert end - start == timedelta(minutes=60)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == ["Europe/Berlin"]


def test_an_interview_spanning_the_dst_change_keeps_its_real_length():
    # 01:30 to 03:30 Berlin time is one hour of real time on 29 March 2026.
    _, event = parse(
        build_invite(
            make_invite(starts_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC), duration_minutes=60)
        )
    )
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.hour == 1 and start.utcoffset() == timedelta(hours=1)
    assert end.hour == 3 and end.utcoffset() == timedelta(hours=2)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)


def test_the_same_utc_instant_in_winter_is_an_hour_earlier_locally():
    _, event = parse(build_invite(make_invite(starts_at=datetime(2026, 3, 28, 8, 30, tzinfo=UTC))))
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30)
    assert start.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata", "UTC"])
def test_other_zones_round_trip(zone):
    starts_at = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)  # New York falls back that day
    _, event = parse(build_invite(make_invite(time_zone=zone, starts_at=starts_at)))
    start = event.decoded("dtstart")
    assert start.astimezone(UTC) == starts_at
    assert start.utcoffset() == starts_at.astimezone(ZoneInfo(zone)).utcoffset()


def test_people_summary_location_and_kit_link():
    _, event = parse(build_invite(make_invite()))
    assert str(event["summary"]) == "Interview: Ada Lovelace \u2013 Coding (Senior ML engineer)"
    assert summary(make_invite()) == str(event["summary"])
    assert str(event["uid"]) == "interview-7@hiring.example"
    assert str(event["organizer"]) == "mailto:rita@example.com"
    assert event["organizer"].params["CN"] == "Rita Recruiter"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:ian@example.com", "mailto:jo@example.com"]
    assert [a.params["CN"] for a in attendees] == ["Ian Interviewer", "Jo"]
    assert str(event["location"]) == "https://meet.example.com/abc"
    assert str(event["url"]) == "https://meet.example.com/abc"
    assert "https://hiring.example/interviews/7/kit" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"


def test_a_room_is_a_location_without_url():
    _, event = parse(build_invite(make_invite(location="Room 4.12")))
    assert str(event["location"]) == "Room 4.12"
    assert "url" not in event


def test_a_cancellation_updates_the_event_and_names_nobody():
    invite = make_invite(cancelled=True, sequence=1)
    data = build_invite(invite)
    calendar, event = parse(data)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "interview-7@hiring.example"
    assert int(event["sequence"]) == 1
    assert str(event["summary"]) == "Cancelled: Coding interview (Senior ML engineer)"
    assert summary(invite) == str(event["summary"])
    # Even handed a candidate and a meeting link, the cancellation carries neither.
    assert b"Ada" not in data and b"meet.example.com" not in data
    assert "location" not in event and "url" not in event
    assert "cancelled" in str(event["description"])


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_invite(make_invite(starts_at=datetime(2026, 3, 29, 8, 30)))
