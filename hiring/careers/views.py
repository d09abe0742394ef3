"""The public careers pages: a published job, its JSON, and applying to it.

No account is needed. Everything shown comes from the job's published snapshot, so the
page and its JSON-LD always agree.
"""

from __future__ import annotations

from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from hiring import ratelimits
from hiring.candidates.rules import parse_links
from hiring.candidates.self_identification import QUESTIONS, SelfIdentification
from hiring.careers import services
from hiring.careers.forms import ApplicationForm
from hiring.domain import Conflict, ValidationFailed
from hiring.extensions import csrf
from hiring.jobs import publication
from hiring.jobs.generate import EMPLOYMENT_TYPES, salary_text, where
from hiring.jobs.publishing import Posting, job_posting_jsonld, json_resume_job
from hiring.web import attach_errors

careers = Blueprint("careers", __name__, url_prefix="/careers")
# The application form checks its own CSRF token (FlaskForm), so an expired one brings
# the form back with what was typed instead of the site-wide "Form expired" page.
csrf.exempt(careers)

FILE_AGAIN = (
    "Browsers cannot keep a chosen file between tries: choose your resume file again "
    "before sending."
)


def _posting(public: publication.PublicJob) -> Posting:
    return replace(
        public.posting,
        url=url_for("careers.job", public_id=public.job.public_id, _external=True),
        company_url=current_app.config.get("COMPANY_URL", ""),
        direct_apply=public.accepts_applications,
    )


def _render(public: publication.PublicJob, form: ApplicationForm, status: int = 200, **extra):
    posting = _posting(public)
    facts = posting.facts
    body = render_template(
        "careers/job.html",
        job=public.job,
        posting=posting,
        jsonld=job_posting_jsonld(posting),
        company=current_app.config["COMPANY_NAME"],
        where=where(facts),
        employment=EMPLOYMENT_TYPES.get(facts.employment_type, ""),
        salary=salary_text(facts),
        form=form,
        questions=QUESTIONS,
        retention_notice=services.retention_notice(),
        max_megabytes=current_app.config["RESUME_MAX_BYTES"] // (1024 * 1024),
        **extra,
    )
    return Response(body, status=status)


def _over_limit(email: str) -> bool:
    config = current_app.config
    checks = [(config["APPLY_LIMIT_PER_ADDRESS"], f"careers-address:{request.remote_addr}")]
    if email.strip():
        checks.append((config["APPLY_LIMIT_PER_EMAIL"], f"careers-email:{email.strip().lower()}"))
    states = [ratelimits.hit(limit, key) for limit, key in checks]
    return any(state is not None and not state.allowed for state in states)


def _input(form: ApplicationForm) -> services.ApplicationInput:
    upload = form.resume.data
    data = b""
    filename = ""
    if upload is not None and getattr(upload, "filename", ""):
        filename = upload.filename
        data = upload.read(current_app.config["RESUME_MAX_BYTES"] + 1)
    return services.ApplicationInput(
        name=form.name.data or "",
        email=form.email.data or "",
        links=parse_links(form.links.data or ""),
        consent=bool(form.consent.data),
        resume_filename=filename,
        resume_data=data,
        self_identification=SelfIdentification(
            gender=form.gender.data or "",
            ethnicity=form.ethnicity.data or "",
            veteran_status=form.veteran_status.data or "",
            disability_status=form.disability_status.data or "",
        ),
    )


def job(public_id: str) -> ResponseReturnValue:
    public = publication.public_job(public_id)
    form = ApplicationForm()
    if request.method == "GET":
        return _render(public, form)
    if form.website.data:  # the honeypot: looks accepted, keeps nothing
        return redirect(url_for("careers.applied", public_id=public_id), 303)
    if _over_limit(form.email.data or ""):
        form.form_errors.append(
            "We received several applications from this address or network in a short "
            "time. Wait an hour and send it again; what you typed is kept."
        )
        return _render(public, form, 429, file_again=FILE_AGAIN)
    if form.validate_on_submit():
        try:
            services.apply(public_id, _input(form), company=current_app.config["COMPANY_NAME"])
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            form.form_errors.append(exc.message)
        else:
            return redirect(url_for("careers.applied", public_id=public_id), 303)
    return _render(public, form, 422, file_again=FILE_AGAIN)


def applied(public_id: str) -> ResponseReturnValue:
    public = publication.public_job(public_id)
    return render_template(
        "careers/applied.html",
        job=public.job,
        posting=_posting(public),
        company=current_app.config["COMPANY_NAME"],
    )


def job_json(public_id: str) -> ResponseReturnValue:
    public = publication.public_job(public_id)
    return jsonify(json_resume_job(_posting(public)))


careers.add_url_rule("/<public_id>", view_func=job, methods=("GET", "POST"))
careers.add_url_rule("/<public_id>/applied", view_func=applied, methods=("GET",))
careers.add_url_rule("/<public_id>.json", view_func=job_json, methods=("GET",))
