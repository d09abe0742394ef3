"""A job's description: generated from the job, linted, saved as numbered versions.

Every save adds a version (with its lint findings and sanitised HTML) instead of
overwriting; saving against an older version than the current one is a conflict.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring import audit, policy
from hiring.accounts.models import User
from hiring.database import utcnow
from hiring.domain import Conflict, NotFound, ValidationFailed
from hiring.extensions import db
from hiring.jobs import lint as jd_lint
from hiring.jobs import places
from hiring.jobs import snapshot as snap
from hiring.jobs.generate import DEFAULT_MAX_WORDS, JobFacts, generate_description
from hiring.jobs.models import Job, JobDescriptionVersion
from hiring.jobs.profile import MUST, TRAINABLE, entries_of
from hiring.jobs.queries import get_job, profile_of
from hiring.policy import Action
from hiring.rubrics.registry import RubricsUnavailable, current_rubric
from hiring.sanitize import render_markdown
from hiring.transactions import commit_or_conflict

MAX_DESCRIPTION_LENGTH = 50_000


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


def stored_findings(version: JobDescriptionVersion | None) -> list[jd_lint.Finding]:
    """The findings saved with a version, as the linter's objects."""
    return [jd_lint.Finding(**finding) for finding in (version.findings if version else [])]


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
        city=job.city,
        region=job.region,
        country_code=job.country_code,
        equal_opportunity=equal_opportunity_statement(),
    )


def equal_opportunity_statement() -> str:
    """COMPANY_EQUAL_OPPORTUNITY when set, else the current rubric's
    ``descriptions.yaml``; empty lets the generator use its own."""
    configured = (current_app.config.get("COMPANY_EQUAL_OPPORTUNITY") or "").strip()
    if configured:
        return configured
    try:
        return current_rubric().ads.equal_opportunity
    except RubricsUnavailable:
        return ""


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
        max_words=_max_words(),
    )


def _max_words() -> int:
    try:
        length = current_rubric().lint.length
    except RubricsUnavailable:
        length = None
    return length[1] if length else DEFAULT_MAX_WORDS


def lint_context(job: Job, *, published_pay_range: bool = False) -> jd_lint.LintContext:
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
        applicant_countries=tuple(places.split_list(job.remote_regions)),
        published_pay_range=published_pay_range,
        length_words=lint_data.length if lint_data else None,
    )


def lint_markdown(
    job: Job, markdown: str, *, published_pay_range: bool = False
) -> list[jd_lint.Finding]:
    return jd_lint.lint_description(
        markdown, lint_context(job, published_pay_range=published_pay_range)
    )


@dataclass(frozen=True)
class Preview:
    html: str
    findings: list[jd_lint.Finding]


def preview_description(actor: User, job: Job, markdown: str) -> Preview:
    """Rendered, sanitised HTML and lint findings for text not saved yet."""
    policy.require(actor, Action.MANAGE_JOBS)
    return Preview(html=render_markdown(markdown), findings=lint_markdown(job, markdown))


def add_version(job: Job, actor: User | None, markdown: str, note: str) -> JobDescriptionVersion:
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
    version = add_version(job, actor, text, note.strip()[:200] or "Edited")
    audit.record(
        actor,
        "job.description_saved",
        "job",
        job.id,
        f"Saved description version {version.number} of {job.title!r}",
        {"number": version.number, "findings": len(version.findings)},
    )
    commit_or_conflict("job")
    return version


def regenerate_description(
    actor: User, job_id: int, *, base_number: int | None
) -> JobDescriptionVersion:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_base(job, base_number)
    version = add_version(
        job, actor, generated_markdown(job), "Regenerated from the job and its skills"
    )
    audit.record(
        actor, "job.description_regenerated", "job", job.id,
        f"Regenerated the description of {job.title!r} as version {version.number}",
    )  # fmt: skip
    commit_or_conflict("job")
    return version


def restore_description(
    actor: User, job_id: int, number: int, *, base_number: int | None
) -> JobDescriptionVersion:
    policy.require(actor, Action.MANAGE_JOBS)
    job = get_job(actor, job_id)
    _check_base(job, base_number)
    old = description_version(job, number)
    version = add_version(job, actor, old.markdown, f"Restored from version {number}")
    audit.record(
        actor, "job.description_restored", "job", job.id,
        f"Restored version {number} of the description of {job.title!r} "
        f"as version {version.number}",
    )  # fmt: skip
    commit_or_conflict("job")
    return version
