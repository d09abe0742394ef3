"""Reading scorecards one at a time or one interview at a time, under the same rules as
an application's scorecards page (``services.application_scorecards``).

Admins, hiring managers and recruiters read every submitted scorecard; an interviewer
on the application reads their own (drafts too) and the others' only once they owe
none. Nobody reads someone else's draft. Each read is a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hiring.accounts.models import User
from hiring.domain import NotFound, PermissionDenied
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.pipeline.models import Application
from hiring.rubrics.types import Skill
from hiring.scorecards.models import Scorecard
from hiring.scorecards.services import ApplicationScorecards, application_scorecards

HIDDEN_MESSAGE = (
    "The other interviewers' scorecards open for you once you have submitted your own "
    "for this candidate."
)


@dataclass(frozen=True)
class ReadableCard:
    """A scorecard the reader may see, with what it is about (ratings and amendments,
    with their authors, loaded)."""

    scorecard: Scorecard
    interview: Interview
    interviewer: User
    application: Application
    skills: dict[str, Skill]

    def skill_name(self, skill: str) -> str:
        known = self.skills.get(skill)
        return known.name if known else skill


@dataclass(frozen=True)
class InterviewCards:
    interview: Interview
    cards: list[ReadableCard]
    others_hidden: bool  # the reader owes a scorecard, so the others' are not listed


def _readable(found: ApplicationScorecards) -> list[ReadableCard]:
    return [
        ReadableCard(
            seat.scorecard, item.interview, seat.interviewer, found.application, found.skills
        )
        for item in found.interviews
        for seat in item.seats
        if seat.scorecard is not None
    ]


def application_cards(actor: User, application_id: int) -> tuple[list[ReadableCard], bool]:
    """An application's submitted scorecards the reader may see, and whether the others'
    are hidden from them (they still owe one)."""
    found = application_scorecards(actor, application_id)
    cards = [card for card in _readable(found) if card.scorecard.submitted]
    return cards, not found.sees_others


def _application_of_interview(interview_id: int) -> int:
    application_id = db.session.scalar(
        select(Interview.application_id).where(Interview.id == interview_id)
    )
    if application_id is None:
        raise NotFound("There is no such interview.")
    return application_id


def interview_scorecards(actor: User, interview_id: int) -> InterviewCards:
    """The scorecards of one interview that the reader may see: their own (draft or
    submitted) and, when they may read the others', the submitted ones."""
    found = application_scorecards(actor, _application_of_interview(interview_id))
    item = next((i for i in found.interviews if i.interview.id == interview_id), None)
    interview = item.interview if item is not None else db.session.get(Interview, interview_id)
    cards = [card for card in _readable(found) if card.interview.id == interview_id]
    return InterviewCards(interview, cards, others_hidden=not found.sees_others)


def readable_scorecard(actor: User, scorecard_id: int) -> ReadableCard:
    """One scorecard, for a reader who may see it: 404 for someone else's draft (drafts
    are their author's alone), 403 while the reader owes their own scorecard."""
    owner = db.session.execute(
        select(Scorecard.interviewer_id, Interview.application_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .where(Scorecard.id == scorecard_id)
    ).first()
    if owner is None:
        raise NotFound("There is no such scorecard.")
    interviewer_id, application_id = owner
    found = application_scorecards(actor, application_id)
    card = next((c for c in _readable(found) if c.scorecard.id == scorecard_id), None)
    if card is not None:
        return card
    if interviewer_id != actor.id and not found.sees_others:
        raise PermissionDenied(HIDDEN_MESSAGE)
    # Someone else's draft, or a card on an interview the reader is not shown.
    raise NotFound("There is no such scorecard.")


def own_scorecard(actor: User, scorecard_id: int) -> ReadableCard:
    """One's own scorecard, to change it (403 for anyone else's)."""
    card = readable_scorecard(actor, scorecard_id)
    if card.scorecard.interviewer_id != actor.id:
        raise PermissionDenied("Only the interviewer who wrote a scorecard can change it.")
    return card
