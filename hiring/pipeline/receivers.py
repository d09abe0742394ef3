"""What the pipeline adds to other features' pages: a candidate's applications, with
their stage history, and the form that adds the candidate to a job."""

from __future__ import annotations

from typing import Any

from flask import Flask

from hiring.accounts.models import User
from hiring.candidates import signals as candidate_signals
from hiring.candidates.models import Candidate
from hiring.fragments import Fragment
from hiring.pipeline import lists, services
from hiring.pipeline.forms import AddToJobForm, add_to_job_choices


def candidate_applications(
    candidate: Candidate, *, actor: User, forms: dict[str, Any], **_: Any
) -> Fragment:
    form = forms.get("add_to_job") or add_to_job_choices(
        AddToJobForm(formdata=None), services.open_jobs(), services.recruiters()
    )
    return Fragment(
        "pipeline/_candidate_applications.html",
        slot="main",
        order=10,
        context={
            "candidate": candidate,
            "applications": lists.applications_of(actor, candidate.id),
            "pipeline": services.current_pipeline(),
            "add_form": form,
        },
    )


def init_app(app: Flask) -> None:
    candidate_signals.candidate_page.connect(candidate_applications, weak=False)
