from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hiring.pipeline.models import APPLICATION_STATUSES, SOURCES
from hiring.pipeline.services import SORTS

SOURCE_CHOICES = [SelectChoice(key, label) for key, label in SOURCES.items()]


class CandidateForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=200)])
    email = EmailField("Email", validators=[Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=40)])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    source = SelectField("Source", choices=SOURCE_CHOICES, default="inbound")
    links = TextAreaField(
        "Links",
        validators=[Optional()],
        description="One per line: GitHub, papers, portfolio, LinkedIn.",
        render_kw={"rows": 3},
    )
    tags = StringField(
        "Tags",
        validators=[Optional(), Length(max=1000)],
        description="Separated by commas, e.g. 'ranking, pytorch'.",
    )
    resume_text = TextAreaField(
        "Resume text",
        validators=[Optional()],
        description="Pasted from the resume; search covers it.",
        render_kw={"rows": 6},
    )
    notes = TextAreaField(
        "Notes (Markdown)",
        validators=[Optional()],
        description="About the person's work and what the team should know; not about who "
        "they are.",
        render_kw={"rows": 4},
    )


class CandidateCreateForm(CandidateForm):
    confirm_duplicate = BooleanField("Create anyway: this is a different person")
    submit = SubmitField("Add candidate")


class CandidateEditForm(CandidateForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    submit = SubmitField("Save candidate")


class AddToJobForm(FlaskForm):
    job_id = SelectField("Job", validators=[DataRequired()])
    owner_id = SelectField("Recruiter", validators=[Optional()])
    submit = SubmitField("Add to job")


class MoveForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    target = StringField("Move to", validators=[DataRequired(), Length(max=64)])
    note = StringField("Note", validators=[Optional(), Length(max=2000)])
    rejection_reason = StringField("Rejection reason", validators=[Optional(), Length(max=64)])


class CandidateFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search name, email or resume", validators=[Optional(), Length(max=200)])
    source = SelectField(
        "Source", choices=[SelectChoice("", "Any source"), *SOURCE_CHOICES], validators=[Optional()]
    )
    tag = StringField("Tag", validators=[Optional(), Length(max=40)])


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
