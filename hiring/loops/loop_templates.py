"""Loop templates: a tuned loop saved under a name, for new jobs of its role and level."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.loops.models import LoopTemplate
from hiring.loops.services import load_loop
from hiring.policy import Action


def save_template(actor: User, job_id: int, name: str) -> LoopTemplate:
    policy.require(actor, Action.MANAGE_LOOPS)
    loop = load_loop(job_id)
    label = name.strip()
    if not label:
        raise ValidationFailed({"name": ["Name the template so others can pick it."]})
    if len(label) > 200:
        raise ValidationFailed({"name": ["Use at most 200 characters."]})
    template = LoopTemplate(
        name=label,
        role_family=loop.job.role_family,
        level=loop.job.level,
        rounds=[
            {
                "round_id": r.round_id,
                "duration": r.duration,
                "focus_skills": list(r.focus_skills),
                "question_ids": [q["id"] for q in r.questions],
            }
            for r in loop.rounds
        ],
        created_by_id=actor.id,
    )
    db.session.add(template)
    db.session.flush()
    audit.record(
        actor, "loop.template_saved", "loop_template", template.id,
        f"Saved the loop of {loop.job.title!r} as template {label!r}",
    )  # fmt: skip
    db.session.commit()
    return template


def list_templates(role_family: str | None = None, level: str | None = None) -> list[LoopTemplate]:
    query = select(LoopTemplate).options(joinedload(LoopTemplate.created_by))
    if role_family:
        query = query.where(LoopTemplate.role_family == role_family)
    if level:
        query = query.where(LoopTemplate.level == level)
    return list(
        db.session.scalars(
            query.order_by(LoopTemplate.role_family, LoopTemplate.level, LoopTemplate.name)
        )
    )
