from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hiring import submissions
from hiring.jobs import places
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES
from hiring.jobs.models import STATUSES
from hiring.jobs.services import CURRENCIES
from hiring.rubrics.types import FOCUSES, LEVEL_LABELS, LEVELS, TEAM_STAGES
from hiring.web import IntegerField

LEVEL_CHOICES = [SelectChoice(level, LEVEL_LABELS[level]) for level in LEVELS]
STAGE_CHOICES = [SelectChoice(stage, stage.title()) for stage in TEAM_STAGES]
FOCUS_CHOICES = [SelectChoice(focus, focus.title()) for focus in FOCUSES]


class JobDetailsForm(FlaskForm):
    """Fields shared by opening and editing a job."""

    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=200)],
        description="Left empty, the rubric's title for the level is used.",
    )
    team = StringField("Team", validators=[Optional(), Length(max=200)])
    company_stage = SelectField(
        "Company ML stage",
        choices=STAGE_CHOICES,
        default="building",
        description="How mature ML is at the company; it shapes 'About the team'.",
    )
    focus = SelectField("Where the role works", choices=FOCUS_CHOICES)
    city = StringField("City", validators=[Optional(), Length(max=100)])
    region = StringField(
        "State or region",
        validators=[Optional(), Length(max=100)],
        description="Some places require a pay range in job ads.",
    )
    country_code = SelectField("Country", validators=[Optional()])
    remote_policy = SelectField(
        "Remote policy",
        choices=[SelectChoice(key, label) for key, label in REMOTE_POLICIES.items()],
        default="hybrid",
    )
    remote_regions = SelectMultipleField(
        "Applicants may live in",
        validators=[Optional()],
        description="For remote jobs: the countries a hire may work from (hold Ctrl or Cmd "
        "to choose several). Publishing a remote job needs at least one.",
    )

    employment_type = SelectField(
        "Employment type",
        choices=[SelectChoice(key, label) for key, label in EMPLOYMENT_TYPES.items()],
        default="FULL_TIME",
    )
    salary_min = IntegerField("Salary from (yearly)", validators=[Optional(), NumberRange(min=1)])
    salary_max = IntegerField("Salary to (yearly)", validators=[Optional(), NumberRange(min=1)])
    salary_currency = SelectField(
        "Currency", choices=[SelectChoice(c) for c in CURRENCIES], default="USD"
    )
    headcount = IntegerField(
        "Openings", default=1, validators=[InputRequired(), NumberRange(min=1, max=500)]
    )
    target_start = DateField("Target start date", validators=[Optional()])
    hiring_manager_id = SelectField("Hiring manager", coerce=str, validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = places.countries()
        self.country_code.choices = [SelectChoice("", "Choose a country")] + [
            SelectChoice(code, name) for code, name in names.items()
        ]
        self.remote_regions.choices = [SelectChoice(code, name) for code, name in names.items()]


class JobCreateForm(JobDetailsForm):
    role_family = SelectField("Role family", validators=[DataRequired()])
    level = SelectField("Level", choices=LEVEL_CHOICES, default="senior")
    loop_template_id = SelectField(
        "Interview loop",
        validators=[Optional()],
        description="Start from a saved loop template of the same role family and level, "
        "or plan the loop from the rubric.",
    )
    title = StringField(
        "Title",
        validators=[Optional(), Length(max=200)],
        description="Left empty, the rubric's title for the level is used.",
    )
    # One-time: the same page sent twice opens one job (``hiring.submissions``).
    submission_token = submissions.token_field()
    submit = SubmitField("Open job")


class JobEditForm(JobDetailsForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    submit = SubmitField("Save details")


class JobFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search title or team", validators=[Optional(), Length(max=200)])
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")] + [SelectChoice(s, s.title()) for s in STATUSES],
        validators=[Optional()],
    )
    role_family = SelectField("Role family", validators=[Optional()])
    level = SelectField(
        "Level", choices=[SelectChoice("", "Any level"), *LEVEL_CHOICES], validators=[Optional()]
    )


class DescriptionForm(FlaskForm):
    markdown = TextAreaField(
        "Description (Markdown)", validators=[DataRequired(), Length(max=50_000)]
    )
    note = StringField(
        "What changed (optional)",
        validators=[Optional(), Length(max=200)],
        description="Shown in the version history.",
    )
    base_number = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    preview = SubmitField("Preview")
    save = SubmitField("Save version")


class BaseVersionForm(FlaskForm):
    base_number = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])


class JobVersionForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])


class PublishForm(JobVersionForm):
    valid_through = DateField(
        "Open until", validators=[Optional()], description="Empty: 60 days from today."
    )


class ProfileForm(FlaskForm):
    """The skill rows are read from request.form by name; this carries CSRF and version."""

    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    add_skill = HiddenField()
