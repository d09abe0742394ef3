"""What interviewers and the people who read their scorecards do: open one's scorecard
for an interview, save it as a draft, submit it, and read an application's scorecards.

Each change owns its transaction and asks ``policy``. The rules of a complete
scorecard and of lateness are the pure ``rules`` module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, PermissionDenied, ValidationFailed
from hiring.extensions import db
from hiring.interviews import services as interviews
from hiring.interviews.models import CANCELLED, Interview, interview_interviewers
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.rubrics.types import Skill
from hiring.sanitize import render_markdown
from hiring.scorecards import rules, signals
from hiring.scorecards.models import Scorecard, ScorecardAmendment, ScorecardRating


class ScorecardIsFinal(Conflict):
    """A submitted scorecard is never changed, by its author or anyone else."""


@dataclass(frozen=True)
class ScorecardInput:
    ratings: tuple[rules.RatingInput, ...] = ()
    recommendation: str = ""
    notes: str = ""


@dataclass(frozen=True)
class FocusSkill:
    """A focus skill of the pinned round with what the form shows about it."""

    id: str
    name: str
    scale: tuple[str, ...]  # the anchors of 1, 2, 3 and 4; empty if the skill is unknown
    kind: str  # must | trainable | nice | "" (not in the job's profile)
    level: int | None  # the bar of a must-have, the target of a trainable skill


@dataclass(frozen=True)
class ScorecardPage:
    interview: Interview
    job: Job
    skills: list[FocusSkill]
    scorecard: Scorecard | None
    now: datetime

    @property
    def is_open(self) -> bool:
        return rules.is_open(self.interview.starts_at, self.now)

    @property
    def due_at(self) -> datetime:
        return rules.due_at(self.interview.ends_at)

    @property
    def is_final(self) -> bool:
        return self.scorecard is not None and self.scorecard.submitted

    @property
    def skill_names(self) -> dict[str, str]:
        return {skill.id: skill.name for skill in self.skills}


def _focus_skills(interview: Interview, kit: interviews.InterviewKit) -> list[FocusSkill]:
    found = []
    for skill_id in interview.definition.get("focus_skills", []):
        skill = kit.skills.get(skill_id)
        found.append(
            FocusSkill(
                id=skill_id,
                name=skill.name if skill else skill_id,
                scale=tuple(skill.scale) if skill else (),
                kind=kit.kinds.get(skill_id, ""),
                level=kit.levels.get(skill_id),
            )
        )
    return found


def _own_scorecard(interview_id: int, interviewer_id: int) -> Scorecard | None:
    return db.session.scalar(
        select(Scorecard)
        .options(selectinload(Scorecard.ratings))
        .where(Scorecard.interview_id == interview_id, Scorecard.interviewer_id == interviewer_id)
    )


def scorecard_page(actor: User, interview_id: int, now: datetime | None = None) -> ScorecardPage:
    """One's own scorecard for an interview one is on (403 for anyone else)."""
    kit = interviews.interview_kit(actor, interview_id)
    policy.require(actor, Action.SUBMIT_SCORECARD, kit.interview)
    return ScorecardPage(
        interview=kit.interview,
        job=kit.job,
        skills=_focus_skills(kit.interview, kit),
        scorecard=_own_scorecard(interview_id, actor.id),
        now=now or utcnow(),
    )


def _final_message(scorecard: Scorecard) -> str:
    when = scorecard.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if scorecard.submitted_at else ""
    return (
        f"This scorecard was submitted{' on ' + when if when else ''} and is final: "
        "nobody can change it any more."
    )


def save(
    actor: User,
    interview_id: int,
    data: ScorecardInput,
    *,
    expected_version: int | None,
    submit: bool,
    now: datetime | None = None,
) -> Scorecard:
    """Save one's scorecard as a draft, or submit it (checked in full, then final).

    ``expected_version`` is the version the form was opened with (None: there was no
    scorecard yet); anything saved since is a conflict, never silently overwritten.
    """
    page = scorecard_page(actor, interview_id, now)
    interview, scorecard = page.interview, page.scorecard
    if not page.is_open:
        start = interview.local_starts_at.strftime("%Y-%m-%d %H:%M")
        raise ValidationFailed(
            {
                "form": [
                    f"The scorecard opens when the interview starts ({start} "
                    f"{interview.time_zone}); write it from then on."
                ]
            }
        )
    if scorecard is not None and scorecard.submitted:
        raise ScorecardIsFinal(_final_message(scorecard))
    if (scorecard is None) != (expected_version is None) or (
        scorecard is not None and scorecard.version != expected_version
    ):
        raise Conflict(
            "This scorecard was saved from another window or tab since you opened it. "
            "What you typed is below; save again to replace the saved version with it."
        )
    focus = [skill.id for skill in page.skills]
    errors = rules.check(
        focus,
        data.ratings,
        data.recommendation,
        data.notes,
        submitting=submit,
        skill_names=page.skill_names,
    )
    if errors:
        raise ValidationFailed(errors)

    if scorecard is None:
        scorecard = Scorecard(interview_id=interview.id, interviewer_id=actor.id, ratings=[])
        db.session.add(scorecard)
    _set_ratings(scorecard, rules.clean_ratings(focus, data.ratings))
    scorecard.recommendation = data.recommendation.strip()
    scorecard.notes = data.notes.strip()
    scorecard.notes_html = render_markdown(scorecard.notes) if scorecard.notes else ""
    # Touch the row even when only ratings changed, so its version moves on.
    scorecard.updated_at = page.now
    if submit:
        scorecard.status = rules.SUBMITTED
        scorecard.submitted_at = page.now
    try:
        db.session.flush()
        if submit:
            db.session.execute(
                update(interview_interviewers)
                .where(
                    interview_interviewers.c.interview_id == interview.id,
                    interview_interviewers.c.user_id == actor.id,
                )
                .values(submitted=True)
            )
            application = interview.application
            audit.record(
                actor,
                "scorecard.submitted",
                "scorecard",
                scorecard.id,
                f"Submitted the {interview.round_name} scorecard of interview #{interview.id} "
                f"with candidate #{application.candidate_id} (application #{application.id})",
                {
                    "interview_id": interview.id,
                    "application_id": application.id,
                    "recommendation": scorecard.recommendation,
                },
            )
            signals.scorecard_submitted.send(scorecard)
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise Conflict(
            "This scorecard was saved from another window or tab at the same time. "
            "What you typed is below; save again to replace the saved version with it."
        ) from exc
    return scorecard


def _set_ratings(scorecard: Scorecard, ratings: list[rules.SkillRating]) -> None:
    """Update the rows in place (same skill, same row); drop the ones no longer given."""
    existing = {row.skill: row for row in scorecard.ratings}
    rows = []
    for position, rating in enumerate(ratings):
        row = existing.get(rating.skill) or ScorecardRating(skill=rating.skill)
        row.position = position
        row.rating = rating.rating
        row.not_assessed = rating.not_assessed
        row.evidence = rating.evidence
        rows.append(row)
    scorecard.ratings = rows


# --- reading an application's scorecards ------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One interviewer on one interview, and what the reader may see of their card."""

    interviewer: User
    status: str  # submitted | draft (the reader's own) | missing
    scorecard: Scorecard | None  # submitted ones, and the reader's own draft
    late: bool
    hours_late: int
    mine: bool

    @property
    def lateness(self) -> str:
        return rules.lateness(self.hours_late)


@dataclass(frozen=True)
class InterviewScorecards:
    interview: Interview
    seats: list[Seat]

    @property
    def cancelled(self) -> bool:
        return self.interview.status == CANCELLED


@dataclass(frozen=True)
class Audience:
    """What policy needs to know about an application's interviewers."""

    interviewer_ids: frozenset[int]
    pending_ids: frozenset[int]


@dataclass(frozen=True)
class ApplicationScorecards:
    application: Application
    interviews: list[InterviewScorecards]
    skills: dict[str, Skill]
    sees_others: bool
    tally: rules.Tally
    now: datetime

    @property
    def hidden_until_submitted(self) -> bool:
        return not self.sees_others


def audience(items: list[Interview], statuses: dict[tuple[int, int], str]) -> Audience:
    on: set[int] = set()
    pending: set[int] = set()
    for interview in items:
        if interview.status == CANCELLED:
            continue
        for person in interview.interviewers:
            on.add(person.id)
            if statuses.get((interview.id, person.id)) != rules.SUBMITTED:
                pending.add(person.id)
    return Audience(frozenset(on), frozenset(pending))


def application_scorecards(
    actor: User, application_id: int, now: datetime | None = None, *, with_ratings: bool = True
) -> ApplicationScorecards:
    """The scorecards of one application, as far as the reader may see them.

    Admins, hiring managers and recruiters see every submitted scorecard; an
    interviewer on the application sees their own, and the others' only once they owe
    none. Drafts are seen by their author alone. Seven queries whatever the numbers
    (the scorecards come with their ratings and amendments); four without ratings, for
    a reader who takes them from ``effective.effective_ratings`` instead.
    """
    now = now or utcnow()
    application = db.session.scalar(
        select(Application)
        .options(
            joinedload(Application.candidate),
            # Its rubric snapshot names the skills the scorecards rate.
            joinedload(Application.job).undefer(Job.rubric_snapshot),
        )
        .where(Application.id == application_id)
    )
    if application is None:
        raise NotFound("There is no such application.")
    items = list(
        db.session.scalars(
            select(Interview)
            .options(selectinload(Interview.interviewers))
            .where(Interview.application_id == application_id)
            .order_by(Interview.starts_at, Interview.id)
        )
    )
    query = (
        select(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .where(Interview.application_id == application_id)
    )
    if with_ratings:
        query = query.options(
            selectinload(Scorecard.ratings),
            selectinload(Scorecard.amendments).selectinload(ScorecardAmendment.ratings),
            selectinload(Scorecard.amendments).joinedload(ScorecardAmendment.author),
        )
    cards = list(db.session.scalars(query))
    statuses = {(card.interview_id, card.interviewer_id): card.status for card in cards}
    target = audience(items, statuses)
    if not policy.can(actor, Action.VIEW_SCORECARDS, target):
        raise PermissionDenied("You do not have permission to do that.")
    sees_others = policy.can(actor, Action.VIEW_OTHERS_SCORECARDS, target)
    by_seat = {(card.interview_id, card.interviewer_id): card for card in cards}
    result = []
    expected = submitted = late_count = 0
    for interview in items:
        cancelled = interview.status == CANCELLED
        seats = []
        for person in interview.interviewers:
            mine = person.id == actor.id
            if not sees_others and not mine:
                continue
            card = by_seat.get((interview.id, person.id))
            done = card is not None and card.submitted
            late = rules.is_late(interview.ends_at, cancelled=cancelled, submitted=done, now=now)
            visible = card if card is not None and (done or mine) else None
            status = "submitted" if done else ("draft" if visible is not None else "missing")
            seats.append(
                Seat(
                    interviewer=person,
                    status=status,
                    scorecard=visible,
                    late=late,
                    hours_late=rules.hours_late(interview.ends_at, now) if late else 0,
                    mine=mine,
                )
            )
            if not cancelled:
                expected += 1
                submitted += done
                late_count += late
        if seats:
            result.append(InterviewScorecards(interview, seats))
    job = application.job
    skills = snap.skills_of(job.rubric_snapshot) if job is not None else {}
    return ApplicationScorecards(
        application=application,
        interviews=result,
        skills=skills,
        sees_others=sees_others,
        tally=rules.Tally(expected, submitted, late_count),
        now=now,
    )
