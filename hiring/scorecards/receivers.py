"""What scorecards add to other features' pages: where an application's scorecards
stand on its board card, and the interviewer's scorecard on My interviews."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from markupsafe import Markup

from hiring.accounts.models import User
from hiring.fragments import Fragment
from hiring.interviews import signals as interview_signals
from hiring.interviews.models import CANCELLED, Interview
from hiring.pipeline import signals as pipeline_signals
from hiring.pipeline.lists import Board
from hiring.pipeline.models import Application
from hiring.scorecards import progress, rules
from hiring.web import url_pattern


def board_tallies(board: Board, *, now: datetime, **_: Any) -> Fragment:
    """Scorecards expected, submitted and late per card of the board (one query), for
    the cards shown only: a job's whole history can hold tens of thousands of interviews."""
    shown = [row.application.id for column in board.columns for row in column.rows]
    tallies = progress.tallies(Application.id.in_(shown), now)
    link = url_pattern("scorecards.for_application", "application_id")
    names = {
        row.application.id: row.application.candidate.name for c in board.columns for row in c.rows
    }
    cards = {
        application_id: Markup(
            '<div class="small" data-testid="scorecards-{id}"><a href="{href}">{label}'
            '<span class="visually-hidden"> of {name}</span></a>{late}</div>'
        ).format(
            id=application_id,
            href=link.format(application_id),
            label=tally.label,
            name=names.get(application_id, ""),
            late=Markup(' <span class="badge text-bg-danger">{} late</span>').format(tally.late)
            if tally.late
            else "",
        )
        for application_id, tally in tallies.items()
    }
    # Rendered here, once per card shown, rather than a template included per card.
    return Fragment("scorecards/_board_card.html", slot="card", context={"cards": cards})


def my_scorecards(actor: User, *, now: datetime, **_: Any) -> Fragment:
    """The state of the interviewer's own scorecard on each interview (one query)."""
    statuses = progress.statuses_of(actor.id)

    def state(interview: Interview) -> str:
        return rules.interviewer_state(
            statuses.get(interview.id),
            starts_at=interview.starts_at,
            cancelled=interview.status == CANCELLED,
            now=now,
        )

    return Fragment(
        "scorecards/_my_interview_cell.html",
        slot="column",
        context={"heading": "Scorecard", "state": state},
    )


def init_app(app: Flask) -> None:
    pipeline_signals.board_cards.connect(board_tallies, weak=False)
    interview_signals.my_interviews.connect(my_scorecards, weak=False)
