"""Every model module, imported so that ``db.metadata`` knows every table.

Migrations (autogenerate and ``db check``) and ``db.create_all`` rely on it.
"""

from hiring.accounts.models import ApiToken, User, UserRole, UserSession
from hiring.audit import AuditEvent
from hiring.candidates.models import (
    Candidate,
    CandidateSelfIdentification,
    CandidateTag,
    ResumeFile,
)
from hiring.evaluation.models import HiringDecision
from hiring.imports.models import CandidateImport
from hiring.interviews.models import Interview, interview_interviewers
from hiring.jobs.models import Job, JobDescriptionVersion
from hiring.loops.models import (
    InterviewLoop,
    LoopRound,
    LoopRoundInterviewer,
    LoopTemplate,
    QuestionExposure,
)
from hiring.notifications.models import OutboxMessage
from hiring.pipeline.models import Application, StageChange
from hiring.ratelimits import RateLimitCounter
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardAmendmentRating,
    ScorecardRating,
)
from hiring.submissions import IdempotencyKey

__all__ = [
    "ApiToken",
    "Application",
    "AuditEvent",
    "Candidate",
    "CandidateImport",
    "CandidateSelfIdentification",
    "CandidateTag",
    "HiringDecision",
    "IdempotencyKey",
    "Interview",
    "InterviewLoop",
    "Job",
    "JobDescriptionVersion",
    "LoopRound",
    "LoopRoundInterviewer",
    "LoopTemplate",
    "OutboxMessage",
    "QuestionExposure",
    "RateLimitCounter",
    "ResumeFile",
    "Scorecard",
    "ScorecardAmendment",
    "ScorecardAmendmentRating",
    "ScorecardRating",
    "StageChange",
    "User",
    "UserRole",
    "UserSession",
    "interview_interviewers",
]
