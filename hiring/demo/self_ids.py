"""Voluntary self-identification for the demo's past candidates, so the adverse-impact
report has groups to compare.

Most candidates answered on the careers page, some gave their answers to a recruiter
(recorded on their behalf), some preferred not to say or skipped a question, and some
never answered at all. Drawn from its own seeded generator (the history's stays as it
was) and written with one bulk insert. Demo only.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import insert

from hiring.accounts.models import User
from hiring.candidates.models import CandidateSelfIdentification
from hiring.extensions import db

SEED = 20_240_602
NO_ANSWERS = 0.12  # never answered at all
ON_BEHALF = 0.18  # of those who answered: told a recruiter, who recorded it
# Per question: (answer, weight); "" is a skipped question.
WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "gender": (
        ("woman", 36), ("man", 52), ("non_binary", 3), ("self_described", 1),
        ("prefer_not_to_say", 5), ("", 3),
    ),
    "ethnicity": (
        ("asian", 24), ("black", 10), ("hispanic_latino", 12), ("white", 36),
        ("middle_eastern_north_african", 5), ("two_or_more", 4),
        ("american_indian_alaska_native", 1), ("native_hawaiian_pacific_islander", 1),
        ("prefer_not_to_say", 5), ("", 2),
    ),
    "veteran_status": (("veteran", 7), ("not_veteran", 83), ("prefer_not_to_say", 6), ("", 4)),
    "disability_status": (("yes", 9), ("no", 80), ("prefer_not_to_say", 7), ("", 4)),
}  # fmt: skip


def seed_self_identifications(
    candidates: list[dict[str, Any]], candidate_ids: list[int], recruiters: list[User]
) -> int:
    """Answers for most of the history's candidates (rows as written, and their ids)."""
    rng = random.Random(SEED)
    rows = []
    for number, (candidate, candidate_id) in enumerate(zip(candidates, candidate_ids, strict=True)):
        if rng.random() < NO_ANSWERS:
            continue
        answers = {
            question: rng.choices([a for a, _ in weights], weights=[w for _, w in weights])[0]
            for question, weights in WEIGHTS.items()
        }
        if not any(answers.values()):
            continue
        on_behalf = bool(recruiters) and rng.random() < ON_BEHALF
        recorded = candidate["created_at"] + timedelta(days=rng.uniform(0, 3) if on_behalf else 0)
        rows.append(
            answers
            | {
                "candidate_id": candidate_id,
                "recorded_at": recorded,
                "source": "recruiter_on_behalf" if on_behalf else "candidate",
                "recorded_by_user_id": (
                    recruiters[number % len(recruiters)].id if on_behalf else None
                ),
            }
        )
    if rows:
        db.session.execute(insert(CandidateSelfIdentification), rows)
    return len(rows)
