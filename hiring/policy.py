"""The one answer to "may this user do this to that object".

Views ask it before rendering, services ask it before changing anything, and the API
asks it through the same services. It is pure: it reads the user's roles and ids and
nothing else, so every rule is tested without an app.
"""

from __future__ import annotations

from collections.abc import Set
from enum import StrEnum
from typing import Any, Protocol

from hiring.domain import PermissionDenied
from hiring.roles import Role


class Principal(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def roles(self) -> Set[str]: ...

    @property
    def is_active(self) -> bool: ...


class Action(StrEnum):
    VIEW_DASHBOARD = "dashboard.view"
    MANAGE_OWN_ACCOUNT = "account.manage_own"
    USE_API = "api.use"
    MANAGE_USERS = "users.manage"
    DEACTIVATE_USER = "users.deactivate"
    CHANGE_ROLES = "users.change_roles"
    VIEW_AUDIT_LOG = "audit.view"
    MANAGE_OUTBOX = "outbox.manage"
    REVOKE_TOKEN = "tokens.revoke"
    # Sign out one of one's own browser sessions (admins end a user's with "sign out").
    END_OWN_SESSION = "sessions.end_own"
    VIEW_RUBRICS = "rubrics.view"
    VIEW_RUBRIC_PROBLEMS = "rubrics.view_problems"
    VIEW_JOBS = "jobs.view"
    MANAGE_JOBS = "jobs.manage"
    # A job's time-to-fill forecast; the team planner (opening its drafts is MANAGE_JOBS).
    VIEW_FORECAST = "jobs.view_forecast"
    PLAN_TEAM = "planner.use"
    VIEW_LOOPS = "loops.view"
    MANAGE_LOOPS = "loops.manage"
    VIEW_KIT = "loops.view_kit"
    RETIRE_QUESTIONS = "questions.retire"
    VIEW_CANDIDATES = "candidates.view"
    # What an interviewer needs of a candidate they are scheduled with (name, location,
    # links, resume); everyone who sees candidates sees at least that.
    VIEW_CANDIDATE_BRIEF = "candidates.view_brief"
    MANAGE_CANDIDATES = "candidates.manage"
    # Record the self-identification a candidate gave a recruiter (by email, on paper).
    RECORD_SELF_IDENTIFICATION = "candidates.record_self_identification"
    SCHEDULE_INTERVIEWS = "interviews.schedule"
    VIEW_INTERVIEW = "interviews.view"
    # Who an interview is with, where, and its kit; without it an interview one may
    # view shows only that it was cancelled.
    VIEW_INTERVIEW_DETAILS = "interviews.view_details"
    VIEW_MY_INTERVIEWS = "interviews.view_mine"
    # Export and erase a candidate's personal data.
    MANAGE_CANDIDATE_PRIVACY = "candidates.privacy"
    # Write (save drafts of and submit) one's own scorecard for an interview one is on.
    SUBMIT_SCORECARD = "scorecards.submit"
    # Open an application's scorecards page: one's own cards at least.
    VIEW_SCORECARDS = "scorecards.view"
    # Read other interviewers' submitted scorecards of an application (and its debrief).
    VIEW_OTHERS_SCORECARDS = "scorecards.view_others"
    # Amend a submitted scorecard: its author, or an admin.
    AMEND_SCORECARD = "scorecards.amend"
    # Record or revise the hire / no hire decision on an application.
    RECORD_DECISION = "decisions.record"
    # Compare how interviewers rate: harder or softer than their peers.
    VIEW_CALIBRATION = "calibration.view"
    # Read the aggregate reports (funnel, timing, pass rates, load) and export them.
    VIEW_REPORTS = "reports.view"


EVERY_ROLE = frozenset(Role)
ROLE_VALUES = frozenset(role.value for role in Role)

# Which roles may perform an action at all; object rules below narrow it further.
ROLES_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW_DASHBOARD: EVERY_ROLE,
    Action.MANAGE_OWN_ACCOUNT: EVERY_ROLE,
    Action.USE_API: EVERY_ROLE,
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.DEACTIVATE_USER: frozenset({Role.ADMIN}),
    Action.CHANGE_ROLES: frozenset({Role.ADMIN}),
    Action.VIEW_AUDIT_LOG: frozenset({Role.ADMIN}),
    # The outbox holds what was emailed about candidates: admins only.
    Action.MANAGE_OUTBOX: frozenset({Role.ADMIN}),
    Action.REVOKE_TOKEN: EVERY_ROLE,
    Action.END_OWN_SESSION: EVERY_ROLE,
    # Interviewers read the scales and question banks they interview with.
    Action.VIEW_RUBRICS: EVERY_ROLE,
    Action.VIEW_RUBRIC_PROBLEMS: frozenset({Role.ADMIN}),
    Action.VIEW_JOBS: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    Action.MANAGE_JOBS: frozenset({Role.ADMIN, Role.HIRING_MANAGER}),
    Action.VIEW_FORECAST: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    Action.PLAN_TEAM: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    Action.VIEW_LOOPS: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    Action.MANAGE_LOOPS: frozenset({Role.ADMIN, Role.HIRING_MANAGER}),
    # Everyone who reads loops, and interviewers for the rounds assigned to them.
    Action.VIEW_KIT: EVERY_ROLE,
    Action.RETIRE_QUESTIONS: frozenset({Role.ADMIN, Role.HIRING_MANAGER}),
    # Interviewers only get the brief, and only of candidates they are scheduled with.
    Action.VIEW_CANDIDATES: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    Action.VIEW_CANDIDATE_BRIEF: EVERY_ROLE,
    Action.MANAGE_CANDIDATES: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    # Not hiring managers: they decide on the candidate, and the answers are kept apart.
    Action.RECORD_SELF_IDENTIFICATION: frozenset({Role.ADMIN, Role.RECRUITER}),
    Action.SCHEDULE_INTERVIEWS: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
    # Schedulers see every interview; interviewers only the ones they are on.
    Action.VIEW_INTERVIEW: EVERY_ROLE,
    # Schedulers keep the whole history; interviewers only while it is not cancelled.
    Action.VIEW_INTERVIEW_DETAILS: EVERY_ROLE,
    Action.VIEW_MY_INTERVIEWS: frozenset({Role.INTERVIEWER}),
    Action.MANAGE_CANDIDATE_PRIVACY: frozenset({Role.ADMIN}),
    # Only the interviewers on an interview; nobody writes or changes someone else's card.
    Action.SUBMIT_SCORECARD: frozenset({Role.INTERVIEWER}),
    Action.VIEW_SCORECARDS: EVERY_ROLE,
    Action.VIEW_OTHERS_SCORECARDS: EVERY_ROLE,
    Action.AMEND_SCORECARD: frozenset({Role.ADMIN, Role.INTERVIEWER}),
    Action.RECORD_DECISION: frozenset({Role.ADMIN, Role.HIRING_MANAGER}),
    Action.VIEW_CALIBRATION: frozenset({Role.ADMIN, Role.HIRING_MANAGER}),
    Action.VIEW_REPORTS: frozenset({Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER}),
}


def can(user: Principal | None, action: Action, target: Any = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", True) or not user.is_active:
        return False
    roles = {Role(role) for role in user.roles if role in ROLE_VALUES}
    if not roles & ROLES_ALLOWED[action]:
        return False
    if action is Action.DEACTIVATE_USER and target is not None:
        # Nobody can lock themselves out by deactivating their own account.
        return target.id != user.id
    if action is Action.REVOKE_TOKEN and target is not None:
        return target.user_id == user.id or Role.ADMIN in roles
    if action is Action.END_OWN_SESSION and target is not None:
        return target.user_id == user.id
    if action is Action.VIEW_INTERVIEW:
        if roles & ROLES_ALLOWED[Action.SCHEDULE_INTERVIEWS]:
            return True
        return target is not None and user.id in getattr(target, "interviewer_ids", ())
    if action is Action.VIEW_INTERVIEW_DETAILS:
        if roles & ROLES_ALLOWED[Action.SCHEDULE_INTERVIEWS]:
            return True
        # Once it is cancelled, its interviewers keep a cancellation notice and no more.
        return (
            target is not None
            and user.id in getattr(target, "interviewer_ids", ())
            and getattr(target, "status", None) != "cancelled"
        )
    if action is Action.VIEW_CANDIDATE_BRIEF:
        if roles & ROLES_ALLOWED[Action.VIEW_CANDIDATES]:
            return True
        # The target lists who is on the candidate's interviews that are not cancelled.
        return target is not None and user.id in getattr(target, "interviewer_ids", ())
    if action is Action.VIEW_KIT:
        if roles & ROLES_ALLOWED[Action.VIEW_LOOPS]:
            return True
        # An interviewer sees the kit of a round only when assigned to it.
        return target is not None and user.id in getattr(target, "interviewer_ids", ())
    if action is Action.SUBMIT_SCORECARD:
        # The target is the interview: one's own card, and never on a cancelled one.
        return (
            target is not None
            and user.id in getattr(target, "interviewer_ids", ())
            and getattr(target, "status", None) != "cancelled"
        )
    if action is Action.AMEND_SCORECARD and target is not None:
        # The target is the scorecard: only a submitted one, by its author or an admin.
        if getattr(target, "status", None) != "submitted":
            return False
        return Role.ADMIN in roles or getattr(target, "interviewer_id", None) == user.id
    if action in (Action.VIEW_SCORECARDS, Action.VIEW_OTHERS_SCORECARDS):
        if roles & ROLES_ALLOWED[Action.VIEW_CANDIDATES]:
            return True
        # The target is the application: ``interviewer_ids`` are on its interviews that
        # are not cancelled, ``pending_ids`` still owe a scorecard on one of them. Until
        # they have submitted their own, interviewers see no one else's (no anchoring).
        if target is None or user.id not in getattr(target, "interviewer_ids", ()):
            return False
        if action is Action.VIEW_OTHERS_SCORECARDS:
            return user.id not in getattr(target, "pending_ids", ())
        return True
    return True


def require(user: Principal | None, action: Action, target: Any = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied("You do not have permission to do that.")
