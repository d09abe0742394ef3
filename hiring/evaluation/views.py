"""The debrief of an application in the browser, and the hiring decision."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.evaluation import decisions, services
from hiring.evaluation.forms import DecisionForm
from hiring.evaluation.services import ApplicationEvaluation, LevelLadderSource
from hiring.pipeline import services as pipeline
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable
from hiring.rubrics.types import LEVEL_LABELS
from hiring.scorecards import rules
from hiring.web import attach_errors, permission_required

evaluation = Blueprint("evaluation", __name__)

FLAG_LABELS = {
    "rating_disagreement": "Disagreement",
    "recommendation_disagreement": "Split panel",
    "contradiction": "Contradiction",
    "thin_evidence": "Thin evidence",
}


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _default_level(found: ApplicationEvaluation) -> str:
    """The level the evidence supports, else the job's."""
    level = found.evaluation.level_recommendation
    if level is not None and level.recommended in found.levels:
        return level.recommended
    return found.job.level if found.job.level in found.levels else next(iter(found.levels), "")


def _blank_form(found: ApplicationEvaluation) -> DecisionForm:
    current = found.decision
    form = DecisionForm(
        formdata=None,
        data={"revises": str(current.id) if current else "", "level": _default_level(found)},
    )
    return form.with_levels(found.levels)


def _stage_name(stage: str) -> str:
    try:
        return pipeline.current_pipeline().name(stage)
    except RubricsUnavailable:
        return stage


def _render(
    found: ApplicationEvaluation, form: DecisionForm | None, status: int = 200
) -> ResponseReturnValue:
    verdict = found.evaluation.verdict
    # The outcome that would go against the verdict, and what its override must say.
    against = {
        outcome: decisions.override_prompt(outcome, verdict)
        for outcome in decisions.OUTCOMES
        if decisions.goes_against(outcome, verdict)
    }
    if form is not None:
        for outcome, prompt in against.items():
            name = decisions.OUTCOMES[outcome].lower()
            form.override_reason.label.text = f"Override reason (needed for {name})"
            form.override_reason.description = (
                f"The verdict is {decisions.VERDICT_LABELS[verdict].lower()}: a {name} "
                f"decision goes against it. {prompt}"
            )
    return render_template(
        "evaluation/debrief.html",
        found=found,
        application=found.application,
        result=found.evaluation,
        form=form,
        against=against,
        verdict_labels=decisions.VERDICT_LABELS,
        outcomes=decisions.OUTCOMES,
        recommendations=rules.RECOMMENDATIONS,
        level_labels={**LEVEL_LABELS, **found.levels},
        flag_labels=FLAG_LABELS,
        ladder_sources=LevelLadderSource,
        stage_name=_stage_name(found.application.stage),
        sees_candidates=policy.can(_actor(), Action.VIEW_CANDIDATES),
        needs_fixing=status == 422,
    ), status


@evaluation.get("/applications/<int:application_id>/debrief")
@login_required  # the service asks policy: the hiring team, and interviewers done with theirs
def debrief(application_id: int) -> ResponseReturnValue:
    found = services.evaluation_of(_actor(), application_id)
    form = _blank_form(found) if policy.can(_actor(), Action.RECORD_DECISION) else None
    return _render(found, form)


@evaluation.post("/applications/<int:application_id>/decision")
@permission_required(Action.RECORD_DECISION)
def decide(application_id: int) -> ResponseReturnValue:
    found = services.evaluation_of(_actor(), application_id)
    form = DecisionForm().with_levels(found.levels)
    if not form.validate_on_submit():
        return _render(found, form, 422)
    typed = form.typed()
    try:
        decision = services.decide(_actor(), application_id, typed, revises_id=form.revises_id)
    except ValidationFailed as exc:
        attach_errors(form, exc)
        return _render(found, form, 422)
    except Conflict as exc:
        flash(exc.message, "danger")
        found = services.evaluation_of(_actor(), application_id)
        # What was typed stays; sending it again revises the decision now in place.
        form.revises.data = str(found.decision.id) if found.decision else ""
        return _render(found, form, 409)
    if decision.outcome == decisions.HIRE:
        level = found.levels.get(decision.level, decision.level)
        flash(
            f"Decision recorded: hire at {level}. The application can move to the offer stage now.",
            "success",
        )
    else:
        flash(
            "Decision recorded: no hire. Nothing else changed: reject the application with "
            "a reason from the board when the candidate has been told.",
            "success",
        )
    return redirect(url_for("evaluation.debrief", application_id=application_id))
