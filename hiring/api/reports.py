"""/api/v1/reports/{report_name}: every report of the Reports pages, as JSON or CSV.

The same services as the pages compute them (SQL aggregates), with the same filters as
query parameters. Admins, hiring managers and recruiters read them; interviewers get
403. Send ``Accept: text/csv`` for the page's CSV export (formula-like cells escaped).
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask import Response, request
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.schemas import SLUG
from hiring.domain import NotFound
from hiring.policy import Action
from hiring.reports import exports, services
from hiring.reports.types import COUNT, DAYS, HOURS, SHARE, TEXT, ReportFilter

blp = resource(
    "api-reports",
    "/reports",
    "Reports: funnel, time in stage, pass rates, must-haves failed, overrides, source "
    "yield, scorecard turnaround, interviewer load, offers and time to hire",
)

CSV = "text/csv"
JSON = "application/json"
REPORT_URL = "/<string(maxlength=64):report_name>"
REPORT_NAME_DOC = [
    {
        "in": "path",
        "name": "report_name",
        "description": "Which report: "
        + "; ".join(f"`{e.name}` ({e.summary.rstrip('.').lower()})" for e in services.CATALOG),
        "example": "funnel",
        "schema": {"type": "string", "enum": list(services.REPORT_NAMES)},
    }
]
UNPROCESSABLE = http.HTTPStatus.UNPROCESSABLE_ENTITY
NOT_FOUND = http.HTTPStatus.NOT_FOUND


class ReportQuerySchema(ma.Schema):
    job_id = fields.reference("Only applications to this job", in_query=True)
    role_family = ma.fields.String(
        validate=[ma.validate.Length(max=64), ma.validate.Regexp(SLUG)],
        metadata=fields.doc("Only jobs of this role family (a rubric role family id)"),
    )
    recruiter_id = fields.reference(
        "Only applications this user (their recruiter) owns", in_query=True
    )
    date_from = ma.fields.Date(
        metadata=fields.doc(
            "From this day (UTC, inclusive): applications created, or for the interview "
            "reports, interviews started"
        )
    )
    date_until = ma.fields.Date(
        metadata=fields.doc("Until this day (UTC, inclusive); not before `date_from`")
    )

    @ma.validates_schema
    def range_in_order(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("date_from"), data.get("date_until")
        if start and end and end < start:
            raise ma.ValidationError(
                "The end of the range is before its start.", field_name="date_until"
            )


class ReportColumnSchema(ma.Schema):
    key = ma.fields.String(required=True, metadata=fields.doc("The key of the value in each row"))
    label = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf((TEXT, COUNT, SHARE, DAYS, HOURS)),
        metadata=fields.doc("text, count, share (0-1), days or hours"),
    )


class ReportSchema(ma.Schema):
    name = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    columns = ma.fields.List(ma.fields.Nested(ReportColumnSchema), required=True)
    rows = ma.fields.List(
        ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(allow_none=True)),
        required=True,
        metadata=fields.doc("One object per row, keyed by the columns' keys; null: no value"),
    )
    notes = ma.fields.List(ma.fields.String(), required=True)
    filters = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        required=True,
        metadata=fields.doc("The filters applied, as query parameters"),
    )


CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "The report (JSON), or its CSV export with `Accept: text/csv`",
            "content": {
                JSON: {"schema": ReportSchema},
                CSV: {
                    "schema": {"type": "string"},
                    "example": "Stage,Stage id,Applications that reached it\r\n",
                },
            },
        }
    }
}


@blp.route("/adverse-impact")
class AdverseImpactResource(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_REPORTS)
    @blp.arguments(ReportQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, ReportSchema)
    @blp.doc(**CSV_RESPONSE)
    @blp.alt_response(UNPROCESSABLE, response=UNPROCESSABLE.name)
    def get(self, args: dict[str, Any]) -> Any:
        """Selection rates per self-identified group, in aggregate only.

        One row per question, group and step (each pipeline stage, then the hire
        decision): the group's applications, how many reached the step, the selection
        rate, and that rate against the highest group's; `flag` says when it is under
        four-fifths. A group with fewer applications than `ADVERSE_IMPACT_MIN_GROUP`
        (default 5) is one row with no figures at all. When that would let its figures
        be worked out from the totals and the other rows (one group hidden, or hidden
        groups that together are under the minimum or all reached or all missed a
        step), the next-smallest groups are hidden as well; `notes` names them, without
        numbers. No candidate is ever named.
        """
        return _answer("adverse-impact", args)


@blp.route(REPORT_URL, parameters=REPORT_NAME_DOC)
class ReportResource(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_REPORTS)
    @blp.arguments(ReportQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, ReportSchema)
    @blp.doc(**CSV_RESPONSE)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(UNPROCESSABLE, response=UNPROCESSABLE.name)
    def get(self, args: dict[str, Any], report_name: str) -> Any:
        """One report over the filtered applications, computed in the database.

        Shares are fractions from 0 to 1 rounded to four places; days and hours to two;
        a null is a figure with nothing to compute it from. The figures are those of
        the report's page; with `Accept: text/csv` the answer is the page's CSV export,
        where a text cell that starts with `=`, `+`, `-` or `@` gets a leading `'`.
        """
        if report_name not in services.REPORT_NAMES:
            raise NotFound(f"There is no report {report_name!r}.")
        return _answer(report_name, args)


def _answer(report_name: str, args: dict[str, Any]) -> Any:
    filters = ReportFilter(
        job_id=args.get("job_id"),
        role_family=args.get("role_family", ""),
        recruiter_id=args.get("recruiter_id"),
        date_from=args.get("date_from"),
        date_until=args.get("date_until"),
    )
    report = services.run_report(api_user(), report_name, filters)
    if request.accept_mimetypes.best_match((JSON, CSV)) == CSV:
        return Response(
            exports.csv_lines(report),
            mimetype=CSV,
            headers={"Content-Disposition": f'attachment; filename="{exports.filename(report)}"'},
        )
    return report.to_dict() | {"filters": _query(filters)}


def _query(filters: ReportFilter) -> dict[str, str]:
    return {
        key: value
        for key, value in {
            "job_id": str(filters.job_id) if filters.job_id is not None else "",
            "role_family": filters.role_family,
            "recruiter_id": str(filters.recruiter_id) if filters.recruiter_id is not None else "",
            "date_from": filters.date_from.isoformat() if filters.date_from else "",
            "date_until": filters.date_until.isoformat() if filters.date_until else "",
        }.items()
        if value
    }
