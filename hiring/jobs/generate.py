"""Generate a job description in Markdown from the job and its rubric snapshot.

Short on purpose: few must-haves, each described by what the bar looks like, and an
honest list of what we will teach. Pure: the same inputs give the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hiring.jobs import places
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


def format_money(amount: int, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def salary_text(facts: JobFacts) -> str | None:
    if facts.salary_min is None and facts.salary_max is None:
        return None
    low, high = facts.salary_min, facts.salary_max
    currency = facts.salary_currency
    if low is not None and high is not None:
        span = f"{format_money(low, currency)} to {format_money(high, currency)}"
        return f"{span} {currency} per year"
    amount = low if low is not None else high
    assert amount is not None
    prefix = "From" if low is not None else "Up to"
    return (
        f"{prefix} {format_money(amount, facts.salary_currency)} {facts.salary_currency} per year"
    )


def where(facts: JobFacts) -> str:
    policy = REMOTE_POLICIES.get(facts.remote_policy, facts.remote_policy)
    if facts.remote_policy == "remote":
        regions = ", ".join(places.country_name(c) for c in places.split_list(facts.remote_regions))
        return f"Remote ({regions})" if regions else "Remote"
    return f"{policy}, {facts.location}" if facts.location else policy


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end == -1 else text[: end + 1]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def generate_description(
    facts: JobFacts,
    role: RoleFamily,
    level: RoleLevel,
    profile: tuple[ProfileEntry, ...],
    skills: dict[str, Skill],
    rounds: dict[str, Round],
    team_stage: TeamStage | None,
) -> str:
    def skill_name(skill_id: str) -> str:
        return skills[skill_id].name if skill_id in skills else skill_id

    lines: list[str] = [f"# {facts.title}", ""]
    meta = [facts.team, where(facts), EMPLOYMENT_TYPES.get(facts.employment_type, "")]
    lines += [" · ".join(part for part in meta if part), ""]

    lines += ["## About the team", ""]
    about = []
    if team_stage is not None:
        about.append(team_stage.description)
    about.append(f"You will join {facts.team or 'the team'} at {facts.company}.")
    lines += [" ".join(part for part in about if part), ""]
    lines += [f"**The role.** {role.summary} {FOCUS_SENTENCES.get(facts.focus, '')}".strip(), ""]

    lines += ["## What you will do", ""]
    lines += [f"- {item}" for item in role.responsibilities]
    lines += ["", level.scope, ""]

    must = entries_of(profile, MUST)
    lines += ["## What you need on day one", ""]
    if must:
        for entry in must:
            skill = skills.get(entry.skill)
            bar = entry.level or 2
            anchor = skill.anchor(bar) if skill else ""
            lines.append(f"- **{skill_name(entry.skill)}.** {_upper_first(anchor)}".rstrip())
        lines += [
            "",
            "That is the whole list, and it is short on purpose. If you can do these, apply "
            "even if you do not tick every other box below.",
            "",
        ]
    else:
        lines += ["Curiosity and solid engineering habits; we will teach the rest.", ""]

    trainable = entries_of(profile, TRAINABLE)
    if trainable:
        lines += ["## What we will teach you", ""]
        for entry in trainable:
            weeks = f" Expect about {entry.weeks} weeks to get there." if entry.weeks else ""
            how = entry.how.rstrip(".") + "." if entry.how else ""
            lines.append(f"- **{skill_name(entry.skill)}.** {_upper_first(how)}{weeks}".rstrip())
        lines.append("")

    nice = entries_of(profile, NICE)
    if nice:
        lines += ["## Nice to have", ""]
        lines += [f"- {skill_name(entry.skill)}" for entry in nice]
        lines += ["", "None of these are required; they simply shorten your first months.", ""]

    loop = [rounds[round_id] for round_id in level.rounds if round_id in rounds]
    if loop:
        total = sum(round_.duration for round_ in loop)
        lines += ["## How we interview", ""]
        for number, round_ in enumerate(loop, start=1):
            lines.append(
                f"{number}. **{round_.name}** ({round_.duration} minutes): "
                f"{_first_sentence(round_.purpose)}"
            )
        lines += [
            "",
            f"About {total // 60} hours {total % 60} minutes in all"
            if total % 60
            else f"About {total // 60} hours in all",
            "",
        ]
        lines[-2] += (
            ". Every interviewer scores against the same written rubric, and we tell you "
            "what each conversation is about before it happens."
        )

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
    return "\n".join(lines)
