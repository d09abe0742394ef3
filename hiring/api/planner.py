"""/api/v1/planner: the next hires for an ML team, in order, each with its reason.

The same rules as the planner page (``rubrics/planner.yaml``, applied by the pure
``hiring.planner.planning``). Admins, hiring managers and recruiters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import marshmallow as ma
from flask.views import MethodView

from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import doc
from hiring.api.schemas import CentralityField, CompanyStageField, RoleFamilyField
from hiring.planner import services
from hiring.planner.planning import MAX_ENGINEERS, MAX_PER_ROLE, Hire, TeamPlan, TeamSituation
from hiring.policy import Action

blp = resource("api-planner", "/planner", "Team planner: the next hires for an ML team")


class TeamMemberSchema(ma.Schema):
    role_family = RoleFamilyField(required=True, metadata=doc("A role family of the rubric"))
    count = ma.fields.Integer(
        strict=True,
        required=True,
        validate=ma.validate.Range(0, MAX_PER_ROLE),
        metadata=doc("People in it now (a role family listed twice is added up)"),
    )


class PlannerInputSchema(ma.Schema):
    company_stage = CompanyStageField(
        required=True, metadata=doc("A company stage of the rubric's planner.yaml")
    )
    engineering_headcount = ma.fields.Integer(
        strict=True,
        required=True,
        validate=ma.validate.Range(1, MAX_ENGINEERS),
        metadata=doc("Everyone in engineering, the team below included (422 when smaller)"),
    )
    ml_centrality = CentralityField(
        required=True, metadata=doc("How central ML is to the product (planner.yaml)")
    )
    team = ma.fields.List(
        ma.fields.Nested(TeamMemberSchema),
        load_default=list,
        validate=ma.validate.Length(max=100),
        metadata=doc("The ML and data team now, by role family; left out: nobody"),
    )


class HireSchema(ma.Schema):
    rule = ma.fields.String(required=True, metadata=doc("The planner.yaml rule behind it"))
    role_family = ma.fields.String(required=True)
    role_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)
    reason = ma.fields.String(required=True)


class TeamStageSchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    hire_first = ma.fields.String(required=True)


class TeamPlanSchema(ma.Schema):
    recommendations = ma.fields.List(
        ma.fields.Nested(HireSchema), required=True, metadata=doc("The next hires, in order")
    )
    held_back = ma.fields.List(
        ma.fields.Nested(HireSchema),
        required=True,
        metadata=doc("Hires that would take the ML team past its share of engineering"),
    )
    engineers_needed = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata=doc("Engineering headcount at which the held-back hires fit"),
    )
    advice = ma.fields.List(ma.fields.String(), required=True)
    ml_team = ma.fields.Integer(required=True)
    engineering_headcount = ma.fields.Integer(required=True)
    ml_share = ma.fields.Float(required=True, metadata=doc("The ML team's share of engineering"))
    share_min = ma.fields.Integer(required=True, metadata=doc("Percent"))
    share_max = ma.fields.Integer(required=True, metadata=doc("Percent"))
    budget = ma.fields.Integer(required=True, metadata=doc("Largest ML team the share allows"))
    ml_started = ma.fields.Boolean(
        required=True, metadata=doc("Whether ML hires make sense at this company stage yet")
    )
    team_stage = ma.fields.Nested(TeamStageSchema, required=True, allow_none=True)


def _hire(hire: Hire) -> dict[str, Any]:
    return {
        "rule": hire.rule,
        "role_family": hire.role,
        "role_name": hire.role_name,
        "level": hire.level,
        "title": hire.title,
        "count": hire.count,
        "reason": hire.reason,
    }


def plan_body(result: TeamPlan) -> dict[str, Any]:
    stage = services.planner_context().rubric.team_stages_by_id.get(result.team_stage)
    return {
        "recommendations": [_hire(h) for h in result.hires],
        "held_back": [_hire(h) for h in result.held_back],
        "engineers_needed": result.engineers_needed(),
        "advice": list(result.advice),
        "ml_team": result.ml_team,
        "engineering_headcount": result.engineers,
        "ml_share": result.share or 0.0,
        "share_min": result.share_min,
        "share_max": result.share_max,
        "budget": result.budget,
        "ml_started": result.ml_started,
        "team_stage": {"id": stage.id, "name": stage.name, "hire_first": stage.hire_first}
        if stage
        else None,
    }


@blp.route("")
class Planner(MethodView):
    @requires_token(blp)
    @requires_permission(Action.PLAN_TEAM)
    @blp.arguments(PlannerInputSchema)
    @blp.response(200, TeamPlanSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Recommend the next hires for a team, in order, each with its reason.

        Nothing is stored. The ML team stays within the share of engineering the
        centrality allows; hires past it are in `held_back`. 422 when the team is
        larger than `engineering_headcount`.
        """
        team: Counter[str] = Counter()
        for member in data["team"]:
            team[member["role_family"]] += member["count"]
        situation = TeamSituation(
            company_stage=data["company_stage"],
            engineers=data["engineering_headcount"],
            centrality=data["ml_centrality"],
            team=dict(team),
        )
        return plan_body(services.plan(api_user(), situation))
