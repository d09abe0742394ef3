"""The evaluation resource's shapes: an application's verdict with everything behind it
(``hiring.evaluation.scoring.Evaluation.to_dict``, documented field by field), and the
hiring decision a client records and reads."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from hiring.api.applications import JobRefSchema, PersonSchema
from hiring.api.fields import choice, doc, reference
from hiring.api.schemas import TEXT, TEXT_MESSAGE, ProblemSchema
from hiring.evaluation import decisions, flags, levels, scoring
from hiring.evaluation.evidence import MUST, TRAINABLE
from hiring.evaluation.models import HiringDecision
from hiring.evaluation.services import ApplicationEvaluation
from hiring.rubrics.types import LEVELS
from hiring.scorecards.rules import RECOMMENDATIONS

LEVEL_STATUSES = (levels.PASS, levels.FAIL, levels.MISSING)
FLAG_KINDS = (
    flags.RATING_DISAGREEMENT,
    flags.RECOMMENDATION_DISAGREEMENT,
    flags.CONTRADICTION,
    flags.THIN_EVIDENCE,
)
KINDS = (MUST, TRAINABLE, scoring.OTHER)


def _rating_value(**options: Any) -> ma.fields.Integer:
    return ma.fields.Integer(validate=ma.validate.Range(1, 4), **options)


# --- the evaluation ----------------------------------------------------------------------


class CitedRatingSchema(ma.Schema):
    """One rating as the evaluation counts it, traced to its scorecard."""

    scorecard_id = ma.fields.Integer(required=True)
    round = ma.fields.String(required=True, metadata=doc("The round, numbered if held twice"))
    interviewer = ma.fields.String(required=True)
    interviewer_id = ma.fields.Integer(required=True)
    rating = _rating_value(required=True)
    evidence = ma.fields.String(required=True)
    amended = ma.fields.Boolean(required=True, metadata=doc("The value is an amendment's"))


class SkillEvidenceSchema(ma.Schema):
    skill = ma.fields.String(required=True, metadata=doc("The skill's rubric id"))
    name = ma.fields.String(required=True)
    median = _rating_value(
        required=True,
        allow_none=True,
        metadata=doc(
            "The combined rating: the median, the lower middle one on a tie; null "
            "when nobody rated it"
        ),
    )
    range = ma.fields.List(
        ma.fields.Integer(),
        required=True,
        allow_none=True,
        validate=ma.validate.Length(2, 2),
        metadata=doc("[lowest, highest] rating; null when unrated"),
    )
    count = ma.fields.Integer(required=True, metadata=doc("Ratings that count (assessed)"))
    ratings = ma.fields.List(ma.fields.Nested(CitedRatingSchema), required=True)


class MustHaveResultSchema(SkillEvidenceSchema):
    status = choice(
        LEVEL_STATUSES,
        "pass: the median reaches the bar; fail: below it; missing: nobody rated it",
        required=True,
    )
    bar = _rating_value(required=True, metadata=doc("The job's bar (1-4)"))
    rounds_planned = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("The loop's rounds meant to assess it")
    )
    rounds_outstanding = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("Of those, the ones without a scorecard")
    )


class TrainableResultSchema(SkillEvidenceSchema):
    status = choice(
        (scoring.AT_TARGET, scoring.GAP, scoring.NOT_ASSESSED),
        "at_target, gap (below the target: in the growth plan) or not_assessed",
        required=True,
    )
    target = _rating_value(required=True, metadata=doc("Expected after the ramp-up"))
    gap = ma.fields.Integer(required=True, metadata=doc("Points below the target"))
    how = ma.fields.String(required=True, metadata=doc("The rubric's way to learn it"))
    weeks = ma.fields.Integer(required=True, allow_none=True, metadata=doc("Ramp-up time"))


class GrowthStepSchema(ma.Schema):
    skill = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    target = _rating_value(required=True)
    median = _rating_value(required=True)
    gap = ma.fields.Integer(required=True, metadata=doc("Points below the target"))
    how = ma.fields.String(required=True)
    weeks = ma.fields.Integer(required=True, allow_none=True)


class StrengthSchema(ma.Schema):
    skill = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = choice(KINDS, "must, trainable or other (neither)", required=True)
    median = _rating_value(required=True)
    against = _rating_value(
        required=True, allow_none=True, metadata=doc("The bar or target it clears by a point")
    )


class FlagSchema(ma.Schema):
    kind = choice(FLAG_KINDS, "What the debrief should discuss", required=True)
    skill = ma.fields.String(required=True, allow_none=True)
    scorecards = ma.fields.List(
        ma.fields.Integer(), required=True, metadata=doc("The scorecards involved")
    )
    message = ma.fields.String(required=True)


class LevelCheckSchema(ma.Schema):
    level = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    is_job_level = ma.fields.Boolean(required=True)
    status = choice(LEVEL_STATUSES, "pass, fail or missing at this level's bars", required=True)
    passing = ma.fields.List(ma.fields.String(), required=True, metadata=doc("Skill ids"))
    failing = ma.fields.List(ma.fields.String(), required=True, metadata=doc("Skill ids"))
    missing = ma.fields.List(ma.fields.String(), required=True, metadata=doc("Skill ids"))


class LevelRecommendationSchema(ma.Schema):
    recommended = ma.fields.String(
        required=True, allow_none=True, metadata=doc("The highest level whose must-haves pass")
    )
    recommended_name = ma.fields.String(required=True, allow_none=True)
    summary = ma.fields.String(required=True)
    reason = ma.fields.String(required=True)
    levels = ma.fields.List(
        ma.fields.Nested(LevelCheckSchema),
        required=True,
        metadata=doc("The level below, the job's and the level above, lowest first"),
    )


class MatrixRowSchema(ma.Schema):
    skill = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = choice(KINDS, "must, trainable or other", required=True)
    level = _rating_value(required=True, allow_none=True, metadata=doc("Bar or target"))
    cells = ma.fields.List(
        ma.fields.List(ma.fields.Nested(CitedRatingSchema), allow_none=True),
        required=True,
        metadata=doc("One per round of `rounds`: the ratings there, or null"),
    )


class MatrixSchema(ma.Schema):
    rounds = ma.fields.List(ma.fields.String(), required=True)
    rows = ma.fields.List(ma.fields.Nested(MatrixRowSchema), required=True)


class RecommendationSchema(ma.Schema):
    scorecard_id = ma.fields.Integer(required=True)
    round = ma.fields.String(required=True)
    interviewer = ma.fields.String(required=True)
    interviewer_id = ma.fields.Integer(required=True)
    recommendation = choice(RECOMMENDATIONS, "As it stands, amendments applied", required=True)


class TallySchema(ma.Schema):
    expected = ma.fields.Integer(required=True, metadata=doc("Interviewers on interviews held"))
    submitted = ma.fields.Integer(required=True)
    late = ma.fields.Integer(required=True)


class HireLevelSchema(ma.Schema):
    level = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class DecisionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    outcome = choice(decisions.OUTCOMES, "hire or no_hire", required=True)
    level = ma.fields.String(required=True, metadata=doc("The level hired at; empty for no hire"))
    rationale = ma.fields.String(required=True)
    verdict = choice(scoring.VERDICTS, "The evaluation's verdict when decided", required=True)
    overrides = ma.fields.Boolean(
        required=True, metadata=doc("The decision goes against that verdict")
    )
    override_reason = ma.fields.String(
        required=True, metadata=doc("Why, when it goes against the verdict; else empty")
    )
    revises_id = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The decision it replaced; null for the first")
    )
    decided_by = ma.fields.Nested(PersonSchema, required=True, allow_none=True)
    decided_at = ma.fields.DateTime(required=True)


class CandidateRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class EvaluationJobSchema(JobRefSchema):
    level = ma.fields.String(required=True, metadata=doc("The level the job is opened at"))


class EvaluationSchema(ma.Schema):
    application_id = ma.fields.Integer(required=True)
    candidate = ma.fields.Nested(CandidateRefSchema, required=True)
    job = ma.fields.Nested(EvaluationJobSchema, required=True)
    verdict = choice(
        scoring.VERDICTS,
        "meets_bar: every must-have reaches its bar; below_bar: one fails (even while others "
        "are missing); incomplete: none fails but one is not rated yet",
        required=True,
    )
    explanation = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata=doc("Plain sentences, each citing the round, interviewer, rating and evidence"),
    )
    must_haves = ma.fields.List(ma.fields.Nested(MustHaveResultSchema), required=True)
    trainable = ma.fields.List(ma.fields.Nested(TrainableResultSchema), required=True)
    growth_plan = ma.fields.List(
        ma.fields.Nested(GrowthStepSchema),
        required=True,
        metadata=doc("Trainable skills below their target, largest gap first"),
    )
    strengths = ma.fields.List(ma.fields.Nested(StrengthSchema), required=True)
    flags = ma.fields.List(ma.fields.Nested(FlagSchema), required=True)
    level_recommendation = ma.fields.Nested(
        LevelRecommendationSchema,
        required=True,
        allow_none=True,
        metadata=doc("null when the role family's levels are unknown"),
    )
    other_skills = ma.fields.List(
        ma.fields.Nested(SkillEvidenceSchema),
        required=True,
        metadata=doc("Rated, but neither must-have nor trainable for this job"),
    )
    matrix = ma.fields.Nested(
        MatrixSchema, required=True, metadata=doc("The debrief's skills x rounds table")
    )
    recommendations = ma.fields.List(ma.fields.Nested(RecommendationSchema), required=True)
    scorecards = ma.fields.Nested(TallySchema, required=True)
    rounds_outstanding = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("Loop rounds without a scorecard yet")
    )
    complete = ma.fields.Boolean(
        required=True, metadata=doc("Every scorecard is in and every planned round held")
    )
    levels = ma.fields.List(
        ma.fields.Nested(HireLevelSchema),
        required=True,
        metadata=doc("The levels a hire may be recorded at"),
    )
    decision = ma.fields.Nested(
        DecisionSchema, required=True, allow_none=True, metadata=doc("The current decision")
    )


class DecisionHistorySchema(ma.Schema):
    current = ma.fields.Nested(
        DecisionSchema, required=True, allow_none=True, metadata=doc("null until one is recorded")
    )
    history = ma.fields.List(
        ma.fields.Nested(DecisionSchema),
        required=True,
        metadata=doc("Every decision, newest first (the current one first)"),
    )


# --- what the API accepts --------------------------------------------------------------


def _text(description: str, **options: Any) -> ma.fields.String:
    return ma.fields.String(
        validate=[
            ma.validate.Length(max=decisions.MAX_TEXT),
            ma.validate.Regexp(TEXT, error=TEXT_MESSAGE),
        ],
        metadata=doc(description),
        **options,
    )


class DecisionCreateSchema(ma.Schema):
    outcome = choice(decisions.OUTCOMES, "hire or no_hire", required=True)
    level = choice(
        ("", *LEVELS),
        "The level to hire at (one of the evaluation's `levels`); ignored for no hire",
        load_default="",
    )
    rationale = _text(
        f"What in the evidence decided it (at least {decisions.MIN_RATIONALE} characters)",
        required=True,
    )
    override_reason = _text(
        "Needed when the decision goes against the verdict (a hire that is below_bar or "
        f"incomplete, a no hire that meets_bar): at least {decisions.MIN_RATIONALE} "
        "characters; ignored otherwise",
        load_default="",
    )
    revises = reference(
        "The current decision's id as last read; null for the first decision",
        required=True,
        allow_none=True,
    )


class DecisionConflictSchema(ProblemSchema):
    decision_id = ma.fields.Integer(
        metadata=doc("The application's current decision: send it as `revises` to revise it")
    )


# --- answers ---------------------------------------------------------------------------


def decision_body(decision: HiringDecision) -> dict[str, Any]:
    """A decision as DecisionSchema describes it (its author loaded)."""
    author = decision.decided_by
    return {
        "id": decision.id,
        "application_id": decision.application_id,
        "outcome": decision.outcome,
        "level": decision.level,
        "rationale": decision.rationale,
        "verdict": decision.verdict,
        "overrides": decisions.goes_against(decision.outcome, decision.verdict),
        "override_reason": decision.override_reason,
        "revises_id": decision.revises_id,
        "decided_by": {"id": author.id, "name": author.name} if author else None,
        "decided_at": decision.decided_at,
    }


def evaluation_body(found: ApplicationEvaluation) -> dict[str, Any]:
    """The evaluation as EvaluationSchema describes it."""
    application, job = found.application, found.job
    tally = found.found.tally
    order = [r for r in found.coverage.round_order if r in found.coverage.outstanding]
    return {
        "application_id": application.id,
        "candidate": {"id": application.candidate.id, "name": application.candidate.name},
        "job": {"id": job.id, "title": job.title, "level": job.level},
        **found.evaluation.to_dict(),
        "matrix": found.matrix.to_dict(),
        "recommendations": [
            {
                "scorecard_id": r.scorecard_id,
                "round": r.round,
                "interviewer": r.interviewer,
                "interviewer_id": r.interviewer_id,
                "recommendation": r.recommendation,
            }
            for r in found.recommendations
        ],
        "scorecards": {
            "expected": tally.expected,
            "submitted": tally.submitted,
            "late": tally.late,
        },
        "rounds_outstanding": order + sorted(found.coverage.outstanding - set(order)),
        "complete": found.complete,
        "levels": [{"level": level, "name": name} for level, name in found.levels.items()],
        "decision": decision_body(found.decision) if found.decision else None,
    }
