"""What loops do when something happens elsewhere.

A new job gets its loop; the job page learns what its loop looks like; the new-job form
learns which loop templates it can offer.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from hiring.accounts.models import User
from hiring.jobs.models import Job
from hiring.jobs.signals import (
    LoopRoundSummary,
    LoopSummary,
    LoopTemplateOption,
    job_opened,
    loop_summary_wanted,
    loop_templates_wanted,
)
from hiring.loops import loop_templates, services


def plan_loop_for_new_job(job: Job, **options: Any) -> None:
    services.create_loop(job, options.get("loop_template_id"))


def summarise_loop_for_job_page(job: Job, *, actor: User) -> LoopSummary | None:
    try:
        view = services.get_loop(actor, job.id)
    except services.LoopMissing:
        return None
    warnings = view.coverage.warnings
    return LoopSummary(
        rounds=tuple(LoopRoundSummary(r.name, r.duration) for r in view.loop.rounds),
        coverage_errors=sum(1 for warning in warnings if warning.severity == "error"),
        coverage_warnings=len(warnings),
    )


def offer_loop_templates(_sender: object) -> list[LoopTemplateOption]:
    return [
        LoopTemplateOption(template.id, template.name, template.role_family, template.level)
        for template in loop_templates.list_templates()
    ]


def init_app(app: Flask) -> None:
    # Connecting twice (one app per test) keeps a single connection.
    job_opened.connect(plan_loop_for_new_job, weak=False)
    loop_summary_wanted.connect(summarise_loop_for_job_page, weak=False)
    loop_templates_wanted.connect(offer_loop_templates, weak=False)
