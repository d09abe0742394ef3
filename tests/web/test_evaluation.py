"""An application's evaluation from its scorecards: the verdict with the evidence behind
it, amendments counted, decisions recorded with their history, the stage rules that
follow from them, and the hiring manager told once the loop is complete."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.domain import Conflict, PermissionDenied, ValidationFailed
from hiring.evaluation import decisions
from hiring.evaluation import services as evaluation
from hiring.extensions import db
from hiring.notifications.models import OutboxMessage
from hiring.pipeline import services as pipeline
from hiring.scorecards import amendment_services as amendments
from hiring.scorecards.rules import RatingInput
from tests.conftest import make_user
from tests.fixtures.evaluation import (
    Loop,
    hold_interview,
    make_loop,
    rubrics_with_an_offer,
    submit_card,
)

HIRE_REASON = "Strong coding and fundamentals, with evidence from two rounds of the loop."
OVERRIDE = "The team can pair on system design for the first quarter; we accept the risk."


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def loop(app) -> Loop:
    return make_loop(app)


def full_loop(loop: Loop, *, coding: str = "3", fundamentals: str = "2") -> None:
    """Overview, coding and ML systems done: ML fundamentals below the bar by default,
    MLOps a trainable gap, a disagreement on coding."""
    overview = hold_interview(loop, "overview")
    submit_card(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    first, second = make_user(loop.app), make_user(loop.app)
    coding_id = hold_interview(loop, "coding", interviewers=(first, second))
    submit_card(loop, coding_id, first, {"coding": coding, "ml-fundamentals": fundamentals}, "yes")
    submit_card(loop, coding_id, second, {"coding": "1", "ml-fundamentals": "2"}, "no")
    systems = hold_interview(loop, "ml-systems")
    submit_card(
        loop,
        systems,
        loop.interviewers["ml-systems"],
        {"mlops": "1", "model-evaluation": "4"},
        "yes",
    )


def read(loop: Loop, user=None):
    actor = accounts.get_user((user or loop.manager).id)
    return evaluation.evaluation_of(actor, loop.application_id)


def test_a_must_have_below_the_bar_is_explained_with_the_evidence(app, loop: Loop) -> None:
    full_loop(loop)
    with app.app_context():
        found = read(loop)
        result = found.evaluation
        assert result.verdict == "below_bar"
        statuses = {m.skill: m.status for m in result.must_haves}
        assert statuses == {"coding": "fail", "ml-fundamentals": "fail"}
        text = " ".join(result.explanation)
        assert "Machine learning fundamentals" in text
        assert "Explained why validation loss rose" in text
        growth = {step.skill: step.gap for step in result.growth_plan}
        assert growth == {"mlops": 2}
        kinds = {flag.kind for flag in result.flags}
        assert "rating_disagreement" in kinds
        assert "recommendation_disagreement" in kinds
        assert found.complete


def test_a_missing_must_have_makes_it_incomplete_naming_the_round(app, loop: Loop) -> None:
    overview = hold_interview(loop, "overview")
    submit_card(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    with app.app_context():
        result = read(loop).evaluation
        assert result.verdict == "incomplete"
        missing = [m for m in result.must_haves if m.status == "missing"]
        assert {m.skill for m in missing} == {"coding", "ml-fundamentals"}
        assert all(m.rounds_planned == ("Coding",) for m in missing)
        assert any("Coding" in sentence for sentence in result.explanation)


def test_an_interviewer_reads_it_only_after_submitting(app, loop: Loop) -> None:
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    with app.app_context(), pytest.raises(PermissionDenied):
        read(loop, person)
    submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "3"}, "yes")
    with app.app_context():
        assert read(loop, person).evaluation.verdict == "meets_bar"


def test_an_amendment_counts_and_says_so(app, loop: Loop) -> None:
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    card = submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "2"}, "no")
    with app.app_context():
        assert read(loop).evaluation.verdict == "below_bar"
        page = amendments.amendment_page(accounts.get_user(person.id), card)
        amendments.amend(
            accounts.get_user(person.id),
            card,
            amendments.AmendmentInput(
                reason="Re-read my notes: the bias-variance answer was complete and correct.",
                ratings=(
                    RatingInput(
                        "ml-fundamentals",
                        "3",
                        "Explained bias and variance with the learning curves of their model.",
                    ),
                ),
                recommendation="yes",
            ),
            expected_version=page.scorecard.version,
        )
    with app.app_context():
        found = read(loop)
        assert found.evaluation.verdict == "meets_bar"
        fundamentals = next(m for m in found.evaluation.must_haves if m.skill == "ml-fundamentals")
        assert [r.amended for r in fundamentals.evidence.ratings] == [True]
        assert found.recommendations[0].recommendation == "yes"
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "scorecard.amended")
            )
            == 1
        )


def test_only_the_author_or_an_admin_amends_and_a_reason_is_needed(app, loop: Loop) -> None:
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    card = submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "2"}, "no")
    other = make_user(app)
    with app.app_context():
        with pytest.raises(PermissionDenied):
            amendments.amendment_page(accounts.get_user(other.id), card)
        with pytest.raises(PermissionDenied):
            amendments.amendment_page(accounts.get_user(loop.manager.id), card)
        with pytest.raises(ValidationFailed) as refused:
            amendments.amend(
                accounts.get_user(person.id),
                card,
                amendments.AmendmentInput(reason="oops", recommendation="yes"),
                expected_version=None,
            )
        assert "reason" in refused.value.errors


def test_a_hire_against_the_verdict_needs_an_override_reason(app, loop: Loop) -> None:
    full_loop(loop)
    with app.app_context():
        manager = accounts.get_user(loop.manager.id)
        hire = decisions.DecisionInput("hire", HIRE_REASON, level="senior")
        with pytest.raises(ValidationFailed) as refused:
            evaluation.decide(manager, loop.application_id, hire, revises_id=None)
        assert "override_reason" in refused.value.errors
        decided = evaluation.decide(
            manager,
            loop.application_id,
            decisions.DecisionInput("hire", HIRE_REASON, level="mid", override_reason=OVERRIDE),
            revises_id=None,
        )
        assert (decided.verdict, decided.level) == ("below_bar", "mid")
        assert decided.override_reason == OVERRIDE


def test_a_revision_keeps_the_history_and_a_stale_one_conflicts(app, loop: Loop) -> None:
    full_loop(loop)
    with app.app_context():
        manager = accounts.get_user(loop.manager.id)
        no = decisions.DecisionInput("no_hire", "Below the bar on two must-haves in coding.")
        first = evaluation.decide(manager, loop.application_id, no, revises_id=None)
        with pytest.raises(Conflict):
            evaluation.decide(manager, loop.application_id, no, revises_id=None)
        second = evaluation.decide(
            manager,
            loop.application_id,
            decisions.DecisionInput("hire", HIRE_REASON, level="mid", override_reason=OVERRIDE),
            revises_id=first.id,
        )
        history = read(loop).decisions
        assert [d.id for d in history] == [second.id, first.id]
        assert second.revises_id == first.id
        with pytest.raises(PermissionDenied):
            evaluation.decide(
                accounts.get_user(loop.recruiter.id), loop.application_id, no, revises_id=None
            )


def test_no_offer_without_a_hire_decision(app, loop: Loop) -> None:
    full_loop(loop)
    with app.app_context():
        recruiter = accounts.get_user(loop.recruiter.id)
        with pytest.raises(ValidationFailed) as refused:
            pipeline.move_application(
                recruiter, loop.application_id, expected_version=None, target="offer"
            )
        assert "hire decision" in refused.value.errors["target"][0]
        evaluation.decide(
            accounts.get_user(loop.manager.id),
            loop.application_id,
            decisions.DecisionInput("no_hire", "Below the bar on two must-haves in coding."),
            revises_id=None,
        )
        with pytest.raises(ValidationFailed):
            pipeline.move_application(
                recruiter, loop.application_id, expected_version=None, target="offer"
            )
        with pytest.raises(ValidationFailed) as hired:
            pipeline.move_application(
                recruiter, loop.application_id, expected_version=None, target="hired"
            )
        assert "after an offer" in hired.value.errors["target"][0]


def test_the_hiring_manager_is_told_once_when_the_loop_is_complete(app, loop: Loop) -> None:
    overview = hold_interview(loop, "overview")
    submit_card(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.kind == "debrief_ready")
            )
            == 0
        )
    coding = hold_interview(loop, "coding")
    submit_card(
        loop, coding, loop.interviewers["coding"], {"coding": "3", "ml-fundamentals": "3"}, "yes"
    )
    systems = hold_interview(loop, "ml-systems")
    submit_card(loop, systems, loop.interviewers["ml-systems"], {"mlops": "2"}, "yes")
    with app.app_context():
        sent = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "debrief_ready")
        ).all()
        assert [m.to for m in sent] == [loop.manager.email]
        assert f"/applications/{loop.application_id}/debrief" in sent[0].body


def test_a_hire_decision_opens_the_offer_and_hiring_follows_it(app, loop: Loop) -> None:
    full_loop(loop, coding="3", fundamentals="3")
    with app.app_context():
        evaluation.decide(
            accounts.get_user(loop.manager.id),
            loop.application_id,
            decisions.DecisionInput("hire", HIRE_REASON, level="mid", override_reason=OVERRIDE),
            revises_id=None,
        )
        recruiter = accounts.get_user(loop.recruiter.id)
        offered = pipeline.move_application(
            recruiter, loop.application_id, expected_version=None, target="offer"
        )
        assert offered.stage == "offer"
        hired = pipeline.move_application(
            recruiter, loop.application_id, expected_version=None, target="hired"
        )
        assert (hired.stage, hired.status) == ("hired", "hired")
