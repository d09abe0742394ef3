"""Interviewer calibration in the browser: one page, narrowed by a filter form."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, Field, SelectChoice, SelectField, ValidationError
from wtforms.validators import Optional

from hiring.evaluation import calibration as rules
from hiring.evaluation import calibration_services as services
from hiring.evaluation.calibration import SORTS
from hiring.policy import Action
from hiring.web import permission_required

calibration = Blueprint("calibration", __name__)


class CalibrationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    starts_from = DateField("Interviews from", validators=[Optional()])
    starts_until = DateField("Interviews until", validators=[Optional()])
    job = SelectField("Job", validators=[Optional()])
    role_family = SelectField("Role family", validators=[Optional()])
    sort = SelectField(
        "Order",
        choices=[SelectChoice(key, label) for key, label in SORTS.items()],
        default="offset",
        validators=[Optional()],
    )

    def validate_starts_until(self, field: Field) -> None:
        start = self.starts_from.data
        if field.data and start and field.data < start:
            raise ValidationError("The end of the range is before its start.")


def _filters(form: CalibrationFilterForm) -> services.CalibrationFilter:
    """The filters that validated; a field with an error narrows nothing."""

    def valid(field: Field) -> bool:
        return bool(field.data) and not field.errors

    ranged = not form.starts_until.errors
    return services.CalibrationFilter(
        starts_from=form.starts_from.data if ranged and valid(form.starts_from) else None,
        starts_until=form.starts_until.data if valid(form.starts_until) else None,
        job_id=int(form.job.data) if valid(form.job) else None,
        role_family=form.role_family.data if valid(form.role_family) else "",
    )


@calibration.get("/calibration")
@permission_required(Action.VIEW_CALIBRATION)
def index() -> ResponseReturnValue:
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    choices = services.filter_choices(actor)
    form = CalibrationFilterForm(request.args)
    form.job.choices = [SelectChoice("", "Every job")] + [
        SelectChoice(str(job.id), job.title) for job in choices.jobs
    ]
    form.role_family.choices = [SelectChoice("", "Every role family")] + [
        SelectChoice(family, name) for family, name in choices.role_families.items()
    ]
    form.validate()
    report = services.interviewer_calibration(
        actor,
        _filters(form),
        minimum=current_app.config["CALIBRATION_MIN_SHARED_CANDIDATES"],
        sort=form.sort.data if not form.sort.errors else "offset",
    )
    filtered = any(
        request.args.get(name) for name in ("starts_from", "starts_until", "job", "role_family")
    )
    return render_template(
        "evaluation/calibration.html", form=form, report=report, filtered=filtered, rules=rules
    )
