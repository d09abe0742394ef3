"""Description views: the editor with its live lint, versions, regenerate and restore."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.input_rules import as_id
from hiring.jobs import compare, descriptions, queries
from hiring.jobs import lint as jd_lint
from hiring.jobs.forms import BaseVersionForm, DescriptionForm
from hiring.jobs.models import Job
from hiring.policy import Action
from hiring.web import attach_errors, permission_required


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _render_editor(job: Job, form: DescriptionForm, *, preview=None, status: int = 200):
    current = descriptions.current_description(job)
    text = form.markdown.data or ""
    if preview is None:
        if current is not None and text == current.markdown:
            preview = descriptions.Preview(current.html, descriptions.stored_findings(current))
        else:
            preview = descriptions.Preview(html="", findings=[])
        if not preview.html and text:
            preview = descriptions.preview_description(_actor(), job, text)
    return (
        render_template(
            "jobs/description.html",
            job=job,
            form=form,
            current=current,
            preview=preview,
            versions=descriptions.description_versions(job),
            base_form=BaseVersionForm(formdata=None, base_number=job.current_description_number),
            rules=jd_lint.RULES,
        ),
        status,
    )


@permission_required(Action.MANAGE_JOBS)
def description(job_id: int) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    if request.method == "GET":
        current = descriptions.current_description(job)
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
        preview = descriptions.preview_description(_actor(), job, form.markdown.data or "")
        return _render_editor(job, form, preview=preview)
    try:
        version = descriptions.save_description(
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
        job = queries.get_job(_actor(), job_id)
        # Keep their text; point the form at the version they now compare against.
        form.base_number.data = job.current_description_number
        preview = descriptions.preview_description(_actor(), job, form.markdown.data or "")
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


@permission_required(Action.MANAGE_JOBS)
def preview(job_id: int) -> ResponseReturnValue:
    """Live preview for the editor's script: sanitised HTML and lint findings as JSON."""
    job = queries.get_job(_actor(), job_id)
    markdown = request.form.get("markdown", "")
    if len(markdown) > 50_000:
        return jsonify({"error": "The description is too long to preview."}), 413
    result = descriptions.preview_description(_actor(), job, markdown)
    return jsonify(
        {
            "html": result.html,
            "findings": [asdict(finding) for finding in result.findings],
        }
    )


@permission_required(Action.MANAGE_JOBS)
def regenerate(job_id: int) -> ResponseReturnValue:
    form = BaseVersionForm()
    if form.validate_on_submit():
        try:
            version = descriptions.regenerate_description(
                _actor(), job_id, base_number=form.base_number.data
            )
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(f"Regenerated as version {version.number}.", "success")
    return redirect(url_for("jobs.description", job_id=job_id))


@permission_required(Action.MANAGE_JOBS)
def restore(job_id: int, number: int) -> ResponseReturnValue:
    form = BaseVersionForm()
    if form.validate_on_submit():
        try:
            version = descriptions.restore_description(
                _actor(), job_id, number, base_number=form.base_number.data
            )
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash(f"Version {number} restored as version {version.number}.", "success")
    return redirect(url_for("jobs.description", job_id=job_id))


@permission_required(Action.VIEW_JOBS)
def version(job_id: int, number: int) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    shown = descriptions.description_version(job, number)
    against_number = as_id(request.args.get("compare", ""))
    against = None
    if against_number is not None:
        against = descriptions.description_version(job, against_number)
    elif number > 1:
        against = descriptions.description_version(job, number - 1)
    diff = compare.line_diff(against.markdown, shown.markdown) if against else []
    return render_template(
        "jobs/version.html",
        job=job,
        shown=shown,
        against=against,
        diff=diff,
        findings=descriptions.stored_findings(shown),
        versions=descriptions.description_versions(job),
        base_form=BaseVersionForm(formdata=None, base_number=job.current_description_number),
        can_manage=policy.can(_actor(), Action.MANAGE_JOBS),
    )
