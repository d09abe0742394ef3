"""The debrief of an application in the browser, and the hiring decision."""

from __future__ import annotations

from flask import Blueprint

evaluation = Blueprint("evaluation", __name__)
