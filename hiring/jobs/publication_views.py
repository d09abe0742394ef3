"""Publishing views: publish (and republish), unpublish, exports."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Response, abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.domain import Conflict, ValidationFailed
from hiring.jobs import descriptions, publication, queries
from hiring.jobs.forms import JobVersionForm, PublishForm
from hiring.jobs.models import Job
from hiring.jobs.publishing import Posting, json_resume_job, standalone_html
from hiring.policy import Action
from hiring.web import permission_required


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


@permission_required(Action.MANAGE_JOBS)
def publish(job_id: int) -> ResponseReturnValue:
    form = PublishForm()
    if form.validate_on_submit():
        try:
            job = publication.publish(
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


@permission_required(Action.MANAGE_JOBS)
def unpublish(job_id: int) -> ResponseReturnValue:
    form = JobVersionForm()
    if form.validate_on_submit():
        try:
            publication.unpublish(_actor(), job_id, expected_version=form.version.data)
        except Conflict as exc:
            flash(exc.message, "danger")
        else:
            flash("Unpublished: the public page now answers that the job is closed.", "success")
    return redirect(url_for("jobs.show", job_id=job_id))


def posting_for(job: Job, version) -> Posting:
    return replace(
        publication.build_posting(job, version),
        url=url_for("careers.job", public_id=job.public_id, _external=True),
        company_url=current_app.config.get("COMPANY_URL", ""),
    )


def _slug(job: Job) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in job.title.lower()).strip("-") or "job"


@permission_required(Action.VIEW_JOBS)
def export(job_id: int, fmt: str) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    current = descriptions.current_description(job)
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
