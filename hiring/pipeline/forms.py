"""The pipeline forms: add to a job, move, filter the applications, bulk actions."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hiring.candidates.forms import SOURCE_CHOICES
from hiring.pipeline.lists import SORTS
from hiring.pipeline.models import APPLICATION_STATUSES
from hiring.pipeline.services import JobOption, RecruiterOption
from hiring.web import IntegerField


class AddToJobForm(FlaskForm):
    job_id = SelectField("Job", validators=[DataRequired()])
    owner_id = SelectField("Recruiter", validators=[Optional()])
    submit = SubmitField("Add to job")


def add_to_job_choices(
    form: AddToJobForm, jobs: Sequence[JobOption], recruiters: Sequence[RecruiterOption]
) -> AddToJobForm:
    form.job_id.choices = [SelectChoice("", "Choose a job")] + [
        SelectChoice(str(job.id), job.title) for job in jobs
    ]
    form.owner_id.choices = [SelectChoice("", "Nobody yet")] + [
        SelectChoice(str(user.id), user.name) for user in recruiters
    ]
    return form


class MoveForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    target = StringField("Move to", validators=[DataRequired(), Length(max=64)])
    note = StringField("Note", validators=[Optional(), Length(max=2000)])
    rejection_reason = StringField("Rejection reason", validators=[Optional(), Length(max=64)])


class ApplicationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search name, email or resume", validators=[Optional(), Length(max=200)])
    job = SelectField("Job", validators=[Optional()])
    stage = SelectField("Stage", validators=[Optional()])
    status = SelectField(
        "Status",
        choices=[SelectChoice("any", "Any status")]
        + [SelectChoice(s, s.title()) for s in APPLICATION_STATUSES],
        default="active",
        validators=[Optional()],
    )
    source = SelectField(
        "Source", choices=[SelectChoice("", "Any source"), *SOURCE_CHOICES], validators=[Optional()]
    )
    owner = SelectField("Recruiter", validators=[Optional()])
    min_days = IntegerField(
        "At least days in stage", validators=[Optional(), NumberRange(min=0, max=3650)]
    )
    tag = StringField("Tag", validators=[Optional(), Length(max=40)])
    sort = SelectField(
        "Sort",
        choices=[SelectChoice(k, v) for k, v in SORTS.items()],
        default="longest",
        validators=[Optional()],
    )


class BulkForm(FlaskForm):
    action = SelectField(
        "With the selected",
        choices=[
            SelectChoice("move", "Move to a stage"),
            SelectChoice("reject", "Reject with a reason"),
            SelectChoice("tag", "Add a tag"),
        ],
    )
    target = SelectField("Stage", validators=[Optional()])
    rejection_reason = SelectField("Rejection reason", validators=[Optional()])
    note = StringField("Note", validators=[Optional(), Length(max=2000)])
    tag = StringField("Tag", validators=[Optional(), Length(max=40)])
    submit = SubmitField("Apply to selected")
