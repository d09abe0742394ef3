"""Reports in the browser: an index, one page per report, and its CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup

from hiring.accounts.models import User
from hiring.policy import Action
from hiring.reports import charts, exports, fairness, services
from hiring.reports.forms import ReportFilterForm
from hiring.reports.types import formatted
from hiring.web import permission_required

reports = Blueprint("reports", __name__)

FILTER_FIELDS = ("job", "role_family", "recruiter", "date_from", "date_until")


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _form() -> ReportFilterForm:
    form = ReportFilterForm(request.args)
    form.offer(services.filter_choices(_actor()))
    form.validate()
    return form


@reports.get("/reports")
@permission_required(Action.VIEW_REPORTS)
def index() -> ResponseReturnValue:
    return render_template("reports/index.html", entries=services.catalog(_actor()))


@reports.get("/reports/<name>")
@permission_required(Action.VIEW_REPORTS)
def show(name: str) -> ResponseReturnValue:
    if name not in services.REPORT_NAMES:
        abort(404)
    form = _form()
    filters = form.filters()
    report = services.run_report(_actor(), name, filters)
    charted = fairness.chart_rows(report) if name == "adverse-impact" else report
    return render_template(
        "reports/report.html",
        report=report,
        form=form,
        # Every text in the chart is escaped by the chart module.
        chart=Markup(charts.bar_chart(charted, chart_id=f"chart-{name}")),
        formatted=formatted,
        export_url=url_for("reports.export", name=name, **filters.as_query()),
        filtered=any(request.args.get(field) for field in FILTER_FIELDS),
        entries=services.CATALOG,
    )


@reports.get("/reports/<name>/export.csv")
@permission_required(Action.VIEW_REPORTS)
def export(name: str) -> ResponseReturnValue:
    if name not in services.REPORT_NAMES:
        abort(404)
    report = services.run_report(_actor(), name, _form().filters())
    return Response(
        exports.csv_lines(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{exports.filename(report)}"'},
    )
