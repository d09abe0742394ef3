"""/api/v1/jobs/{job_id}/loop: a job's interview loop, its coverage, and interview kits.

The loop is replaced as a whole with PUT, carrying the loop's ``version`` as last read:
a stale one is answered 409 and nothing changes. Rules the schema cannot state (a
focus skill the round cannot assess, a retired question, someone without the
interviewer role) are answered 422 with field errors.
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask.views import MethodView

from hiring.api import fields
from hiring.api.auth import api_user, requires_permission, requires_token, resource
from hiring.api.fields import doc, slug
from hiring.api.schemas import MAX_INT, RoundField, SkillField
from hiring.jobs import snapshot as snap
from hiring.loops import editing, kits, services
from hiring.loops.models import InterviewLoop, LoopRound
from hiring.policy import Action

blp = resource("api-loops", "/jobs", "Interview loops: rounds, coverage and kits")

JOB_URL = fields.id_url("job_id") + "/loop"
JOB_ID_DOC = [fields.id_parameter("job_id", "The job's id")]
ROUND_ID_DOC = [*JOB_ID_DOC, fields.id_parameter("loop_round_id", "A round of the job's loop")]
NOT_FOUND = http.HTTPStatus.NOT_FOUND
CONFLICT = http.HTTPStatus.CONFLICT
UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE
KINDS = ("must", "trainable", "nice", "extra")
WARNING_KINDS = (
    "must-have-not-assessed",
    "must-have-assessed-once",
    "too-many-focus-skills",
    "no-coding-bar",
)


# --- answers -------------------------------------------------------------------------


class QuestionSchema(ma.Schema):
    id = ma.fields.String(required=True, metadata=doc("Stable question id of the rubric"))
    skill = ma.fields.String(required=True)
    question = ma.fields.String(required=True)
    follow_ups = ma.fields.List(ma.fields.String(), required=True)
    strong = ma.fields.List(ma.fields.String(), required=True, metadata=doc("Strong signals"))
    weak = ma.fields.List(ma.fields.String(), required=True, metadata=doc("Weak signals"))
    red_flags = ma.fields.List(ma.fields.String(), required=True)


class TimingSchema(ma.Schema):
    minutes = ma.fields.Integer(required=True)
    activity = ma.fields.String(required=True)


class InterviewerSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class LoopRoundSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata=doc("The loop round's id (for its kit)"))
    position = ma.fields.Integer(required=True, metadata=doc("1 for the first round"))
    round_id = ma.fields.String(required=True, metadata=doc("The rubric round"))
    name = ma.fields.String(required=True)
    technical = ma.fields.Boolean(required=True)
    duration = ma.fields.Integer(required=True, metadata=doc("Minutes"))
    max_focus_skills = ma.fields.Integer(required=True)
    purpose = ma.fields.String(required=True)
    timing = ma.fields.List(ma.fields.Nested(TimingSchema), required=True)
    assesses = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("Skills this round can assess")
    )
    focus_skills = ma.fields.List(ma.fields.String(), required=True)
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), required=True)
    interviewers = ma.fields.List(ma.fields.Nested(InterviewerSchema), required=True)


class CoverageRowSchema(ma.Schema):
    skill = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(KINDS),
        metadata=doc("must, trainable, nice, or extra (a round's own skill)"),
    )
    level = ma.fields.Integer(required=True, allow_none=True)
    rounds = ma.fields.List(
        ma.fields.Boolean(), required=True, metadata=doc("One per loop round, in order")
    )
    times = ma.fields.Integer(required=True, metadata=doc("How many rounds assess it"))


class CoverageWarningSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(WARNING_KINDS))
    severity = ma.fields.String(required=True, validate=ma.validate.OneOf(("error", "warning")))
    message = ma.fields.String(required=True)
    skill = ma.fields.String(required=True, allow_none=True)
    round_index = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("0-based index of the round concerned")
    )


class CoverageSchema(ma.Schema):
    rows = ma.fields.List(ma.fields.Nested(CoverageRowSchema), required=True)
    warnings = ma.fields.List(ma.fields.Nested(CoverageWarningSchema), required=True)


class LoopSchema(ma.Schema):
    job_id = ma.fields.Integer(required=True)
    version = ma.fields.Integer(
        required=True, metadata=doc("Changes on every write; send it back with PUT")
    )
    rubric_version = ma.fields.String(required=True)
    total_minutes = ma.fields.Integer(required=True)
    rounds = ma.fields.List(ma.fields.Nested(LoopRoundSchema), required=True)
    coverage = ma.fields.Nested(CoverageSchema, required=True)


class ScaleSkillSchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True, allow_none=True, metadata=doc("must, trainable or nice; null if neither")
    )
    level = ma.fields.Integer(
        required=True, allow_none=True, metadata=doc("The job's bar or target")
    )
    scale = ma.fields.List(
        ma.fields.String(), required=True, metadata=doc("What levels 1 to 4 look like")
    )


class KitSchema(ma.Schema):
    job_id = ma.fields.Integer(required=True)
    job_title = ma.fields.String(required=True)
    round = ma.fields.Nested(LoopRoundSchema, required=True)
    skills = ma.fields.List(
        ma.fields.Nested(ScaleSkillSchema),
        required=True,
        metadata=doc("The round's focus skills with their anchored scales"),
    )


# --- what the API accepts ------------------------------------------------------------


class RoundInputSchema(ma.Schema):
    round_id = RoundField(required=True, metadata=doc("A round of the current rubric"))
    duration = ma.fields.Integer(
        strict=True,
        validate=ma.validate.Range(10, 480),
        load_default=None,
        allow_none=True,
        metadata=doc("Minutes; null or absent for the rubric's duration"),
    )
    focus_skills = ma.fields.List(
        SkillField(metadata=doc("A skill the round can assess")),
        validate=ma.validate.Length(max=10),
        load_default=list,
    )
    question_ids = ma.fields.List(
        slug("A question of the round's bank about one of the focus skills"),
        validate=ma.validate.Length(max=20),
        load_default=list,
    )
    interviewer_ids = ma.fields.List(
        ma.fields.Integer(strict=True, validate=ma.validate.Range(1, MAX_INT)),
        validate=ma.validate.Length(max=10),
        load_default=list,
        metadata=doc("Users with the interviewer role"),
    )


class LoopInputSchema(ma.Schema):
    version = fields.version(
        "The loop's `version` as last read; 409 if it changed since", required=True
    )
    rounds = ma.fields.List(
        ma.fields.Nested(RoundInputSchema),
        required=True,
        validate=ma.validate.Length(min=1, max=editing.MAX_ROUNDS),
    )


# --- shaping answers -------------------------------------------------------------------


def round_body(loop_round: LoopRound) -> dict[str, Any]:
    return {
        "id": loop_round.id,
        "position": loop_round.position + 1,
        "round_id": loop_round.round_id,
        "name": loop_round.name,
        "technical": loop_round.technical,
        "duration": loop_round.duration,
        "max_focus_skills": loop_round.max_focus_skills,
        "purpose": loop_round.purpose,
        "timing": list(loop_round.timing),
        "assesses": list(loop_round.assesses),
        "focus_skills": list(loop_round.focus_skills),
        "questions": [dict(question) for question in loop_round.questions],
        "interviewers": [
            {"id": link.user.id, "name": link.user.name} for link in loop_round.interviewer_links
        ],
    }


def coverage_body(view: services.LoopView) -> dict[str, Any]:
    return {
        "rows": [
            {
                "skill": row.skill,
                "name": view.skill_names.get(row.skill, row.skill),
                "kind": row.kind,
                "level": row.level,
                "rounds": list(row.rounds),
                "times": row.times,
            }
            for row in view.coverage.rows
        ],
        "warnings": [
            {
                "kind": warning.kind,
                "severity": warning.severity,
                "message": warning.message,
                "skill": warning.skill,
                "round_index": warning.round_index,
            }
            for warning in view.coverage.warnings
        ],
    }


def loop_body(view: services.LoopView) -> dict[str, Any]:
    loop: InterviewLoop = view.loop
    return {
        "job_id": view.job.id,
        "version": loop.version,
        "rubric_version": loop.rubric_version,
        "total_minutes": view.total_minutes,
        "rounds": [round_body(r) for r in loop.rounds],
        "coverage": coverage_body(view),
    }


# --- endpoints -------------------------------------------------------------------------


@blp.route(JOB_URL, parameters=JOB_ID_DOC)
class Loop(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_LOOPS)
    @blp.response(200, LoopSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, job_id: int) -> dict[str, Any]:
        """The job's interview loop: rounds in order, with focus skills, questions and
        interviewers, and the coverage matrix."""
        return loop_body(services.get_loop(api_user(), job_id))

    @requires_token(blp)
    @requires_permission(Action.MANAGE_LOOPS)
    @blp.arguments(LoopInputSchema)
    @blp.response(200, LoopSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    @blp.alt_response(CONFLICT, response=CONFLICT.name)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def put(self, data: dict[str, Any], job_id: int) -> dict[str, Any]:
        """Replace the loop: its rounds in order, each with focus skills, questions and
        interviewers. Admins and hiring managers only."""
        editing.replace_loop(
            api_user(),
            job_id,
            expected_version=data["version"],
            rounds=[editing.RoundInput(**item) for item in data["rounds"]],
        )
        return loop_body(services.get_loop(api_user(), job_id))


@blp.route(JOB_URL + "/coverage", parameters=JOB_ID_DOC)
class Coverage(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_LOOPS)
    @blp.response(200, CoverageSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, job_id: int) -> dict[str, Any]:
        """Skills (must-haves first) against rounds, with what is wrong with the loop:
        must-haves assessed once or never, overfull rounds, no coding bar."""
        return coverage_body(services.get_loop(api_user(), job_id))


@blp.route(JOB_URL + "/rounds" + fields.id_url("loop_round_id") + "/kit", parameters=ROUND_ID_DOC)
class Kit(MethodView):
    @requires_token(blp)
    @blp.response(200, KitSchema)
    @blp.alt_response(NOT_FOUND, response=NOT_FOUND.name)
    def get(self, job_id: int, loop_round_id: int) -> dict[str, Any]:
        """One round's interview kit: the round, its questions with signals and red flags,
        and its focus skills with their anchored scales. Interviewers may read the kits
        of the rounds assigned to them; admins, hiring managers and recruiters all."""
        kit = kits.kit(api_user(), job_id, loop_round_id)
        loop_round = kit.rounds[0]
        skills = snap.skills_of(kit.job.rubric_snapshot)
        return {
            "job_id": kit.job.id,
            "job_title": kit.job.title,
            "round": round_body(loop_round),
            "skills": [
                {
                    "id": skill_id,
                    "name": skills[skill_id].name,
                    "kind": kit.kinds.get(skill_id),
                    "level": kit.levels.get(skill_id),
                    "scale": list(skills[skill_id].scale),
                }
                for skill_id in loop_round.focus_skills
                if skill_id in skills
            ],
        }
