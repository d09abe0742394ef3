"""Voluntary self-identification: the questions, their answers, and keeping them apart.

The answers live in their own table (``CandidateSelfIdentification``), one row per
candidate. Nothing that shows a candidate (their page, an interviewer's brief or kit,
the API's candidate records) reads it; only aggregate reports may. Every question has
"prefer not to say", and skipping a question stores "" for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from hiring.candidates.models import SELF_ID_SOURCES, CandidateSelfIdentification
from hiring.database import utcnow
from hiring.domain import ValidationFailed
from hiring.extensions import db

PREFER_NOT = ("prefer_not_to_say", "Prefer not to say")

QUESTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "gender": (
        "Gender",
        (
            ("woman", "Woman"),
            ("man", "Man"),
            ("non_binary", "Non-binary"),
            ("self_described", "I describe myself another way"),
            PREFER_NOT,
        ),
    ),
    "ethnicity": (
        "Race or ethnicity",
        (
            ("american_indian_alaska_native", "American Indian or Alaska Native"),
            ("asian", "Asian"),
            ("black", "Black or African American"),
            ("hispanic_latino", "Hispanic or Latino"),
            ("middle_eastern_north_african", "Middle Eastern or North African"),
            ("native_hawaiian_pacific_islander", "Native Hawaiian or other Pacific Islander"),
            ("white", "White"),
            ("two_or_more", "Two or more"),
            PREFER_NOT,
        ),
    ),
    "veteran_status": (
        "Veteran status",
        (("veteran", "I am a veteran"), ("not_veteran", "I am not a veteran"), PREFER_NOT),
    ),
    "disability_status": (
        "Disability status",
        (
            ("yes", "Yes, I have a disability (or had one)"),
            ("no", "No, I do not have a disability"),
            PREFER_NOT,
        ),
    ),
}


@dataclass(frozen=True)
class SelfIdentification:
    gender: str = ""
    ethnicity: str = ""
    veteran_status: str = ""
    disability_status: str = ""

    @property
    def answered(self) -> bool:
        return any((self.gender, self.ethnicity, self.veteran_status, self.disability_status))


def check_answers(answers: SelfIdentification) -> None:
    errors: dict[str, list[str]] = {}
    for name, (label, choices) in QUESTIONS.items():
        value = getattr(answers, name)
        if value and value not in {key for key, _ in choices}:
            errors[name] = [f"{label}: choose one of the answers or leave it empty."]
    if errors:
        raise ValidationFailed(errors)


def record_self_identification(
    candidate_id: int,
    answers: SelfIdentification,
    *,
    source: str,
    recorded_by_user_id: int | None = None,
) -> CandidateSelfIdentification | None:
    """Store (or replace) the candidate's answers in the caller's transaction; nothing
    is stored when every question was skipped."""
    check_answers(answers)
    if source not in SELF_ID_SOURCES:
        raise ValueError(f"unknown self-identification source {source!r}")
    if not answers.answered:
        return None
    row = db.session.scalar(
        select(CandidateSelfIdentification).where(
            CandidateSelfIdentification.candidate_id == candidate_id
        )
    )
    if row is None:
        row = CandidateSelfIdentification(candidate_id=candidate_id)
        db.session.add(row)
    row.gender = answers.gender
    row.ethnicity = answers.ethnicity
    row.veteran_status = answers.veteran_status
    row.disability_status = answers.disability_status
    row.recorded_at = utcnow()
    row.recorded_by_user_id = recorded_by_user_id
    row.source = source
    return row


def forget_self_identification(candidate_id: int) -> int:
    """Delete the candidate's answers (erasure) in the caller's transaction."""
    result = db.session.execute(
        delete(CandidateSelfIdentification)
        .where(CandidateSelfIdentification.candidate_id == candidate_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
