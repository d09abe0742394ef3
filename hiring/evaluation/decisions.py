"""The rules of a hiring decision. Pure.

The hiring manager decides hire or no hire after the debrief, in writing. Hiring names
the level (the job's, or the one the evidence supports); a decision that goes against
the verdict needs its own reason, so every override can be read back later: hiring
someone who is below the bar or whose evaluation is incomplete, or turning down
someone who meets it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hiring.evaluation.scoring import BELOW_BAR, INCOMPLETE, MEETS_BAR

HIRE, NO_HIRE = "hire", "no_hire"
OUTCOMES: dict[str, str] = {HIRE: "Hire", NO_HIRE: "No hire"}
VERDICT_LABELS: dict[str, str] = {
    MEETS_BAR: "Meets the bar",
    BELOW_BAR: "Below the bar",
    INCOMPLETE: "Incomplete",
}
MIN_RATIONALE, MAX_TEXT = 20, 5_000


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    rationale: str
    level: str = ""  # the level hired at; ignored for no hire
    override_reason: str = ""


def goes_against(outcome: str, verdict: str) -> bool:
    """A hire the verdict does not support, or a no hire of someone who meets the bar."""
    if outcome == HIRE:
        return verdict != MEETS_BAR
    return outcome == NO_HIRE and verdict == MEETS_BAR


def override_prompt(outcome: str, verdict: str) -> str:
    if outcome == HIRE and verdict == BELOW_BAR:
        return "Hiring below the bar: say why the failing must-have does not stop this hire."
    if outcome == HIRE:
        return "Hiring before every must-have is assessed: say why the missing evidence can wait."
    return "Turning down someone who meets the bar: say what outweighs the evidence."


def decision_problems(
    data: DecisionInput, verdict: str, levels: Mapping[str, str]
) -> dict[str, list[str]]:
    """Everything wrong with a decision, by field; ``levels`` maps the role family's
    level ids to their names."""
    errors: dict[str, list[str]] = {}
    if data.outcome not in OUTCOMES:
        errors["outcome"] = ["Choose hire or no hire."]
    if data.outcome == HIRE and data.level not in levels:
        errors["level"] = [f"Choose the level to hire at: {', '.join(levels.values())}."]
    rationale = data.rationale.strip()
    if len(rationale) < MIN_RATIONALE:
        errors["rationale"] = [
            f"Write the reasoning behind the decision (at least {MIN_RATIONALE} characters): "
            "what in the evidence decided it."
        ]
    elif len(rationale) > MAX_TEXT:
        errors["rationale"] = [f"Keep the rationale under {MAX_TEXT:,} characters."]
    override = data.override_reason.strip()
    against = data.outcome in OUTCOMES and goes_against(data.outcome, verdict)
    if against and len(override) < MIN_RATIONALE:
        errors["override_reason"] = [
            f"This decision goes against the verdict ({VERDICT_LABELS[verdict].lower()}). "
            f"{override_prompt(data.outcome, verdict)} (at least {MIN_RATIONALE} characters)"
        ]
    if len(override) > MAX_TEXT:
        errors["override_reason"] = [f"Keep the reason under {MAX_TEXT:,} characters."]
    return errors
