"""Publishing views: publish, unpublish, exports, and the public careers pages."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.domain import Conflict, ValidationFailed
from hiring.jobs import descriptions, publication, queries
from hiring.jobs import snapshot as snap
from hiring.jobs.forms import JobVersionForm, PublishForm
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES, where
from hiring.jobs.models import Job
from hiring.jobs.publishing import Posting, job_posting_jsonld, json_resume_job, standalone_html
from hiring.policy import Action
from hiring.sanitize import plain_text
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
    snapshot = job.rubric_snapshot
    return Posting(
        facts=descriptions.facts_of(job),
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
        profile=queries.profile_of(job),
        skills=snap.skills_of(snapshot),
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


def job(public_id: str) -> ResponseReturnValue:
    public = publication.public_job(public_id)
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


def job_json(public_id: str) -> ResponseReturnValue:
    public = publication.public_job(public_id)
    return jsonify(json_resume_job(posting_for(public.job, public.description)))
