"""Jobs and their descriptions."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from hiring.policy import Action
from hiring.web import permission_required

jobs = Blueprint("jobs", __name__, url_prefix="/jobs")


@jobs.get("")
@permission_required(Action.VIEW_JOBS)
def index() -> ResponseReturnValue:
    return render_template("jobs/index.html")
