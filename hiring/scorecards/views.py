"""Scorecards in the browser: one's own for an interview, an application's, and the
amendment of a submitted one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from hiring import policy
from hiring.domain import Conflict, ValidationFailed
from hiring.policy import Action
from hiring.scorecards import amendment_services, rules, services
from hiring.scorecards.forms import AmendmentForm, ScorecardForm

scorecards = Blueprint("scorecards", __name__)


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _fill(form: ScorecardForm, page: services.ScorecardPage) -> None:
    """The saved draft (or nothing yet), one entry per focus skill in the round's order."""
    card = page.scorecard
    saved = {rating.skill: rating for rating in card.skill_ratings()} if card else {}
    for skill in page.skills:
        rating = saved.get(skill.id)
        form.ratings.append_entry(
            {
                "skill": skill.id,
                "rating": rating.choice if rating else "",
                "evidence": rating.evidence if rating else "",
            }
        )
    if card is not None:
        form.version.data = card.version
        form.recommendation.data = card.recommendation or None
        form.notes.data = card.notes


def _typed(form: ScorecardForm) -> services.ScorecardInput:
    return services.ScorecardInput(
        ratings=tuple(
            rules.RatingInput(
                skill=entry.form.skill.data or "",
                rating=entry.form.rating.data or "",
                evidence=entry.form.evidence.data or "",
            )
            for entry in form.ratings
        ),
        recommendation=form.recommendation.data or "",
        notes=form.notes.data or "",
    )


def _attach(
    form: ScorecardForm | AmendmentForm,
    error: ValidationFailed,
    fields: tuple[str, ...] = ("recommendation", "notes"),
) -> None:
    """Messages next to the skill, rating or evidence they concern; the rest on top."""
    entries = {entry.form.skill.data: entry.form for entry in form.ratings}
    for key, messages in error.errors.items():
        kind, _, skill = key.partition(":")
        if kind in ("rating", "evidence") and skill in entries:
            target = getattr(entries[skill], kind)
            target.errors = [*list(target.errors), *messages]
        elif key in fields:
            field = getattr(form, key)
            field.errors = [*list(field.errors), *messages]
        else:
            form.form_errors.extend(messages)


def _render(page: services.ScorecardPage, form: ScorecardForm, status: int = 200):
    return render_template(
        "scorecards/form.html",
        page=page,
        interview=page.interview,
        form=form,
        skills={skill.id: skill for skill in page.skills},
        recommendations=rules.RECOMMENDATIONS,
        min_evidence=rules.MIN_EVIDENCE,
        needs_fixing=status == 422,
    ), status


@scorecards.route("/interviews/<int:interview_id>/scorecard", methods=["GET", "POST"])
@login_required  # the service asks policy: only the interviewers on the interview
def write(interview_id: int) -> ResponseReturnValue:
    page = services.scorecard_page(_actor(), interview_id)
    if request.method == "GET":
        form = ScorecardForm(formdata=None)
        _fill(form, page)
        return _render(page, form)
    form = ScorecardForm()
    if not form.validate_on_submit():
        return _render(page, form, 422)
    submitting = bool(form.submit.data)
    try:
        services.save(
            _actor(),
            interview_id,
            _typed(form),
            expected_version=form.version.data,
            submit=submitting,
        )
    except ValidationFailed as exc:
        _attach(form, exc)
        return _render(page, form, 422)
    except services.ScorecardIsFinal as exc:
        flash(exc.message, "danger")
        return _render(services.scorecard_page(_actor(), interview_id), form, 409)
    except Conflict as exc:
        flash(exc.message, "danger")
        page = services.scorecard_page(_actor(), interview_id)
        # The saved version, so that saving again replaces it knowingly.
        version = page.scorecard.version if page.scorecard else None
        form.version.data = version
        form.version.raw_data = [] if version is None else [str(version)]
        return _render(page, form, 409)
    if submitting:
        flash("Scorecard submitted. It is final now; thank you.", "success")
        return redirect(
            url_for("scorecards.for_application", application_id=page.interview.application_id)
        )
    flash("Draft saved. Only you can see it until you submit it.", "success")
    return redirect(url_for("scorecards.write", interview_id=interview_id))


@scorecards.get("/applications/<int:application_id>/scorecards")
@login_required  # the service asks policy: readers of candidates, or its interviewers
def for_application(application_id: int) -> ResponseReturnValue:
    found = services.application_scorecards(_actor(), application_id)
    actor = _actor()
    return render_template(
        "scorecards/application.html",
        found=found,
        sees_candidates=policy.can(actor, Action.VIEW_CANDIDATES),
        may_amend=lambda card: policy.can(actor, Action.AMEND_SCORECARD, card),
        recommendations=rules.RECOMMENDATIONS,
    )


# --- amending a submitted scorecard ---------------------------------------------------


def _fill_amendment(form: AmendmentForm, page: amendment_services.AmendmentPage) -> None:
    for skill in page.focus_skills:
        form.ratings.append_entry({"skill": skill, "rating": "", "evidence": ""})
    form.version.data = page.scorecard.version


def _amendment_typed(form: AmendmentForm) -> amendment_services.AmendmentInput:
    """Only the skills that change: a new rating chosen, or evidence typed (which then
    needs a rating, and the service says so next to it)."""
    changes = tuple(
        rules.RatingInput(
            skill=entry.form.skill.data or "",
            rating=entry.form.rating.data or "",
            evidence=entry.form.evidence.data or "",
        )
        for entry in form.ratings
        if (entry.form.rating.data or "").strip() or (entry.form.evidence.data or "").strip()
    )
    return amendment_services.AmendmentInput(
        reason=form.reason.data or "",
        ratings=changes,
        recommendation=form.recommendation.data or "",
    )


def _render_amendment(
    page: amendment_services.AmendmentPage, form: AmendmentForm, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "scorecards/amend.html",
        page=page,
        interview=page.interview,
        form=form,
        skills=page.skills,
        skill_names=page.skill_names,
        current={rating.skill: rating for rating in page.effective.ratings},
        recommendations=rules.RECOMMENDATIONS,
        min_evidence=rules.MIN_EVIDENCE,
        needs_fixing=status == 422,
    ), status


@scorecards.route("/scorecards/<int:scorecard_id>/amend", methods=["GET", "POST"])
@login_required  # the service asks policy: the scorecard's author, or an admin
def amend(scorecard_id: int) -> ResponseReturnValue:
    page = amendment_services.amendment_page(_actor(), scorecard_id)
    if request.method == "GET":
        form = AmendmentForm(formdata=None)
        _fill_amendment(form, page)
        return _render_amendment(page, form)
    form = AmendmentForm()
    if not form.validate_on_submit():
        return _render_amendment(page, form, 422)
    try:
        amendment_services.amend(
            _actor(), scorecard_id, _amendment_typed(form), expected_version=form.version.data
        )
    except ValidationFailed as exc:
        _attach(form, exc, ("recommendation", "reason"))
        return _render_amendment(page, form, 422)
    except Conflict as exc:
        flash(exc.message, "danger")
        page = amendment_services.amendment_page(_actor(), scorecard_id)
        # The version as it stands: amending again adds to what is there now, knowingly.
        form.version.data = page.scorecard.version
        form.version.raw_data = [str(page.scorecard.version)]
        return _render_amendment(page, form, 409)
    flash(
        "Amendment added. The scorecard, the debrief and the verdict use the amended values "
        "and show who changed what, when and why.",
        "success",
    )
    return redirect(
        url_for("scorecards.for_application", application_id=page.interview.application_id)
    )


__all__ = ["scorecards"]
