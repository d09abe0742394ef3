"""What interviews answer and add elsewhere: who may read a candidate's brief, the
reader's own interviews on it, the interviewers' load in the loop editor, and the
warning when an application closes with interviews still ahead."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from markupsafe import Markup

from hiring.candidates import signals as candidate_signals
from hiring.interviews import briefs, services
from hiring.loops import signals as loop_signals
from hiring.pipeline import signals as pipeline_signals
from hiring.pipeline.models import Application


def interviews_left(application: Application, **_: Any) -> Markup | None:
    """A closed application may still have interviews ahead: say so, with the way to
    cancel them (cancelling emails the interviewers), rather than cancel silently."""
    left = services.still_scheduled(application.id)
    if not left:
        return None
    return Markup(
        "{count} upcoming interview{s} with {name} {verb} still scheduled. "
        '<a href="{url}">Cancel {them}</a> so the interviewers are told.'
    ).format(
        count=left,
        s="" if left == 1 else "s",
        name=application.candidate.name,
        verb="is" if left == 1 else "are",
        url=url_for("interviews.schedule", application_id=application.id),
        them="it" if left == 1 else "them",
    )


def init_app(app: Flask) -> None:
    loop_signals.interviewer_load.connect(services.upcoming_counts, weak=False)
    candidate_signals.brief_readers.connect(briefs.scheduled_with, weak=False)
    candidate_signals.candidate_brief.connect(briefs.own_interviews, weak=False)
    pipeline_signals.application_closed.connect(interviews_left, weak=False)
