"""/api/v1 scorecards: an interviewer's own scorecard for an interview (draft, changes,
submit, amend) and reading the scorecards of an interview or an application.

The scorecard services do the work, with the scorecard pages' rules: only the
interviewers on an interview write a card for it, from the interview's start; a draft
is its author's alone; submitting checks everything and makes the card final; after
that its author (or an admin) adds amendments with a reason. Interviewers read the
other interviewers' cards only once they have submitted their own for the candidate.
Every change carries the ``version`` the client read: a stale one is 409.
"""

from __future__ import annotations

import functools
import http
from typing import Any

import marshmallow as ma
from flask import Response, jsonify, url_for
from flask.views import MethodView

from hiring import policy
from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import choice, doc
from hiring.api.schemas import ProblemSchema, problem_with
from hiring.api.scorecard_schemas import (
    AmendmentCreateSchema,
    ApplicationScorecardsSchema,
    HarvestScorecardSchema,
    InterviewScorecardsSchema,
    ScorecardChangeSchema,
    ScorecardDraftSchema,
    ScorecardSchema,
    harvest_body,
    rating_inputs,
    scorecard_body,
    stored_inputs,
)
from hiring.domain import Conflict, PermissionDenied, ValidationFailed
from hiring.errors import PROBLEM_JSON
from hiring.policy import Action
from hiring.scorecards import amendment_services, reading, services

blp = resource(
    "api-scorecards",
    "",
    "Scorecards: interviewers' ratings with evidence, drafts, submission and amendments",
)

INTERVIEW_URL = "/interviews" + fields.id_url("interview_id") + "/scorecards"
SCORECARD_URL = "/scorecards" + fields.id_url("scorecard_id")
APPLICATION_URL = "/applications" + fields.id_url("application_id") + "/scorecards"
INTERVIEW_ID_DOC = [fields.id_parameter("interview_id", "The interview's id")]
SCORECARD_ID_DOC = [fields.id_parameter("scorecard_id", "The scorecard's id")]
APPLICATION_ID_DOC = [fields.id_parameter("application_id", "The application's id")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
CREATED = http.HTTPStatus.CREATED
FORMATS = ("native", "harvest")
RATING_EXAMPLE = {
    "skill": "coding",
    "rating": 3,
    "evidence": "Wrote k-means from scratch, vectorised the distance step and added tests.",
}
LOCATION_HEADER = {
    "Location": {
        "description": "The URL of the new scorecard",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    }
}


class ScorecardConflictSchema(ProblemSchema):
    scorecard_id = ma.fields.Integer(
        metadata=doc("The caller's scorecard for this interview, which exists already")
    )


class FormatQuerySchema(ma.Schema):
    format = choice(
        FORMATS,
        "`native` (this API's scorecards, the default) or `harvest` (Greenhouse Harvest's "
        "scorecard objects, as a bare array)",
        load_default="native",
    )


def requires_role_for(action: Action) -> Any:
    """403 before the request is parsed for a user whose roles never allow ``action``
    (for actions that policy decides per object, such as writing a scorecard)."""

    def decorator(view: Any) -> Any:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not set(api_user().roles) & policy.ROLES_ALLOWED[action]:
                raise PermissionDenied("You do not have permission to do that.")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _body(scorecard_id: int) -> dict[str, Any]:
    return scorecard_body(reading.readable_scorecard(api_user(), scorecard_id))


def _input(data: dict[str, Any]) -> services.ScorecardInput:
    return services.ScorecardInput(
        ratings=rating_inputs(data["ratings"]),
        recommendation=data["recommendation"],
        notes=data["notes"],
    )


def _api_fields(exc: ValidationFailed) -> ValidationFailed:
    """The service's form-wide messages ("form") as this API names them ("_schema")."""
    return ValidationFailed(
        {("_schema" if key == "form" else key): messages for key, messages in exc.errors.items()}
    )


def _exists(scorecard_id: int) -> Response:
    return problem_with(
        CONFLICT,
        f"You have a scorecard for this interview already (#{scorecard_id}); change it with "
        "PATCH /api/v1/scorecards/{id}.",
        scorecard_id=scorecard_id,
    )


def _change(scorecard_id: int, data: dict[str, Any], *, submit: bool) -> dict[str, Any]:
    """PATCH and submit: the sent fields merged into one's draft, saved by the service."""
    actor = api_user()
    card = reading.own_scorecard(actor, scorecard_id)
    scorecard = card.scorecard
    if scorecard.submitted:
        raise services.ScorecardIsFinal(
            "This scorecard was submitted and is final; add an amendment instead "
            "(POST /api/v1/scorecards/{id}/amend)."
        )
    if data["version"] != scorecard.version:
        raise Conflict(
            f"This scorecard was saved since you read it (version {data['version']}; it is at "
            f"{scorecard.version} now). Read it again and send your change with that version."
        )
    changed = data.get("ratings", [])
    sent = {entry["skill"] for entry in changed}
    kept = [
        entry for entry in stored_inputs(scorecard.skill_ratings()) if entry["skill"] not in sent
    ]
    merged = {
        "ratings": [*kept, *changed],
        "recommendation": data.get("recommendation", scorecard.recommendation),
        "notes": data.get("notes", scorecard.notes),
    }
    try:
        services.save(
            actor,
            card.interview.id,
            _input(merged),
            expected_version=data["version"],
            submit=submit,
        )
    except ValidationFailed as exc:
        raise _api_fields(exc) from exc
    return _body(scorecard_id)


# --- an interview's scorecards -----------------------------------------------------------


@blp.route(INTERVIEW_URL, parameters=INTERVIEW_ID_DOC)
class InterviewScorecards(MethodView):
    @requires_token(blp)
    @blp.response(200, InterviewScorecardsSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, interview_id: int) -> dict[str, Any]:
        """The scorecards of one interview that the caller may read.

        An interviewer sees their own (draft or submitted) and, once they owe no
        scorecard for this candidate, the other interviewers' submitted ones; until then
        `others_hidden` is true. Admins, hiring managers and recruiters see every
        submitted scorecard. Nobody sees another person's draft. Interviewers not on the
        candidate's interviews get 403.
        """
        found = reading.interview_scorecards(api_user(), interview_id)
        return {
            "items": [scorecard_body(card) for card in found.cards],
            "others_hidden": found.others_hidden,
        }

    @requires_token(blp)
    @requires_role_for(Action.SUBMIT_SCORECARD)
    @blp.arguments(
        ScorecardDraftSchema, example={"ratings": [RATING_EXAMPLE], "recommendation": "yes"}
    )
    @blp.response(201, ScorecardSchema, headers=LOCATION_HEADER)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(
        CONFLICT,
        schema=ScorecardConflictSchema,
        content_type=PROBLEM_JSON,
        description="The caller has a scorecard for this interview: `scorecard_id` names it",
    )
    def post(self, data: dict[str, Any], interview_id: int) -> Any:
        """Start one's own scorecard for an interview one is on, as a draft.

        Only the interviewers on the interview (not cancelled) may, from the moment it
        starts (before that, 422). Everything may be incomplete in a draft; only what
        can never be saved is refused. A second scorecard for the same interview is 409
        with the first one's `scorecard_id`. Only its author sees a draft.
        """
        actor = api_user()
        existing = services.scorecard_page(actor, interview_id).scorecard
        if existing is not None:
            return _exists(existing.id)
        try:
            created = services.save(
                actor, interview_id, _input(data), expected_version=None, submit=False
            )
        except ValidationFailed as exc:
            raise _api_fields(exc) from exc
        except Conflict:
            # Another request created it at the same moment.
            existing = services.scorecard_page(actor, interview_id).scorecard
            if existing is None:
                raise
            return _exists(existing.id)
        url = url_for(f"{blp.name}.ScorecardDetail", scorecard_id=created.id, _external=True)
        return _body(created.id), CREATED, {"Location": url}


# --- one scorecard -----------------------------------------------------------------------


@blp.route(SCORECARD_URL, parameters=SCORECARD_ID_DOC)
class ScorecardDetail(MethodView):
    @requires_token(blp)
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, scorecard_id: int) -> dict[str, Any]:
        """One scorecard as it stands (amendments applied), with its amendments.

        The same rules as an interview's list: one's own always; someone else's
        submitted one for admins, hiring managers and recruiters, and for interviewers
        on the candidate who owe no scorecard (403 while they do). Someone else's draft
        is 404.
        """
        return _body(scorecard_id)

    @requires_token(blp)
    @requires_role_for(Action.SUBMIT_SCORECARD)
    @blp.arguments(
        ScorecardChangeSchema,
        example={"version": 1, "ratings": [RATING_EXAMPLE], "notes": "Asked about testing."},
    )
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def patch(self, data: dict[str, Any], scorecard_id: int) -> dict[str, Any]:
        """Change one's own draft; fields left out keep their value.

        `ratings` change only the skills they name. Send the `version` you read: if the
        draft was saved since, or it is submitted (final), the answer is 409 and nothing
        changes. Someone else's scorecard is 403 (404 for their draft). What can never
        be saved is 422 with the field at fault: `ratings` (not a focus skill of the
        round, or given twice), `rating:<skill id>`, `evidence:<skill id>`, `notes`.
        """
        return _change(scorecard_id, data, submit=False)


@blp.route(SCORECARD_URL + "/submit", parameters=SCORECARD_ID_DOC)
class ScorecardSubmit(MethodView):
    @requires_token(blp)
    @requires_role_for(Action.SUBMIT_SCORECARD)
    @blp.arguments(ScorecardChangeSchema, example={"version": 2, "recommendation": "yes"})
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def post(self, data: dict[str, Any], scorecard_id: int) -> dict[str, Any]:
        """Submit one's own draft, with any last changes sent like PATCH; it is final then.

        Checked in full: every focus skill rated 1-4 or marked not assessed, evidence of
        at least 15 characters for each rating, at least one skill rated, and a
        recommendation. Each problem is 422 with the field at fault: `ratings` (a skill
        that is not a focus skill of the round, or given twice), `rating:<skill id>`,
        `evidence:<skill id>`, `recommendation`, `notes`. A stale `version` or a
        submitted scorecard is 409.
        """
        return _change(scorecard_id, data, submit=True)


@blp.route(SCORECARD_URL + "/amend", parameters=SCORECARD_ID_DOC)
class ScorecardAmend(MethodView):
    @requires_token(blp)
    @requires_permission(Action.AMEND_SCORECARD)
    @blp.arguments(
        AmendmentCreateSchema,
        example={
            "version": 2,
            "reason": "Re-read my notes: the bias-variance answer was complete and correct.",
            "ratings": [RATING_EXAMPLE],
            "recommendation": "yes",
        },
    )
    @blp.response(200, ScorecardSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    def post(self, data: dict[str, Any], scorecard_id: int) -> dict[str, Any]:
        """Amend a submitted scorecard: its author or an admin, with the reason.

        The scorecard itself never changes; the amendment (who, when, why, what) is
        kept and applied on top of it wherever it is read, the debrief and the
        evaluation included. Give only the skills that change, each with a rating (or
        not assessed) and its evidence, and a new `recommendation` if it changes. A
        draft is 409 (change it with PATCH), a stale `version` is 409. 422 names the
        field: `reason`, `ratings`, `rating:<skill id>`, `evidence:<skill id>`,
        `recommendation`.
        """
        actor = api_user()
        card = reading.readable_scorecard(actor, scorecard_id)
        if not card.scorecard.submitted:
            raise Conflict(
                "This scorecard is a draft: change it with PATCH. Amendments are for "
                "submitted scorecards."
            )
        if data["version"] != card.scorecard.version:
            raise Conflict(
                f"This scorecard was amended since you read it (version {data['version']}; "
                f"it is at {card.scorecard.version} now). Read it again, check the change "
                "still holds, and amend with that version."
            )
        amendment_services.amend(
            actor,
            scorecard_id,
            amendment_services.AmendmentInput(
                reason=data["reason"],
                ratings=rating_inputs(data["ratings"]),
                recommendation=data["recommendation"],
            ),
            expected_version=data["version"],
        )
        return _body(scorecard_id)


# --- an application's scorecards ----------------------------------------------------------


APPLICATION_LIST_RESPONSE = {
    "oneOf": [ApplicationScorecardsSchema, HarvestScorecardSchema(many=True)],
}


@blp.route(APPLICATION_URL, parameters=APPLICATION_ID_DOC)
class ApplicationScorecards(MethodView):
    @requires_token(blp)
    @blp.arguments(FormatQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(
        200,
        APPLICATION_LIST_RESPONSE,
        description="`native`: an object with `items`; `harvest`: an array",
    )
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, args: dict[str, Any], application_id: int) -> Response:
        """The application's submitted scorecards the caller may read, amendments applied.

        The same rules as the application's scorecards page: interviewers see their own
        until they owe none, then everyone's. With `format=harvest` each scorecard has the
        shape of Greenhouse Harvest's scorecard object: `attributes` (`name`, `type`
        "Skills", `rating`, `note` the evidence), `overall_recommendation`,
        `interviewer` and `submitted_by` (id, name, work email), `interview`,
        `interviewed_at`, `submitted_at`, `candidate_id`, `application_id`. Ratings map
        1 → definitely_not, 2 → no, 3 → yes, 4 → strong_yes, not assessed → no_decision;
        recommendations strong_no → definitely_not, no, yes, strong_yes. Drafts are never
        listed (read one's own on the interview).
        """
        cards, others_hidden = reading.application_cards(api_user(), application_id)
        if args["format"] == "harvest":
            return jsonify(HarvestScorecardSchema(many=True).dump([harvest_body(c) for c in cards]))
        return jsonify(
            ApplicationScorecardsSchema().dump(
                {"items": [scorecard_body(card) for card in cards], "others_hidden": others_hidden}
            )
        )
