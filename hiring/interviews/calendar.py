"""iCalendar (RFC 5545) invites for scheduled interviews: plain data in, bytes out.

The event carries its start and end in the interview's own time zone (``TZID``) with
a matching ``VTIMEZONE`` component, so calendar programs show the right local time on
both sides of a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//Hiring//Interview scheduling//EN"
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Invite:
    uid: str
    starts_at: datetime  # aware (UTC as stored)
    duration_minutes: int
    time_zone: str  # IANA name
    candidate_name: str
    round_name: str
    job_title: str
    location: str  # a room, or a video link (http(s)://…)
    organizer: Person
    attendees: tuple[Person, ...]
    kit_url: str
    stamp: datetime  # when the invite was generated (DTSTAMP)
    sequence: int = 0
    cancelled: bool = False


def summary(invite: Invite) -> str:
    if invite.cancelled:
        return f"Cancelled: {invite.round_name} interview ({invite.job_title})"
    return f"Interview: {invite.candidate_name} {EN_DASH} {invite.round_name} ({invite.job_title})"


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def build_invite(invite: Invite) -> bytes:
    """The whole VCALENDAR for one interview, ready to download or attach to an email.

    A cancellation (same UID, a higher SEQUENCE) says which round is off and when, and
    nothing of the candidate or where it was to be: it outlives the interview in every
    interviewer's calendar."""
    if invite.starts_at.tzinfo is None:
        raise ValueError("the start of an interview must be timezone-aware")
    zone = ZoneInfo(invite.time_zone)
    start = invite.starts_at.astimezone(zone)
    end = (invite.starts_at + timedelta(minutes=invite.duration_minutes)).astimezone(zone)
    location = "" if invite.cancelled else invite.location
    is_link = location.startswith(("https://", "http://"))

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if invite.cancelled else "REQUEST")

    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary(invite))
    event.add("status", "CANCELLED" if invite.cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    if is_link:
        event.add("url", location)
    if invite.cancelled:
        description = [f"This interview was cancelled: {invite.kit_url}"]
    else:
        description = [f"Interview kit: {invite.kit_url}"]
    if is_link:
        description.insert(0, f"Join: {location}")
    event.add("description", "\n".join(description))
    event.add("organizer", _address(invite.organizer))
    for person in invite.attendees:
        event.add(
            "attendee",
            _address(person, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
