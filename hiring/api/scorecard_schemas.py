"""The scorecard resource's shapes: what an interviewer sends (the scorecard form's rules,
stated as the document can) and what readers receive, natively and in the shape of
Greenhouse Harvest's scorecard object.

Ratings are 1-4 on the skill's anchored scale, or "not assessed"; the answers show
each scorecard as it stands, its amendments applied, and list the amendments.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from hiring.api import fields
from hiring.api.applications import PersonSchema
from hiring.api.fields import choice, doc
from hiring.api.schemas import TEXT, TEXT_MESSAGE, SkillField
from hiring.scorecards import amending, rules
from hiring.scorecards.models import ScorecardAmendment
from hiring.scorecards.reading import ReadableCard

RECOMMENDATION_DOC = "strong_no, no, yes or strong_yes; there is no neutral option"
NO_RECOMMENDATION = ""

# Greenhouse Harvest's words for a 1-4 rating and for "not assessed". Harvest's "mixed"
# is never used: the scale has no middle.
HARVEST_RATINGS: dict[int, str] = {1: "definitely_not", 2: "no", 3: "yes", 4: "strong_yes"}
HARVEST_NO_DECISION = "no_decision"
HARVEST_RATING_WORDS = ("definitely_not", "no", "mixed", "yes", "strong_yes")
HARVEST_RECOMMENDATIONS: dict[str, str] = {
    "strong_no": "definitely_not",
    "no": "no",
    "yes": "yes",
    "strong_yes": "strong_yes",
}
HARVEST_ATTRIBUTE_TYPE = "Skills"


def _text(description: str, maximum: int, **options: Any) -> ma.fields.String:
    metadata = options.pop("metadata", {})
    return ma.fields.String(
        validate=[ma.validate.Length(max=maximum), ma.validate.Regexp(TEXT, error=TEXT_MESSAGE)],
        metadata={**doc(description), **metadata},
        **options,
    )


# --- what the API accepts --------------------------------------------------------------


class RatingEntrySchema(ma.Schema):
    """One focus skill: a rating 1-4, or not assessed, with the evidence behind it."""

    # A skill is rated or marked not assessed, not both.
    OPENAPI_EXTRA = {
        "anyOf": [
            {"properties": {"not_assessed": {"enum": [False]}}},
            {"properties": {"rating": {"enum": [None]}}},
        ]
    }

    skill = SkillField(
        required=True,
        validate=ma.validate.Length(max=64),
        metadata=doc("A focus skill of the interview's round (its rubric id)", example="coding"),
    )
    rating = ma.fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=ma.validate.Range(1, 4),
        metadata=doc(
            "1-4 on the skill's anchored scale; null while not chosen (drafts) or when not "
            "assessed",
            example=3,
        ),
    )
    not_assessed = ma.fields.Boolean(
        load_default=False,
        metadata=doc("The interview did not cover the skill: it never counts (rating null)"),
    )
    evidence = _text(
        f"What the candidate said or did; needed for a rating (at least {rules.MIN_EVIDENCE} "
        "characters to submit)",
        rules.MAX_EVIDENCE,
        load_default="",
        metadata={"example": "Wrote k-means from scratch and explained the distance step."},
    )

    @ma.validates_schema
    def rated_or_not_assessed(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("not_assessed") and data.get("rating") is not None:
            raise ma.ValidationError(
                "Give a rating or mark the skill not assessed, not both.", field_name="rating"
            )


def _ratings(description: str, **options: Any) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(RatingEntrySchema),
        validate=ma.validate.Length(max=30),
        metadata=doc(description),
        **options,
    )


def _recommendation(**options: Any) -> ma.fields.String:
    return choice(
        (NO_RECOMMENDATION, *rules.RECOMMENDATIONS),
        f"The overall recommendation: {RECOMMENDATION_DOC}; empty for none yet (drafts)",
        **options,
    )


class ScorecardDraftSchema(ma.Schema):
    ratings = _ratings("The focus skills written so far", load_default=list)
    recommendation = _recommendation(load_default=NO_RECOMMENDATION)
    notes = _text("Notes in Markdown", rules.MAX_NOTES, load_default="")


class ScorecardChangeSchema(ma.Schema):
    version = fields.version(
        "The scorecard's `version` as last read; 409 if it changed since", required=True
    )
    ratings = _ratings(
        "Skills to change, each replacing what the draft holds for that skill; the others "
        "stay. A skill sent with neither a rating, not_assessed nor evidence is cleared."
    )
    recommendation = _recommendation()
    notes = _text("Notes in Markdown; replaces the draft's", rules.MAX_NOTES)


class AmendmentCreateSchema(ma.Schema):
    version = fields.version(
        "The scorecard's `version` as last read; 409 if it was amended since", required=True
    )
    reason = _text(
        f"Why the scorecard changes (at least {amending.MIN_REASON} characters); shown next "
        "to the change",
        amending.MAX_REASON,
        required=True,
        metadata={"example": "Re-read my notes: the bias-variance answer was complete."},
    )
    ratings = _ratings(
        "Only the skills that change, each with a rating (or not assessed) and its evidence",
        load_default=list,
    )
    recommendation = _recommendation(
        load_default=NO_RECOMMENDATION,
        metadata={"description": f"A new recommendation ({RECOMMENDATION_DOC}); empty: unchanged"},
    )


def rating_inputs(entries: list[dict[str, Any]]) -> tuple[rules.RatingInput, ...]:
    """The API's ratings as the scorecard form types them ("1"-"4", "na" or "")."""
    return tuple(
        rules.RatingInput(
            skill=entry["skill"],
            rating=rules.NOT_ASSESSED
            if entry["not_assessed"]
            else ("" if entry["rating"] is None else str(entry["rating"])),
            evidence=entry["evidence"],
        )
        for entry in entries
    )


def stored_inputs(ratings: list[rules.SkillRating]) -> list[dict[str, Any]]:
    """A draft's stored ratings in the API's input shape, to merge changes into."""
    return [
        {
            "skill": rating.skill,
            "rating": rating.rating,
            "not_assessed": rating.not_assessed,
            "evidence": rating.evidence,
        }
        for rating in ratings
    ]


# --- answers ---------------------------------------------------------------------------


class SkillRatingSchema(ma.Schema):
    skill = ma.fields.String(required=True, metadata=doc("The skill's rubric id"))
    name = ma.fields.String(required=True)
    rating = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("1-4; null when not assessed or not chosen")
    )
    not_assessed = ma.fields.Boolean(required=True)
    evidence = ma.fields.String(required=True)


class EffectiveRatingSchema(SkillRatingSchema):
    amended = ma.fields.Boolean(
        required=True, metadata=doc("The value is an amendment's, not the one submitted")
    )


class AmendmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    author = ma.fields.Nested(PersonSchema, required=True, metadata=doc("Who amended"))
    created_at = ma.fields.DateTime(required=True)
    reason = ma.fields.String(required=True)
    recommendation = ma.fields.String(
        required=True, allow_none=True, metadata=doc("The new recommendation; null: unchanged")
    )
    ratings = ma.fields.List(
        ma.fields.Nested(SkillRatingSchema),
        required=True,
        metadata=doc("The skills it changed, with their new values"),
    )


class ScorecardSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    interview_id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    candidate_id = ma.fields.Integer(required=True)
    round_name = ma.fields.String(required=True, metadata=doc("The interview's round"))
    interviewed_at = ma.fields.DateTime(required=True, metadata=doc("The interview's start"))
    interviewer = ma.fields.Nested(PersonSchema, required=True)
    status = choice(rules.SCORECARD_STATUSES, "A draft, or submitted (final)", required=True)
    recommendation = ma.fields.String(
        required=True,
        metadata=doc(f"As it stands, amendments applied: {RECOMMENDATION_DOC}; empty in a draft"),
    )
    recommendation_amended = ma.fields.Boolean(required=True)
    ratings = ma.fields.List(
        ma.fields.Nested(EffectiveRatingSchema),
        required=True,
        metadata=doc("The focus skills as they stand, amendments applied, in the round's order"),
    )
    notes = ma.fields.String(required=True, metadata=doc("Markdown"))
    notes_html = ma.fields.String(required=True, metadata=doc("The notes rendered, sanitised"))
    amendments = ma.fields.List(
        ma.fields.Nested(AmendmentSchema),
        required=True,
        metadata=doc("Oldest first: who changed what after submitting, when and why"),
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    submitted_at = ma.fields.DateTime(required=True, allow_none=True)
    version = ma.fields.Integer(
        required=True, metadata=doc("Changes on every save and amendment; send it back")
    )


class InterviewScorecardsSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ScorecardSchema), required=True)
    others_hidden = ma.fields.Boolean(
        required=True,
        metadata=doc(
            "True for an interviewer who still owes a scorecard for this candidate: only "
            "their own is listed until they submit"
        ),
    )


class ApplicationScorecardsSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ScorecardSchema), required=True)
    others_hidden = ma.fields.Boolean(required=True, metadata=doc("As for an interview's list"))


class HarvestUserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True, metadata=doc("The interviewer's work email"))


class HarvestStepSchema(ma.Schema):
    id = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The loop round; null once it was dropped")
    )
    name = ma.fields.String(required=True)


class HarvestAttributeSchema(ma.Schema):
    name = ma.fields.String(required=True, metadata=doc("The skill's name"))
    type = ma.fields.String(required=True, metadata=doc('Always "Skills"'))
    note = ma.fields.String(required=True, allow_none=True, metadata=doc("The evidence"))
    rating = choice(
        (*HARVEST_RATINGS.values(), HARVEST_NO_DECISION),
        "1 definitely_not, 2 no, 3 yes, 4 strong_yes; not assessed no_decision",
        required=True,
    )


class HarvestRatingsSchema(ma.Schema):
    definitely_not = ma.fields.List(ma.fields.String(), required=True)
    no = ma.fields.List(ma.fields.String(), required=True)
    mixed = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("Always empty: the scale has no middle")
    )
    yes = ma.fields.List(ma.fields.String(), required=True)
    strong_yes = ma.fields.List(ma.fields.String(), required=True)


class HarvestQuestionSchema(ma.Schema):
    id = ma.fields.Integer(required=True, allow_none=True)
    question = ma.fields.String(required=True)
    answer = ma.fields.String(required=True)


class HarvestScorecardSchema(ma.Schema):
    """A submitted scorecard shaped like Greenhouse Harvest's scorecard object."""

    id = ma.fields.Integer(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    interview = ma.fields.String(required=True, metadata=doc("The round's name"))
    interview_step = ma.fields.Nested(HarvestStepSchema, required=True)
    candidate_id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    interviewed_at = ma.fields.DateTime(required=True)
    submitted_by = ma.fields.Nested(
        HarvestUserSchema,
        required=True,
        metadata=doc("The interviewer: nobody submits for another"),
    )
    interviewer = ma.fields.Nested(HarvestUserSchema, required=True)
    submitted_at = ma.fields.DateTime(required=True)
    overall_recommendation = choice(
        (*HARVEST_RECOMMENDATIONS.values(), HARVEST_NO_DECISION),
        "strong_no definitely_not, no no, yes yes, strong_yes strong_yes",
        required=True,
    )
    attributes = ma.fields.List(ma.fields.Nested(HarvestAttributeSchema), required=True)
    ratings = ma.fields.Nested(
        HarvestRatingsSchema, required=True, metadata=doc("The attributes' names by rating")
    )
    questions = ma.fields.List(
        ma.fields.Nested(HarvestQuestionSchema),
        required=True,
        metadata=doc('The notes, as the question "Notes", when there are any'),
    )


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.id, "name": user.name}


def _rating_body(card: ReadableCard, rating: Any) -> dict[str, Any]:
    return {
        "skill": rating.skill,
        "name": card.skill_name(rating.skill),
        "rating": rating.rating,
        "not_assessed": rating.not_assessed,
        "evidence": rating.evidence,
    }


def _amendment_body(card: ReadableCard, amendment: ScorecardAmendment) -> dict[str, Any]:
    return {
        "id": amendment.id,
        "author": _person(amendment.author),
        "created_at": amendment.created_at,
        "reason": amendment.reason,
        "recommendation": amendment.recommendation or None,
        "ratings": [_rating_body(card, rating) for rating in amendment.ratings],
    }


def scorecard_body(card: ReadableCard) -> dict[str, Any]:
    """The scorecard as ScorecardSchema describes it, amendments applied."""
    scorecard, interview = card.scorecard, card.interview
    effective = scorecard.effective()
    return {
        "id": scorecard.id,
        "interview_id": interview.id,
        "application_id": card.application.id,
        "candidate_id": card.application.candidate_id,
        "round_name": interview.round_name,
        "interviewed_at": interview.starts_at,
        "interviewer": _person(card.interviewer),
        "status": scorecard.status,
        "recommendation": effective.recommendation,
        "recommendation_amended": effective.recommendation_amended,
        "ratings": [
            {**_rating_body(card, rating), "amended": effective.is_amended(rating.skill)}
            for rating in effective.ratings
        ],
        "notes": scorecard.notes,
        "notes_html": scorecard.notes_html,
        "amendments": [_amendment_body(card, amendment) for amendment in scorecard.amendments],
        "created_at": scorecard.created_at,
        "updated_at": scorecard.updated_at,
        "submitted_at": scorecard.submitted_at,
        "version": scorecard.version,
    }


def harvest_rating(rating: rules.SkillRating) -> str:
    if rating.not_assessed or rating.rating is None:
        return HARVEST_NO_DECISION
    return HARVEST_RATINGS[rating.rating]


def harvest_body(card: ReadableCard) -> dict[str, Any]:
    """A submitted scorecard as HarvestScorecardSchema describes it."""
    scorecard, interview = card.scorecard, card.interview
    effective = scorecard.effective()
    interviewer = {
        "id": card.interviewer.id,
        "name": card.interviewer.name,
        "email": card.interviewer.email,
    }
    attributes = [
        {
            "name": card.skill_name(rating.skill),
            "type": HARVEST_ATTRIBUTE_TYPE,
            "note": rating.evidence or None,
            "rating": harvest_rating(rating),
        }
        for rating in effective.ratings
    ]
    by_rating: dict[str, list[str]] = {word: [] for word in HARVEST_RATING_WORDS}
    for attribute in attributes:
        by_rating.get(attribute["rating"], []).append(attribute["name"])
    return {
        "id": scorecard.id,
        "created_at": scorecard.created_at,
        "updated_at": scorecard.updated_at,
        "interview": interview.round_name,
        "interview_step": {"id": interview.loop_round_id, "name": interview.round_name},
        "candidate_id": card.application.candidate_id,
        "application_id": card.application.id,
        "interviewed_at": interview.starts_at,
        "submitted_by": interviewer,
        "interviewer": interviewer,
        "submitted_at": scorecard.submitted_at,
        "overall_recommendation": HARVEST_RECOMMENDATIONS.get(
            effective.recommendation, HARVEST_NO_DECISION
        ),
        "attributes": attributes,
        "ratings": by_rating,
        "questions": [{"id": None, "question": "Notes", "answer": scorecard.notes}]
        if scorecard.notes
        else [],
    }
