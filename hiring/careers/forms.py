from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from hiring.candidates.self_identification import QUESTIONS


def _self_id_field(name: str) -> SelectField:
    label, choices = QUESTIONS[name]
    return SelectField(
        label,
        choices=[SelectChoice("", "Skip this question")]
        + [SelectChoice(key, text) for key, text in choices],
        validators=[Optional()],
    )


class ApplicationForm(FlaskForm):
    """The careers page's application; the service checks what is required, so one
    message per field comes back with everything typed kept."""

    name = StringField("Your name", validators=[Length(max=200)])
    email = EmailField("Email", validators=[Length(max=254)])
    resume = FileField(
        "Resume", description="A PDF or Word (.docx) file, up to the size shown below."
    )
    links = TextAreaField(
        "Links (optional)",
        validators=[Optional(), Length(max=5_000)],
        description="One per line: GitHub, a paper, a portfolio, LinkedIn.",
    )
    consent = BooleanField("I agree that you keep my application as described above.")
    gender = _self_id_field("gender")
    ethnicity = _self_id_field("ethnicity")
    veteran_status = _self_id_field("veteran_status")
    disability_status = _self_id_field("disability_status")
    # Hidden from people and screen readers; a filled one is a bot.
    website = StringField("Leave this empty", validators=[Optional()])
    submit = SubmitField("Send application")
