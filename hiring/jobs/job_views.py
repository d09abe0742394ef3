"""Job views: the list, opening a job, its page, and editing its details."""

from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import SelectChoice

from hiring import policy, submissions
from hiring.domain import Conflict, ValidationFailed
from hiring.input_rules import as_id
from hiring.jobs import descriptions, places, publication, queries, services
from hiring.jobs import snapshot as snap
from hiring.jobs.forms import JobCreateForm, JobEditForm, JobFilterForm, JobVersionForm, PublishForm
from hiring.jobs.generate import EMPLOYMENT_TYPES, where
from hiring.jobs.models import PUBLISHED
from hiring.jobs.profile import KIND_LABELS
from hiring.jobs.signals import loop_summary_of, loop_template_options
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.rubrics.types import LEVEL_LABELS
from hiring.web import attach_errors, page_number, permission_required


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _manager_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Nobody yet")] + [
        SelectChoice(str(user.id), user.name) for user in queries.hiring_managers()
    ]


def _attach(form, error: ValidationFailed) -> None:
    """The service names the place ``location`` (one line, as the API sends it); the
    form asks for it in parts, starting with the city."""
    errors = dict(error.errors)
    if "location" in errors:
        errors["city"] = errors.pop("location")
    attach_errors(form, ValidationFailed(errors))


def _job_input(form, role_family: str = "", level: str = "") -> services.JobInput:
    manager = form.hiring_manager_id.data
    return services.JobInput(
        title=form.title.data or "",
        role_family=role_family,
        level=level,
        team=form.team.data or "",
        company_stage=form.company_stage.data or "",
        focus=form.focus.data or "",
        location="",
        city=form.city.data or "",
        region=form.region.data or "",
        country_code=form.country_code.data or "",
        remote_policy=form.remote_policy.data or "",
        remote_regions=",".join(form.remote_regions.data or ()),
        employment_type=form.employment_type.data or "",
        salary_min=form.salary_min.data,
        salary_max=form.salary_max.data,
        salary_currency=form.salary_currency.data or "",
        headcount=form.headcount.data or 0,
        target_start=form.target_start.data,
        hiring_manager_id=as_id(manager),
    )


@permission_required(Action.VIEW_JOBS)
def index() -> ResponseReturnValue:
    rubric = current_rubric()
    form = JobFilterForm(request.args)
    form.role_family.choices = [SelectChoice("", "Any role family")] + [
        SelectChoice(role.id, role.name) for role in rubric.roles
    ]
    form.validate()
    filters = queries.JobFilter(
        query=form.q.data or "",
        status=form.status.data if not form.status.errors else "",
        role_family=form.role_family.data if not form.role_family.errors else "",
        level=form.level.data if not form.level.errors else "",
    )
    result = queries.list_jobs(_actor(), filters, page=page_number())
    role_names = {role.id: role.name for role in rubric.roles}
    return render_template(
        "jobs/index.html", form=form, result=result, role_names=role_names, levels=LEVEL_LABELS
    )


@permission_required(Action.MANAGE_JOBS)
def create() -> ResponseReturnValue:
    rubric = current_rubric()
    form = JobCreateForm()
    form.role_family.choices = [SelectChoice(role.id, role.name) for role in rubric.roles]
    form.hiring_manager_id.choices = _manager_choices()
    role_names = {role.id: role.name for role in rubric.roles}
    form.loop_template_id.choices = [SelectChoice("", "Plan it from the rubric")] + [
        SelectChoice(
            str(template.id),
            f"{template.name} ({role_names.get(template.role_family, template.role_family)}, "
            f"{LEVEL_LABELS.get(template.level, template.level).lower()})",
        )
        for template in loop_template_options()
    ]
    if request.method == "GET":
        role_id = request.args.get("role_family", "")
        if role_id in rubric.roles_by_id:
            form.role_family.data = role_id
            form.focus.data = rubric.role(role_id).focus
        level = request.args.get("level", "")
        if level in LEVEL_LABELS:
            form.level.data = level
        if _actor().has_role("hiring_manager"):
            form.hiring_manager_id.data = str(_actor().id)
        form.submission_token.data = submissions.new_token()
    if form.validate_on_submit():
        role_id, level = form.role_family.data or "", form.level.data or ""
        if not (form.title.data or "").strip() and role_id in rubric.roles_by_id:
            form.title.data = rubric.role(role_id).level(level).title
        template = form.loop_template_id.data or ""
        data = replace(
            _job_input(form, role_id, level),
            loop_template_id=as_id(template),
        )
        try:
            outcome = submissions.submit_once(
                _actor().id,
                "job",
                form.submission_token.data,
                lambda keep: services.create_job(_actor(), data, before_commit=keep),
            )
        except ValidationFailed as exc:
            _attach(form, exc)
        else:
            if outcome.created is None:
                flash("This job was already opened; here it is.", "info")
                return redirect(url_for("jobs.show", job_id=outcome.record_id))
            flash(
                "Job opened with a description generated from the rubric. Review its lint "
                "findings, tune the skills if needed, then publish.",
                "success",
            )
            return redirect(url_for("jobs.show", job_id=outcome.record_id))
    roles = {role.id: {"focus": role.focus} for role in rubric.roles}
    status = 422 if request.method == "POST" else 200
    return render_template("jobs/new.html", form=form, rubric=rubric, roles=roles), status


@permission_required(Action.VIEW_JOBS)
def show(job_id: int) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    description = descriptions.current_description(job)
    snapshot = job.rubric_snapshot
    skills = snap.skills_of(snapshot)
    return render_template(
        "jobs/show.html",
        loop_summary=loop_summary_of(job, _actor()),
        job=job,
        description=description,
        findings=descriptions.stored_findings(description),
        profile=queries.profile_of(job),
        profile_changes=services.profile_diff(job),
        rubric_changes=services.rubric_changes(job),
        skills=skills,
        role=snap.role_of(snapshot),
        level=snap.level_of(snapshot),
        rounds=snap.rounds_of(snapshot),
        where=where(descriptions.facts_of(job)),
        employment=EMPLOYMENT_TYPES.get(job.employment_type, job.employment_type),
        levels=LEVEL_LABELS,
        kind_labels=KIND_LABELS,
        publish_form=PublishForm(formdata=None, version=job.version),
        version_form=JobVersionForm(formdata=None, version=job.version),
        can_manage=policy.can(_actor(), Action.MANAGE_JOBS),
        publication_state=publication.publication_state(job),
    )


@permission_required(Action.MANAGE_JOBS)
def edit(job_id: int) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    if request.method == "GET":
        form = JobEditForm(formdata=None, obj=job)
        form.hiring_manager_id.data = str(job.hiring_manager_id or "")
        form.remote_regions.data = places.split_list(job.remote_regions)
    else:
        form = JobEditForm()
    form.hiring_manager_id.choices = _manager_choices()
    status = 200
    if form.validate_on_submit():
        try:
            services.update_job(
                _actor(), job_id, expected_version=form.version.data, data=_job_input(form)
            )
        except ValidationFailed as exc:
            _attach(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            form.version.data = queries.get_job(_actor(), job_id, with_snapshot=False).version
            status = 409
        else:
            message = "Details saved. Regenerate the description to use them in its text."
            if job.status == PUBLISHED:
                message += " The public page keeps the published version until you republish."
            flash(message, "success")
            return redirect(url_for("jobs.show", job_id=job_id))
    if request.method == "POST" and status == 200:
        status = 422
    warning = publication.pay_law_warning(job)
    return render_template("jobs/edit.html", form=form, job=job, pay_laws=warning), status
