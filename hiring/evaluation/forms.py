"""The decision form of the debrief: hire or no hire, the level, the rationale, and the
override reason when the decision goes against the verdict."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField

from hiring.evaluation import decisions
from hiring.evaluation.decisions import DecisionInput
from hiring.input_rules import as_id


class DecisionForm(FlaskForm):
    # The decision the writer saw (empty for the first one): recording over a decision
    # someone else made meanwhile is a conflict, never a silent replacement.
    revises = HiddenField()
    outcome = RadioField(
        "Decision",
        choices=[SelectChoice(value, label) for value, label in decisions.OUTCOMES.items()],
        validate_choice=False,
    )
    level = SelectField(
        "Level to hire at",
        validate_choice=False,
        description="Only for a hire: the job's level, or the one the evidence supports.",
    )
    rationale = TextAreaField(
        "Rationale",
        description="What in the evidence decided it, in a few sentences the candidate's "
        "next reader can check against the scorecards.",
        render_kw={"rows": 4, "maxlength": decisions.MAX_TEXT},
    )
    override_reason = TextAreaField(
        "Override reason",
        render_kw={"rows": 3, "maxlength": decisions.MAX_TEXT},
    )

    def with_levels(self, levels: Mapping[str, str]) -> DecisionForm:
        self.level.choices = [SelectChoice(level, name) for level, name in levels.items()]
        return self

    @property
    def revises_id(self) -> int | None:
        raw = (self.revises.data or "").strip()
        return as_id(raw)

    def typed(self) -> DecisionInput:
        return DecisionInput(
            outcome=self.outcome.data or "",
            rationale=self.rationale.data or "",
            level=self.level.data or "",
            override_reason=self.override_reason.data or "",
        )
