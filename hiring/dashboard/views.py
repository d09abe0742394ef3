"""The home page: what each role comes here to do, with real figures."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import audit, policy
from hiring.accounts import services
from hiring.dashboard import recruiter as pipeline_dashboard
from hiring.interviews import services as interviews
from hiring.loops.interviewers import rounds_assigned_to
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import problems_panel
from hiring.web import permission_required

dashboard = Blueprint("dashboard", __name__)


@dashboard.get("/")
@permission_required(Action.VIEW_DASHBOARD)
def index() -> ResponseReturnValue:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    role_counts = recent_changes = None
    if policy.can(user, Action.MANAGE_USERS):
        role_counts = services.count_users_by_role()
    if policy.can(user, Action.VIEW_AUDIT_LOG):
        recent_changes = audit.list_events(audit.AuditFilter(), per_page=8).events
    my_activity = audit.list_events(audit.AuditFilter(actor_id=user.id), per_page=5).events
    assigned = rounds_assigned_to(user) if user.has_role(Role.INTERVIEWER) else None
    upcoming = interviews.upcoming_for(user) if user.has_role(Role.INTERVIEWER) else None
    pipeline_panel = None
    if policy.can(user, Action.VIEW_CANDIDATES):
        pipeline_panel = pipeline_dashboard.recruiter_dashboard(user)
    return render_template(
        "dashboard/index.html",
        user=user,
        role_counts=role_counts,
        recent_changes=recent_changes,
        my_activity=my_activity,
        rubric_problems=problems_panel(user),
        assigned_rounds=assigned,
        upcoming_interviews=upcoming,
        pipeline_panel=pipeline_panel,
    )
