"""Delivering one email: through SMTP, or to the log in development (no MAIL_SERVER)."""

from __future__ import annotations

import email.policy
import logging
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from types import TracebackType
from typing import Any, Protocol

log = logging.getLogger("hiring.notifications")

SMTP_TIMEOUT_SECONDS = 20

# Headers are written on one line up to RFC 5322's hard limit of 998 characters. At the
# default 78 the standard library folds some ordinary subjects (a colon and a parenthesis,
# as in "Cancelled: ... (Europe/Berlin)") right after "Subject:", and readers that parse
# with the same library then see the subject with a leading space.
MESSAGE_POLICY = email.policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Attachment:
    """A text file sent with a message, e.g. ``text/calendar; method=REQUEST``."""

    filename: str
    content_type: str
    content: str

    def as_json(self) -> dict[str, str]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "content": self.content,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> Attachment:
        return cls(str(data["filename"]), str(data["content_type"]), str(data["content"]))


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    message_id: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id or make_msgid(domain="hiring.local")
    message.set_content(body)
    for attachment in attachments:
        mime, _, rest = attachment.content_type.partition(";")
        maintype, _, subtype = mime.strip().partition("/")
        if maintype != "text" or not subtype:
            raise ValueError(f"only text attachments are supported, not {mime!r}")
        params = {}
        for part in rest.split(";"):
            key, _, value = part.partition("=")
            if key.strip() and value.strip():
                params[key.strip()] = value.strip().strip('"')
        message.add_attachment(
            attachment.content, subtype=subtype, filename=attachment.filename, params=params
        )
    return message


class Mailer(Protocol):
    def __enter__(self) -> Mailer: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def send(self, message: EmailMessage) -> None: ...


class LogMailer:
    """Development: every message is written to the log at INFO instead of sent."""

    def __enter__(self) -> LogMailer:
        return self

    def __exit__(self, *_exc: Any) -> None:
        return None

    def send(self, message: EmailMessage) -> None:
        files = [
            f"{part.get_filename()} ({part.get_content_type()})"
            for part in message.iter_attachments()
        ]
        log.info(
            "Mail (not sent: MAIL_SERVER is empty)\nTo: %s\nSubject: %s\n%s\n%s",
            message["To"],
            message["Subject"],
            f"Attached: {', '.join(files)}\n" if files else "",
            text_of(message),
        )


def text_of(message: EmailMessage) -> str:
    """The plain-text body, whether the message is one part or has attachments."""
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


class SmtpMailer:
    """One SMTP connection per run, opened on first use and reopened after an error."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.host = config["MAIL_SERVER"]
        self.port = int(config.get("MAIL_PORT") or 25)
        self.username = config.get("MAIL_USERNAME") or ""
        self.password = config.get("MAIL_PASSWORD") or ""
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.timeout = config.get("MAIL_TIMEOUT", SMTP_TIMEOUT_SECONDS)
        self._connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        connection: smtplib.SMTP
        if self.use_ssl:
            connection = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                connection.starttls(context=ssl.create_default_context())
        if self.username:
            connection.login(self.username, self.password)
        return connection

    def send(self, message: EmailMessage) -> None:
        try:
            if self._connection is None:
                self._connection = self._connect()
            self._connection.send_message(message)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def mailer_for(config: Mapping[str, Any]) -> Mailer:
    if not config.get("MAIL_SERVER"):
        return LogMailer()
    return SmtpMailer(config)
