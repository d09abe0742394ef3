"""Which zone a viewer reads times in: their setting, else their browser's, else UTC;
and which names count as zones at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hiring.time_zones import TIME_ZONE_NAMES, choose_zone, local_time, zone_label, zone_named


def test_the_setting_beats_the_browser():
    assert choose_zone("America/New_York", "Asia/Tokyo").key == "America/New_York"


def test_without_a_setting_the_browser_zone_is_used():
    assert choose_zone("", "Asia/Tokyo").key == "Asia/Tokyo"


def test_without_either_times_are_in_utc():
    assert choose_zone("", None).key == "UTC"


@pytest.mark.parametrize(
    "cookie",
    [
        "Mars/Olympus",
        "America",  # a directory of the zone database: ZoneInfo raises IsADirectoryError
        "../../etc/passwd",
        "/etc/localtime",
        "localtime",  # the server's own clock, not a place
        "europe/berlin",
        "Europe/Berlin\x00",
        "x" * 5000,
        "",
    ],
)
def test_a_cookie_that_is_no_zone_is_ignored(cookie):
    assert choose_zone("", cookie).key == "UTC"
    assert choose_zone("Europe/Berlin", cookie).key == "Europe/Berlin"


def test_a_setting_that_is_no_longer_a_zone_falls_through_to_the_browser():
    assert choose_zone("Atlantis/Capital", "Asia/Tokyo").key == "Asia/Tokyo"


def test_the_names_offered_are_sorted_zones_and_every_one_loads():
    assert list(TIME_ZONE_NAMES) == sorted(TIME_ZONE_NAMES)
    assert {"UTC", "Europe/Berlin", "America/New_York"} <= set(TIME_ZONE_NAMES)
    assert "localtime" not in TIME_ZONE_NAMES
    assert all(zone_named(name) is not None for name in TIME_ZONE_NAMES)


def test_an_interview_time_reads_in_another_zone_and_zones_read_without_underscores():
    # 15:00 in Berlin in winter is 14:00 UTC.
    start = datetime(2099, 1, 15, 14, 0, tzinfo=UTC)
    assert local_time(start, zone="America/New_York") == "Thu 2099-01-15 09:00"
    assert local_time(start, "%H:%M", zone="Europe/Berlin") == "15:00"
    assert zone_label("America/New_York") == "America/New York"
