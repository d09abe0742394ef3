"""The jobs blueprint: which URL runs which view (the public careers pages are the
``careers`` package).

The views live in modules by what they show (``job_views``, ``skill_views``,
``description_views``, ``publication_views``); this table is the one place that maps
URLs to them, so every route of the feature can be read at a glance. Each endpoint is
named after its view function (``jobs.show``, ``jobs.publish`` ...).
"""

from __future__ import annotations

from flask import Blueprint

from hiring.jobs import description_views, job_views, publication_views, skill_views

GET, POST, FORM = ("GET",), ("POST",), ("GET", "POST")

jobs = Blueprint("jobs", __name__, url_prefix="/jobs")

# list, open, edit
jobs.add_url_rule("", view_func=job_views.index, methods=GET)
jobs.add_url_rule("/new", view_func=job_views.create, methods=FORM)
jobs.add_url_rule("/<int:job_id>", view_func=job_views.show, methods=GET)
jobs.add_url_rule("/<int:job_id>/edit", view_func=job_views.edit, methods=FORM)
# skill profile
jobs.add_url_rule("/<int:job_id>/skills", view_func=skill_views.skills, methods=FORM)
# description
jobs.add_url_rule(
    "/<int:job_id>/description", view_func=description_views.description, methods=FORM
)
jobs.add_url_rule(
    "/<int:job_id>/description/preview", view_func=description_views.preview, methods=POST
)
jobs.add_url_rule(
    "/<int:job_id>/description/regenerate", view_func=description_views.regenerate, methods=POST
)
jobs.add_url_rule(
    "/<int:job_id>/description/versions/<int:number>/restore",
    view_func=description_views.restore,
    methods=POST,
)
jobs.add_url_rule(
    "/<int:job_id>/description/versions/<int:number>",
    view_func=description_views.version,
    methods=GET,
)
# publishing and exports
jobs.add_url_rule("/<int:job_id>/publish", view_func=publication_views.publish, methods=POST)
jobs.add_url_rule("/<int:job_id>/unpublish", view_func=publication_views.unpublish, methods=POST)
jobs.add_url_rule("/<int:job_id>/export.<fmt>", view_func=publication_views.export, methods=GET)
