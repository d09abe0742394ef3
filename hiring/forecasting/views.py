"""The forecast page of a job: the chance of filling it by each date."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.domain import ValidationFailed
from hiring.forecasting import services
from hiring.forecasting.chart import forecast_chart
from hiring.forecasting.forms import ForecastForm
from hiring.forecasting.simulation import TARGET_CHANCE
from hiring.policy import Action
from hiring.web import attach_errors, permission_required

forecasting = Blueprint("forecasting", __name__, url_prefix="/jobs")


@forecasting.get("/<int:job_id>/forecast")
@permission_required(Action.VIEW_FORECAST)
def show(job_id: int) -> ResponseReturnValue:
    actor = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ForecastForm(request.args)
    status = 200
    target = None
    if "target" in request.args and not form.validate():
        status = 422
    else:
        target = form.target.data
    try:
        result = services.job_forecast(actor, job_id, target if status == 200 else None)
    except ValidationFailed as exc:
        attach_errors(form, exc)
        status = 422
        result = services.job_forecast(actor, job_id, None)
    if status == 200:
        form.target.data = result.target
    chart = forecast_chart(result.forecast) if result.forecast is not None else None
    return render_template(
        "forecasting/show.html",
        form=form,
        result=result,
        chart=chart,
        chance=TARGET_CHANCE,
    ), status
