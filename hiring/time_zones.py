"""Time zones: which names are zones, which zone a viewer reads times in, and the one
filter pages write times with.

A person reads times in their own zone: their account setting (``User.time_zone``)
when they chose one, else the zone their browser reports in the ``tz`` cookie (set by
``static/js/time-zone.js``), else UTC (a first visit, or no JavaScript). The cookie is
input like any other: a name zoneinfo does not list is ignored.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from flask import Flask, request
from flask_login import current_user

COOKIE = "tz"
UTC = ZoneInfo("UTC")
# Listed by zoneinfo but no place: the server's own clock and tzdata's placeholders.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
# Every zone accepted anywhere (account setting, schedule form, API, cookie), sorted.
TIME_ZONE_NAMES: tuple[str, ...] = tuple(sorted(available_timezones() - _NOT_PLACES))
_KNOWN = frozenset(TIME_ZONE_NAMES)


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone.

    Only listed names reach ``ZoneInfo``: given anything else ("America", a path) it
    reads the file system and fails in ways that are not ``ZoneInfoNotFoundError``.
    """
    if name not in _KNOWN:
        return None
    return ZoneInfo(name)


def zone_label(name: str) -> str:
    """A zone as people read it: "America/New York"."""
    return name.replace("_", " ")


def choose_zone(setting: str, reported: str | None) -> ZoneInfo:
    """The zone a person reads times in: their own setting, else the one their browser
    reported, else UTC. A setting that is no longer a zone (tzdata drops names) falls
    through like an empty one."""
    return zone_named(setting) or zone_named(reported) or UTC


def viewer_zone() -> ZoneInfo:
    """The zone of whoever the current request is for (signed in or not)."""
    return choose_zone(getattr(current_user, "time_zone", ""), request.cookies.get(COOKIE))


def local_time(value: datetime, pattern: str = "%a %Y-%m-%d %H:%M", zone: str = "") -> str:
    """``value`` (aware, UTC) on the viewer's clock, or on ``zone``'s for a hint such as
    an interview's own zone. The page names the viewer's zone once, not every time."""
    return value.astimezone(ZoneInfo(zone) if zone else viewer_zone()).strftime(pattern)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["zone_label"] = zone_label
    app.jinja_env.globals["viewer_zone"] = viewer_zone
