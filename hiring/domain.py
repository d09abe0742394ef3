"""Exceptions that services raise and views translate (form error, page, problem+json)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base class: the message is safe to show to the user."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """Input broke a rule; ``errors`` maps field names to messages."""

    status = 422
    title = "Invalid input"

    def __init__(self, errors: Mapping[str, Sequence[str]], message: str | None = None) -> None:
        self.errors = {field: list(messages) for field, messages in errors.items()}
        first = next(iter(self.errors.values()), ["Invalid input."])
        super().__init__(message or first[0])


class PermissionDenied(DomainError):
    status = 403
    title = "Forbidden"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    """Someone else changed the object since it was read."""

    status = 409
    title = "Conflict"
