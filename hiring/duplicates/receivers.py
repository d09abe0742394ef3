"""What duplicates add to a candidate's page: the possible-duplicates panel."""

from __future__ import annotations

from typing import Any

from flask import Flask

from hiring.accounts.models import User
from hiring.candidates import signals as candidate_signals
from hiring.candidates.models import Candidate
from hiring.duplicates import services
from hiring.fragments import Fragment


def duplicates_panel(candidate: Candidate, *, actor: User, **_: Any) -> Fragment | None:
    duplicates = services.duplicates_panel(actor, candidate)
    if duplicates is None:
        return None
    return Fragment(
        "duplicates/_candidate_panel.html",
        slot="side",
        order=10,
        context={"candidate": candidate, "duplicates": duplicates},
    )


def init_app(app: Flask) -> None:
    candidate_signals.candidate_page.connect(duplicates_panel, weak=False)
