"""The scorecard form (one rating with evidence per focus skill, a recommendation, notes)
and the amendment form of a submitted one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Optional

from hiring.scorecards import amending, rules
from hiring.web import IntegerField

RATING_CHOICES = [SelectChoice(str(n), str(n)) for n in rules.RATINGS] + [
    SelectChoice(rules.NOT_ASSESSED, "Not assessed")
]


class SkillRatingForm(Form):
    """One focus skill; part of ScorecardForm, whose CSRF token covers it."""

    skill = HiddenField()
    rating = RadioField("Rating", choices=RATING_CHOICES, validate_choice=False)
    evidence = TextAreaField(
        "Evidence",
        render_kw={"rows": 3, "maxlength": rules.MAX_EVIDENCE},
    )


class ScorecardForm(FlaskForm):
    # Empty until the first save; then the version the form was opened with.
    version = IntegerField(widget=widgets.HiddenInput(), validators=[Optional()])
    ratings = FieldList(FormField(SkillRatingForm))
    recommendation = RadioField(
        "Overall recommendation",
        choices=[SelectChoice(value, label) for value, label in rules.RECOMMENDATIONS.items()],
        validate_choice=False,
        description="There is no neutral option: decide which way the evidence points.",
    )
    notes = TextAreaField(
        "Summary (Markdown, optional)",
        description="Anything the ratings do not say: how the interview went, what to "
        "probe in a later round. About the work, not the person.",
        render_kw={"rows": 5, "maxlength": rules.MAX_NOTES},
    )
    save_draft = SubmitField("Save draft")
    submit = SubmitField("Submit scorecard")


# --- amending a submitted scorecard -------------------------------------------------------

UNCHANGED = ""
AMEND_RATING_CHOICES = [SelectChoice(UNCHANGED, "Unchanged"), *RATING_CHOICES]


class AmendRatingForm(Form):
    """One focus skill of an amendment: unchanged, or a new rating with its evidence."""

    skill = HiddenField()
    rating = RadioField(
        "New rating", choices=AMEND_RATING_CHOICES, validate_choice=False, default=UNCHANGED
    )
    evidence = TextAreaField(
        "Evidence for the new rating",
        render_kw={"rows": 3, "maxlength": rules.MAX_EVIDENCE},
    )


class AmendmentForm(FlaskForm):
    # The scorecard's version when the form was opened: a second amendment written
    # meanwhile is a conflict.
    version = IntegerField(widget=widgets.HiddenInput(), validators=[Optional()])
    ratings = FieldList(FormField(AmendRatingForm))
    recommendation = RadioField(
        "Overall recommendation",
        choices=[SelectChoice(UNCHANGED, "Unchanged")]
        + [SelectChoice(value, label) for value, label in rules.RECOMMENDATIONS.items()],
        validate_choice=False,
        default=UNCHANGED,
    )
    reason = TextAreaField(
        "Why you are amending it",
        description="What changed your mind: notes re-read, a misread answer, a rating put "
        "in the wrong row. The debrief shows it next to the change.",
        render_kw={"rows": 3, "maxlength": amending.MAX_REASON},
    )
