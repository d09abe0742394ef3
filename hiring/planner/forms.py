"""The planner's forms: the team as it is (a GET form: it changes nothing), and the
choice of recommendations to open as draft jobs (a POST with CSRF)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from hiring import submissions
from hiring.jobs.generate import REMOTE_POLICIES
from hiring.planner.planning import MAX_ENGINEERS, MAX_PER_ROLE
from hiring.rubrics.planner_rules import PlannerRules
from hiring.rubrics.types import RoleFamily
from hiring.web import IntegerField


def team_field_name(role_id: str) -> str:
    return "team_" + role_id.replace("-", "_")


class SituationFields(FlaskForm):
    company_stage = SelectField("Company stage", validators=[InputRequired()])
    engineers = IntegerField(
        "Engineering headcount",
        validators=[InputRequired(), NumberRange(1, MAX_ENGINEERS)],
        description="Everyone in engineering, the ML and data team below included.",
    )
    centrality = SelectField("How central ML is to the product", validators=[InputRequired()])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DraftsFields(SituationFields):
    hires = MultiCheckboxField("Recommendations to open as draft jobs")
    location = StringField(
        "Location",
        validators=[Optional(), Length(max=200)],
        description="Needed unless the jobs are remote; edit each draft later.",
    )
    remote_policy = SelectField(
        "Remote policy",
        choices=[SelectChoice(key, label) for key, label in REMOTE_POLICIES.items()],
        default="remote",
    )
    submission_token = submissions.token_field()


def _build(base: type[FlaskForm], roles: Sequence[RoleFamily], *, csrf: bool) -> type[FlaskForm]:
    attributes: dict[str, object] = {
        team_field_name(role.id): IntegerField(
            role.name, default=0, validators=[Optional(), NumberRange(0, MAX_PER_ROLE)]
        )
        for role in roles
    }
    if not csrf:
        attributes["Meta"] = type("Meta", (), {"csrf": False})
    return type(f"Planner{base.__name__}", (base,), attributes)


def planner_form(rules: PlannerRules, roles: Sequence[RoleFamily], formdata=None) -> FlaskForm:
    form = _build(SituationFields, roles, csrf=False)(formdata=formdata)
    _choices(form, rules)
    return form


def drafts_form(rules: PlannerRules, roles: Sequence[RoleFamily], formdata=None) -> FlaskForm:
    form = _build(DraftsFields, roles, csrf=True)(formdata=formdata)
    _choices(form, rules)
    form.hires.choices = [SelectChoice(rule.id, rule.id) for rule in rules.rules]
    return form


def _choices(form: FlaskForm, rules: PlannerRules) -> None:
    form.company_stage.choices = [SelectChoice(s.id, s.name) for s in rules.company_stages]
    form.centrality.choices = [SelectChoice(c.id, c.name) for c in rules.centrality]


def team_fields(form: FlaskForm, roles: Sequence[RoleFamily]) -> list[Field]:
    return [getattr(form, team_field_name(role.id)) for role in roles]
