"""The part of the rubric a job was created from, frozen as JSON in the job's row.

A later rubric change never alters an existing job: generation and the skill profile
read the snapshot. ``rubric_changes`` says, in words, what a newer rubric would change.
Pure.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hiring.rubrics.types import (
    MustHave,
    NoLongerMustHave,
    RoleFamily,
    RoleLevel,
    Round,
    Rubric,
    Skill,
    TeamStage,
    TimingStep,
    Trainable,
)

SNAPSHOT_FORMAT = 1


def take_snapshot(rubric: Rubric, role_id: str, level: str) -> dict[str, Any]:
    role = rubric.role(role_id)
    role_level = role.level(level)
    return {
        "format": SNAPSHOT_FORMAT,
        "version": rubric.version,
        "role": {
            "id": role.id,
            "name": role.name,
            "focus": role.focus,
            "track": role.track,
            "summary": role.summary,
            "responsibilities": list(role.responsibilities),
            "responsibility_levels": [list(levels) for levels in role.responsibility_levels],
            "product": role.product,
            "tech_stack": list(role.tech_stack),
        },
        "level": asdict(role_level),
        # Every level's must-have bars, so a debrief can hold the evidence against the
        # neighbouring levels as they were when the job opened.
        "ladder": ladder_from(role),
        "skills": {skill.id: asdict(skill) for skill in rubric.skills},
        "rounds": {
            round_id: {**asdict(rubric.round(round_id)), "questions": []}
            for round_id in role_level.rounds
            if round_id in rubric.rounds_by_id
        },
        "team_stages": {stage.id: asdict(stage) for stage in rubric.team_stages},
    }


def ladder_from(role: RoleFamily) -> dict[str, dict[str, Any]]:
    return {
        level.level: {
            "title": level.title,
            "must_have": {must.skill: must.bar for must in level.must_have},
        }
        for level in role.levels
    }


def ladder_of(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The role family's levels with their must-have bars, as pinned; None for jobs
    opened before the snapshot kept them."""
    return snapshot.get("ladder")


def role_of(snapshot: dict[str, Any]) -> RoleFamily:
    role = snapshot["role"]
    return RoleFamily(
        id=role["id"],
        name=role["name"],
        focus=role["focus"],
        track=role["track"],
        summary=role["summary"],
        responsibilities=tuple(role["responsibilities"]),
        levels=(level_of(snapshot),),
        # Jobs opened before the ad texts existed have none of these.
        responsibility_levels=tuple(tuple(item) for item in role.get("responsibility_levels", ())),
        product=role.get("product", ""),
        tech_stack=tuple(role.get("tech_stack", ())),
    )


def level_of(snapshot: dict[str, Any]) -> RoleLevel:
    level = snapshot["level"]
    return RoleLevel(
        level=level["level"],
        title=level["title"],
        scope=level["scope"],
        years=(level["years"][0], level["years"][1]),
        must_have=tuple(MustHave(**item) for item in level["must_have"]),
        trainable=tuple(Trainable(**item) for item in level["trainable"]),
        nice_to_have=tuple(level["nice_to_have"]),
        rounds=tuple(level["rounds"]),
        no_longer_must_have=tuple(
            NoLongerMustHave(**item) for item in level.get("no_longer_must_have", ())
        ),
        responsibilities=tuple(level.get("responsibilities", ())),
    )


def skills_of(snapshot: dict[str, Any]) -> dict[str, Skill]:
    return {
        skill_id: Skill(
            id=data["id"],
            name=data["name"],
            category=data["category"],
            description=data["description"],
            keywords=tuple(data["keywords"]),
            scale=(data["scale"][0], data["scale"][1], data["scale"][2], data["scale"][3]),
            in_ad=tuple((level, text) for level, text in data.get("in_ad", ())),
        )
        for skill_id, data in snapshot["skills"].items()
    }


def rounds_of(snapshot: dict[str, Any]) -> dict[str, Round]:
    return {
        round_id: Round(
            id=data["id"],
            name=data["name"],
            technical=data["technical"],
            purpose=data["purpose"],
            duration=data["duration"],
            max_focus_skills=data["max_focus_skills"],
            interviewers=data["interviewers"],
            timing=tuple(TimingStep(**step) for step in data["timing"]),
            assesses=tuple(data["assesses"]),
            questions=(),
            for_candidates=data.get("for_candidates", ""),
        )
        for round_id, data in snapshot["rounds"].items()
    }


def team_stage_of(snapshot: dict[str, Any], stage_id: str) -> TeamStage | None:
    stage = snapshot.get("team_stages", {}).get(stage_id)
    return TeamStage(**stage) if stage else None


def rubric_changes(snapshot: dict[str, Any], rubric: Rubric) -> list[str]:
    """What the current rubric says differently for this job's role and level."""
    if snapshot.get("version") == rubric.version:
        return []
    role_id = snapshot["role"]["id"]
    if role_id not in rubric.roles_by_id:
        return [f"The role family {snapshot['role']['name']!r} no longer exists in the rubric."]
    old = level_of(snapshot)
    try:
        new = rubric.role(role_id).level(old.level)
    except KeyError:
        return [f"The rubric no longer defines the {old.level} level for this role."]
    names = {skill.id: skill.name for skill in rubric.skills}

    def name(skill_id: str) -> str:
        return names.get(skill_id) or snapshot["skills"].get(skill_id, {}).get("name", skill_id)

    changes: list[str] = []
    old_must = {m.skill: m.bar for m in old.must_have}
    new_must = {m.skill: m.bar for m in new.must_have}
    for skill, bar in new_must.items():
        if skill not in old_must:
            changes.append(f"{name(skill)} is now a must-have (bar {bar}).")
        elif old_must[skill] != bar:
            changes.append(f"The bar for {name(skill)} moved from {old_must[skill]} to {bar}.")
    for skill in old_must.keys() - new_must.keys():
        changes.append(f"{name(skill)} is no longer a must-have.")
    old_trainable = {t.skill for t in old.trainable}
    new_trainable = {t.skill for t in new.trainable}
    for skill in sorted(new_trainable - old_trainable):
        changes.append(f"{name(skill)} is now trainable.")
    for skill in sorted(old_trainable - new_trainable - new_must.keys()):
        changes.append(f"{name(skill)} is no longer listed as trainable.")
    if set(old.nice_to_have) != set(new.nice_to_have):
        changes.append("The nice-to-have skills changed.")
    if old.rounds != new.rounds:
        changes.append(
            f"The interview loop changed from {', '.join(old.rounds)} to {', '.join(new.rounds)}."
        )
    if old.title != new.title or old.scope != new.scope or old.years != new.years:
        changes.append("The level's title, scope or typical experience changed.")
    if not changes:
        changes.append("Wording elsewhere in the rubric changed; this role and level are the same.")
    return changes
