"""GET /api/v1/rubrics/roles and /api/v1/rubrics/skills: the rubric jobs are opened from.

Read-only views of the rubric the app serves (``hiring.rubrics.registry``); every user
may read them. When no valid rubric was ever loaded the app answers 503.
"""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from flask.views import MethodView

from hiring.api.auth import requires_permission, requires_token, resource
from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.rubrics.types import FOCUSES, LEVELS, TRACKS, RoleFamily, RoleLevel, Skill

blp = resource("api-rubrics", "/rubrics", "Role families, levels and skills from the hiring rubric")

UNAVAILABLE = http.HTTPStatus.SERVICE_UNAVAILABLE
SCALE_KEYS = ("1", "2", "3", "4")


def _level_number(description: str) -> ma.fields.Integer:
    return ma.fields.Integer(
        required=True, validate=ma.validate.Range(1, 4), metadata={"description": description}
    )


class MustHaveSchema(ma.Schema):
    skill = ma.fields.String(required=True, metadata={"description": "A skill id"})
    bar = _level_number("The level on the skill's 1-4 scale a hire must show on day one")
    why = ma.fields.String(required=True, metadata={"description": "Why it is needed on day one"})


class TrainableSchema(ma.Schema):
    skill = ma.fields.String(required=True, metadata={"description": "A skill id"})
    target = _level_number("The level the team brings a hire to")
    weeks = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=0),
        metadata={"description": "Typical ramp-up"},
    )
    how = ma.fields.String(required=True, metadata={"description": "How it is learned"})


class YearsSchema(ma.Schema):
    min = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0))
    max = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0))


class RoleLevelSchema(ma.Schema):
    level = ma.fields.String(required=True, validate=ma.validate.OneOf(LEVELS))
    title = ma.fields.String(required=True)
    scope = ma.fields.String(required=True)
    years = ma.fields.Nested(
        YearsSchema,
        required=True,
        metadata={"description": "Typical years of experience for the level"},
    )
    must_have = ma.fields.List(ma.fields.Nested(MustHaveSchema), required=True)
    trainable = ma.fields.List(ma.fields.Nested(TrainableSchema), required=True)
    nice_to_have = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "Skill ids"}
    )
    rounds = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "Interview round ids of the loop, in order"},
    )


class RoleFamilySchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    focus = ma.fields.String(required=True, validate=ma.validate.OneOf(FOCUSES))
    track = ma.fields.String(required=True, validate=ma.validate.OneOf(TRACKS))
    summary = ma.fields.String(required=True)
    responsibilities = ma.fields.List(ma.fields.String(), required=True)
    levels = ma.fields.List(
        ma.fields.Nested(RoleLevelSchema),
        required=True,
        metadata={"description": f"One per level, in the order {', '.join(LEVELS)}"},
    )


class RolesSchema(ma.Schema):
    rubric_version = ma.fields.String(
        required=True,
        metadata={"description": "Digest of the rubric files; jobs record the one they used"},
    )
    roles = ma.fields.List(ma.fields.Nested(RoleFamilySchema), required=True)


class CategorySchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class ScaleSchema(ma.Schema):
    """What each level of a skill looks like, keyed by level: "1" to "4"."""

    class Meta:
        # The keys are digits, which are not valid attribute names.
        include = {key: ma.fields.String(required=True) for key in SCALE_KEYS}


class SkillSchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    category = ma.fields.String(
        required=True, metadata={"description": "A category id (see `categories`)"}
    )
    description = ma.fields.String(required=True)
    keywords = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "Lowercase words and phrases naming the skill in a job ad"},
    )
    scale = ma.fields.Nested(
        ScaleSchema,
        required=True,
        metadata={
            "description": 'The 1-4 scale as an object: "1" below the bar, "2" working '
            'knowledge, "3" independent, "4" expert; each value says what that level '
            "looks like for this skill."
        },
    )


class SkillsSchema(ma.Schema):
    rubric_version = ma.fields.String(required=True)
    categories = ma.fields.List(ma.fields.Nested(CategorySchema), required=True)
    skills = ma.fields.List(ma.fields.Nested(SkillSchema), required=True)


def _level(level: RoleLevel) -> dict[str, Any]:
    return {
        "level": level.level,
        "title": level.title,
        "scope": level.scope,
        "years": {"min": level.years[0], "max": level.years[1]},
        "must_have": [{"skill": m.skill, "bar": m.bar, "why": m.why} for m in level.must_have],
        "trainable": [
            {"skill": t.skill, "target": t.target, "weeks": t.weeks, "how": t.how}
            for t in level.trainable
        ],
        "nice_to_have": list(level.nice_to_have),
        "rounds": list(level.rounds),
    }


def _role(role: RoleFamily) -> dict[str, Any]:
    return {
        "id": role.id,
        "name": role.name,
        "focus": role.focus,
        "track": role.track,
        "summary": role.summary,
        "responsibilities": list(role.responsibilities),
        "levels": [_level(level) for level in role.levels],
    }


def _skill(skill: Skill) -> dict[str, Any]:
    return {
        "id": skill.id,
        "name": skill.name,
        "category": skill.category,
        "description": skill.description,
        "keywords": list(skill.keywords),
        "scale": dict(zip(SCALE_KEYS, skill.scale, strict=True)),
    }


@blp.route("/roles")
class Roles(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_RUBRICS)
    @blp.response(200, RolesSchema)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def get(self) -> dict[str, Any]:
        """Role families with their levels: scope, years, must-haves, trainable skills, loop."""
        rubric = current_rubric()
        return {"rubric_version": rubric.version, "roles": [_role(r) for r in rubric.roles]}


@blp.route("/skills")
class Skills(MethodView):
    @requires_token(blp)
    @requires_permission(Action.VIEW_RUBRICS)
    @blp.response(200, SkillsSchema)
    @blp.alt_response(UNAVAILABLE, response=UNAVAILABLE.name)
    def get(self) -> dict[str, Any]:
        """Skills with their category, description, keywords and 1-4 scale."""
        rubric = current_rubric()
        return {
            "rubric_version": rubric.version,
            "categories": [{"id": c.id, "name": c.name} for c in rubric.categories],
            "skills": [_skill(skill) for skill in rubric.skills],
        }
