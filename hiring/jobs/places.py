"""Where a job is and where a remote hire may live, as countries people can pick.

Countries are ISO 3166-1 alpha-2 codes (from ``pycountry``), shown with their names. A
location typed as one line ("Denver, Colorado") is read into city, region and country
for jobs opened before the fields were separate and for API clients that send one line.
Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

# Names people write for a country that are not its ISO short name.
_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "us": "US",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "czech republic": "CZ",
    "vietnam": "VN",
    "iran": "IR",
    "turkey": "TR",
    "holland": "NL",
    "the netherlands": "NL",
}
# Countries whose regions are often written without the country ("Denver, Colorado").
_REGION_COUNTRIES = ("US", "CA")


@dataclass(frozen=True)
class Place:
    city: str = ""
    region: str = ""
    country_code: str = ""


@cache
def countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with the name people know it by, sorted by name."""
    named = {
        country.alpha_2: getattr(country, "common_name", None) or country.name
        for country in pycountry.countries
    }
    return dict(sorted(named.items(), key=lambda item: item[1]))


def country_name(code: str) -> str:
    return countries().get(code.upper(), code)


@cache
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None),
                     getattr(country, "official_name", None), country.alpha_3):  # fmt: skip
            if name:
                lookup[name.lower()] = country.alpha_2
    lookup.update(_ALIASES)
    return lookup


def country_code_of(text: str) -> str | None:
    """The code of a country named by its name, a common alias or its alpha-2/3 code."""
    key = " ".join(text.split()).lower().rstrip(".")
    if len(key) == 2 and key.upper() in countries():
        return key.upper()
    return _country_lookup().get(key) or _country_lookup().get(key + ".")


@cache
def _regions() -> dict[str, tuple[str, str]]:
    """US states and Canadian provinces, by lower-case name and short code."""
    regions: dict[str, tuple[str, str]] = {}
    for country in _REGION_COUNTRIES:
        for area in pycountry.subdivisions.get(country_code=country):
            regions[area.name.lower()] = (area.name, country)
            regions[area.code.split("-", 1)[1].lower()] = (area.name, country)
    return regions


def parse_countries(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """(codes, what was not a country) of names or codes, in order, without repeats."""
    codes: list[str] = []
    unknown: list[str] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        code = country_code_of(value)
        if code is None:
            unknown.append(value)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def parse_location(text: str) -> Place:
    """City, region and country from one line: a last part naming a country is the
    country; a US state or Canadian province (by name or short code) gives the region
    and its country; the first part is the city and anything between is the region."""
    parts = split_list(text)
    if not parts:
        return Place()
    country = region = ""
    last = parts[-1]
    if len(last) > 2 or last.lower() in _ALIASES:
        code = country_code_of(last)
        if code is not None:
            country = code
            parts.pop()
    if parts and (len(parts) > 1 or len(parts[-1]) > 2):
        area = _regions().get(parts[-1].lower())
        if area is not None and country in ("", area[1]):
            region, country = area
            parts.pop()
    if not country and len(parts) > 1 and (code := country_code_of(parts[-1])):
        country = code
        parts.pop()
    city, between = (parts[0], parts[1:]) if parts else ("", [])
    region = ", ".join([*between, region] if region else between)
    return Place(city, region, country)


def location_text(place: Place) -> str:
    """The one line shown to people and matched by the pay-transparency rule."""
    country = country_name(place.country_code) if place.country_code else ""
    return ", ".join(part for part in (place.city, place.region, country) if part)
