"""What loops do when something happens elsewhere: a new job gets its loop."""

from __future__ import annotations

from typing import Any

from flask import Flask

from hiring.jobs.models import Job
from hiring.jobs.signals import job_opened
from hiring.loops import services


def plan_loop_for_new_job(job: Job, **options: Any) -> None:
    services.create_loop(job, options.get("loop_template_id"))


def init_app(app: Flask) -> None:
    # Connecting twice (one app per test) keeps a single connection.
    job_opened.connect(plan_loop_for_new_job, weak=False)
