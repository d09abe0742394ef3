"""The filter form every report page shares (GET, so no CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, Field, SelectChoice, SelectField, ValidationError
from wtforms.validators import Optional

from hiring.reports.services import FilterChoices
from hiring.reports.types import ReportFilter


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False

    job = SelectField("Job", validators=[Optional()])
    role_family = SelectField("Role family", validators=[Optional()])
    recruiter = SelectField("Recruiter", validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_until = DateField("Until", validators=[Optional()])

    def offer(self, choices: FilterChoices) -> None:
        def options(first: str, entries: tuple) -> list[SelectChoice]:
            return [SelectChoice("", first)] + [SelectChoice(c.value, c.label) for c in entries]

        self.job.choices = options("Every job", choices.jobs)
        self.role_family.choices = options("Every role family", choices.role_families)
        self.recruiter.choices = options("Every recruiter", choices.recruiters)

    def validate_date_until(self, field: Field) -> None:
        start = self.date_from.data
        if field.data and start and field.data < start:
            raise ValidationError("The end of the range is before its start.")

    def filters(self) -> ReportFilter:
        """The filters that validated; a field with an error narrows nothing."""

        def valid(field: Field) -> bool:
            return bool(field.data) and not field.errors

        return ReportFilter(
            job_id=int(self.job.data) if valid(self.job) else None,
            role_family=self.role_family.data if valid(self.role_family) else "",
            recruiter_id=int(self.recruiter.data) if valid(self.recruiter) else None,
            date_from=self.date_from.data if valid(self.date_from) else None,
            date_until=self.date_until.data
            if valid(self.date_until) and not self.date_from.errors
            else None,
        )
