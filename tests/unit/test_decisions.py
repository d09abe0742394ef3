"""The rules of a hiring decision (pure): a level when hiring, a written rationale, and
an override reason whenever the decision goes against the verdict."""

from __future__ import annotations

import pytest

from hiring.evaluation.decisions import (
    HIRE,
    NO_HIRE,
    DecisionInput,
    decision_problems,
    goes_against,
)
from hiring.evaluation.scoring import BELOW_BAR, INCOMPLETE, MEETS_BAR

LEVELS = {"mid": "Mid-level", "senior": "Senior"}
WHY = "Coding and fundamentals met the bar in two rounds each, with concrete evidence."
OVERRIDE = "We pair new hires on system design for a quarter; the risk is known and small."


@pytest.mark.parametrize(
    ("outcome", "verdict", "against"),
    [
        (HIRE, MEETS_BAR, False),
        (HIRE, BELOW_BAR, True),
        (HIRE, INCOMPLETE, True),
        (NO_HIRE, MEETS_BAR, True),
        (NO_HIRE, BELOW_BAR, False),
        (NO_HIRE, INCOMPLETE, False),
    ],
)
def test_which_decisions_go_against_the_verdict(outcome, verdict, against) -> None:
    assert goes_against(outcome, verdict) is against
    data = DecisionInput(outcome, WHY, level="senior")
    problems = decision_problems(data, verdict, LEVELS)
    assert ("override_reason" in problems) is against
    with_reason = DecisionInput(outcome, WHY, level="senior", override_reason=OVERRIDE)
    assert decision_problems(with_reason, verdict, LEVELS) == {}


def test_hiring_names_a_level_of_the_role_family() -> None:
    assert set(decision_problems(DecisionInput(HIRE, WHY), MEETS_BAR, LEVELS)) == {"level"}
    staff = DecisionInput(HIRE, WHY, level="staff")
    assert "Mid-level, Senior" in decision_problems(staff, MEETS_BAR, LEVELS)["level"][0]
    assert decision_problems(DecisionInput(NO_HIRE, WHY), BELOW_BAR, LEVELS) == {}


def test_a_decision_is_reasoned_in_writing() -> None:
    problems = decision_problems(DecisionInput(NO_HIRE, "no"), BELOW_BAR, LEVELS)
    assert set(problems) == {"rationale"}
    assert set(decision_problems(DecisionInput("maybe", WHY), BELOW_BAR, LEVELS)) == {"outcome"}
