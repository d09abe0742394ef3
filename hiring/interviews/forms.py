"""The scheduling forms: plan an interview, cancel one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from hiring import submissions
from hiring.interviews import scheduling
from hiring.time_zones import zone_label
from hiring.web import IntegerField


class ScheduleForm(FlaskForm):
    loop_round_id = SelectField("Round", validate_choice=False)
    date = StringField("Date", render_kw={"type": "date"})
    time = StringField("Start time", render_kw={"type": "time"})
    # The view defaults it to the viewer's zone; any zone the service accepts is taken.
    time_zone = SelectField(
        "Time zone",
        choices=[SelectChoice(zone, zone_label(zone)) for zone in scheduling.COMMON_TIME_ZONES],
        validate_choice=False,
    )
    duration = IntegerField(
        "Duration (minutes)",
        validators=[
            Optional(),
            NumberRange(min=scheduling.MIN_DURATION, max=scheduling.MAX_DURATION),
        ],
        description="Leave empty for the round's planned duration.",
    )
    interviewer_ids = SelectMultipleField(
        "Interviewers",
        validate_choice=False,
        description="Leave all unticked to invite the interviewers assigned to the round.",
    )
    location = StringField(
        "Room or video link",
        validators=[Optional(), Length(max=scheduling.MAX_LOCATION)],
        description="A room name, or a link starting with https:// for a video call.",
    )
    # One-time: the same page sent twice schedules once (``hiring.submissions``).
    submission_token = submissions.token_field()
    submit = SubmitField("Schedule interview")


class CancelForm(FlaskForm):
    version = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
