"""Importing candidates in the browser: CSV in four steps, and JSON Resume files.

Upload -> map the columns -> dry-run preview -> import, then a row-by-row report. The
upload is kept server-side between the steps; its id travels in the query string or
a hidden field, and only its uploader can use it.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from wtforms import SelectChoice

from hiring.domain import ValidationFailed
from hiring.imports import services as import_services
from hiring.imports import tables
from hiring.imports.forms import CsvUploadForm, JsonResumeForm, MappingForm
from hiring.input_rules import as_id
from hiring.pipeline import services as pipeline
from hiring.policy import Action
from hiring.web import attach_errors, permission_required

candidate_imports = Blueprint("imports", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _upload(storage: object) -> tuple[str, bytes]:
    """The browser's file name and at most one byte more than the limit allows."""
    if not isinstance(storage, FileStorage):
        return "", b""
    return storage.filename or "", storage.stream.read(tables.MAX_UPLOAD_BYTES + 1)


def _job_choices(field) -> None:
    field.choices = [SelectChoice("", "No job")] + [
        SelectChoice(str(job.id), job.title) for job in pipeline.open_jobs()
    ]


def _job_id(field) -> int | None:
    return as_id(field.data)


@candidate_imports.route("/candidates/import", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def upload() -> ResponseReturnValue:
    form = CsvUploadForm()
    if form.validate_on_submit():
        filename, data = _upload(form.file.data)
        try:
            created = import_services.upload_csv(_actor(), filename, data)
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            return redirect(url_for("imports.mapping", id=created.id))
    status = 422 if request.method == "POST" else 200
    return render_template("imports/upload.html", form=form), status


def _mapping_form(upload, table: tables.Table, formdata=None) -> MappingForm:
    if formdata is None:
        form = MappingForm(formdata=None, import_id=upload.id)
        for guess in tables.guess_mapping(table.headers):
            form.columns.append_entry(guess)
    else:
        form = MappingForm()
    while len(form.columns) < len(table.headers):
        form.columns.append_entry(tables.IGNORE)
    for entry, header in zip(form.columns, table.headers, strict=False):
        entry.label.text = header or "(no header)"
    _job_choices(form.job_id)
    return form


def _render_mapping(upload, table, form, status: int = 200) -> ResponseReturnValue:
    samples = [values for _, values in table.rows[:3]]
    return render_template(
        "imports/mapping.html",
        upload=upload,
        table=table,
        form=form,
        samples=samples,
        columns=list(zip(form.columns, table.headers, strict=False)),
    ), status


@candidate_imports.get("/candidates/import/mapping")
@permission_required(Action.MANAGE_CANDIDATES)
def mapping() -> ResponseReturnValue:
    found = import_services.get_import(_actor(), as_id(request.args.get("id")))
    table = import_services.table_of(found)
    return _render_mapping(found, table, _mapping_form(found, table))


def _settings(form: MappingForm) -> import_services.ImportSettings:
    return import_services.ImportSettings(
        mapping=tuple(entry.data or tables.IGNORE for entry in form.columns),
        default_source=form.source.data or "",
        job_id=_job_id(form.job_id),
    )


def _mapping_step(run: bool) -> ResponseReturnValue:
    found = import_services.get_import(_actor(), as_id(request.form.get("import_id")))
    table = import_services.table_of(found)
    form = _mapping_form(found, table, formdata=request.form)
    if form.validate_on_submit():
        try:
            if run:
                report = import_services.run_import(_actor(), found.id, _settings(form))
            else:
                report = import_services.preview_import(_actor(), found.id, _settings(form))
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            return render_template("imports/report.html", report=report, form=form, upload=found)
    return _render_mapping(found, table, form, 422)


@candidate_imports.post("/candidates/import/preview")
@permission_required(Action.MANAGE_CANDIDATES)
def preview() -> ResponseReturnValue:
    return _mapping_step(run=False)


@candidate_imports.post("/candidates/import/run")
@permission_required(Action.MANAGE_CANDIDATES)
def run() -> ResponseReturnValue:
    return _mapping_step(run=True)


@candidate_imports.route("/candidates/import/json-resume", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def json_resume() -> ResponseReturnValue:
    form = JsonResumeForm()
    _job_choices(form.job_id)
    if form.validate_on_submit():
        filename, data = _upload(form.file.data)
        sent_as = form.file.data.mimetype if isinstance(form.file.data, FileStorage) else ""
        try:
            report = import_services.import_json_resume(
                _actor(),
                filename,
                data,
                source=form.source.data or "",
                job_id=_job_id(form.job_id),
                content_type=sent_as,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            return render_template("imports/report.html", report=report, form=None)
    status = 422 if request.method == "POST" else 200
    return render_template("imports/json_resume.html", form=form), status
