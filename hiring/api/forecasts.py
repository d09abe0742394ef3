"""/api/v1/jobs/{id}/forecast: the probability of filling a job by each date.

The same service as the forecast page: a Monte Carlo simulation over the
organisation's stage history (or the rubric's stage targets where it is thin).
Admins, hiring managers and recruiters.
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import doc
from hiring.forecasting import services
from hiring.forecasting.services import JobForecast
from hiring.policy import Action

blp = resource("api-forecasts", "/jobs", "Forecasts: the chance of filling a job by each date")

JOB_URL = fields.id_url("job_id")
JOB_ID_DOC = [fields.id_parameter("job_id", "The job's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
SHARE = ma.validate.Range(0, 1)


class ForecastQuerySchema(ma.Schema):
    target = ma.fields.Date(
        metadata=doc(
            "The date to reach (YYYY-MM-DD), after today and within two years; default: "
            "the job's target start, or 90 days from today"
        )
    )


class ExtraCandidatesSchema(ma.Schema):
    needed = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata=doc("More first-stage candidates, added today, for an 80% chance by the target"),
    )
    probability = ma.fields.Float(
        required=True, allow_none=True, validate=SHARE, metadata=doc("The chance with them")
    )
    reason = ma.fields.String(
        required=True, metadata=doc("Why no number is enough, when `needed` is null")
    )


class StageBasisSchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    in_pipeline = ma.fields.Integer(required=True, metadata=doc("The job's applications there"))
    pass_rate = ma.fields.Float(required=True, validate=SHARE)
    median_days = ma.fields.Integer(required=True)
    source = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(("history", "rubric")),
        metadata=doc("`history`, or `rubric` (its stage targets) where history is thin"),
    )
    moves = ma.fields.Integer(required=True, metadata=doc("Past moves out of the stage"))


class DayChanceSchema(ma.Schema):
    date = ma.fields.Date(required=True)
    probability = ma.fields.Float(required=True, validate=SHARE)


class ForecastSchema(ma.Schema):
    job_id = ma.fields.Integer(required=True)
    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(("open", "closed", "filled")),
        metadata=doc("`closed` (taken down) and `filled` jobs carry no forecast"),
    )
    today = ma.fields.Date(required=True)
    target = ma.fields.Date(required=True)
    headcount = ma.fields.Integer(required=True)
    hired = ma.fields.Integer(required=True)
    openings_left = ma.fields.Integer(required=True)
    probability_by_target = ma.fields.Float(required=True, allow_none=True, validate=SHARE)
    p10 = ma.fields.Date(
        required=True, allow_none=True, metadata=doc("10th percentile fill date; null: later")
    )
    p50 = ma.fields.Date(required=True, allow_none=True, metadata=doc("Median fill date"))
    p90 = ma.fields.Date(required=True, allow_none=True, metadata=doc("90th percentile"))
    never = ma.fields.Float(
        required=True,
        allow_none=True,
        validate=SHARE,
        metadata=doc("Share of runs in which the pipeline now never fills the job"),
    )
    runs = ma.fields.Integer(required=True, allow_none=True)
    extra_candidates = ma.fields.Nested(ExtraCandidatesSchema, required=True, allow_none=True)
    first_stage = ma.fields.String(required=True)
    source = ma.fields.String(
        required=True, validate=ma.validate.OneOf(("history", "rubric", "mixed"))
    )
    explanation = ma.fields.String(required=True)
    past_applications = ma.fields.Integer(required=True)
    min_transitions = ma.fields.Integer(required=True)
    stages = ma.fields.List(ma.fields.Nested(StageBasisSchema), required=True)
    curve = ma.fields.List(
        ma.fields.Nested(DayChanceSchema),
        required=True,
        metadata=doc("P(filled by date) for every day from today; empty without a forecast"),
    )


def forecast_body(result: JobForecast) -> dict[str, Any]:
    f = result.forecast
    return {
        "job_id": result.job.id,
        "status": result.status,
        "today": result.today,
        "target": result.target,
        "headcount": result.job.headcount,
        "hired": result.hired,
        "openings_left": result.openings_left,
        "probability_by_target": f.by_target if f else None,
        "p10": f.p10 if f else None,
        "p50": f.p50 if f else None,
        "p90": f.p90 if f else None,
        "never": f.never if f else None,
        "runs": f.runs if f else None,
        "extra_candidates": {
            "needed": f.extra.needed,
            "probability": f.extra.probability,
            "reason": f.extra.reason,
        }
        if f
        else None,
        "first_stage": result.first_stage,
        "source": result.source,
        "explanation": result.explanation,
        "past_applications": result.past_applications,
        "min_transitions": result.min_moves,
        "stages": [
            {
                "id": basis.model.id,
                "name": basis.model.name,
                "in_pipeline": count.count,
                "pass_rate": basis.model.pass_rate,
                "median_days": basis.model.median_days(),
                "source": basis.source,
                "moves": basis.moves,
            }
            for basis, count in zip(result.basis, result.pipeline, strict=True)
        ],
        "curve": [{"date": p.day, "probability": p.probability} for p in f.curve] if f else [],
    }


@blp.route(f"{JOB_URL}/forecast", parameters=JOB_ID_DOC)
class JobForecastResource(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_FORECAST)
    @blp.arguments(ForecastQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, ForecastSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, args: dict[str, Any], job_id: int) -> dict[str, Any]:
        """The chance of filling the job's open headcount by `target` and by each day.

        A Monte Carlo simulation follows the job's active applications through the
        stages with this organisation's pass rates and stage durations; stages with
        fewer past moves than `min_transitions` use the rubric's stage targets, as
        `source` and `explanation` say. A target in the past or more than two years
        ahead is 422.
        """
        return forecast_body(services.job_forecast(api_user(), job_id, args.get("target")))
