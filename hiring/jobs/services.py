"""What people do with jobs: open them, edit their details, tune their skills.

Each function owns its transaction, asks ``policy`` and writes the audit log. The
brains are pure modules: ``generate`` writes the description, ``lint`` checks it,
``profile`` compares the tuned skills with the rubric. Writing the description is
``descriptions``; putting the job on the careers site is ``publication``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import ValidationFailed
from hiring.extensions import db
from hiring.jobs import places
from hiring.jobs import snapshot as snap
from hiring.jobs.conflicts import check_version
from hiring.jobs.descriptions import add_version, generated_markdown
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES
from hiring.jobs.models import DRAFT, Job
from hiring.jobs.profile import (
    KINDS,
    MUST,
    TRAINABLE,
    ProfileChange,
    ProfileEntry,
    default_profile,
    profile_changes,
    profile_to_json,
)
from hiring.jobs.queries import get_job, profile_of
from hiring.jobs.signals import job_opened
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import FOCUSES, LEVELS, TEAM_STAGES, Rubric
from hiring.transactions import commit_or_conflict

MAX_APPLICANT_COUNTRIES = 67  # two letters and a comma each, in 200 characters
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD")


@dataclass(frozen=True)
class JobInput:
    title: str
    role_family: str
    level: str
    team: str
    company_stage: str
    focus: str
    location: str
    remote_policy: str
    remote_regions: str
    employment_type: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    headcount: int
    target_start: date | None
    hiring_manager_id: int | None = None
    loop_template_id: int | None = None
    # The structured place; when all three are empty, ``location`` is read as one line
    # (what the API sends). ``remote_regions``: country names or ISO codes, comma-separated.
    city: str = ""
    region: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class PlaceFields:
    location: str
    city: str
    region: str
    country_code: str
    remote_regions: str


def place_fields(data: JobInput) -> PlaceFields:
    """Where the job is and who may apply from where, as the job stores them."""
    if data.city.strip() or data.region.strip() or data.country_code.strip():
        place = places.Place(
            " ".join(data.city.split()), " ".join(data.region.split()), data.country_code.upper()
        )
    else:
        place = places.parse_location(data.location)
    codes, _unknown = places.parse_countries(places.split_list(data.remote_regions))
    return PlaceFields(
        location=places.location_text(place)[:200],
        # Read from a one-line location, a part can be longer than its column; the
        # line itself is kept whole above.
        city=place.city[:100],
        region=place.region[:100],
        country_code=place.country_code,
        remote_regions=",".join(codes),
    )


def _validate(data: JobInput, rubric: Rubric | None, *, creating: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = ["Give the job a title."]
    elif len(data.title) > 200:
        errors["title"] = ["Use at most 200 characters."]
    if creating and rubric is not None:
        if data.role_family not in rubric.roles_by_id:
            errors["role_family"] = ["Choose a role family from the rubric."]
        if data.level not in LEVELS:
            errors["level"] = ["Choose a level."]
    if data.company_stage not in TEAM_STAGES:
        errors["company_stage"] = ["Choose the company's ML stage."]
    if data.focus not in FOCUSES:
        errors["focus"] = ["Choose product, data or platform."]
    if data.remote_policy not in REMOTE_POLICIES:
        errors["remote_policy"] = ["Choose on-site, hybrid or remote."]
    where = " ".join((data.location, data.city, data.region, data.country_code)).strip()
    if data.remote_policy != "remote" and not where:
        errors["location"] = ["Say where the job is; only fully remote jobs can leave this empty."]
    if data.country_code.strip() and data.country_code.upper() not in places.countries():
        errors["country_code"] = ["Choose a country from the list."]
    for field in ("city", "region"):
        if len(getattr(data, field)) > 100:
            errors[field] = ["Use at most 100 characters."]
    codes, unknown = places.parse_countries(places.split_list(data.remote_regions))
    if unknown:
        errors["remote_regions"] = [
            f"Choose countries from the list; not a country: {', '.join(unknown)}."
        ]
    elif len(codes) > MAX_APPLICANT_COUNTRIES:
        errors["remote_regions"] = [
            f"Choose at most {MAX_APPLICANT_COUNTRIES} countries (the ad names each one)."
        ]
    if data.employment_type not in EMPLOYMENT_TYPES:
        errors["employment_type"] = ["Choose an employment type."]
    if data.salary_currency not in CURRENCIES:
        errors["salary_currency"] = [f"Choose one of {', '.join(CURRENCIES)}."]
    for field, value in (("salary_min", data.salary_min), ("salary_max", data.salary_max)):
        if value is not None and not 0 < value < 100_000_000:
            errors[field] = ["Enter a yearly amount above zero."]
    if (
        data.salary_min is not None
        and data.salary_max is not None
        and data.salary_min > data.salary_max
        and "salary_max" not in errors
    ):
        errors["salary_max"] = ["The top of the range must not be below the bottom."]
    if not 1 <= data.headcount <= 500:
        errors["headcount"] = ["Enter between 1 and 500 openings."]
    if errors:
        raise ValidationFailed(errors)


def _check_hiring_manager(hiring_manager_id: int | None) -> None:
    if hiring_manager_id is None:
        return
    user = db.session.scalar(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.id == hiring_manager_id,
            User.active.is_(True),
            UserRole.role == Role.HIRING_MANAGER.value,
        )
    )
    if user is None:
        raise ValidationFailed({"hiring_manager_id": ["Choose an active hiring manager."]})


def create_job(
    actor: User, data: JobInput, *, before_commit: Callable[[Job], None] | None = None
) -> Job:
    """Open a job; ``before_commit`` runs in its transaction once it has its id (the
    form keeps its one-time token there)."""
    policy.require(actor, Action.MANAGE_JOBS)
    rubric = current_rubric()
    _validate(data, rubric, creating=True)
    _check_hiring_manager(data.hiring_manager_id)
    snapshot = snap.take_snapshot(rubric, data.role_family, data.level)
    level = rubric.role(data.role_family).level(data.level)
    where = place_fields(data)
    job = Job(
        public_id=secrets.token_urlsafe(9),
        title=data.title.strip(),
        role_family=data.role_family,
        level=data.level,
        team=data.team.strip(),
        company_stage=data.company_stage,
        focus=data.focus,
        location=where.location,
        city=where.city,
        region=where.region,
        country_code=where.country_code,
        remote_policy=data.remote_policy,
        remote_regions=where.remote_regions,
        employment_type=data.employment_type,
        salary_min=data.salary_min,
        salary_max=data.salary_max,
        salary_currency=data.salary_currency,
        headcount=data.headcount,
        target_start=data.target_start,
        status=DRAFT,
        rubric_version=rubric.version,
        rubric_snapshot=snapshot,
        skill_profile=profile_to_json(default_profile(level)),
        hiring_manager_id=data.hiring_manager_id
        or (actor.id if actor.has_role(Role.HIRING_MANAGER) else None),
        created_by_id=actor.id,
    )
    db.session.add(job)
    db.session.flush()
    # The interview loop is planned now, so the first lint already checks its coverage.
    job_opened.send(job, actor=actor, loop_template_id=data.loop_template_id)
    add_version(job, actor, generated_markdown(job), "Generated from the rubric")
    audit.record(
        actor,
        "job.created",
        "job",
        job.id,
        f"Opened {job.title!r} ({data.role_family}, {data.level}) from rubric {rubric.version}",
    )
    if before_commit is not None:
        before_commit(job)
    commit_or_conflict("job")
    return job


def update_job(actor: User, job_id: int, *, expected_version: int | None, data: JobInput) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    check_version(job, expected_version)
    _validate(data, None, creating=False)
    _check_hiring_manager(data.hiring_manager_id)
    fields = (
        "title", "team", "company_stage", "focus", "location", "city", "region",
        "country_code", "remote_policy", "remote_regions", "employment_type", "salary_min",
        "salary_max", "salary_currency", "headcount", "target_start", "hiring_manager_id",
    )  # fmt: skip
    where = place_fields(data)
    changed = []
    for field in fields:
        value = getattr(where if hasattr(where, field) else data, field)
        value = value.strip() if isinstance(value, str) else value
        if getattr(job, field) != value:
            changed.append(field)
            setattr(job, field, value)
    if not changed:
        return job
    job.updated_at = utcnow()
    audit.record(
        actor,
        "job.updated",
        "job",
        job.id,
        f"Changed {', '.join(f.replace('_', ' ') for f in changed)} of {job.title!r}",
        {"fields": changed},
    )
    commit_or_conflict("job")
    return job


def profile_diff(job: Job) -> list[ProfileChange]:
    snapshot = job.rubric_snapshot
    names = {skill_id: skill.name for skill_id, skill in snap.skills_of(snapshot).items()}
    return profile_changes(default_profile(snap.level_of(snapshot)), profile_of(job), names)


def update_profile(
    actor: User, job_id: int, *, expected_version: int | None, entries: list[ProfileEntry]
) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    check_version(job, expected_version)
    skills = snap.skills_of(job.rubric_snapshot)
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    cleaned: list[ProfileEntry] = []
    for entry in entries:
        if entry.skill not in skills:
            errors.setdefault("profile", []).append(f"Unknown skill {entry.skill!r}.")
            continue
        if entry.skill in seen:
            errors.setdefault("profile", []).append(f"{skills[entry.skill].name} is listed twice.")
            continue
        seen.add(entry.skill)
        if entry.kind not in KINDS:
            errors.setdefault(f"kind-{entry.skill}", []).append("Choose how the job needs it.")
            continue
        if entry.kind in (MUST, TRAINABLE) and (entry.level is None or not 1 <= entry.level <= 4):
            what = "bar" if entry.kind == MUST else "target level"
            errors.setdefault(f"level-{entry.skill}", []).append(f"Choose a {what} from 1 to 4.")
            continue
        cleaned.append(entry)
    if errors:
        raise ValidationFailed(errors)
    order = {MUST: 0, TRAINABLE: 1}
    cleaned.sort(key=lambda e: order.get(e.kind, 2))
    before = profile_of(job)
    job.skill_profile = profile_to_json(tuple(cleaned))
    changes = profile_changes(before, tuple(cleaned), {k: v.name for k, v in skills.items()})
    if not changes:
        return job
    job.updated_at = utcnow()
    audit.record(
        actor,
        "job.profile_changed",
        "job",
        job.id,
        f"Tuned the skills of {job.title!r}: " + "; ".join(c.summary for c in changes),
    )
    commit_or_conflict("job")
    return job


def rubric_changes(job: Job) -> list[str]:
    """What a newer rubric would change for this job (empty when it is current)."""
    try:
        rubric = current_rubric()
    except RubricsUnavailable:
        return []
    return snap.rubric_changes(job.rubric_snapshot, rubric)
