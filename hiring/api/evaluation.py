"""/api/v1/applications/{id}/evaluation and /decision: the verdict against the job's
must-have and trainable skills, and the hiring decision recorded against it.

The evaluation services do the work, with the debrief page's rules: admins, hiring
managers and recruiters read it; an interviewer on the candidate reads it once they owe
no scorecard (403 before, so no one is anchored by the others' ratings). Admins and
hiring managers record decisions; a revision names the decision it replaces, and a
stale one is 409 with the current one's id.
"""

from __future__ import annotations

import http
from typing import Any

from flask import Response, url_for
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.evaluation_schemas import (
    DecisionConflictSchema,
    DecisionCreateSchema,
    DecisionHistorySchema,
    DecisionSchema,
    EvaluationSchema,
    decision_body,
    evaluation_body,
)
from hiring.api.schemas import problem_with
from hiring.domain import Conflict
from hiring.errors import PROBLEM_JSON
from hiring.evaluation import decision_services
from hiring.evaluation import services as evaluation
from hiring.evaluation.decisions import DecisionInput
from hiring.policy import Action

blp = resource(
    "api-evaluation",
    "/applications",
    "Evaluation: the verdict against the job's skills, the debrief's evidence, decisions",
)

APPLICATION_URL = fields.id_url("application_id")
APPLICATION_ID_DOC = [fields.id_parameter("application_id", "The application's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
CREATED = http.HTTPStatus.CREATED
LOCATION_HEADER = {
    "Location": {
        "description": "The application's decision (GET answers it with the history)",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    }
}


@blp.route(f"{APPLICATION_URL}/evaluation", parameters=APPLICATION_ID_DOC)
class ApplicationEvaluation(MethodView):
    @requires_token(blp)
    @blp.response(200, EvaluationSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, application_id: int) -> dict[str, Any]:
        """The application's evaluation: verdict, explanation and the evidence behind it.

        The submitted scorecards (amendments applied) are held against the job's pinned
        skill profile. Each must-have's ratings combine to their median (the lower middle
        one on a tie): it passes at or above the job's bar, fails below it, and is
        missing while nobody rated it. One failing must-have makes the verdict
        `below_bar`; otherwise a missing one makes it `incomplete` (naming the rounds
        meant to assess it); else `meets_bar`. Trainable skills below their target become
        the `growth_plan` and never fail a candidate. Every sentence of `explanation`
        cites the round, interviewer, rating and evidence. With the current `decision`.
        Interviewers who still owe a scorecard for the candidate get 403.
        """
        return evaluation_body(evaluation.evaluation_of(api_user(), application_id))


@blp.route(f"{APPLICATION_URL}/decision", parameters=APPLICATION_ID_DOC)
class ApplicationDecision(MethodView):
    @requires_token(blp)
    @blp.response(200, DecisionHistorySchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, application_id: int) -> dict[str, Any]:
        """The current decision and every decision before it, newest first.

        Until a decision is recorded, `current` is null and `history` empty (200, not
        404). Who may read it: as for the evaluation.
        """
        found = evaluation.evaluation_of(api_user(), application_id)
        return {
            "current": decision_body(found.decision) if found.decision else None,
            "history": [decision_body(decision) for decision in found.decisions],
        }

    @requires_token(blp)
    @requires_permission(Action.RECORD_DECISION)
    @blp.arguments(
        DecisionCreateSchema,
        example={
            "outcome": "no_hire",
            "rationale": "ML fundamentals below the bar in both coding scorecards.",
            "revises": None,
        },
    )
    @blp.response(201, DecisionSchema, headers=LOCATION_HEADER)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(
        CONFLICT,
        schema=DecisionConflictSchema,
        content_type=PROBLEM_JSON,
        description="The current decision is not `revises`: `decision_id` names it",
    )
    def post(self, data: dict[str, Any], application_id: int) -> Any:
        """Record the hire / no hire decision, or revise the current one; admins and hiring
        managers only.

        Send `revises`: null for the first decision, else the current decision's id. If
        someone decided meanwhile, the answer is 409 with the current `decision_id`, and
        nothing is recorded. 422 names the field: `outcome`, `level` (hiring needs one
        of the evaluation's `levels`), `rationale`, and `override_reason` for a
        decision against the verdict (a hire while `below_bar` or `incomplete`, a no
        hire that `meets_bar`). The old decision stays in the history; both are in the
        audit log.
        """
        actor = api_user()
        try:
            decision = evaluation.decide(
                actor,
                application_id,
                DecisionInput(
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    level=data["level"],
                    override_reason=data["override_reason"],
                ),
                revises_id=data["revises"],
            )
        except Conflict as exc:
            return _changed(exc, application_id)
        url = url_for(
            f"{blp.name}.ApplicationDecision", application_id=application_id, _external=True
        )
        return decision_body(decision), CREATED, {"Location": url}


def _changed(exc: Conflict, application_id: int) -> Response:
    current = decision_services.current_decision(application_id)
    members = {"decision_id": current.id} if current is not None else {}
    return problem_with(CONFLICT, exc.message, **members)
