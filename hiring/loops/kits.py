"""Interview kits: a round's (or the whole loop's) questions, scales and bars, to print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hiring import policy
from hiring.accounts.models import User
from hiring.domain import NotFound
from hiring.jobs import snapshot as snap
from hiring.jobs.models import Job
from hiring.jobs.profile import profile_from_json
from hiring.loops.models import LoopRound
from hiring.loops.services import load_loop, round_in
from hiring.policy import Action


@dataclass(frozen=True)
class Kit:
    job: Job
    rounds: list[LoopRound]
    skills: dict[str, Any]  # skill id -> Skill (with its anchored scale)
    interviewer: User | None
    levels: dict[str, int]  # skill id -> the job's bar or target for it
    kinds: dict[str, str]  # skill id -> must | trainable | nice


def kit(
    actor: User, job_id: int, loop_round_id: int | None = None, interviewer_id: int | None = None
) -> Kit:
    """One round's kit (for its interviewers) or the whole loop's (for the hiring manager)."""
    loop = load_loop(job_id)
    rounds = list(loop.rounds) if loop_round_id is None else [round_in(loop, loop_round_id)]
    for loop_round in rounds:
        target = _KitTarget({link.user_id for link in loop_round.interviewer_links})
        if loop_round_id is None:
            policy.require(actor, Action.VIEW_LOOPS)
        else:
            policy.require(actor, Action.VIEW_KIT, target)
    interviewer = None
    if interviewer_id is not None:
        for loop_round in rounds:
            for link in loop_round.interviewer_links:
                if link.user_id == interviewer_id:
                    interviewer = link.user
        if interviewer is None:
            raise NotFound("That person is not an interviewer of this round.")
    profile = profile_from_json(loop.job.skill_profile)
    return Kit(
        job=loop.job,
        rounds=rounds,
        skills=snap.skills_of(loop.job.rubric_snapshot),
        interviewer=interviewer,
        levels={e.skill: e.level for e in profile if e.level},
        kinds={e.skill: e.kind for e in profile},
    )


@dataclass(frozen=True)
class _KitTarget:
    interviewer_ids: set[int]
