"""The skill profile view: which skills a job must have, will teach, or would like."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.domain import Conflict, ValidationFailed
from hiring.input_rules import as_int
from hiring.jobs import queries, services
from hiring.jobs import snapshot as snap
from hiring.jobs.forms import ProfileForm
from hiring.jobs.models import Job
from hiring.jobs.profile import KIND_LABELS, KINDS, MUST, TRAINABLE, ProfileEntry, default_profile
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.web import permission_required


def _actor():
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _profile_rows(job: Job, submitted: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    snapshot = job.rubric_snapshot
    skills = snap.skills_of(snapshot)
    defaults = {entry.skill: entry for entry in default_profile(snap.level_of(snapshot))}
    current = {entry.skill: entry for entry in queries.profile_of(job)}
    try:
        rubric_categories = {c.id: c.name for c in current_rubric().categories}
    except RubricsUnavailable:  # the category names are decoration only
        rubric_categories = {}
    rows = []
    for skill_id, skill in skills.items():
        entry = current.get(skill_id)
        default = defaults.get(skill_id)
        kind = entry.kind if entry else ""
        level = entry.level if entry and entry.level else (default.level if default else None)
        if submitted is not None and skill_id in submitted:
            kind, raw_level = submitted[skill_id]
            level = as_int(raw_level)
        rows.append(
            {
                "skill": skill,
                "category": rubric_categories.get(skill.category, skill.category),
                "kind": kind,
                "level": level,
                "default": default,
                "changed": (default.kind if default else "") != kind
                or (kind in (MUST, TRAINABLE) and default is not None and default.level != level),
            }
        )
    order = {MUST: 0, TRAINABLE: 1, "nice": 2, "": 3}
    rows.sort(
        key=lambda row: (
            order[row["default"].kind if row["default"] else ""],
            order[row["kind"]],
            row["skill"].name,
        )
    )
    return rows


@permission_required(Action.MANAGE_JOBS)
def skills(job_id: int) -> ResponseReturnValue:
    job = queries.get_job(_actor(), job_id)
    form = (
        ProfileForm()
        if request.method == "POST"
        else ProfileForm(formdata=None, version=job.version)
    )
    submitted = None
    errors: dict[str, list[str]] = {}
    status = 200
    if form.validate_on_submit():
        skills_by_id = snap.skills_of(job.rubric_snapshot)
        submitted = {
            skill_id: (
                request.form.get(f"kind-{skill_id}", ""),
                request.form.get(f"level-{skill_id}", ""),
            )
            for skill_id in skills_by_id
        }
        defaults = {e.skill: e for e in default_profile(snap.level_of(job.rubric_snapshot))}
        current = {e.skill: e for e in queries.profile_of(job)}
        entries = []
        for skill_id, (kind, raw_level) in submitted.items():
            if not kind:
                continue
            if kind not in KINDS:
                errors[f"kind-{skill_id}"] = ["Choose how the job needs it."]
                continue
            base = current.get(skill_id) or defaults.get(skill_id)
            level = as_int(raw_level)
            entries.append(
                ProfileEntry(
                    skill=skill_id,
                    kind=kind,
                    level=level if kind in (MUST, TRAINABLE) else None,
                    weeks=(base.weeks if base and base.kind == TRAINABLE else None)
                    if kind == TRAINABLE
                    else None,
                    how=(base.how if base else "") if kind == TRAINABLE else "",
                    why=(base.why if base else "") if kind == MUST else "",
                )
            )
        if not errors:
            try:
                services.update_profile(
                    _actor(), job_id, expected_version=form.version.data, entries=entries
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except Conflict as exc:
                flash(exc.message, "danger")
                status = 409
                job = queries.get_job(_actor(), job_id)
                form.version.data = job.version
            else:
                flash(
                    "Skills saved. Regenerate the description to bring them into its text.",
                    "success",
                )
                return redirect(url_for("jobs.show", job_id=job_id))
        if errors:
            status = 422
    elif request.method == "POST":
        status = 400
    rows = _profile_rows(job, submitted)
    must_count = sum(1 for row in rows if row["kind"] == MUST)
    return (
        render_template(
            "jobs/skills.html",
            job=job,
            form=form,
            rows=rows,
            errors=errors,
            kind_labels=KIND_LABELS,
            must_count=must_count,
            changes=services.profile_diff(job),
        ),
        status,
    )
