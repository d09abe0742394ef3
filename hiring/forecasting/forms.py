"""The forecast page's target date (a GET form: it changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional


class ForecastForm(FlaskForm):
    class Meta:
        csrf = False

    target = DateField(
        "Target date",
        validators=[Optional()],
        description="When the job should be filled; the forecast says how likely that is.",
    )
