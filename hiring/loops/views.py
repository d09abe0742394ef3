"""The interview loop of a job, its coverage matrix, and printable interview kits."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, widgets
from wtforms.validators import InputRequired, Length, Optional

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.input_rules import as_id, as_int
from hiring.jobs.profile import KIND_LABELS
from hiring.loops import (
    editing,
    interviewers,
    kits,
    loop_templates,
    questions,
    round_plans,
    services,
)
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.web import IntegerField, permission_required

loops = Blueprint("loops", __name__, url_prefix="/jobs/<int:job_id>/loop")


class LoopVersionForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])


class TemplateForm(FlaskForm):
    name = StringField("Template name", validators=[Optional(), Length(max=200)])


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _render(
    job_id: int, *, errors: dict[str, dict[str, list[str]]] | None = None, status: int = 200
):
    view = services.get_loop(_actor(), job_id)
    rubric = current_rubric()
    profile_kinds = {need.skill: need for need in round_plans.needs_of(view.job)}
    banks = {r.id: [q for q in r.questions if not q.retired] for r in rubric.rounds}
    return (
        render_template(
            "loops/loop.html",
            view=view,
            job=view.job,
            interview_loop=view.loop,
            coverage=view.coverage,
            names=view.skill_names,
            exposure=view.exposure,
            profile=profile_kinds,
            kind_labels=KIND_LABELS,
            banks=banks,
            rubric_rounds=rubric.rounds,
            interviewers=interviewers.interviewer_choices(),
            version_form=LoopVersionForm(formdata=None, version=view.loop.version),
            template_form=TemplateForm(formdata=None),
            errors=errors or {},
            can_manage=policy.can(_actor(), Action.MANAGE_LOOPS),
            can_retire=policy.can(_actor(), Action.RETIRE_QUESTIONS),
        ),
        status,
    )


@loops.get("")
@permission_required(Action.VIEW_LOOPS)
def show(job_id: int) -> ResponseReturnValue:
    try:
        return _render(job_id)
    except services.LoopMissing:
        job = services.load_job_for_loop(job_id)
        return render_template(
            "loops/missing.html",
            job=job,
            version_form=LoopVersionForm(formdata=None, version=0),
            can_manage=policy.can(_actor(), Action.MANAGE_LOOPS),
        )


def _version() -> int | None:
    raw = request.form.get("version", "")
    return as_id(raw)


def _guarded(job_id: int, action, success: str) -> ResponseReturnValue:
    """Run one loop change from a posted form; conflicts and errors come back on the page."""
    form = LoopVersionForm()
    if not form.validate_on_submit():
        flash("The form was incomplete; reload the page and try again.", "danger")
        return redirect(url_for("loops.show", job_id=job_id))
    try:
        action(form.version.data)
    except Conflict as exc:
        flash(exc.message, "danger")
        return _render(job_id, status=409)
    except ValidationFailed as exc:
        for messages in exc.errors.values():
            for message in messages:
                flash(message, "danger")
        return _render(job_id, status=422)
    flash(success, "success")
    return redirect(url_for("loops.show", job_id=job_id))


@loops.post("/rounds/<int:loop_round_id>")
@permission_required(Action.MANAGE_LOOPS)
def update_round(job_id: int, loop_round_id: int) -> ResponseReturnValue:
    form = LoopVersionForm()
    if not form.validate_on_submit():
        flash("The form was incomplete; reload the page and try again.", "danger")
        return redirect(url_for("loops.show", job_id=job_id))
    duration = request.form.get("duration", "")
    changes = editing.RoundChanges(
        focus_skills=request.form.getlist("focus_skills"),
        question_ids=request.form.getlist("questions"),
        duration=as_int(duration) or 0,
        interviewer_ids=[i for i in map(as_id, request.form.getlist("interviewers")) if i],
    )
    try:
        editing.update_round(
            _actor(), job_id, loop_round_id, expected_version=form.version.data, changes=changes
        )
    except Conflict as exc:
        flash(exc.message, "danger")
        return _render(job_id, status=409)
    except ValidationFailed as exc:
        return _render(job_id, errors={str(loop_round_id): exc.errors}, status=422)
    flash("Round saved.", "success")
    return redirect(url_for("loops.show", job_id=job_id, _anchor=f"round-{loop_round_id}"))


@loops.post("/rounds/<int:loop_round_id>/move")
@permission_required(Action.MANAGE_LOOPS)
def move_round(job_id: int, loop_round_id: int) -> ResponseReturnValue:
    offset = -1 if request.form.get("direction") == "up" else 1
    return _guarded(
        job_id,
        lambda version: editing.move_round(
            _actor(), job_id, loop_round_id, expected_version=version, offset=offset
        ),
        "Round moved.",
    )


@loops.post("/rounds/<int:loop_round_id>/drop")
@permission_required(Action.MANAGE_LOOPS)
def drop_round(job_id: int, loop_round_id: int) -> ResponseReturnValue:
    return _guarded(
        job_id,
        lambda version: editing.drop_round(
            _actor(), job_id, loop_round_id, expected_version=version
        ),
        "Round dropped. Check the coverage matrix for must-haves left unassessed.",
    )


@loops.post("/rounds")
@permission_required(Action.MANAGE_LOOPS)
def add_round(job_id: int) -> ResponseReturnValue:
    round_id = request.form.get("round_id", "")
    return _guarded(
        job_id,
        lambda version: editing.add_round(_actor(), job_id, round_id, expected_version=version),
        "Round added at the end of the loop.",
    )


@loops.post("/replan")
@permission_required(Action.MANAGE_LOOPS)
def replan(job_id: int) -> ResponseReturnValue:
    return _guarded(
        job_id,
        lambda version: editing.replan(_actor(), job_id, expected_version=version),
        "Loop planned again from the job's skills and the rubric's rounds.",
    )


@loops.post("/template")
@permission_required(Action.MANAGE_LOOPS)
def save_template(job_id: int) -> ResponseReturnValue:
    form = TemplateForm()
    if form.validate_on_submit():
        try:
            template = loop_templates.save_template(_actor(), job_id, form.name.data or "")
        except ValidationFailed as exc:
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "danger")
        else:
            flash(
                f"Saved as template {template.name!r}: new jobs of this role family and level "
                "can start from it.",
                "success",
            )
    return redirect(url_for("loops.show", job_id=job_id))


@loops.post("/questions/<question_id>/retire")
@permission_required(Action.RETIRE_QUESTIONS)
def retire_question(job_id: int, question_id: str) -> ResponseReturnValue:
    form = LoopVersionForm()
    loop_round_id = request.form.get("loop_round_id", "")
    if form.validate_on_submit():
        questions.retire_question(
            _actor(),
            question_id,
            request.form.get("reason", "") or "Leaked",
            job_id=job_id,
            loop_round_id=as_id(loop_round_id),
        )
        flash(
            f"Question {question_id} retired: it stays in past interviews but is never proposed "
            "again. This round got the next least-asked question instead.",
            "success",
        )
    return redirect(url_for("loops.show", job_id=job_id))


@loops.get("/kit")
@permission_required(Action.VIEW_LOOPS)
def loop_kit(job_id: int) -> ResponseReturnValue:
    kit = kits.kit(_actor(), job_id)
    return render_template("loops/kit.html", kit=kit, whole_loop=True)


@loops.get("/rounds/<int:loop_round_id>/kit")
@login_required  # the service asks policy: interviewers see only their own rounds' kits
def round_kit(job_id: int, loop_round_id: int) -> ResponseReturnValue:
    interviewer = request.args.get("interviewer", "")
    kit = kits.kit(
        _actor(),
        job_id,
        loop_round_id,
        interviewer_id=as_id(interviewer),
    )
    return render_template("loops/kit.html", kit=kit, whole_loop=False)


__all__ = ["loops"]
