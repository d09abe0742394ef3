"""The rubric browser: role families by level, skills and their scales, rounds and questions."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from hiring.policy import Action
from hiring.rubrics.registry import current_rubric
from hiring.web import permission_required

rubrics = Blueprint("rubrics", __name__, url_prefix="/rubrics")


@rubrics.get("")
@permission_required(Action.VIEW_RUBRICS)
def index() -> ResponseReturnValue:
    return render_template("rubrics/index.html", rubric=current_rubric())
