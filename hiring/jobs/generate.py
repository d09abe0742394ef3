"""Generate a job description in Markdown from the job and its rubric snapshot.

Short on purpose: few must-haves, each described by what the bar looks like, and an
honest list of what we will teach. Pure: the same inputs give the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hiring.jobs import places
from hiring.jobs.lint.document import parse
from hiring.jobs.lint.length import visible_words
from hiring.jobs.profile import MUST, NICE, TRAINABLE, ProfileEntry, entries_of
from hiring.rubrics.types import RoleFamily, RoleLevel, Round, Skill, TeamStage

EMPLOYMENT_TYPES = {
    "FULL_TIME": "Full-time",
    "PART_TIME": "Part-time",
    "CONTRACTOR": "Contract",
    "TEMPORARY": "Temporary",
    "INTERN": "Internship",
}
REMOTE_POLICIES = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}
FOCUS_SENTENCES = {
    "product": "The role sits close to the product: your models reach users, and their "
    "behaviour is how your work is judged.",
    "data": "The role sits close to the data: the quality of what you build decides what "
    "every model and analysis downstream can do.",
    "platform": "The role sits in the platform: other teams ship models on what you build, "
    "so reliability and ease of use are your product.",
}
# An ad lists the level's most telling responsibilities, not all of them.
MAX_RESPONSIBILITIES = 4
# Good ML ads run 400-700 words (``rubrics/lint.yaml`` holds the bounds the linter checks).
DEFAULT_MAX_WORDS = 700
# How a must-have's bar reads in an ad (the scale's labels are written for interviewers).
BAR_LABELS = {1: "the basics", 2: "working knowledge", 3: "on your own", 4: "expert"}
# The tools a role works with when its rubric names none, by where the role sits.
DEFAULT_STACKS = {
    "product": ("Python and SQL", "a deep learning framework such as PyTorch",
                "a cloud data warehouse", "experiment tracking", "feature flags and A/B tests"),
    "data": ("SQL and Python", "a workflow scheduler", "a cloud data warehouse",
             "data quality checks", "git and code review"),
    "platform": ("Python", "containers and Kubernetes", "infrastructure as code",
                 "model serving and monitoring", "CI/CD"),
}  # fmt: skip
DEFAULT_EQUAL_OPPORTUNITY = (
    "We hire on the skills this ad lists and nothing else. People of every background, "
    "age, gender, disability, ethnicity, religion and sexual orientation are welcome to "
    "apply, and so are career changers and people returning from a break. Tell us what "
    "would make the interviews work for you and we will arrange it."
)
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "INR": "₹"}


@dataclass(frozen=True)
class JobFacts:
    title: str
    team: str
    company: str
    location: str
    remote_policy: str
    remote_regions: str
    employment_type: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    headcount: int
    target_start: date | None
    focus: str
    city: str = ""
    region: str = ""
    country_code: str = ""  # ISO 3166-1 alpha-2
    # The company's own statement (config), else the rubric's, else ours.
    equal_opportunity: str = ""


def salary_text(facts: JobFacts) -> str | None:
    """The range in one currency, named once: "€90,000 to €130,000 per year" or
    "90,000 to 130,000 CHF per year"."""
    if facts.salary_min is None and facts.salary_max is None:
        return None
    low, high = facts.salary_min, facts.salary_max
    currency = facts.salary_currency
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    suffix = "" if symbol else f" {currency}"
    if low is not None and high is not None:
        return f"{symbol}{low:,} to {symbol}{high:,}{suffix} per year"
    amount = low if low is not None else high
    assert amount is not None
    prefix = "From" if low is not None else "Up to"
    return f"{prefix} {symbol}{amount:,}{suffix} per year"


def where(facts: JobFacts) -> str:
    policy = REMOTE_POLICIES.get(facts.remote_policy, facts.remote_policy)
    if facts.remote_policy == "remote":
        regions = ", ".join(places.country_name(c) for c in places.split_list(facts.remote_regions))
        return f"Remote ({regions})" if regions else "Remote"
    return f"{policy}, {facts.location}" if facts.location else policy


def _first_sentences(text: str, count: int) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return " ".join(sentences[:count])


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def team_phrase(team: str) -> str:
    """ "Ranking" -> "the Ranking team"; "Search team" -> "the Search team"; none: ours."""
    team = " ".join(team.split())
    if not team:
        return "our machine learning team"
    if not team.lower().endswith(" team") and team.lower() != "team":
        team = f"{team} team"
    return team if team.lower().startswith("the ") else f"the {team}"


def _round_text(round_: Round, skills: dict[str, Skill]) -> str:
    if round_.for_candidates:
        return round_.for_candidates
    names = [skills[s].name.lower() if s in skills else s for s in round_.assesses[:3]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"A conversation about {listed}."


def _duration(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return f"{minutes} minutes"
    text = f"{hours} hour" if hours == 1 else f"{hours} hours"
    return f"{text} {minutes} minutes" if minutes else text


def generate_description(
    facts: JobFacts,
    role: RoleFamily,
    level: RoleLevel,
    profile: tuple[ProfileEntry, ...],
    skills: dict[str, Skill],
    rounds: dict[str, Round],
    team_stage: TeamStage | None,
    *,
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> str:
    """The ad, written to the candidate: what the team and the work are, what the level
    does, the few must-haves in candidate terms, what we teach, the loop and the pay.

    Within ``max_words`` of visible text where it can be: a long ad lists fewer of the
    level's responsibilities (never fewer than two) and one sentence of its scope."""
    args = (facts, role, level, profile, skills, rounds, team_stage)
    shapes = [(count, 2) for count in range(MAX_RESPONSIBILITIES, 1, -1)] + [(2, 1)]
    text = ""
    for responsibilities, scope_sentences in shapes:
        text = _compose(*args, responsibilities=responsibilities, scope=scope_sentences)
        if max_words is None or visible_words(parse(text)) <= max_words:
            break
    return text


def _compose(
    facts: JobFacts,
    role: RoleFamily,
    level: RoleLevel,
    profile: tuple[ProfileEntry, ...],
    skills: dict[str, Skill],
    rounds: dict[str, Round],
    team_stage: TeamStage | None,
    *,
    responsibilities: int,
    scope: int,
) -> str:

    def skill_name(skill_id: str) -> str:
        return skills[skill_id].name if skill_id in skills else skill_id

    lines: list[str] = [f"# {facts.title}", ""]
    meta = [facts.team, where(facts), EMPLOYMENT_TYPES.get(facts.employment_type, "")]
    lines += [" · ".join(part for part in meta if part), ""]

    lines += ["## About the team", ""]
    about = (
        [_first_sentences(team_stage.description, 1)]
        if team_stage is not None and team_stage.description
        else []
    )
    about.append(f"You will join {team_phrase(facts.team)} at {facts.company}.")
    lines += [" ".join(about), ""]

    lines += ["## What you will work on", ""]
    # A role's own product text says where it sits; the focus sentence is for the rest.
    product = role.product or f"{role.summary} {FOCUS_SENTENCES.get(facts.focus, '')}".strip()
    lines += [product, ""]

    lines += ["## What you will do", ""]
    lines += [f"- {item}" for item in role.responsibilities_for(level)[:responsibilities]]
    lines += ["", f"**At this level.** {_first_sentences(level.scope, scope)}", ""]

    must = entries_of(profile, MUST)
    lines += ["## What you need on day one", ""]
    if must:
        for entry in must:
            skill = skills.get(entry.skill)
            bar = entry.level or 2
            text = skill.ad_text(bar) if skill else ""
            label = BAR_LABELS.get(bar, "")
            lines.append(
                f"- **{skill_name(entry.skill)}** ({label}). {_upper_first(text)}".rstrip()
            )
        lines += [
            "",
            "That is the whole list, short on purpose: if you can do these, apply even if "
            "you miss something below.",
            "",
        ]
    else:
        lines += ["Curiosity and solid engineering habits; we will teach the rest.", ""]

    trainable = entries_of(profile, TRAINABLE)
    if trainable:
        lines += ["## What we will teach you", ""]
        for entry in trainable:
            weeks = f" (about {entry.weeks} weeks)" if entry.weeks else ""
            how = entry.how.rstrip(".") + "." if entry.how else ""
            lines.append(f"- **{skill_name(entry.skill)}**{weeks}. {_upper_first(how)}".rstrip())
        lines.append("")

    nice = entries_of(profile, NICE)
    if nice:
        lines += ["## Nice to have", ""]
        names = ", ".join(skill_name(entry.skill) for entry in nice)
        lines += [f"{names}. Helpful, never required.", ""]

    stack = role.tech_stack or DEFAULT_STACKS.get(facts.focus, DEFAULT_STACKS["product"])
    lines += ["## Tools we use", ""]
    lines += [
        "; ".join(stack) + ". Nobody knows all of these on arrival; you will learn the rest here.",
        "",
    ]

    loop = [rounds[round_id] for round_id in level.rounds if round_id in rounds]
    if loop:
        total = sum(round_.duration for round_ in loop)
        lines += ["## How we interview", ""]
        for number, round_ in enumerate(loop, start=1):
            lines.append(
                f"{number}. **{round_.name}** ({round_.duration} minutes): "
                f"{_round_text(round_, skills)}"
            )
        lines += [
            "",
            f"About {_duration(total)} in all, each round scored against the same written rubric.",
            "",
        ]

    lines += ["## Pay and details", ""]
    pay = salary_text(facts)
    if pay:
        lines.append(f"- Salary: {pay}")
    lines.append(f"- Location: {where(facts)}")
    employment = EMPLOYMENT_TYPES.get(facts.employment_type)
    if employment:
        lines.append(f"- Employment: {employment}")
    if facts.headcount > 1:
        lines.append(f"- Openings: {facts.headcount}")
    if facts.target_start:
        lines.append(f"- Target start: {facts.target_start.strftime('%B %Y')}")
    lines.append("")

    lines += ["## Equal opportunity", ""]
    lines += [facts.equal_opportunity or DEFAULT_EQUAL_OPPORTUNITY, ""]
    return "\n".join(lines)
