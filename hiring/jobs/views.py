"""Jobs: list, open, edit details, tune skills, write and publish the description."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import SelectChoice

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.jobs import compare, services
from hiring.jobs import lint as jd_lint
from hiring.jobs import snapshot as snap
from hiring.jobs.forms import (
    BaseVersionForm,
    DescriptionForm,
    JobCreateForm,
    JobEditForm,
    JobFilterForm,
    JobVersionForm,
    ProfileForm,
    PublishForm,
)
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES, where
from hiring.jobs.models import Job
from hiring.jobs.profile import KIND_LABELS, KINDS, MUST, TRAINABLE, ProfileEntry, default_profile
from hiring.jobs.publishing import Posting, job_posting_jsonld, json_resume_job, standalone_html
from hiring.loops import services as loop_services
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import LEVEL_LABELS
from hiring.sanitize import plain_text
from hiring.web import attach_errors, page_number, permission_required

jobs = Blueprint("jobs", __name__, url_prefix="/jobs")
careers = Blueprint("careers", __name__, url_prefix="/careers")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _manager_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Nobody yet")] + [
        SelectChoice(str(user.id), user.name) for user in services.hiring_managers()
    ]


def _job_input(form, role_family: str = "", level: str = "") -> services.JobInput:
    manager = form.hiring_manager_id.data
    return services.JobInput(
        title=form.title.data or "",
        role_family=role_family,
        level=level,
        team=form.team.data or "",
        company_stage=form.company_stage.data or "",
        focus=form.focus.data or "",
        location=form.location.data or "",
        remote_policy=form.remote_policy.data or "",
        remote_regions=form.remote_regions.data or "",
        employment_type=form.employment_type.data or "",
        salary_min=form.salary_min.data,
        salary_max=form.salary_max.data,
        salary_currency=form.salary_currency.data or "",
        headcount=form.headcount.data or 0,
        target_start=form.target_start.data,
        hiring_manager_id=int(manager) if manager and manager.isdigit() else None,
    )


# --- list and open ------------------------------------------------------------------


@jobs.get("")
@permission_required(Action.VIEW_JOBS)
def index() -> ResponseReturnValue:
    rubric = current_rubric()
    form = JobFilterForm(request.args)
    form.role_family.choices = [SelectChoice("", "Any role family")] + [
        SelectChoice(role.id, role.name) for role in rubric.roles
    ]
    form.validate()
    filters = services.JobFilter(
        query=form.q.data or "",
        status=form.status.data if not form.status.errors else "",
        role_family=form.role_family.data if not form.role_family.errors else "",
        level=form.level.data if not form.level.errors else "",
    )
    result = services.list_jobs(_actor(), filters, page=page_number())
    role_names = {role.id: role.name for role in rubric.roles}
    return render_template(
        "jobs/index.html", form=form, result=result, role_names=role_names, levels=LEVEL_LABELS
    )


@jobs.route("/new", methods=["GET", "POST"])
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
        for template in loop_services.list_templates()
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
    if form.validate_on_submit():
        role_id, level = form.role_family.data or "", form.level.data or ""
        if not (form.title.data or "").strip() and role_id in rubric.roles_by_id:
            form.title.data = rubric.role(role_id).level(level).title
        template = form.loop_template_id.data or ""
        data = replace(
            _job_input(form, role_id, level),
            loop_template_id=int(template) if template.isdigit() else None,
        )
        try:
            job = services.create_job(_actor(), data)
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            flash(
                "Job opened with a description generated from the rubric. Review its lint "
                "findings, tune the skills if needed, then publish.",
                "success",
            )
            return redirect(url_for("jobs.show", job_id=job.id))
    roles = {role.id: {"focus": role.focus} for role in rubric.roles}
    status = 422 if request.method == "POST" else 200
    return render_template("jobs/new.html", form=form, rubric=rubric, roles=roles), status


def _findings(version) -> list[jd_lint.Finding]:
    return [jd_lint.Finding(**finding) for finding in (version.findings if version else [])]


@jobs.get("/<int:job_id>")
@permission_required(Action.VIEW_JOBS)
def show(job_id: int) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id)
    description = services.current_description(job)
    snapshot = job.rubric_snapshot
    skills = snap.skills_of(snapshot)
    try:
        loop_view = loop_services.get_loop(_actor(), job_id)
    except loop_services.LoopMissing:
        loop_view = None
    return render_template(
        "jobs/show.html",
        loop_view=loop_view,
        job=job,
        description=description,
        findings=_findings(description),
        profile=services.profile_of(job),
        profile_changes=services.profile_diff(job),
        rubric_changes=services.rubric_changes(job),
        skills=skills,
        role=snap.role_of(snapshot),
        level=snap.level_of(snapshot),
        rounds=snap.rounds_of(snapshot),
        where=where(services.facts_of(job)),
        employment=EMPLOYMENT_TYPES.get(job.employment_type, job.employment_type),
        levels=LEVEL_LABELS,
        kind_labels=KIND_LABELS,
        publish_form=PublishForm(formdata=None, version=job.version),
        version_form=JobVersionForm(formdata=None, version=job.version),
        can_manage=_can_manage(),
    )


def _can_manage() -> bool:
    return policy.can(_actor(), Action.MANAGE_JOBS)


@jobs.route("/<int:job_id>/edit", methods=["GET", "POST"])
@permission_required(Action.MANAGE_JOBS)
def edit(job_id: int) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id, with_snapshot=False)
    if request.method == "GET":
        form = JobEditForm(formdata=None, obj=job)
        form.hiring_manager_id.data = str(job.hiring_manager_id or "")
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
            attach_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            form.version.data = services.get_job(_actor(), job_id, with_snapshot=False).version
            status = 409
        else:
            flash("Details saved. Regenerate the description to use them in its text.", "success")
            return redirect(url_for("jobs.show", job_id=job_id))
    if request.method == "POST" and status == 200:
        status = 422
    return render_template("jobs/edit.html", form=form, job=job), status


# --- skill profile ----------------------------------------------------------------------


def _profile_rows(job: Job, submitted: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    snapshot = job.rubric_snapshot
    skills = snap.skills_of(snapshot)
    defaults = {entry.skill: entry for entry in default_profile(snap.level_of(snapshot))}
    current = {entry.skill: entry for entry in services.profile_of(job)}
    try:
        rubric_categories = {c.id: c.name for c in current_rubric().categories}
    except RubricsUnavailable:  # the category names are decoration only
        rubric_categories = {}
    rows = []
    for skill_id, skill in skills.items():
        entry = current.get(skill_id)
        default = defaults.get(skill_id)
        kind = entry.kind if entry else ""
        level = entry.level if entry and entry.level else (default.level if default else None)
        if submitted is not None and skill_id in submitted:
            kind, raw_level = submitted[skill_id]
            level = int(raw_level) if raw_level.isdigit() else None
        rows.append(
            {
                "skill": skill,
                "category": rubric_categories.get(skill.category, skill.category),
                "kind": kind,
                "level": level,
                "default": default,
                "changed": (default.kind if default else "") != kind
                or (kind in (MUST, TRAINABLE) and default is not None and default.level != level),
            }
        )
    order = {MUST: 0, TRAINABLE: 1, "nice": 2, "": 3}
    rows.sort(
        key=lambda row: (
            order[row["default"].kind if row["default"] else ""],
            order[row["kind"]],
            row["skill"].name,
        )
    )
    return rows


@jobs.route("/<int:job_id>/skills", methods=["GET", "POST"])
@permission_required(Action.MANAGE_JOBS)
def skills(job_id: int) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id)
    form = (
        ProfileForm()
        if request.method == "POST"
        else ProfileForm(formdata=None, version=job.version)
    )
    submitted = None
    errors: dict[str, list[str]] = {}
    status = 200
    if form.validate_on_submit():
        skills_by_id = snap.skills_of(job.rubric_snapshot)
        submitted = {
            skill_id: (
                request.form.get(f"kind-{skill_id}", ""),
                request.form.get(f"level-{skill_id}", ""),
            )
            for skill_id in skills_by_id
        }
        defaults = {e.skill: e for e in default_profile(snap.level_of(job.rubric_snapshot))}
        current = {e.skill: e for e in services.profile_of(job)}
        entries = []
        for skill_id, (kind, raw_level) in submitted.items():
            if not kind:
                continue
            if kind not in KINDS:
                errors[f"kind-{skill_id}"] = ["Choose how the job needs it."]
                continue
            base = current.get(skill_id) or defaults.get(skill_id)
            level = int(raw_level) if raw_level.isdigit() else None
            entries.append(
                ProfileEntry(
                    skill=skill_id,
                    kind=kind,
                    level=level if kind in (MUST, TRAINABLE) else None,
                    weeks=(base.weeks if base and base.kind == TRAINABLE else None)
                    if kind == TRAINABLE
                    else None,
                    how=(base.how if base else "") if kind == TRAINABLE else "",
                    why=(base.why if base else "") if kind == MUST else "",
                )
            )
        if not errors:
            try:
                services.update_profile(
                    _actor(), job_id, expected_version=form.version.data, entries=entries
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except Conflict as exc:
                flash(exc.message, "danger")
                status = 409
                job = services.get_job(_actor(), job_id)
                form.version.data = job.version
            else:
                flash(
                    "Skills saved. Regenerate the description to bring them into its text.",
                    "success",
                )
                return redirect(url_for("jobs.show", job_id=job_id))
        if errors:
            status = 422
    elif request.method == "POST":
        status = 400
    rows = _profile_rows(job, submitted)
    must_count = sum(1 for row in rows if row["kind"] == MUST)
    return (
        render_template(
            "jobs/skills.html",
            job=job,
            form=form,
            rows=rows,
            errors=errors,
            kind_labels=KIND_LABELS,
            must_count=must_count,
            changes=services.profile_diff(job),
        ),
        status,
    )


# --- description ---------------------------------------------------------------------


def _render_editor(job: Job, form: DescriptionForm, *, preview=None, status: int = 200):
    current = services.current_description(job)
    text = form.markdown.data or ""
    if preview is None:
        preview = services.Preview(
            html=current.html if current and text == current.markdown else "",
            findings=_findings(current) if current and text == current.markdown else [],
        )
        if not preview.html and text:
            preview = services.preview_description(_actor(), job, text)
    return (
        render_template(
            "jobs/description.html",
            job=job,
            form=form,
            current=current,
            preview=preview,
            versions=services.description_versions(job),
            base_form=BaseVersionForm(formdata=None, base_number=job.current_description_number),
            rules=jd_lint.RULES,
        ),
        status,
    )


@jobs.route("/<int:job_id>/description", methods=["GET", "POST"])
@permission_required(Action.MANAGE_JOBS)
def description(job_id: int) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id)
    if request.method == "GET":
        current = services.current_description(job)
        form = DescriptionForm(
            formdata=None,
            markdown=current.markdown if current else "",
            base_number=job.current_description_number,
        )
        return _render_editor(job, form)
    form = DescriptionForm()
    if not form.validate_on_submit():
        return _render_editor(job, form, status=422)
    if form.preview.data and not form.save.data:
        preview = services.preview_description(_actor(), job, form.markdown.data or "")
        return _render_editor(job, form, preview=preview)
    try:
        version = services.save_description(
            _actor(),
            job_id,
            base_number=form.base_number.data,
            markdown=form.markdown.data or "",
            note=form.note.data or "",
        )
    except ValidationFailed as exc:
        attach_errors(form, exc)
        return _render_editor(job, form, status=422)
    except Conflict as exc:
        flash(exc.message, "danger")
        job = services.get_job(_actor(), job_id)
        # Keep their text; point the form at the version they now compare against.
        form.base_number.data = job.current_description_number
        preview = services.preview_description(_actor(), job, form.markdown.data or "")
        return _render_editor(job, form, preview=preview, status=409)
    errors = sum(1 for f in version.findings if f["severity"] == jd_lint.ERROR)
    flash(
        f"Saved version {version.number}."
        + (
            f" {len(version.findings)} lint finding(s) to review."
            if version.findings
            else " No lint findings."
        )
        + (" Errors block publishing." if errors else ""),
        "success" if not errors else "warning",
    )
    return redirect(url_for("jobs.description", job_id=job_id))


@jobs.post("/<int:job_id>/description/preview")
@permission_required(Action.MANAGE_JOBS)
def preview(job_id: int) -> ResponseReturnValue:
    """Live preview for the editor's script: sanitised HTML and lint findings as JSON."""
    job = services.get_job(_actor(), job_id)
    markdown = request.form.get("markdown", "")
    if len(markdown) > 50_000:
        return jsonify({"error": "The description is too long to preview."}), 413
    result = services.preview_description(_actor(), job, markdown)
    return jsonify(
        {
            "html": result.html,
            "findings": [asdict(finding) for finding in result.findings],
        }
    )


@jobs.post("/<int:job_id>/description/regenerate")
@permission_required(Action.MANAGE_JOBS)
def regenerate(job_id: int) -> ResponseReturnValue:
    form = BaseVersionForm()
    if form.validate_on_submit():
        try:
            version = services.regenerate_description(
                _actor(), job_id, base_number=form.base_number.data
            )
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(f"Regenerated as version {version.number}.", "success")
    return redirect(url_for("jobs.description", job_id=job_id))


@jobs.post("/<int:job_id>/description/versions/<int:number>/restore")
@permission_required(Action.MANAGE_JOBS)
def restore(job_id: int, number: int) -> ResponseReturnValue:
    form = BaseVersionForm()
    if form.validate_on_submit():
        try:
            version = services.restore_description(
                _actor(), job_id, number, base_number=form.base_number.data
            )
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(f"Version {number} restored as version {version.number}.", "success")
    return redirect(url_for("jobs.description", job_id=job_id))


@jobs.get("/<int:job_id>/description/versions/<int:number>")
@permission_required(Action.VIEW_JOBS)
def version(job_id: int, number: int) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id)
    shown = services.description_version(job, number)
    against_raw = request.args.get("compare", "")
    against = None
    if against_raw.isdigit():
        against = services.description_version(job, int(against_raw))
    elif number > 1:
        against = services.description_version(job, number - 1)
    diff = compare.line_diff(against.markdown, shown.markdown) if against else []
    return render_template(
        "jobs/version.html",
        job=job,
        shown=shown,
        against=against,
        diff=diff,
        findings=_findings(shown),
        versions=services.description_versions(job),
        base_form=BaseVersionForm(formdata=None, base_number=job.current_description_number),
        can_manage=_can_manage(),
    )


# --- publishing ----------------------------------------------------------------------


@jobs.post("/<int:job_id>/publish")
@permission_required(Action.MANAGE_JOBS)
def publish(job_id: int) -> ResponseReturnValue:
    form = PublishForm()
    if form.validate_on_submit():
        try:
            job = services.publish(
                _actor(),
                job_id,
                expected_version=form.version.data,
                valid_through=form.valid_through.data,
            )
        except ValidationFailed as exc:
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "danger")
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(
                f"Published. Anyone can now read it at "
                f"{url_for('careers.job', public_id=job.public_id, _external=True)}",
                "success",
            )
    else:
        for field, messages in form.errors.items():
            for message in messages:
                flash(f"{field.replace('_', ' ').capitalize()}: {message}", "danger")
    return redirect(url_for("jobs.show", job_id=job_id))


@jobs.post("/<int:job_id>/unpublish")
@permission_required(Action.MANAGE_JOBS)
def unpublish(job_id: int) -> ResponseReturnValue:
    form = JobVersionForm()
    if form.validate_on_submit():
        try:
            services.unpublish(_actor(), job_id, expected_version=form.version.data)
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash("Unpublished: the public page now answers that the job is closed.", "success")
    return redirect(url_for("jobs.show", job_id=job_id))


def posting_for(job: Job, version) -> Posting:
    snapshot = job.rubric_snapshot
    return Posting(
        facts=services.facts_of(job),
        level=job.level,
        public_id=job.public_id,
        url=url_for("careers.job", public_id=job.public_id, _external=True),
        company_url=current_app.config.get("COMPANY_URL", ""),
        date_posted=job.published_at.date() if job.published_at else None,
        valid_through=job.valid_through,
        description_markdown=version.markdown,
        description_html=version.html,
        description_text=plain_text(version.markdown),
        responsibilities=snap.role_of(snapshot).responsibilities,
        profile=services.profile_of(job),
        skills=snap.skills_of(snapshot),
    )


def _slug(job: Job) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in job.title.lower()).strip("-") or "job"


@jobs.get("/<int:job_id>/export.<fmt>")
@permission_required(Action.VIEW_JOBS)
def export(job_id: int, fmt: str) -> ResponseReturnValue:
    job = services.get_job(_actor(), job_id)
    current = services.current_description(job)
    if current is None or fmt not in ("md", "html", "json"):
        abort(404)
    posting = posting_for(job, current)
    filename = f"{_slug(job)}.{fmt}"
    if fmt == "md":
        body, mimetype = current.markdown, "text/markdown"
    elif fmt == "html":
        body, mimetype = standalone_html(posting), "text/html"
    else:
        body, mimetype = json.dumps(json_resume_job(posting), indent=2), "application/json"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the public page -----------------------------------------------------------------


@careers.get("/<public_id>")
def job(public_id: str) -> ResponseReturnValue:
    public = services.public_job(public_id)
    posting = posting_for(public.job, public.description)
    response = Response(
        render_template(
            "careers/job.html",
            job=public.job,
            description=public.description,
            jsonld=job_posting_jsonld(posting),
            company=current_app.config["COMPANY_NAME"],
            where=where(posting.facts),
            employment=EMPLOYMENT_TYPES.get(public.job.employment_type, ""),
            remote=REMOTE_POLICIES,
        )
    )
    return response


@careers.get("/<public_id>.json")
def job_json(public_id: str) -> ResponseReturnValue:
    public = services.public_job(public_id)
    return jsonify(json_resume_job(posting_for(public.job, public.description)))
