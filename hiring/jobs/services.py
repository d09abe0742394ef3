"""What people do with jobs: open, tune, describe, publish.

Each function owns its transaction, asks ``policy`` and writes the audit log. The
brains are pure modules: ``generate`` writes the description, ``lint`` checks it,
``profile`` compares the tuned skills with the rubric, ``publishing`` shapes exports.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, undefer
from sqlalchemy.orm.exc import StaleDataError

from hiring import audit, policy
from hiring.accounts.models import User, UserRole
from hiring.database import utcnow
from hiring.domain import Conflict, DomainError, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import lint as jd_lint
from hiring.jobs import snapshot as snap
from hiring.jobs.generate import EMPLOYMENT_TYPES, REMOTE_POLICIES, JobFacts, generate_description
from hiring.jobs.models import DRAFT, PUBLISHED, UNPUBLISHED, Job, JobDescriptionVersion
from hiring.jobs.profile import (
    KINDS,
    MUST,
    TRAINABLE,
    ProfileChange,
    ProfileEntry,
    default_profile,
    entries_of,
    profile_changes,
    profile_from_json,
    profile_to_json,
)
from hiring.jobs.signals import job_opened
from hiring.policy import Action
from hiring.roles import Role
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.rubrics.types import FOCUSES, LEVELS, TEAM_STAGES, Rubric
from hiring.sanitize import render_markdown

CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD")
DEFAULT_VALIDITY = timedelta(days=60)
MAX_DESCRIPTION_LENGTH = 50_000


class Gone(DomainError):
    status = 410
    title = "Gone"


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


# --- reading ------------------------------------------------------------------------


def get_job(actor: User, job_id: int, *, with_snapshot: bool = True) -> Job:
    policy.require(actor, Action.VIEW_JOBS)
    query = select(Job).options(joinedload(Job.hiring_manager)).where(Job.id == job_id)
    if with_snapshot:
        query = query.options(undefer(Job.rubric_snapshot))
    job = db.session.scalar(query)
    if job is None:
        raise NotFound("There is no such job.")
    return job


@dataclass(frozen=True)
class JobFilter:
    query: str = ""
    status: str = ""
    role_family: str = ""
    level: str = ""


@dataclass(frozen=True)
class JobPage:
    jobs: list[Job]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(query: Select[tuple[Job]], filters: JobFilter) -> Select[tuple[Job]]:
    if filters.query:
        text = filters.query.strip()
        query = query.where(
            Job.title.icontains(text, autoescape=True) | Job.team.icontains(text, autoescape=True)
        )
    if filters.status:
        query = query.where(Job.status == filters.status)
    if filters.role_family:
        query = query.where(Job.role_family == filters.role_family)
    if filters.level:
        query = query.where(Job.level == filters.level)
    return query


def list_jobs(actor: User, filters: JobFilter, page: int = 1, per_page: int = 50) -> JobPage:
    """One page of jobs in three queries, whatever the number of jobs."""
    policy.require(actor, Action.VIEW_JOBS)
    query = _filtered(select(Job), filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    jobs = db.session.scalars(
        query.options(joinedload(Job.hiring_manager))
        .order_by(Job.updated_at.desc(), Job.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    counts = dict.fromkeys((DRAFT, PUBLISHED, UNPUBLISHED), 0)
    counts.update(
        dict(db.session.execute(select(Job.status, func.count(Job.id)).group_by(Job.status)).all())
    )
    return JobPage(list(jobs), total, page, per_page, counts)


def hiring_managers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.HIRING_MANAGER.value, User.active.is_(True))
            .order_by(User.name)
        )
    )


def description_versions(job: Job) -> list[JobDescriptionVersion]:
    return list(
        db.session.scalars(
            select(JobDescriptionVersion)
            .options(joinedload(JobDescriptionVersion.created_by))
            .where(JobDescriptionVersion.job_id == job.id)
            .order_by(JobDescriptionVersion.number.desc())
        )
    )


def description_version(job: Job, number: int) -> JobDescriptionVersion:
    version = db.session.scalar(
        select(JobDescriptionVersion)
        .options(joinedload(JobDescriptionVersion.created_by))
        .where(JobDescriptionVersion.job_id == job.id, JobDescriptionVersion.number == number)
    )
    if version is None:
        raise NotFound(f"This job has no description version {number}.")
    return version


def current_description(job: Job) -> JobDescriptionVersion | None:
    if not job.current_description_number:
        return None
    return description_version(job, job.current_description_number)


# --- validation ---------------------------------------------------------------------


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
    if data.remote_policy != "remote" and not data.location.strip():
        errors["location"] = ["Say where the job is; only fully remote jobs can leave this empty."]
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


def _commit(what: str = "job") -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict(
            f"Someone else changed this {what} while you were working on it. "
            "Reload to see the current version, then make your change again."
        ) from exc


def _check_version(job: Job, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != job.version:
        raise Conflict(
            f"{job.title} was changed by someone else after you opened it. The page now shows "
            "the current version; what you typed is kept so you can apply it again."
        )


# --- description: generate, lint, save -----------------------------------------------


def facts_of(job: Job) -> JobFacts:
    return JobFacts(
        title=job.title,
        team=job.team,
        company=current_app.config["COMPANY_NAME"],
        location=job.location,
        remote_policy=job.remote_policy,
        remote_regions=job.remote_regions,
        employment_type=job.employment_type,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        headcount=job.headcount,
        target_start=job.target_start,
        focus=job.focus,
    )


def profile_of(job: Job) -> tuple[ProfileEntry, ...]:
    return profile_from_json(job.skill_profile)


def generated_markdown(job: Job) -> str:
    snapshot = job.rubric_snapshot
    return generate_description(
        facts_of(job),
        snap.role_of(snapshot),
        snap.level_of(snapshot),
        profile_of(job),
        snap.skills_of(snapshot),
        snap.rounds_of(snapshot),
        snap.team_stage_of(snapshot, job.company_stage),
    )


def lint_context(job: Job) -> jd_lint.LintContext:
    snapshot = job.rubric_snapshot
    skills = snap.skills_of(snapshot)
    level = snap.level_of(snapshot)
    profile = profile_of(job)

    def lint_skill(skill_id: str) -> jd_lint.LintSkill:
        skill = skills.get(skill_id)
        if skill is None:
            return jd_lint.LintSkill(id=skill_id, name=skill_id)
        return jd_lint.LintSkill(id=skill.id, name=skill.name, keywords=skill.keywords)

    must = tuple(lint_skill(entry.skill) for entry in entries_of(profile, MUST))
    trainable = tuple(lint_skill(entry.skill) for entry in entries_of(profile, TRAINABLE))
    if job.assessed_skills is not None:
        assessed = frozenset(job.assessed_skills)  # what the job's own loop assesses
    else:
        rounds = snap.rounds_of(snapshot)
        assessed = frozenset(
            skill
            for round_id in level.rounds
            if round_id in rounds
            for skill in rounds[round_id].assesses
        )
    # Wording, technology ages and pay laws come from the current rubric: a better
    # word list should help every job, old ones included.
    try:
        lint_data = current_rubric().lint
    except RubricsUnavailable:  # no valid rubric: lint without the data-driven rules
        lint_data = None
    return jd_lint.LintContext(
        level=job.level,
        level_years=level.years,
        role_track=snapshot["role"]["track"],
        must_haves=must,
        trainable=trainable,
        location=job.location,
        remote_policy=job.remote_policy,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        assessed_skill_ids=assessed,
        current_year=utcnow().year,
        wording=tuple(jd_lint.WordingRule(w.terms, w.kind, w.suggestion) for w in lint_data.wording)
        if lint_data
        else (),
        technologies=tuple(jd_lint.TechnologyAge(t.terms, t.since) for t in lint_data.technologies)
        if lint_data
        else (),
        salary_laws=tuple(jd_lint.SalaryLaw(s.terms, s.name) for s in lint_data.salary_laws)
        if lint_data
        else (),
    )


def lint_markdown(job: Job, markdown: str) -> list[jd_lint.Finding]:
    return jd_lint.lint_description(markdown, lint_context(job))


@dataclass(frozen=True)
class Preview:
    html: str
    findings: list[jd_lint.Finding]


def preview_description(actor: User, job: Job, markdown: str) -> Preview:
    """Rendered, sanitised HTML and lint findings for text not saved yet."""
    policy.require(actor, Action.MANAGE_JOBS)
    return Preview(html=render_markdown(markdown), findings=lint_markdown(job, markdown))


def _add_version(job: Job, actor: User | None, markdown: str, note: str) -> JobDescriptionVersion:
    findings = lint_markdown(job, markdown)
    number = job.current_description_number + 1
    version = JobDescriptionVersion(
        job_id=job.id,
        number=number,
        markdown=markdown,
        html=render_markdown(markdown),
        findings=[asdict(finding) for finding in findings],
        note=note,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(version)
    job.current_description_number = number
    job.updated_at = utcnow()
    return version


def _check_base(job: Job, base_number: int | None) -> None:
    if base_number is not None and base_number != job.current_description_number:
        latest = description_version(job, job.current_description_number)
        who = latest.created_by.name if latest.created_by else "someone"
        raise Conflict(
            f"{who} saved version {latest.number} of this description "
            f"({latest.created_at:%Y-%m-%d %H:%M} UTC) while you were editing version "
            f"{base_number}. Your text is kept below: compare it with the current version, "
            "then save again."
        )


def save_description(
    actor: User, job_id: int, *, base_number: int | None, markdown: str, note: str = ""
) -> JobDescriptionVersion:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_base(job, base_number)
    text = markdown.replace("\r\n", "\n").strip() + "\n"
    if not text.strip():
        raise ValidationFailed({"markdown": ["The description cannot be empty."]})
    if len(text) > MAX_DESCRIPTION_LENGTH:
        raise ValidationFailed(
            {"markdown": [f"Keep the description under {MAX_DESCRIPTION_LENGTH:,} characters."]}
        )
    current = current_description(job)
    if current is not None and current.markdown == text:
        return current
    version = _add_version(job, actor, text, note.strip()[:200] or "Edited")
    audit.record(
        actor,
        "job.description_saved",
        "job",
        job.id,
        f"Saved description version {version.number} of {job.title!r}",
        {"number": version.number, "findings": len(version.findings)},
    )
    _commit()
    return version


def regenerate_description(
    actor: User, job_id: int, *, base_number: int | None
) -> JobDescriptionVersion:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_base(job, base_number)
    version = _add_version(
        job, actor, generated_markdown(job), "Regenerated from the job and its skills"
    )
    audit.record(
        actor, "job.description_regenerated", "job", job.id,
        f"Regenerated the description of {job.title!r} as version {version.number}",
    )  # fmt: skip
    _commit()
    return version


def restore_description(
    actor: User, job_id: int, number: int, *, base_number: int | None
) -> JobDescriptionVersion:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_base(job, base_number)
    old = description_version(job, number)
    version = _add_version(job, actor, old.markdown, f"Restored from version {number}")
    audit.record(
        actor, "job.description_restored", "job", job.id,
        f"Restored version {number} of the description of {job.title!r} "
        f"as version {version.number}",
    )  # fmt: skip
    _commit()
    return version


# --- jobs ---------------------------------------------------------------------------


def create_job(actor: User, data: JobInput) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    rubric = current_rubric()
    _validate(data, rubric, creating=True)
    _check_hiring_manager(data.hiring_manager_id)
    snapshot = snap.take_snapshot(rubric, data.role_family, data.level)
    level = rubric.role(data.role_family).level(data.level)
    job = Job(
        public_id=secrets.token_urlsafe(9),
        title=data.title.strip(),
        role_family=data.role_family,
        level=data.level,
        team=data.team.strip(),
        company_stage=data.company_stage,
        focus=data.focus,
        location=data.location.strip(),
        remote_policy=data.remote_policy,
        remote_regions=data.remote_regions.strip(),
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
    _add_version(job, actor, generated_markdown(job), "Generated from the rubric")
    audit.record(
        actor,
        "job.created",
        "job",
        job.id,
        f"Opened {job.title!r} ({data.role_family}, {data.level}) from rubric {rubric.version}",
    )
    _commit()
    return job


def update_job(actor: User, job_id: int, *, expected_version: int | None, data: JobInput) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_version(job, expected_version)
    _validate(data, None, creating=False)
    _check_hiring_manager(data.hiring_manager_id)
    fields = (
        "title", "team", "company_stage", "focus", "location", "remote_policy", "remote_regions",
        "employment_type", "salary_min", "salary_max", "salary_currency", "headcount",
        "target_start", "hiring_manager_id",
    )  # fmt: skip
    changed = []
    for field in fields:
        value = getattr(data, field)
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
    _commit()
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
    _check_version(job, expected_version)
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
    _commit()
    return job


def rubric_changes(job: Job) -> list[str]:
    """What a newer rubric would change for this job (empty when it is current)."""
    try:
        rubric = current_rubric()
    except RubricsUnavailable:
        return []
    return snap.rubric_changes(job.rubric_snapshot, rubric)


# --- publishing ----------------------------------------------------------------------


def publish(
    actor: User, job_id: int, *, expected_version: int | None, valid_through: date | None
) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_version(job, expected_version)
    current = current_description(job)
    if current is None:
        raise ValidationFailed({"publish": ["Write a description before publishing."]})
    blocking = [f for f in lint_markdown(job, current.markdown) if f.severity == jd_lint.ERROR]
    if blocking:
        raise ValidationFailed(
            {"publish": [f"Fix before publishing: {finding.message}" for finding in blocking]}
        )
    today = utcnow().date()
    if valid_through is not None and valid_through <= today:
        raise ValidationFailed({"valid_through": ["Choose a date in the future."]})
    job.status = PUBLISHED
    job.published_at = utcnow()
    job.unpublished_at = None
    job.valid_through = valid_through or today + DEFAULT_VALIDITY
    audit.record(actor, "job.published", "job", job.id, f"Published {job.title!r}")
    _commit()
    return job


def unpublish(actor: User, job_id: int, *, expected_version: int | None) -> Job:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_version(job, expected_version)
    if job.status != PUBLISHED:
        return job
    job.status = UNPUBLISHED
    job.unpublished_at = utcnow()
    audit.record(actor, "job.unpublished", "job", job.id, f"Took {job.title!r} off the public site")
    _commit()
    return job


@dataclass(frozen=True)
class PublicJob:
    job: Job
    description: JobDescriptionVersion


def public_job(public_id: str) -> PublicJob:
    """A published job for anyone; 410 once unpublished or expired, 404 otherwise."""
    job = db.session.scalar(select(Job).where(Job.public_id == public_id))
    if job is None or job.status == DRAFT:
        raise NotFound("There is no such job.")
    expired = job.valid_through is not None and job.valid_through < utcnow().date()
    if job.status == UNPUBLISHED or expired:
        raise Gone("This job is no longer open.")
    description = description_version(job, job.current_description_number)
    return PublicJob(job, description)


# --- keyset listing (the JSON API's cursor pagination) -----------------------------


@dataclass(frozen=True)
class JobSlice:
    jobs: list[Job]
    has_more: bool


def list_jobs_after(
    actor: User, filters: JobFilter, after_id: int | None, limit: int = 50
) -> JobSlice:
    """Up to ``limit`` jobs, newest first (id descending), with ids below ``after_id``.

    Keyset pagination: a job opened while a client pages through the list has a higher
    id, so it never shifts later pages; edits do not move jobs either.
    """
    policy.require(actor, Action.VIEW_JOBS)
    query = _filtered(select(Job).options(joinedload(Job.hiring_manager)), filters)
    if after_id is not None:
        query = query.where(Job.id < after_id)
    jobs = list(db.session.scalars(query.order_by(Job.id.desc()).limit(max(1, limit) + 1)))
    return JobSlice(jobs[:limit], len(jobs) > limit)
