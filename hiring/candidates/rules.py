"""What a candidate record may hold (pure): sources, limits, email shape and tags.

The form, the API, the imports and the merge all check candidates against these, so
a record refused in one place is refused everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCES: dict[str, str] = {
    "referral": "Referral",
    "sourced": "Sourced",
    "inbound": "Inbound",
    "agency": "Agency",
    "event": "Event",
    "other": "Other",
}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LINKS, MAX_TAGS, MAX_TAG_LENGTH = 10, 20, 40
MAX_RESUME, MAX_NOTES = 200_000, 50_000


@dataclass(frozen=True)
class CandidateInput:
    name: str
    email: str
    phone: str = ""
    location: str = ""
    links: tuple[str, ...] = ()
    source: str = "inbound"
    resume_text: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""


def normalise_tag(tag: str) -> str:
    return re.sub(r"\s+", "-", tag.strip().lower())


def parse_tags(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = normalise_tag(part)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def parse_links(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)
