"""Candidates, a job's board and the list of applications, in the browser."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms import SelectChoice

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.pipeline import briefs, interviews, merge_services, services
from hiring.pipeline.forms import (
    AddToJobForm,
    ApplicationFilterForm,
    BulkForm,
    CandidateCreateForm,
    CandidateEditForm,
    CandidateFilterForm,
    MoveForm,
)
from hiring.pipeline.models import ACTIVE, SOURCES
from hiring.policy import Action
from hiring.web import attach_errors, page_number, permission_required

pipeline = Blueprint("pipeline", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _candidate_input(form) -> services.CandidateInput:
    return services.CandidateInput(
        name=form.name.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        location=form.location.data or "",
        links=services.parse_links(form.links.data or ""),
        source=form.source.data or "",
        resume_text=form.resume_text.data or "",
        tags=services.parse_tags(form.tags.data or ""),
        notes=form.notes.data or "",
    )


# --- candidates ------------------------------------------------------------------------


@pipeline.get("/candidates")
@permission_required(Action.VIEW_CANDIDATES)
def candidates() -> ResponseReturnValue:
    form = CandidateFilterForm(request.args)
    form.validate()
    filters = services.CandidateFilter(
        query=form.q.data or "",
        source=form.source.data if not form.source.errors else "",
        tag=form.tag.data or "",
    )
    result = services.list_candidates(_actor(), filters, page=page_number())
    return render_template("pipeline/candidates.html", form=form, result=result, sources=SOURCES)


@pipeline.route("/candidates/new", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def create_candidate() -> ResponseReturnValue:
    form = CandidateCreateForm()
    duplicate: dict[str, Any] | None = None
    matches: list[tuple[int, str, str]] = []
    if form.validate_on_submit():
        try:
            candidate = services.create_candidate(
                _actor(), _candidate_input(form), confirm_duplicate=form.confirm_duplicate.data
            )
        except services.DuplicateCandidate as exc:
            attach_errors(form, exc)
            duplicate = {"id": exc.existing_id, "name": exc.existing_name}
        except services.PossibleDuplicate as exc:
            attach_errors(form, exc)
            matches = exc.matches
        except ValidationFailed as exc:
            attach_errors(form, exc)
        else:
            flash(f"{candidate.name} added. Add them to a job to start their pipeline.", "success")
            return redirect(url_for("pipeline.candidate", candidate_id=candidate.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "pipeline/candidate_form.html",
        form=form,
        candidate=None,
        duplicate=duplicate,
        matches=matches,
    ), status


@pipeline.get("/candidates/<int:candidate_id>")
@login_required  # interviewers scheduled with the candidate get the brief
def candidate(candidate_id: int) -> ResponseReturnValue:
    if not policy.can(_actor(), Action.VIEW_CANDIDATES):
        brief = briefs.candidate_brief(_actor(), candidate_id)
        return render_template("pipeline/candidate_brief.html", brief=brief)
    return _render_candidate(candidate_id, AddToJobForm(formdata=None))


def _render_candidate(candidate_id: int, add_form: AddToJobForm, status: int = 200):
    found = services.get_candidate(_actor(), candidate_id)
    _job_choices(add_form)
    return render_template(
        "pipeline/candidate.html",
        candidate=found,
        applications=services.applications_of(_actor(), candidate_id),
        pipeline=services.current_pipeline(),
        add_form=add_form,
        sources=SOURCES,
        duplicates=merge_services.duplicates_panel(_actor(), found),
    ), status


def _job_choices(form: AddToJobForm) -> None:
    form.job_id.choices = [SelectChoice("", "Choose a job")] + [
        SelectChoice(str(job.id), job.title) for job in services.open_jobs()
    ]
    form.owner_id.choices = [SelectChoice("", "Nobody yet")] + [
        SelectChoice(str(user.id), user.name) for user in services.recruiters()
    ]


@pipeline.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def edit_candidate(candidate_id: int) -> ResponseReturnValue:
    found = services.get_candidate(_actor(), candidate_id)
    if request.method == "GET":
        form = CandidateEditForm(formdata=None, obj=found)
        form.links.data = "\n".join(found.links)
        form.tags.data = ", ".join(found.tags)
    else:
        form = CandidateEditForm()
    status = 200
    duplicate = None
    if form.validate_on_submit():
        try:
            services.update_candidate(
                _actor(),
                candidate_id,
                expected_version=form.version.data,
                data=_candidate_input(form),
            )
        except services.DuplicateCandidate as exc:
            attach_errors(form, exc)
            duplicate = {"id": exc.existing_id, "name": exc.existing_name}
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            # What was typed stays; saving again now overwrites knowingly.
            current = services.get_candidate(_actor(), candidate_id).version
            form.version.data = current
            form.version.raw_data = [str(current)]
            status = 409
        else:
            flash("Candidate saved.", "success")
            return redirect(url_for("pipeline.candidate", candidate_id=candidate_id))
    if request.method == "POST" and status == 200:
        status = 422
    return render_template(
        "pipeline/candidate_form.html",
        form=form,
        candidate=found,
        duplicate=duplicate,
        matches=[],
    ), status


@pipeline.post("/candidates/<int:candidate_id>/applications")
@permission_required(Action.MANAGE_CANDIDATES)
def add_to_job(candidate_id: int) -> ResponseReturnValue:
    form = AddToJobForm()
    _job_choices(form)
    if form.validate_on_submit():
        owner = form.owner_id.data or ""
        try:
            services.add_to_job(
                _actor(),
                candidate_id,
                int(form.job_id.data),
                int(owner) if owner.isdigit() else None,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            return _render_candidate(candidate_id, form, 409)
        else:
            flash("Added to the job's pipeline.", "success")
            return redirect(url_for("pipeline.candidate", candidate_id=candidate_id))
    return _render_candidate(candidate_id, form, 422)


# --- the board -------------------------------------------------------------------------


@pipeline.get("/jobs/<int:job_id>/board")
@permission_required(Action.VIEW_CANDIDATES)
def board(job_id: int) -> ResponseReturnValue:
    return _render_board(job_id)


def _render_board(
    job_id: int,
    *,
    errors: dict[int, dict[str, list[str]]] | None = None,
    submitted: dict[int, dict[str, str]] | None = None,
    status: int = 200,
):
    data = services.board(_actor(), job_id)
    return render_template(
        "pipeline/board.html",
        board=data,
        job=data.job,
        pipeline=data.pipeline,
        errors=errors or {},
        submitted=submitted or {},
        limit=services.BOARD_CARDS_PER_STAGE,
    ), status


@pipeline.post("/applications/<int:application_id>/move")
@permission_required(Action.MANAGE_CANDIDATES)
def move(application_id: int) -> ResponseReturnValue:
    application = services.get_application(_actor(), application_id)
    job_id = application.job_id
    form = MoveForm()
    submitted = {
        "target": form.target.data or "",
        "note": form.note.data or "",
        "rejection_reason": form.rejection_reason.data or "",
    }
    if not form.validate_on_submit():
        problems = {name: list(messages) for name, messages in form.errors.items()}
        if "version" in problems or "csrf_token" in problems:
            problems = {"target": ["The form was incomplete; reload the page and try again."]}
        return _render_board(
            job_id,
            errors={application_id: problems},
            submitted={application_id: submitted},
            status=422,
        )
    try:
        moved = services.move_application(
            _actor(),
            application_id,
            expected_version=form.version.data,
            target=submitted["target"],
            note=submitted["note"],
            rejection_reason=submitted["rejection_reason"],
        )
    except Conflict as exc:
        flash(exc.message, "danger")
        return _render_board(job_id, status=409)
    except ValidationFailed as exc:
        return _render_board(
            job_id,
            errors={application_id: exc.errors},
            submitted={application_id: submitted},
            status=422,
        )
    pipeline_def = services.current_pipeline()
    flash(
        f"Moved {moved.candidate.name} to {pipeline_def.name(moved.stage)}.",
        "success",
    )
    _warn_about_interviews_left(moved)
    return redirect(url_for("pipeline.board", job_id=job_id) + f"#application-{application_id}")


def _warn_about_interviews_left(application) -> None:
    """A closed application may still have interviews ahead: say so, with the way to
    cancel them (cancelling emails the interviewers), rather than cancel silently."""
    if application.status == ACTIVE:
        return
    left = interviews.still_scheduled(application.id)
    if not left:
        return
    url = url_for("interviews.schedule", application_id=application.id)
    flash(
        Markup(
            "{count} upcoming interview{s} with {name} {verb} still scheduled. "
            '<a href="{url}">Cancel {them}</a> so the interviewers are told.'
        ).format(
            count=left,
            s="" if left == 1 else "s",
            name=application.candidate.name,
            verb="is" if left == 1 else "are",
            url=url,
            them="it" if left == 1 else "them",
        ),
        "warning",
    )


# --- the list of applications ------------------------------------------------------------


def _filter_form() -> ApplicationFilterForm:
    pipeline_def = services.current_pipeline()
    form = ApplicationFilterForm(request.args)
    form.job.choices = [SelectChoice("", "Any job")] + [
        SelectChoice(str(job.id), job.title) for job in services.open_jobs()
    ]
    form.stage.choices = [SelectChoice("", "Any stage")] + [
        SelectChoice(s.id, s.name) for s in (*pipeline_def.stages, *pipeline_def.terminal)
    ]
    form.owner.choices = [SelectChoice("", "Any recruiter")] + [
        SelectChoice(str(user.id), user.name) for user in services.recruiters()
    ]
    if "status" not in request.args:
        form.status.data = "active"
    if not form.sort.data:
        form.sort.data = "longest"
    form.validate()
    return form


def _bulk_form(form: BulkForm | None = None) -> BulkForm:
    pipeline_def = services.current_pipeline()
    form = form or BulkForm(formdata=None)
    form.target.choices = [SelectChoice(s.id, s.name) for s in pipeline_def.stages] + [
        SelectChoice(s.id, s.name) for s in pipeline_def.terminal if s.id != "rejected"
    ]
    form.rejection_reason.choices = [SelectChoice("", "Choose a reason")] + [
        SelectChoice(rid, name) for rid, name in pipeline_def.rejection_reasons
    ]
    return form


@pipeline.get("/applications")
@permission_required(Action.VIEW_CANDIDATES)
def applications() -> ResponseReturnValue:
    form = _filter_form()

    def valid(name: str) -> str:
        field = getattr(form, name)
        return (field.data or "") if not field.errors else ""

    job, owner = valid("job"), valid("owner")
    filters = services.ApplicationFilter(
        job_id=int(job) if job.isdigit() else None,
        stage=valid("stage"),
        source=valid("source"),
        owner_id=int(owner) if owner.isdigit() else None,
        min_days=form.min_days.data if not form.min_days.errors else None,
        tag=valid("tag"),
        status=valid("status"),
        query=valid("q"),
        sort=valid("sort") or "longest",
    )
    result = services.list_applications(_actor(), filters, page=page_number())
    return render_template(
        "pipeline/applications.html",
        form=form,
        result=result,
        bulk_form=_bulk_form(),
        pipeline=services.current_pipeline(),
        sources=SOURCES,
    )


@pipeline.post("/applications/bulk")
@permission_required(Action.MANAGE_CANDIDATES)
def bulk() -> ResponseReturnValue:
    form = _bulk_form(BulkForm())
    back = request.form.get("back", "")
    target_url = url_for("pipeline.applications") + (
        "?" + back if back and not back.startswith(("/", "http")) else ""
    )
    if not form.validate_on_submit():
        flash("Choose what to do with the selected applications.", "danger")
        return redirect(target_url)
    ids = [int(value) for value in request.form.getlist("ids") if value.isdigit()]
    try:
        if form.action.data == "tag":
            result = services.bulk_tag(_actor(), ids, form.tag.data or "")
            message = f"Tagged {len(result.done)} candidate(s)."
        else:
            reject = form.action.data == "reject"
            result = services.bulk_move(
                _actor(),
                ids,
                target="rejected" if reject else (form.target.data or ""),
                note=form.note.data or "",
                rejection_reason=(form.rejection_reason.data or "") if reject else "",
            )
            message = f"{'Rejected' if reject else 'Moved'} {len(result.done)} application(s)."
    except (ValidationFailed, Conflict) as exc:
        flash(exc.message, "danger")
        return redirect(target_url)
    flash(message, "success")
    for refusal in result.refused:
        flash(f"Not changed: {refusal}", "warning")
    return redirect(target_url)
