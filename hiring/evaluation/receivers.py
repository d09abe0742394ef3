"""What evaluation answers and does elsewhere: whether applications have a hire decision
(the pipeline's offer rule), the email to the hiring manager once the last scorecard
of an application's loop is in, and the debrief link with the current decision on
board cards and on the candidate's page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, url_for
from markupsafe import Markup
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from hiring import policy
from hiring.accounts.models import User
from hiring.candidates import signals as candidate_signals
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.evaluation import decision_services, decisions
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.fragments import Fragment
from hiring.interviews.models import CANCELLED, Interview
from hiring.jobs.models import Job
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.notifications import outbox
from hiring.pipeline import signals as pipeline_signals
from hiring.pipeline.lists import Board
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.rubrics.types import LEVEL_LABELS
from hiring.scorecards import progress, rules
from hiring.scorecards import signals as scorecard_signals
from hiring.scorecards.models import Scorecard
from hiring.web import url_pattern

DEBRIEF_READY_KIND = "debrief_ready"


def hire_decisions(application_ids: tuple[int, ...], **_: Any) -> dict[int, bool]:
    """Application id -> whether its current decision is to hire (one query)."""
    newest = (
        select(func.max(HiringDecision.id))
        .where(HiringDecision.application_id.in_(application_ids))
        .group_by(HiringDecision.application_id)
    )
    rows = db.session.execute(
        select(HiringDecision.application_id, HiringDecision.outcome).where(
            HiringDecision.id.in_(newest)
        )
    )
    return {application_id: outcome == decisions.HIRE for application_id, outcome in rows}


def debrief_url(application_id: int) -> str:
    """An absolute link when the app knows its address (SERVER_NAME), else the path."""
    if current_app.config.get("SERVER_NAME"):
        return url_for("evaluation.debrief", application_id=application_id, _external=True)
    return f"/applications/{application_id}/debrief"


def loop_complete(application: Application, now: datetime) -> bool:
    """Every scheduled interview's scorecards are in, and every round of the job's loop
    has an interview with a submitted scorecard (two queries)."""
    tally = progress.tallies(Application.id == application.id, now).get(application.id)
    if tally is None or tally.expected == 0 or tally.submitted < tally.expected:
        return False
    missing_rounds = db.session.scalar(
        select(func.count(LoopRound.id))
        .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
        .where(
            InterviewLoop.job_id == application.job_id,
            ~select(Interview.id)
            .join(Scorecard, Scorecard.interview_id == Interview.id)
            .where(
                Interview.loop_round_id == LoopRound.id,
                Interview.application_id == application.id,
                Interview.status != CANCELLED,
                Scorecard.status == rules.SUBMITTED,
            )
            .exists(),
        )
    )
    return not missing_rounds


def tell_hiring_manager(scorecard: Scorecard, **_: Any) -> None:
    """Once the last scorecard of the loop is in, one email to the job's hiring manager
    with the link to the debrief (the outbox keeps it to one, however often asked)."""
    application = db.session.scalar(
        select(Application)
        .options(
            joinedload(Application.candidate),
            joinedload(Application.job).joinedload(Job.hiring_manager),
        )
        .join(Interview, Interview.application_id == Application.id)
        .where(Interview.id == scorecard.interview_id)
    )
    if application is None or not loop_complete(application, utcnow()):
        return
    manager = application.job.hiring_manager
    if manager is None or not manager.active or not manager.email:
        return
    candidate, job = application.candidate.name, application.job.title
    body = (
        f"Hello {manager.name},\n\n"
        f"Every scorecard of {candidate}'s interview loop for {job} is in. The debrief "
        "lays the evidence out skill by skill against the job's bars, with the verdict, "
        "the growth plan and what the interviewers disagree on; record your decision "
        "there while the evidence is fresh.\n\n"
        f"Debrief: {debrief_url(application.id)}\n"
    )
    outbox.queue(
        manager.email,
        f"Debrief ready: {candidate}, {job}",
        body,
        kind=DEBRIEF_READY_KIND,
        dedupe_key=f"debrief-ready:{application.id}",
        candidate_id=application.candidate_id,
    )


def _labels() -> dict[str, Any]:
    return {"outcomes": decisions.OUTCOMES, "levels": LEVEL_LABELS}


def board_debriefs(board: Board, **_: Any) -> Fragment:
    """The current decision and the debrief link of each card shown (one query)."""
    shown = tuple(row.application.id for column in board.columns for row in column.rows)
    # The job as well: SQLite then reads this job's applications, not every job's.
    states = decision_services.debrief_states(
        and_(Application.job_id == board.job.id, Application.id.in_(shown))
    )
    link = url_pattern("evaluation.debrief", "application_id")
    names = {
        row.application.id: row.application.candidate.name for c in board.columns for row in c.rows
    }
    labels = _labels()
    cards = {}
    for application_id, state in states.items():
        if not state.has_debrief:
            continue
        decision = ""
        if state.outcome:
            text = labels["outcomes"].get(state.outcome, state.outcome)
            if state.level:
                text = f"{text} · {labels['levels'].get(state.level, state.level)}"
            decision = Markup(
                '<span class="badge {tone}" data-testid="decision-{id}">{text}</span>'
            ).format(
                tone="text-bg-success" if state.outcome == "hire" else "text-bg-danger",
                id=application_id,
                text=text,
            )
        cards[application_id] = Markup(
            '<div class="small d-flex flex-wrap gap-1 align-items-center"'
            ' data-testid="debrief-{id}">{decision} <a href="{href}">Debrief'
            '<span class="visually-hidden"> of {name}</span></a></div>'
        ).format(
            id=application_id,
            decision=decision,
            href=link.format(application_id),
            name=names.get(application_id, ""),
        )
    # Rendered here, once per card shown, rather than a template included per card.
    return Fragment("evaluation/_board_card.html", slot="card", order=110, context={"cards": cards})


def candidate_debriefs(candidate: Candidate, *, actor: User, **_: Any) -> Fragment | None:
    """Below the applications: each one with scorecards in or a decision, with the
    debrief link and the current decision (one query)."""
    if not policy.can(actor, Action.VIEW_CANDIDATES):
        return None
    states = decision_services.debrief_states(Application.candidate_id == candidate.id)
    shown = [state for state in states.values() if state.has_debrief]
    if not shown:
        return None
    return Fragment(
        "evaluation/_candidate_debriefs.html",
        slot="main",
        order=20,
        context={"states": shown, **_labels()},
    )


def init_app(app: Flask) -> None:
    pipeline_signals.hire_decisions.connect(hire_decisions, weak=False)
    pipeline_signals.board_cards.connect(board_debriefs, weak=False)
    candidate_signals.candidate_page.connect(candidate_debriefs, weak=False)
    scorecard_signals.scorecard_submitted.connect(tell_hiring_manager, weak=False)
