"""Resume files in the browser: the list, the upload form and downloads."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField

from hiring.candidates import resume_services, services
from hiring.domain import ValidationFailed
from hiring.policy import Action
from hiring.web import attach_errors, permission_required

resume_files = Blueprint("resumes", __name__)


class ResumeUploadForm(FlaskForm):
    file = FileField(
        "Resume file",
        description="PDF or Word (.docx). Its text is added to the resume text, so search "
        "finds it.",
    )
    submit = SubmitField("Upload")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _render(candidate_id: int, form: ResumeUploadForm, status: int = 200) -> ResponseReturnValue:
    candidate = services.get_candidate(_actor(), candidate_id, full=False)
    return render_template(
        "candidates/resumes.html",
        candidate=candidate,
        files=resume_services.list_resumes(_actor(), candidate_id),
        form=form,
        max_megabytes=current_app.config["RESUME_MAX_BYTES"] / (1024 * 1024),
    ), status


@resume_files.get("/candidates/<int:candidate_id>/resumes")
@permission_required(Action.VIEW_CANDIDATES)
def index(candidate_id: int) -> ResponseReturnValue:
    return _render(candidate_id, ResumeUploadForm(formdata=None))


@resume_files.post("/candidates/<int:candidate_id>/resumes")
@permission_required(Action.MANAGE_CANDIDATES)
def upload(candidate_id: int) -> ResponseReturnValue:
    form = ResumeUploadForm()
    if form.validate_on_submit():
        storage = form.file.data
        filename = getattr(storage, "filename", "") or ""
        # One byte over the limit is enough to know the file is too large.
        data = storage.stream.read(current_app.config["RESUME_MAX_BYTES"] + 1) if storage else b""
        try:
            record = resume_services.upload_resume(_actor(), candidate_id, filename, data)
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            if record.text_note:
                flash(f"Resume uploaded and stored. {record.text_note}", "warning")
            else:
                flash("Resume uploaded; its text is now searchable.", "success")
            return redirect(url_for("resumes.index", candidate_id=candidate_id))
    return _render(candidate_id, form, 422)


@resume_files.get("/candidates/<int:candidate_id>/resumes/<int:file_id>")
@login_required  # the service lets interviewers scheduled with the candidate download it
def download(candidate_id: int, file_id: int) -> ResponseReturnValue:
    found = resume_services.resume_download(_actor(), candidate_id, file_id)
    return send_file(
        found.path,
        mimetype=found.content_type,
        as_attachment=True,
        download_name=found.filename,
        max_age=0,
    )
