"""The team planner's pages: the form with the ordered recommendations, opening draft
jobs from them, and the jobs just opened."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from hiring import policy, submissions
from hiring.domain import ValidationFailed
from hiring.input_rules import as_id
from hiring.planner import services
from hiring.planner.forms import drafts_form, planner_form, team_field_name, team_fields
from hiring.planner.planning import TeamSituation
from hiring.policy import Action
from hiring.rubrics.types import LEVEL_LABELS
from hiring.web import attach_errors, permission_required

planner = Blueprint("planner", __name__, url_prefix="/planner")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _situation(form: FlaskForm, roles) -> TeamSituation:
    return TeamSituation(
        company_stage=form.company_stage.data or "",
        engineers=form.engineers.data or 0,
        centrality=form.centrality.data or "",
        team={role.id: getattr(form, team_field_name(role.id)).data or 0 for role in roles},
    )


def _page(situation_form: FlaskForm, drafts: FlaskForm | None, status: int) -> ResponseReturnValue:
    """The planner page: the form, and the plan when the form holds a valid team."""
    context = services.planner_context()
    roles = context.rubric.roles
    result = None
    if situation_form.validate():
        try:
            result = services.plan(_actor(), _situation(situation_form, roles))
        except ValidationFailed as exc:
            attach_errors(situation_form, exc)
    if result is None:
        status, drafts = 422, None
    elif drafts is None and policy.can(_actor(), Action.MANAGE_JOBS):
        drafts = drafts_form(context.rules, roles, None)
        for field in situation_form:
            getattr(drafts, field.name).data = field.data
        drafts.hires.data = [hire.rule for hire in result.hires]
        drafts.submission_token.data = submissions.new_token()
    return render_template(
        "planner/index.html",
        form=situation_form,
        drafts=drafts,
        result=result,
        context=context,
        team_fields=team_fields(situation_form, roles),
        team_stage=context.rubric.team_stages_by_id.get(result.team_stage) if result else None,
        levels=LEVEL_LABELS,
    ), status


@planner.get("")
@permission_required(Action.PLAN_TEAM)
def index() -> ResponseReturnValue:
    context = services.planner_context()
    form = planner_form(context.rules, context.rubric.roles, request.args or None)
    if not request.args:
        return render_template(
            "planner/index.html",
            form=form,
            drafts=None,
            result=None,
            context=context,
            team_fields=team_fields(form, context.rubric.roles),
            team_stage=None,
            levels=LEVEL_LABELS,
        )
    return _page(form, None, 200)


@planner.post("/drafts")
@permission_required(Action.MANAGE_JOBS)
def open_drafts() -> ResponseReturnValue:
    context = services.planner_context()
    roles = context.rubric.roles
    form = drafts_form(context.rules, roles, request.form)
    if form.validate():
        try:
            opened = services.open_drafts(
                _actor(),
                _situation(form, roles),
                form.hires.data or [],
                location=form.location.data or "",
                remote_policy=form.remote_policy.data or "remote",
                token=form.submission_token.data,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            if opened.repeated:
                flash("These draft jobs were already opened; here they are.", "info")
                return redirect(url_for("jobs.index", status="draft"))
            flash(
                f"Opened {len(opened.job_ids)} draft job(s) from the plan. Each has a "
                "description generated from the rubric; review it, then publish.",
                "success",
            )
            return redirect(url_for("planner.opened", job=list(opened.job_ids)))
    return _page(planner_form(context.rules, roles, request.form), form, 422)


@planner.get("/opened")
@permission_required(Action.PLAN_TEAM)
def opened() -> ResponseReturnValue:
    ids = [job_id for raw in request.args.getlist("job")[:50] if (job_id := as_id(raw))]
    jobs = services.opened_jobs(_actor(), ids) if policy.can(_actor(), Action.VIEW_JOBS) else []
    return render_template("planner/opened.html", jobs=jobs, levels=LEVEL_LABELS)
