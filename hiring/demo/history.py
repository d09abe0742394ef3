"""A year of past hiring for the demo: a few hundred applications across the demo jobs,
with their stage history, interviews, scorecards, decisions, sources and voluntary
self-identification (``self_ids``), so that every report has something to show.

Generated from a seeded random generator (the same history on every run, dated back
from the day it is seeded) and written with bulk inserts: seeding takes well under a
second. Demo only: never seed this on a real deployment.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from hiring.accounts import services as accounts
from hiring.accounts.models import User, UserRole
from hiring.candidates.models import Candidate
from hiring.database import utcnow
from hiring.demo.self_ids import seed_self_identifications
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.interviews.models import SCHEDULED, Interview, interview_interviewers
from hiring.jobs.models import Job
from hiring.jobs.profile import MUST, profile_from_json
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.pipeline.models import ACTIVE, HIRED, REJECTED, WITHDRAWN, Application, StageChange
from hiring.pipeline.services import current_pipeline
from hiring.roles import Role
from hiring.scorecards import progress
from hiring.scorecards.models import Scorecard, ScorecardRating

APPLICATIONS = 320
SEED = 20_240_601
DOMAIN = "history.example.org"
# Sources and how often candidates come from them; referrals pass screens more often.
SOURCES = (("inbound", 40), ("sourced", 25), ("referral", 18), ("agency", 10), ("event", 7))
SOURCE_BONUS = {"referral": 0.15, "sourced": 0.05, "agency": -0.05, "event": 0.0, "inbound": -0.05}
# The chance to move on from each stage (by stage id; others use DEFAULT_PASS).
PASS = {
    "applied": 0.5,
    "recruiter-screen": 0.7,
    "overview": 0.75,
    "technical-loop": 0.55,
    "debrief": 0.6,
    "offer": 0.75,
}
DEFAULT_PASS = 0.6
OVERRIDES = 0.12  # how often a debrief decides against the verdict
FIRST = ("Alex", "Bao", "Carmen", "Dara", "Emeka", "Fatima", "Goran", "Hiro", "Ilse", "Jonas",
         "Kemal", "Lena", "Mateo", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomasz",
         "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia")  # fmt: skip
LAST = ("Achebe", "Bianchi", "Chen", "Dubois", "Eriksen", "Fernandes", "Gupta", "Haddad",
        "Ivanova", "Jensen", "Kowalski", "Larsen", "Mensah", "Nakamura", "Okafor", "Petrov",
        "Quispe", "Rossi", "Schmidt", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz")  # fmt: skip
EVIDENCE = {
    1: "Could not get past a first sketch; needed the approach spelled out.",
    2: "Reached a working answer with hints; missed the main trade-off.",
    3: "Solid answer unaided, explained the trade-offs and checked the result.",
    4: "Went beyond the question: compared alternatives and measured the difference.",
}
REJECTION_REASONS = ("must-have-below-bar", "not-a-fit-for-level", "role-focus-mismatch",
                     "compensation-mismatch", "communication")  # fmt: skip


# An interview's row, its scorecards (interviewer, row, ratings) and its interviewer.
PlannedInterview = tuple[dict[str, Any], list[tuple[User, dict[str, Any], dict[str, int]]], User]


@dataclass
class Plan:
    """Everything the history is written from, gathered in a few queries."""

    jobs: list[Job]
    rounds: dict[int, list[LoopRound]]
    owners: list[User]
    interviewers: list[User]
    manager: User | None
    stage_ids: list[str]
    targets: dict[str, int | None]


@dataclass
class Rows:
    candidates: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    # Per application (by position): stage changes, interviews, its decision.
    changes: list[list[dict[str, Any]]] = field(default_factory=list)
    interviews: list[list[PlannedInterview]] = field(default_factory=list)
    decisions: list[dict[str, Any] | None] = field(default_factory=list)


def _plan() -> Plan | None:
    jobs = list(db.session.scalars(select(Job).order_by(Job.id)))
    recruiter = accounts.find_user_by_email("recruiter@example.com")
    if not jobs or recruiter is None:
        return None
    rounds: dict[int, list[LoopRound]] = {}
    for loop_round, job_id in db.session.execute(
        select(LoopRound, InterviewLoop.job_id)
        .join(InterviewLoop, InterviewLoop.id == LoopRound.loop_id)
        .order_by(LoopRound.loop_id, LoopRound.position)
    ):
        rounds.setdefault(job_id, []).append(loop_round)

    def active_with(role: Role) -> list[User]:
        return list(
            db.session.scalars(
                select(User)
                .join(UserRole, UserRole.user_id == User.id)
                .where(User.active.is_(True), UserRole.role == role.value)
                .order_by(User.id)
            )
        )

    # The invited colleagues: the demo interviewer's own page shows the demo's loops only.
    interviewers = [
        user for user in active_with(Role.INTERVIEWER) if user.email != "interviewer@example.com"
    ]
    others = [user for user in active_with(Role.RECRUITER) if user.id != recruiter.id]
    pipeline = current_pipeline()
    return Plan(
        jobs=jobs,
        rounds=rounds,
        owners=[recruiter, *others],
        interviewers=interviewers or [recruiter],
        manager=accounts.find_user_by_email("manager@example.com"),
        stage_ids=[stage.id for stage in pipeline.stages],
        targets={stage.id: stage.target_days for stage in pipeline.stages},
    )


def _clamp(value: float) -> int:
    return max(1, min(4, round(value)))


def _recommendation(ratings: Sequence[int]) -> str:
    mean = sum(ratings) / len(ratings)
    if mean >= 3.5:
        return "strong_yes"
    if mean >= 2.75:
        return "yes"
    return "no" if mean >= 2 else "strong_no"


class HistoryWriter:
    """One application's life, generated stage by stage."""

    def __init__(self, plan: Plan, rng: random.Random, now: datetime) -> None:
        self.plan, self.rng, self.now = plan, rng, now
        self.rows = Rows()

    def stay(self, stage_id: str) -> timedelta:
        target = self.plan.targets.get(stage_id) or 5
        days = self.rng.lognormvariate(math.log(max(target * 0.7, 0.5)), 0.55)
        return timedelta(days=days, hours=self.rng.uniform(0, 8))

    def application(self, number: int) -> None:
        rng, plan = self.rng, self.plan
        job = (
            plan.jobs[number % len(plan.jobs)] if number < len(plan.jobs) else rng.choice(plan.jobs)
        )
        source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        strength = rng.gauss(0, 1)
        created = self.now - timedelta(days=rng.uniform(14, 365), hours=rng.uniform(0, 23))
        owner = plan.owners[number % len(plan.owners)]
        self.rows.candidates.append(
            {
                "name": f"{first} {last}",
                "email": f"{first}.{last}.{number}@{DOMAIN}".lower(),
                "source": source,
                "created_at": created,
                "updated_at": created,
            }
        )
        changes = [
            {"from_stage": None, "to_stage": plan.stage_ids[0], "at": created, "by_id": owner.id}
        ]
        interviews: list[PlannedInterview] = []
        must_ratings: dict[str, list[int]] = {}
        at, stage, status, reason = created, plan.stage_ids[0], ACTIVE, ""
        decision = None
        for index, stage_id in enumerate(plan.stage_ids[:-1]):
            leave = at + self.stay(stage_id)
            if leave >= self.now:
                break
            interviews += self.interviews(job, stage_id, at, leave, strength, must_ratings)
            chance = PASS.get(stage_id, DEFAULT_PASS) + SOURCE_BONUS[source] + 0.12 * strength
            if stage_id == "technical-loop":
                chance = 0.25 + 0.3 * (strength + 1)
            if stage_id == "offer":  # whether the candidate accepts: not about the loop
                chance = PASS["offer"]
            moves_on = rng.random() < chance
            if stage_id == "debrief":
                decision = self.decision(job, must_ratings, leave)
                moves_on = decision is None or decision["outcome"] == "hire"
            if moves_on:
                target = plan.stage_ids[index + 1]
            elif stage_id == "offer" or rng.random() < 0.15:
                target = WITHDRAWN
            else:
                target = REJECTED
                reason = rng.choice(REJECTION_REASONS)
            changes.append(
                {"from_stage": stage_id, "to_stage": target, "at": leave, "by_id": owner.id}
            )
            at, stage = leave, target
            if target in (REJECTED, WITHDRAWN):
                status = target
                break
            if target == plan.stage_ids[-1]:
                status = HIRED
        self.rows.applications.append(
            {
                "job_id": job.id,
                "stage": stage,
                "entered_stage_at": at,
                "status": status,
                "rejection_reason": reason if status == REJECTED else "",
                "owner_id": owner.id,
                "created_by_id": owner.id,
                "created_at": created,
                "updated_at": at,
            }
        )
        self.rows.changes.append(changes)
        self.rows.interviews.append(interviews)
        self.rows.decisions.append(decision)

    def interviews(
        self,
        job: Job,
        stage_id: str,
        start: datetime,
        end: datetime,
        strength: float,
        must_ratings: dict[str, list[int]],
    ) -> list[PlannedInterview]:
        """The interviews held in a stage (overview, or the technical loop's rounds)."""
        rounds = self.plan.rounds.get(job.id, [])
        if stage_id == "overview":
            held = [r for r in rounds if r.round_id == "overview"]
        elif stage_id == "technical-loop":
            held = [r for r in rounds if r.round_id != "overview"]
        else:
            return []
        musts = {e.skill for e in profile_from_json(job.skill_profile) if e.kind == MUST}
        # One must-have per job is hard to meet: the report should point at it.
        hardest = sorted(musts)[job.id % len(musts)] if musts else None
        planned = []
        span = max((end - start).total_seconds(), 3600.0)
        for number, loop_round in enumerate(held):
            starts = start + timedelta(seconds=span * (number + 1) / (len(held) + 1))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            person = self.rng.choice(self.plan.interviewers)
            ratings = {}
            for skill in loop_round.focus_skills:
                offset = -0.8 if skill == hardest else 0.0
                ratings[skill] = _clamp(2.7 + 0.8 * strength + offset + self.rng.gauss(0, 0.6))
                if skill in musts:
                    must_ratings.setdefault(skill, []).append(ratings[skill])
            interview = {
                "loop_round_id": loop_round.id,
                "definition": loop_round.definition(),
                "starts_at": starts,
                "duration": loop_round.duration,
                "time_zone": "Europe/Berlin",
                "location": "https://meet.example.com/history",
                "status": SCHEDULED,
                "created_at": start,
                "updated_at": start,
            }
            cards = []
            submitted = starts + timedelta(minutes=loop_round.duration)
            submitted += timedelta(hours=self.rng.expovariate(1 / 16))
            if submitted >= self.now:
                continue  # the history owes no scorecard: the demo's late one is its own
            if ratings:
                card = {
                    "interviewer_id": person.id,
                    "status": "submitted",
                    "recommendation": _recommendation(list(ratings.values())),
                    "submitted_at": submitted,
                    "created_at": submitted,
                    "updated_at": submitted,
                }
                cards.append((person, card, ratings))
            planned.append((interview, cards, person))
        return planned

    def decision(
        self, job: Job, must_ratings: dict[str, list[int]], at: datetime
    ) -> dict[str, Any] | None:
        """The debrief's decision: mostly as the verdict the ratings give (their lower
        median against each must-have's bar), now and then against it."""
        if self.plan.manager is None:
            return None
        bars = {e.skill: e.level for e in profile_from_json(job.skill_profile) if e.kind == MUST}
        verdict = "meets_bar"
        for skill, bar in bars.items():
            values = sorted(must_ratings.get(skill, []))
            if not values:
                verdict = "incomplete" if verdict == "meets_bar" else verdict
            elif bar is not None and values[(len(values) - 1) // 2] < bar:
                verdict = "below_bar"
        against = self.rng.random() < OVERRIDES
        hire = (verdict == "meets_bar") != against
        return {
            "outcome": "hire" if hire else "no_hire",
            "level": job.level if hire else "",
            "rationale": "Decided in the debrief on the loop's evidence, skill by skill.",
            "verdict": verdict,
            "override_reason": (
                "The panel weighed strong evidence in other rounds over this gap."
                if against
                else ""
            ),
            "decided_by_id": self.plan.manager.id,
            "decided_at": at,
        }


def seed_history(count: int = APPLICATIONS, now: datetime | None = None) -> int:
    """The past year's applications up to ``now``, once (none when any exists already)."""
    taken = db.session.scalar(
        select(func.count(Candidate.id)).where(Candidate.email.like(f"%@{DOMAIN}"))
    )
    if taken:
        return 0
    plan = _plan()
    if plan is None:
        return 0
    now = now or utcnow().replace(second=0, microsecond=0)
    writer = HistoryWriter(plan, random.Random(SEED), now)
    for number in range(count):
        writer.application(number)
    candidate_ids = _write(writer.rows)
    seed_self_identifications(writer.rows.candidates, candidate_ids, plan.owners)
    db.session.commit()
    return count


def _ids(model: type, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _write(rows: Rows) -> list[int]:
    """Insert the rows; the candidates' ids, in order."""
    candidate_ids = _ids(Candidate, rows.candidates)
    for application, candidate_id in zip(rows.applications, candidate_ids, strict=True):
        application["candidate_id"] = candidate_id
    application_ids = _ids(Application, rows.applications)
    changes, interviews, plans, decisions = [], [], [], []
    for application_id, app_changes, app_interviews, decision in zip(
        application_ids, rows.changes, rows.interviews, rows.decisions, strict=True
    ):
        changes += [change | {"application_id": application_id} for change in app_changes]
        for interview, cards, person in app_interviews:
            interviews.append(interview | {"application_id": application_id})
            plans.append((cards, person))
        if decision is not None:
            decisions.append(decision | {"application_id": application_id})
    db.session.execute(insert(StageChange), changes)
    interview_ids = _ids(Interview, interviews)
    links, cards, ratings = [], [], []
    for interview_id, (planned_cards, person) in zip(interview_ids, plans, strict=True):
        links.append({"interview_id": interview_id, "user_id": person.id})
        for _, card, card_ratings in planned_cards:
            cards.append((card | {"interview_id": interview_id}, card_ratings))
    if links:
        db.session.execute(insert(interview_interviewers), links)
    card_ids = _ids(Scorecard, [card for card, _ in cards])
    for card_id, (_, card_ratings) in zip(card_ids, cards, strict=True):
        for position, (skill, rating) in enumerate(card_ratings.items()):
            ratings.append(
                {
                    "scorecard_id": card_id,
                    "skill": skill,
                    "position": position,
                    "rating": rating,
                    "not_assessed": False,
                    "evidence": EVIDENCE[rating],
                }
            )
    if ratings:
        db.session.execute(insert(ScorecardRating), ratings)
    progress.mark_submitted_pairs()
    if decisions:
        db.session.execute(insert(HiringDecision), decisions)
    return candidate_ids
