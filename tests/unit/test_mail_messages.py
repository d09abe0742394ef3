"""A message reads back, header for header, as it was written."""

from __future__ import annotations

import email
import email.policy

import pytest

from hiring.notifications.mailer import Attachment, build_message

SUBJECTS = [
    # A colon and a parenthesis: the standard library's default folding once put this
    # exact subject on its own continuation line, so it parsed with a leading space.
    "Cancelled: Coding interview on Sunday 13 December 2026, 10:30 (Europe/Berlin)",
    "Invitation: ML systems design interview on Sunday 13 December 2026, 10:30 (America/New_York)",
    "Scorecard due: Research depth for Ada Lovelace (Senior machine learning engineer)",
    "Entrevue annulée : conception de systèmes ML le mercredi 30 septembre (Europe/Paris)",
]


def read_back(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_long_subject_reads_back_exactly(subject: str) -> None:
    message = build_message(
        sender="hiring@example.com", to="ada@example.com", subject=subject, body="Hello"
    )
    assert str(read_back(message)["Subject"]) == subject


def test_no_header_line_passes_the_hard_limit_and_the_invite_survives() -> None:
    invite = Attachment(
        "invite.ics", 'text/calendar; method="REQUEST"', "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    )
    message = build_message(
        sender="hiring@example.com",
        to="ada@example.com",
        subject=SUBJECTS[0],
        body="You are interviewing Ada Lovelace.",
        attachments=[invite],
    )
    raw = message.as_bytes()
    assert all(len(line) <= 998 for line in raw.split(b"\n"))
    parsed = read_back(message)
    assert parsed.get_content_type() == "multipart/mixed"
    (calendar,) = list(parsed.iter_attachments())
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert "You are interviewing Ada Lovelace." in parsed.get_body(("plain",)).get_content()
