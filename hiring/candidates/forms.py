"""The candidate forms: add, edit and filter the list."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, Optional

from hiring.candidates.rules import SOURCES
from hiring.candidates.self_identification import QUESTIONS
from hiring.web import IntegerField

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


class CandidateFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search name, email or resume", validators=[Optional(), Length(max=200)])
    source = SelectField(
        "Source", choices=[SelectChoice("", "Any source"), *SOURCE_CHOICES], validators=[Optional()]
    )
    tag = StringField("Tag", validators=[Optional(), Length(max=40)])


def _self_id_field(name: str) -> SelectField:
    label, choices = QUESTIONS[name]
    return SelectField(
        label,
        choices=[SelectChoice("", "Not answered")]
        + [SelectChoice(key, text) for key, text in choices],
        validators=[Optional()],
    )


class SelfIdOnBehalfForm(FlaskForm):
    """The answers a candidate gave a recruiter; the form starts empty every time."""

    gender = _self_id_field("gender")
    ethnicity = _self_id_field("ethnicity")
    veteran_status = _self_id_field("veteran_status")
    disability_status = _self_id_field("disability_status")
    confirmed = BooleanField("The candidate gave me these answers")
    version = StringField(widget=widgets.HiddenInput(), validators=[Optional()])
    submit = SubmitField("Record the candidate's answers")
