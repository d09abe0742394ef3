"""A candidate's data export (admins): everything stored about the person, as one zip.

``candidate.json`` holds the candidate record, their applications with the stage
history, interviews, scorecards (ratings, evidence, notes and every amendment) and
hiring decisions, their voluntary self-identification when they gave any, the resume
files' details and the audit events about them; the resume files themselves sit under
``resumes/``. It answers a person's request for their data, so it leaves nothing out
that the app keeps about them.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.audit import AuditEvent
from hiring.candidates import resume_services
from hiring.candidates import services as candidate_services
from hiring.candidates.models import CandidateSelfIdentification, ResumeFile
from hiring.database import utcnow
from hiring.evaluation.models import HiringDecision
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.pipeline.models import Application
from hiring.policy import Action
from hiring.privacy.services import iso, load_candidate
from hiring.scorecards.models import Scorecard, ScorecardAmendment


@dataclass(frozen=True)
class Export:
    filename: str
    data: bytes


def _ratings(rows: Any) -> list[dict[str, Any]]:
    return [
        {
            "skill": row.skill,
            "rating": row.rating,
            "not_assessed": row.not_assessed,
            "evidence": row.evidence,
        }
        for row in rows
    ]


def _scorecard(scorecard: Scorecard) -> dict[str, Any]:
    return {
        "id": scorecard.id,
        "interviewer_id": scorecard.interviewer_id,
        "status": scorecard.status,
        "recommendation": scorecard.recommendation,
        "notes": scorecard.notes,
        "submitted_at": iso(scorecard.submitted_at),
        "ratings": _ratings(scorecard.ratings),
        "amendments": [
            {
                "author_id": amendment.author_id,
                "created_at": iso(amendment.created_at),
                "reason": amendment.reason,
                "recommendation": amendment.recommendation,
                "ratings": _ratings(amendment.ratings),
            }
            for amendment in scorecard.amendments
        ],
    }


def _interviews(application_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each application's interviews with their scorecards (three queries)."""
    interviews = db.session.scalars(
        select(Interview)
        .options(selectinload(Interview.interviewers))
        .where(Interview.application_id.in_(application_ids))
        .order_by(Interview.starts_at, Interview.id)
    ).all()
    scorecards = db.session.scalars(
        select(Scorecard)
        .options(
            selectinload(Scorecard.ratings),
            selectinload(Scorecard.amendments).selectinload(ScorecardAmendment.ratings),
        )
        .where(Scorecard.interview_id.in_([interview.id for interview in interviews]))
        .order_by(Scorecard.id)
    ).all()
    by_interview: dict[int, list[Scorecard]] = {}
    for scorecard in scorecards:
        by_interview.setdefault(scorecard.interview_id, []).append(scorecard)
    result: dict[int, list[dict[str, Any]]] = {}
    for interview in interviews:
        result.setdefault(interview.application_id, []).append(
            {
                "id": interview.id,
                "round": interview.definition.get("name", ""),
                "starts_at": iso(interview.starts_at),
                "duration_minutes": interview.duration,
                "time_zone": interview.time_zone,
                "location": interview.location,
                "status": interview.status,
                "cancelled_at": iso(interview.cancelled_at),
                "interviewer_ids": [person.id for person in interview.interviewers],
                "scorecards": [_scorecard(card) for card in by_interview.get(interview.id, [])],
            }
        )
    return result


def _decisions(application_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = db.session.scalars(
        select(HiringDecision)
        .where(HiringDecision.application_id.in_(application_ids))
        .order_by(HiringDecision.id)
    ).all()
    result: dict[int, list[dict[str, Any]]] = {}
    for decision in rows:
        result.setdefault(decision.application_id, []).append(
            {
                "id": decision.id,
                "revises_id": decision.revises_id,
                "outcome": decision.outcome,
                "level": decision.level,
                "rationale": decision.rationale,
                "verdict": decision.verdict,
                "override_reason": decision.override_reason,
                "decided_by_id": decision.decided_by_id,
                "decided_at": iso(decision.decided_at),
            }
        )
    return result


def _self_identification(candidate_id: int) -> dict[str, Any] | None:
    row = db.session.scalar(
        select(CandidateSelfIdentification).where(
            CandidateSelfIdentification.candidate_id == candidate_id
        )
    )
    if row is None:
        return None
    return {
        "gender": row.gender,
        "ethnicity": row.ethnicity,
        "veteran_status": row.veteran_status,
        "disability_status": row.disability_status,
        "source": row.source,
        "recorded_at": iso(row.recorded_at),
    }


def export_candidate(actor: User, candidate_id: int) -> Export:
    """Everything stored about the candidate: candidate.json and their resume files."""
    policy.require(actor, Action.MANAGE_CANDIDATE_PRIVACY)
    candidate = load_candidate(candidate_id)
    applications = db.session.scalars(
        select(Application)
        .options(joinedload(Application.job), selectinload(Application.changes))
        .where(Application.candidate_id == candidate.id)
        .order_by(Application.id)
    ).all()
    files = db.session.scalars(
        select(ResumeFile).where(ResumeFile.candidate_id == candidate.id).order_by(ResumeFile.id)
    ).all()
    ids = [application.id for application in applications]
    interviews = _interviews(ids)
    decisions = _decisions(ids)
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            ((AuditEvent.object_type == "candidate") & (AuditEvent.object_id == str(candidate.id)))
            | (
                (AuditEvent.object_type == "application")
                & AuditEvent.object_id.in_([str(application_id) for application_id in ids])
            )
        )
        .order_by(AuditEvent.id)
    ).all()
    archive = io.BytesIO()
    file_entries = []
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for record in files:
            entry: dict[str, Any] = {
                "id": record.id,
                "original_filename": record.original_filename,
                "content_type": record.content_type,
                "size": record.size,
                "sha256": record.sha256,
                "uploaded_by_id": record.uploaded_by_id,
                "uploaded_at": iso(record.uploaded_at),
            }
            path = resume_services.stored_path(record.stored_name)
            if path.is_file():
                entry["path_in_export"] = f"resumes/{record.id}-{record.original_filename}"
                bundle.write(path, entry["path_in_export"])
            else:
                entry["missing_from_storage"] = True
            file_entries.append(entry)
        document = {
            "exported_at": iso(utcnow()),
            "candidate": {
                "id": candidate.id,
                **candidate_services.contact_fields(candidate),
                "resume_text": candidate.resume_text,
                "notes": candidate.notes,
                "tags": candidate.tags,
                "created_by_id": candidate.created_by_id,
                "created_at": iso(candidate.created_at),
                "updated_at": iso(candidate.updated_at),
                "erased_at": iso(candidate.erased_at),
            },
            "self_identification": _self_identification(candidate.id),
            "applications": [
                {
                    "id": application.id,
                    "job_id": application.job_id,
                    "job_title": application.job.title,
                    "stage": application.stage,
                    "status": application.status,
                    "rejection_reason": application.rejection_reason,
                    "entered_stage_at": iso(application.entered_stage_at),
                    "owner_id": application.owner_id,
                    "created_at": iso(application.created_at),
                    "updated_at": iso(application.updated_at),
                    "stage_history": [
                        {
                            "from": change.from_stage,
                            "to": change.to_stage,
                            "at": iso(change.at),
                            "by_id": change.by_id,
                            "note": change.note,
                            "rejection_reason": change.rejection_reason,
                        }
                        for change in application.changes
                    ],
                    "interviews": interviews.get(application.id, []),
                    "hiring_decisions": decisions.get(application.id, []),
                }
                for application in applications
            ],
            "resume_files": file_entries,
            "audit_events": [
                {
                    "occurred_at": iso(event.occurred_at),
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_id": event.object_id,
                    "summary": event.summary,
                }
                for event in events
            ],
        }
        bundle.writestr("candidate.json", json.dumps(document, indent=2, ensure_ascii=False))
    audit.record(
        actor,
        "candidate.exported",
        "candidate",
        candidate.id,
        f"Exported the data of candidate #{candidate.id}",
        {"applications": len(applications), "resume_files": len(files)},
    )
    db.session.commit()
    return Export(f"candidate-{candidate.id}-export.zip", archive.getvalue())
