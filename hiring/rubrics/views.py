"""The rubric browser: role families by level, skills and their scales, rounds and questions.

Thin views: the grouping and cross references live in :mod:`hiring.rubrics.browse`, search
in :mod:`hiring.rubrics.search`.
Admins see the problems of invalid rubric files on every page here (and on the
dashboard) while the last good rubric keeps being served.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import policy
from hiring.errors import problem, wants_problem_json
from hiring.policy import Action
from hiring.rubrics import browse
from hiring.rubrics.registry import (
    ProblemsPanel,
    RubricsUnavailable,
    current_rubric,
    problems_panel,
)
from hiring.rubrics.search import MAX_QUERY_LENGTH, search
from hiring.rubrics.types import LEVEL_LABELS, SCALE_LABELS, Rubric
from hiring.web import permission_required

log = logging.getLogger("hiring.rubrics")

rubrics = Blueprint("rubrics", __name__, url_prefix="/rubrics")

RETRY_AFTER_SECONDS = "60"


def _render(template: str, rubric: Rubric, **context: Any) -> str:
    return render_template(
        template,
        rubric=rubric,
        rubric_problems=problems_panel(current_user),
        level_labels=LEVEL_LABELS,
        scale_labels=SCALE_LABELS,
        focus_labels=browse.FOCUS_LABELS,
        track_labels=browse.TRACK_LABELS,
        **context,
    )


def _query() -> str:
    return request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]


@rubrics.get("")
@permission_required(Action.VIEW_RUBRICS)
def index() -> ResponseReturnValue:
    rubric = current_rubric()
    query = _query()
    results = search(rubric, query) if query else None
    return _render(
        "rubrics/index.html",
        rubric,
        query=query,
        results=results,
        focus_groups=browse.roles_by_focus(rubric),
    )


@rubrics.get("/teams")
@permission_required(Action.VIEW_RUBRICS)
def teams() -> ResponseReturnValue:
    """Team composition (``teams.yaml``): what an ML team at each stage is like, whom to
    hire first, and the staffing ratios."""
    rubric = current_rubric()
    return _render("rubrics/teams.html", rubric, stages=rubric.team_stages, ratios=rubric.ratios)


@rubrics.get("/roles/<role_id>")
@permission_required(Action.VIEW_RUBRICS)
def role(role_id: str) -> ResponseReturnValue:
    rubric = current_rubric()
    family = rubric.roles_by_id.get(role_id)
    if family is None:
        abort(404)
    level_name = request.args.get("level") or browse.default_level(family)
    try:
        view = browse.level_view(rubric, family, level_name)
    except KeyError:
        abort(404)
    return _render("rubrics/role.html", rubric, role=family, view=view)


@rubrics.get("/skills")
@permission_required(Action.VIEW_RUBRICS)
def skills() -> ResponseReturnValue:
    rubric = current_rubric()
    query = _query()
    category = request.args.get("category", "")
    if category not in rubric.categories_by_id:
        category = ""
    groups = browse.skills_by_category(rubric, query=query, category=category or None)
    return _render(
        "rubrics/skills.html",
        rubric,
        query=query,
        category=category,
        groups=groups,
        shown=sum(len(group.skills) for group in groups),
        filtered=bool(query or category),
    )


@rubrics.get("/skills/<skill_id>")
@permission_required(Action.VIEW_RUBRICS)
def skill(skill_id: str) -> ResponseReturnValue:
    rubric = current_rubric()
    found = rubric.skills_by_id.get(skill_id)
    if found is None:
        abort(404)
    uses = browse.skill_uses(rubric, skill_id)
    return _render(
        "rubrics/skill.html",
        rubric,
        skill=found,
        category=rubric.categories_by_id.get(found.category),
        uses=uses,
        matrix=browse.skill_matrix(uses),
        rounds=browse.questions_for_skill(rubric, skill_id),
    )


@rubrics.get("/rounds")
@permission_required(Action.VIEW_RUBRICS)
def rounds() -> ResponseReturnValue:
    rubric = current_rubric()
    return _render("rubrics/rounds.html", rubric, summaries=browse.round_summaries(rubric))


@rubrics.get("/rounds/<round_id>")
@permission_required(Action.VIEW_RUBRICS)
def round(round_id: str) -> ResponseReturnValue:  # the endpoint is rubrics.round
    rubric = current_rubric()
    found = rubric.rounds_by_id.get(round_id)
    if found is None:
        abort(404)
    return _render(
        "rubrics/round.html",
        rubric,
        round=found,
        bank=browse.question_bank(rubric, found),
        timing=browse.timing_plan(found),
        uses=browse.round_uses(rubric, round_id),
    )


@rubrics.app_template_filter("minutes")
def minutes_filter(value: int) -> str:
    return browse.format_minutes(value)


@rubrics.app_errorhandler(RubricsUnavailable)
def rubrics_unavailable(exc: RubricsUnavailable) -> ResponseReturnValue:
    """No valid rubric set was ever loaded: any page that needs one answers 503."""
    log.warning("no valid rubric set: %d problem(s)", len(exc.problems))
    headers = {"Retry-After": RETRY_AFTER_SECONDS}
    if wants_problem_json():
        return problem(503, "The rubric files are being fixed; try again later.", headers=headers)
    show = policy.can(current_user, Action.VIEW_RUBRIC_PROBLEMS)
    html = render_template(
        "rubrics/unavailable.html",
        rubric_problems=ProblemsPanel(exc.problems, None) if show else None,
    )
    return Response(html, status=503, mimetype="text/html", headers=headers)
