"""A job's skill profile: what it needs on day one, what it will teach, what helps.

It starts from the rubric's role level and can be tuned per job; every difference from
the rubric default is shown, so a tuned job never drifts silently. Pure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hiring.rubrics.types import RoleLevel

MUST = "must"
TRAINABLE = "trainable"
NICE = "nice"
KINDS = (MUST, TRAINABLE, NICE)
KIND_LABELS = {MUST: "Must-have", TRAINABLE: "Trainable", NICE: "Nice to have"}


@dataclass(frozen=True)
class ProfileEntry:
    skill: str
    kind: str  # must | trainable | nice
    level: int | None = None  # the bar for a must-have, the target for a trainable skill
    weeks: int | None = None  # ramp-up of a trainable skill
    how: str = ""  # how a trainable skill is learned
    why: str = ""  # why a must-have is needed on day one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProfileEntry:
        return cls(
            **{key: data.get(key) for key in cls.__dataclass_fields__}
            | {
                "how": data.get("how") or "",
                "why": data.get("why") or "",
            }
        )


def default_profile(level: RoleLevel) -> tuple[ProfileEntry, ...]:
    entries = [
        ProfileEntry(skill=m.skill, kind=MUST, level=m.bar, why=m.why) for m in level.must_have
    ]
    entries += [
        ProfileEntry(skill=t.skill, kind=TRAINABLE, level=t.target, weeks=t.weeks, how=t.how)
        for t in level.trainable
    ]
    entries += [ProfileEntry(skill=skill, kind=NICE) for skill in level.nice_to_have]
    return tuple(entries)


def entries_of(profile: tuple[ProfileEntry, ...], kind: str) -> list[ProfileEntry]:
    return [entry for entry in profile if entry.kind == kind]


@dataclass(frozen=True)
class ProfileChange:
    skill: str
    change: str  # added | removed | promoted | demoted | moved | bar | target
    summary: str  # in words, against the rubric default


_RANK = {MUST: 0, TRAINABLE: 1, NICE: 2}


def profile_changes(
    default: tuple[ProfileEntry, ...], current: tuple[ProfileEntry, ...], names: dict[str, str]
) -> list[ProfileChange]:
    """How ``current`` differs from the rubric's ``default``, skill by skill."""
    before = {entry.skill: entry for entry in default}
    after = {entry.skill: entry for entry in current}
    changes: list[ProfileChange] = []
    for skill, entry in after.items():
        name = names.get(skill, skill)
        old = before.get(skill)
        if old is None:
            changes.append(
                ProfileChange(skill, "added", f"{name} added as {KIND_LABELS[entry.kind].lower()}")
            )
        elif old.kind != entry.kind:
            direction = "promoted" if _RANK[entry.kind] < _RANK[old.kind] else "demoted"
            changes.append(
                ProfileChange(
                    skill,
                    direction,
                    f"{name} {direction} from {KIND_LABELS[old.kind].lower()} "
                    f"to {KIND_LABELS[entry.kind].lower()}",
                )
            )
        elif entry.level != old.level and entry.kind in (MUST, TRAINABLE):
            what = "bar" if entry.kind == MUST else "target"
            changes.append(
                ProfileChange(
                    skill, what, f"{name} {what} {old.level} -> {entry.level} (rubric: {old.level})"
                )
            )
    for skill, old in before.items():
        if skill not in after:
            changes.append(
                ProfileChange(
                    skill,
                    "removed",
                    f"{names.get(skill, skill)} removed (rubric: {KIND_LABELS[old.kind].lower()})",
                )
            )
    return changes


def profile_to_json(profile: tuple[ProfileEntry, ...]) -> list[dict[str, Any]]:
    return [entry.to_dict() for entry in profile]


def profile_from_json(data: list[dict[str, Any]] | None) -> tuple[ProfileEntry, ...]:
    return tuple(ProfileEntry.from_dict(item) for item in data or [])
