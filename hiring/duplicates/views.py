"""Merging duplicate candidates in the browser: find the other record, review, merge."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, SubmitField, widgets
from wtforms.validators import InputRequired, Length, Optional

from hiring.candidates import services
from hiring.candidates.rules import SOURCES
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.duplicates import merge
from hiring.duplicates import services as merge_services
from hiring.policy import Action
from hiring.web import IntegerField, attach_errors, permission_required

merging = Blueprint("merge", __name__)

VALUE_CHOICES = [
    SelectChoice(merge.KEEP, "The kept candidate's"),
    SelectChoice(merge.OTHER, "The merged candidate's"),
]


class FindForm(FlaskForm):
    class Meta:
        csrf = False

    other = StringField(
        "Merge another candidate into this one",
        validators=[Optional(), Length(max=254)],
        description="Their email address or their number (as in #12).",
    )


class MergeForm(FlaskForm):
    keep_version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    other_version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    name = RadioField("Name", choices=VALUE_CHOICES, validators=[Optional()])
    email = RadioField("Email", choices=VALUE_CHOICES, validators=[Optional()])
    phone = RadioField("Phone", choices=VALUE_CHOICES, validators=[Optional()])
    location = RadioField("Location", choices=VALUE_CHOICES, validators=[Optional()])
    source = RadioField("Source", choices=VALUE_CHOICES, validators=[Optional()])
    submit = SubmitField("Merge")


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def active_field(job_id: int) -> str:
    return f"active_{job_id}"


# --- finding the other record ------------------------------------------------------------


@merging.get("/candidates/<int:candidate_id>/merge")
@permission_required(Action.MANAGE_CANDIDATES)
def find(candidate_id: int) -> ResponseReturnValue:
    candidate = services.get_candidate(_actor(), candidate_id, full=False)
    if candidate.erased_at is not None:
        raise ValidationFailed(
            {"candidate": ["This candidate's personal data was erased; it is never merged."]}
        )
    form = FindForm(request.args)
    status = 200
    if "other" in request.args and form.validate():
        try:
            other_id = merge_services.find_candidate_to_merge(
                _actor(), candidate_id, form.other.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc)
            status = 422
        except NotFound as exc:
            form.other.errors = [exc.message]
            status = 404
        else:
            return redirect(url_for("merge.review", candidate_id=candidate_id, other_id=other_id))
    elif form.other.errors:
        status = 422
    return render_template(
        "duplicates/merge.html",
        candidate=candidate,
        duplicates=merge_services.duplicates_panel(_actor(), candidate),
        find_form=form,
        review=None,
    ), status


# --- the review and the merge ----------------------------------------------------------


def _form_for(review: merge_services.MergeReview, formdata: Any = None) -> MergeForm:
    """The merge form with one question per job both candidates are active in."""

    class ReviewForm(MergeForm):
        pass

    for same in review.shared:
        setattr(
            ReviewForm,
            active_field(same.job_id),
            RadioField(
                same.job_title,
                choices=[SelectChoice(same.kept.id, "kept"), SelectChoice(same.other.id, "other")],
                coerce=int,
                validators=[InputRequired("Choose which application stays active.")],
            ),
        )
    form = ReviewForm(formdata=formdata)
    if formdata is None:
        form.keep_version.data = review.keep.version
        form.other_version.data = review.other.version
    # Fields the same in both send nothing; should they differ now, the default shows.
    for name, choice in review.defaults.items():
        field = getattr(form, name)
        if field.data is None:
            field.data = choice
    for same in review.shared:
        field = getattr(form, active_field(same.job_id))
        if field.data is None:
            field.data = same.suggested
    return form


def _render_review(
    review: merge_services.MergeReview,
    form: MergeForm,
    *,
    status: int = 200,
    conflict: str | None = None,
) -> ResponseReturnValue:
    return render_template(
        "duplicates/merge.html",
        review=review,
        form=form,
        conflict=conflict,
        fields=merge.FIELDS,
        sources=SOURCES,
        active_field=active_field,
        keep_choice=merge.KEEP,
        other_choice=merge.OTHER,
    ), status


@merging.get("/candidates/<int:candidate_id>/merge/<int:other_id>")
@permission_required(Action.MANAGE_CANDIDATES)
def review(candidate_id: int, other_id: int) -> ResponseReturnValue:
    found = merge_services.merge_review(_actor(), candidate_id, other_id)
    return _render_review(found, _form_for(found))


@merging.post("/candidates/<int:candidate_id>/merge/<int:other_id>")
@permission_required(Action.MANAGE_CANDIDATES)
def perform(candidate_id: int, other_id: int) -> ResponseReturnValue:
    found = merge_services.merge_review(_actor(), candidate_id, other_id)
    form = _form_for(found, request.form)
    if not form.validate_on_submit():
        return _render_review(found, form, status=422)
    choices = merge.MergeChoices(
        fields={
            name: getattr(form, name).data for name in merge.FIELDS if getattr(form, name).data
        },
        active={
            same.job_id: getattr(form, active_field(same.job_id)).data for same in found.shared
        },
    )
    try:
        result = merge_services.merge_candidates(
            _actor(),
            candidate_id,
            other_id,
            keep_version=form.keep_version.data,
            other_version=form.other_version.data,
            choices=choices,
        )
    except ValidationFailed as exc:
        attach_errors(form, exc)
        return _render_review(found, form, status=422)
    except Conflict as exc:
        current = merge_services.merge_review(_actor(), candidate_id, other_id)
        form = _form_for(current, request.form)
        # The next submit applies the choices to the versions now shown.
        for field, version in (
            (form.keep_version, current.keep.version),
            (form.other_version, current.other.version),
        ):
            field.data, field.raw_data = version, [str(version)]
        return _render_review(current, form, status=409, conflict=exc.message)
    counts = result.plan.counts()
    flash(
        f"Merged {found.other.name} (#{other_id}) into {result.plan.values['name']}: "
        f"{counts['applications']} application(s) and {counts['files']} resume file(s) moved, "
        "notes combined.",
        "success",
    )
    return redirect(url_for("candidates.show", candidate_id=candidate_id))
