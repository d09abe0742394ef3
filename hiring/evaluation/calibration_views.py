"""Interviewer calibration in the browser."""

from __future__ import annotations

from flask import Blueprint

calibration = Blueprint("calibration", __name__)
