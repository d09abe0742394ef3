"""Rules on what the ad requires: how many must-haves, taught skills, unassessed ones."""

from __future__ import annotations

from collections.abc import Iterator

from hiring.jobs.lint.context import LintContext
from hiring.jobs.lint.document import Document, count_items
from hiring.jobs.lint.findings import ERROR, WARNING, Finding, join_names, quote
from hiring.jobs.lint.terms import skill_pattern


def too_many_must_haves(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """The seeds' first warning: an ad that demands everything scares off good people."""
    limit = ctx.max_must_haves
    skills = list({skill.id: skill for skill in ctx.must_haves}.values())
    if len(skills) > limit:
        yield Finding(
            "too-many-must-haves",
            WARNING,
            None,
            f"The job has {len(skills)} must-have skills "
            f"({join_names(skill.name for skill in skills)}); at most {limit} can honestly be "
            "needed on day one.",
            f"Keep the {limit} the role cannot do without on day one, each with its bar, and "
            "make the rest trainable with a ramp-up plan.",
        )
    for section in doc.sections:
        count = count_items(section.bullets)
        if count > limit:
            yield Finding(
                "too-many-must-haves",
                WARNING,
                section.heading.line,
                f"{quote(section.heading.text)} lists {count} requirements; more than "
                f"{limit} reads as a wish list and puts off strong candidates.",
                f"Keep at most {limit} things the role needs on day one and move the rest to "
                'a "Nice to have" or "What we will teach you" section.',
            )


def trainable_listed_as_required(doc: Document, ctx: LintContext) -> Iterator[Finding]:
    """A skill the team teaches should be sold as growth, not used as a filter."""
    skills = [
        (skill, pattern)
        for skill in {skill.id: skill for skill in ctx.trainable}.values()
        if (pattern := skill_pattern(skill)) is not None
    ]
    for section in doc.sections:
        for bullet in section.bullets:
            for skill, pattern in skills:
                match = pattern.search(bullet.text)
                if match is None:
                    continue
                written = " ".join(match.group(0).split())
                named = "" if written.lower() == skill.name.lower() else f" ({quote(written)})"
                yield Finding(
                    "trainable-listed-as-required",
                    WARNING,
                    bullet.line,
                    f"{quote(bullet.text)} requires {skill.name}{named}, but the team "
                    "teaches it on the job.",
                    f'Move {skill.name} to the "What we will teach you" section with its '
                    "ramp-up: how it is learned here and how long that takes.",
                )


def must_have_not_assessed(ctx: LintContext) -> Iterator[Finding]:
    """A must-have nobody assesses cannot block a hire, so it is not really a must-have."""
    if ctx.assessed_skill_ids is None:
        return
    for skill in {skill.id: skill for skill in ctx.must_haves}.values():
        if skill.id in ctx.assessed_skill_ids:
            continue
        yield Finding(
            "must-have-not-assessed",
            ERROR,
            None,
            f"Must-have {quote(skill.name)} is not assessed by any round of the interview loop.",
            f"Add a round that assesses {skill.name} to the loop, or demote it to a trainable "
            "skill with a ramp-up plan.",
        )
