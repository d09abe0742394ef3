"""Candidates in the browser: the list, adding, editing, and a candidate's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from hiring import policy
from hiring.candidates import pages, rules, self_id_services, services
from hiring.candidates.forms import (
    CandidateCreateForm,
    CandidateEditForm,
    CandidateFilterForm,
    SelfIdOnBehalfForm,
)
from hiring.candidates.rules import SOURCES
from hiring.candidates.self_identification import QUESTIONS, SelfIdentification
from hiring.domain import Conflict, ValidationFailed
from hiring.policy import Action
from hiring.web import attach_errors, page_number, permission_required

candidates = Blueprint("candidates", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _candidate_input(form) -> rules.CandidateInput:
    return rules.CandidateInput(
        name=form.name.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
        location=form.location.data or "",
        links=rules.parse_links(form.links.data or ""),
        source=form.source.data or "",
        resume_text=form.resume_text.data or "",
        tags=rules.parse_tags(form.tags.data or ""),
        notes=form.notes.data or "",
    )


@candidates.get("/candidates")
@permission_required(Action.VIEW_CANDIDATES)
def index() -> ResponseReturnValue:
    form = CandidateFilterForm(request.args)
    form.validate()
    filters = services.CandidateFilter(
        query=form.q.data or "",
        source=form.source.data if not form.source.errors else "",
        tag=form.tag.data or "",
    )
    result = services.list_candidates(_actor(), filters, page=page_number())
    return render_template("candidates/index.html", form=form, result=result, sources=SOURCES)


@candidates.route("/candidates/new", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def create() -> ResponseReturnValue:
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
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "candidates/form.html",
        form=form,
        candidate=None,
        duplicate=duplicate,
        matches=matches,
    ), status


@candidates.get("/candidates/<int:candidate_id>")
@login_required  # interviewers scheduled with the candidate get the brief
def show(candidate_id: int) -> ResponseReturnValue:
    if not policy.can(_actor(), Action.VIEW_CANDIDATES):
        brief = pages.candidate_brief(_actor(), candidate_id)
        return render_template("candidates/brief.html", brief=brief)
    page = pages.candidate_page(_actor(), candidate_id)
    return render_template("candidates/show.html", page=page, sources=SOURCES)


@candidates.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@permission_required(Action.MANAGE_CANDIDATES)
def edit(candidate_id: int) -> ResponseReturnValue:
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
            return redirect(url_for("candidates.show", candidate_id=candidate_id))
    if request.method == "POST" and status == 200:
        status = 422
    return render_template(
        "candidates/form.html",
        form=form,
        candidate=found,
        duplicate=duplicate,
        matches=[],
    ), status


@candidates.app_context_processor
def inject_self_id_permission() -> dict[str, Any]:
    """Lets the candidate page link to recording self-identification on their behalf."""
    return {"may_record_self_id": policy.can(current_user, Action.RECORD_SELF_IDENTIFICATION)}


@candidates.route("/candidates/<int:candidate_id>/self-identification", methods=["GET", "POST"])
@permission_required(Action.RECORD_SELF_IDENTIFICATION)
def self_identification(candidate_id: int) -> ResponseReturnValue:
    """Record what the candidate told a recruiter; answers are never shown back."""
    status = self_id_services.self_id_status(_actor(), candidate_id)
    form = SelfIdOnBehalfForm()
    code = 200
    if request.method == "GET":
        form.version.data = status.version
    elif form.validate_on_submit():
        answers = SelfIdentification(**{name: form[name].data or "" for name in QUESTIONS})
        try:
            self_id_services.record_on_behalf(
                _actor(),
                candidate_id,
                answers,
                confirmed=bool(form.confirmed.data),
                expected_version=form.version.data or "",
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
            code = 422
        except Conflict as exc:
            form.form_errors.append(exc.message)
            # What was chosen stays; saving again now replaces knowingly.
            status = self_id_services.self_id_status(_actor(), candidate_id)
            form.version.data = status.version
            form.confirmed.data = False
            code = 409
        else:
            flash(
                "The candidate's self-identification is recorded. It is counted only in "
                "the adverse-impact report and is not shown anywhere.",
                "success",
            )
            return redirect(url_for("candidates.self_identification", candidate_id=candidate_id))
    else:
        code = 422
    return render_template(
        "candidates/self_identification.html",
        form=form,
        status=status,
        questions=QUESTIONS,
    ), code
