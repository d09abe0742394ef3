"""A job's board, moves, the list of applications and bulk actions, in the browser;
adding a candidate to a job from their page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import SelectChoice

from hiring.candidates import pages
from hiring.candidates.rules import SOURCES
from hiring.domain import Conflict, ValidationFailed
from hiring.fragments import answers
from hiring.input_rules import as_id
from hiring.pipeline import lists, services, signals
from hiring.pipeline.forms import (
    AddToJobForm,
    ApplicationFilterForm,
    BulkForm,
    MoveForm,
    add_to_job_choices,
)
from hiring.pipeline.models import ACTIVE
from hiring.policy import Action
from hiring.web import (
    attach_errors,
    page_number,
    permission_required,
    safe_next_url,
    url_pattern,
)

pipeline = Blueprint("pipeline", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


@pipeline.post("/candidates/<int:candidate_id>/applications")
@permission_required(Action.MANAGE_CANDIDATES)
def add_to_job(candidate_id: int) -> ResponseReturnValue:
    form = AddToJobForm()
    add_to_job_choices(form, services.open_jobs(), services.recruiters())
    if form.validate_on_submit():
        owner = form.owner_id.data or ""
        try:
            services.add_to_job(
                _actor(),
                candidate_id,
                int(form.job_id.data),
                as_id(owner),
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "danger")
            return _render_candidate(candidate_id, form, 409)
        else:
            flash("Added to the job's pipeline.", "success")
            return redirect(url_for("candidates.show", candidate_id=candidate_id))
    return _render_candidate(candidate_id, form, 422)


def _render_candidate(candidate_id: int, form: AddToJobForm, status: int) -> ResponseReturnValue:
    """The candidate's page again, the add-to-job form showing what was chosen and why
    it was refused."""
    page = pages.candidate_page(_actor(), candidate_id, forms={"add_to_job": form})
    return render_template("candidates/show.html", page=page, sources=SOURCES), status


# --- the board -------------------------------------------------------------------------


@pipeline.get("/jobs/<int:job_id>/board")
@permission_required(Action.VIEW_CANDIDATES)
def board(job_id: int) -> ResponseReturnValue:
    return _render_board(job_id)


def _render_board(job_id: int, *, status: int = 200):
    data = lists.board(_actor(), job_id)
    return render_template(
        "pipeline/board.html",
        board=data,
        job=data.job,
        pipeline=data.pipeline,
        limit=lists.BOARD_CARDS_PER_STAGE,
        urls=BoardUrls.build(),
        card_fragments=[fragment.context.get("cards", {}) for fragment in data.cards],
    ), status


@dataclass(frozen=True)
class BoardUrls:
    """The addresses of a card, each with ``{}`` for the id."""

    candidate: str
    schedule: str
    move: str

    @classmethod
    def build(cls) -> BoardUrls:
        return cls(
            url_pattern("candidates.show", "candidate_id"),
            url_pattern("interviews.schedule", "application_id"),
            url_pattern("pipeline.move", "application_id"),
        )


# One rule for both methods: with two, an id past the database integer would be a 405
# (the other method's rule matching first) instead of a 404.
@pipeline.route("/applications/<int:application_id>/move", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def move(application_id: int) -> ResponseReturnValue:
    if request.method == "POST":
        return _move(application_id)
    return move_page(application_id)


def move_page(application_id: int) -> ResponseReturnValue:
    """One card's move form: the board links each card here (no JavaScript needed);
    ``?target=`` preselects a stage (a card dragged to a column that needs a note)."""
    application = services.get_application(_actor(), application_id)
    form = MoveForm(formdata=None, version=application.version)
    form.target.data = request.args.get("target", "")[:64]
    return _render_move(application, form, {})


def _render_move(application, form: MoveForm, errors: dict[str, list[str]], status: int = 200):
    return render_template(
        "pipeline/move.html",
        application=application,
        pipeline=services.current_pipeline(),
        form=form,
        errors=errors,
    ), status


def _move(application_id: int) -> ResponseReturnValue:
    application = services.get_application(_actor(), application_id)
    job_id = application.job_id
    form = MoveForm()
    if not form.validate_on_submit():
        problems = {name: list(messages) for name, messages in form.errors.items()}
        if "version" in problems or "csrf_token" in problems:
            problems = {"target": ["The form was incomplete; reload the page and try again."]}
            form.version.data = application.version
        return _render_move(application, form, problems, 422)
    try:
        moved = services.move_application(
            _actor(),
            application_id,
            expected_version=form.version.data,
            target=form.target.data or "",
            note=form.note.data or "",
            rejection_reason=form.rejection_reason.data or "",
        )
    except Conflict as exc:
        flash(exc.message, "danger")
        return _render_board(job_id, status=409)
    except ValidationFailed as exc:
        return _render_move(application, form, exc.errors, 422)
    pipeline_def = services.current_pipeline()
    flash(
        f"Moved {moved.candidate.name} to {pipeline_def.name(moved.stage)}.",
        "success",
    )
    _warn_about_what_is_left(moved)
    return redirect(url_for("pipeline.board", job_id=job_id) + f"#application-{application_id}")


def _warn_about_what_is_left(application) -> None:
    """A closed application may still have work ahead elsewhere (interviews still
    scheduled): the features that hold it say so, rather than undo it silently."""
    if application.status == ACTIVE:
        return
    for warning in answers(signals.application_closed, application):
        flash(warning, "warning")


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
    filters = lists.ApplicationFilter(
        job_id=as_id(job),
        stage=valid("stage"),
        source=valid("source"),
        owner_id=as_id(owner),
        min_days=form.min_days.data if not form.min_days.errors else None,
        tag=valid("tag"),
        status=valid("status"),
        query=valid("q"),
        sort=valid("sort") or "longest",
    )
    result = lists.list_applications(_actor(), filters, page=page_number())
    return render_template(
        "pipeline/applications.html",
        form=form,
        result=result,
        bulk_form=_bulk_form(),
        pipeline=services.current_pipeline(),
        sources=SOURCES,
        urls=ListUrls.build(),
    )


@dataclass(frozen=True)
class ListUrls:
    """The addresses a line of the list links to, each with ``{}`` for the id."""

    candidate: str
    board: str

    @classmethod
    def build(cls) -> ListUrls:
        return cls(
            url_pattern("candidates.show", "candidate_id"),
            url_pattern("pipeline.board", "job_id"),
        )


@pipeline.post("/applications/bulk")
@permission_required(Action.MANAGE_CANDIDATES)
def bulk() -> ResponseReturnValue:
    # The list to go back to (its filters as a query string), checked before anything
    # is changed: a target that cannot be redirected to refuses the whole request.
    back = request.form.get("back", "")
    target_url = safe_next_url(url_for("pipeline.applications") + ("?" + back if back else ""))
    if target_url is None:
        abort(400)
    form = _bulk_form(BulkForm())
    if not form.validate_on_submit():
        flash("Choose what to do with the selected applications.", "danger")
        return redirect(target_url)
    ids = [id_ for id_ in map(as_id, request.form.getlist("ids")) if id_ is not None]
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
