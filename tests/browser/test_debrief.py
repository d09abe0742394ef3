"""The evaluation as the hiring team lives it: two interviewers of one round submit
scorecards (the second sees nothing of the first's until submitting); the hiring
manager opens the debrief, reads a must-have below the bar explained with the quoted
evidence, the growth plan and a disagreement, records a no-hire, and the board then
refuses to move the candidate to the offer stage."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.accounts import services as accounts
from hiring.extensions import db
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Application
from tests.browser.conftest import LiveServer, PageProblems, screenshot, sign_in
from tests.conftest import make_user
from tests.fixtures.evaluation import hold_interview, make_loop, rubrics_with_an_offer
from tests.fixtures.evaluation import submit_card as submit

FIRST_FUNDAMENTALS = "Could not say why validation loss rose while the training loss fell."
FIRST_CODING = "Wrote k-means from a blank file, vectorised the distance step, added tests."
SECOND_CODING = "Needed three hints to finish the assignment step and never ran the code."
SECOND_FUNDAMENTALS = "Named gradient boosting but could not explain how it reduces bias."
RATIONALE = "ML fundamentals below the senior bar in both coding seats; not a hire now."


@pytest.fixture
def live_server_config(tmp_path) -> dict[str, object]:
    return {"HIRING_RUBRICS_DIR": str(rubrics_with_an_offer(tmp_path / "rubrics"))}


def write_scorecard(page: Page, ratings: dict[str, tuple[str, str]], recommendation: str):
    """Fill the scorecard form of the one past interview in My interviews and submit."""
    page.get_by_test_id("main-nav").get_by_role("link", name="My interviews").click()
    page.get_by_test_id("past-interviews").get_by_role(
        "link", name=re.compile("^Write scorecard")
    ).click()
    form = page.get_by_test_id("scorecard-form")
    for skill in form.locator("fieldset[data-skill]").all():
        rating = ratings.get(skill.get_attribute("data-skill"))
        if rating is None:
            skill.get_by_label("Not assessed in this interview").check()
        else:
            skill.get_by_label(re.compile(rf"^{rating[0]} · ")).check()
            skill.get_by_role("textbox").fill(rating[1])
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()


def test_two_scorecards_a_debrief_a_no_hire_and_no_offer(
    page: Page, live_server: LiveServer, problems: PageProblems
) -> None:
    app = live_server.app
    loop = make_loop(app)
    first = make_user(app, ("interviewer",), name="Grace Hopper")
    second = make_user(app, ("interviewer",), name="Alan Turing")
    overview = hold_interview(loop, "overview")
    submit(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    systems = hold_interview(loop, "ml-systems")
    submit(
        loop,
        systems,
        loop.interviewers["ml-systems"],
        {"mlops": "1", "model-evaluation": "4"},
        "yes",
    )
    hold_interview(loop, "coding", interviewers=(first, second))
    with app.app_context():  # the loop is done: the candidate waits for the debrief
        application = db.session.get(Application, loop.application_id)
        pipeline.move_application(
            accounts.get_user(loop.recruiter.id),
            loop.application_id,
            expected_version=application.version,
            target="debrief",
        )
        db.session.remove()

    # The first interviewer submits.
    sign_in(page, live_server, first)
    write_scorecard(
        page,
        {"coding": ("3", FIRST_CODING), "ml-fundamentals": ("2", FIRST_FUNDAMENTALS)},
        "Yes",
    )
    problems.assert_none()
    page.get_by_role("button", name="Sign out").click()

    # The second sees nothing of it before submitting, neither scorecard nor debrief.
    sign_in(page, live_server, second)
    page.get_by_test_id("main-nav").get_by_role("link", name="My interviews").click()
    page.get_by_test_id("past-interviews").get_by_role(
        "link", name=re.compile("^Write scorecard")
    ).click()
    expect(page.get_by_test_id("scorecard-form")).to_be_visible()
    expect(page.get_by_text(FIRST_CODING)).to_have_count(0)
    for path in ("scorecards", "debrief"):
        page.goto(live_server(f"/applications/{loop.application_id}/{path}"))
        expect(page.get_by_text(FIRST_CODING)).to_have_count(0)
        expect(page.get_by_text(FIRST_FUNDAMENTALS)).to_have_count(0)
    write_scorecard(
        page,
        {"coding": ("1", SECOND_CODING), "ml-fundamentals": ("2", SECOND_FUNDAMENTALS)},
        "No",
    )
    # Once submitted, the panel's scorecards are open to them.
    page.goto(live_server(f"/applications/{loop.application_id}/scorecards"))
    expect(page.get_by_text(FIRST_CODING)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The hiring manager opens the debrief from the board.
    sign_in(page, live_server, loop.manager)
    page.goto(live_server(f"/jobs/{loop.job_id}/board"))
    page.get_by_test_id(f"debrief-{loop.application_id}").get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("^Debrief: "))).to_be_visible()
    expect(page.get_by_test_id("verdict-label")).to_have_text("Below the bar")
    explanation = page.get_by_test_id("explanation")
    expect(explanation).to_contain_text("Machine learning fundamentals")
    expect(explanation).to_contain_text("below the bar")
    expect(explanation).to_contain_text(f'Grace Hopper rated 2: "{FIRST_FUNDAMENTALS}"')
    expect(explanation).to_contain_text(f'Alan Turing rated 2: "{SECOND_FUNDAMENTALS}"')
    growth = page.get_by_test_id("growth-plan")
    expect(growth).to_contain_text("MLOps")
    expect(growth).to_contain_text("2 points")
    flags = page.get_by_test_id("flags")
    expect(flags.get_by_test_id("flag-rating_disagreement")).to_contain_text("Coding")
    expect(flags.get_by_test_id("flag-recommendation_disagreement")).to_be_visible()
    matrix = page.get_by_test_id("matrix")
    expect(matrix.get_by_test_id("combined-ml-fundamentals")).to_contain_text("below the bar")
    screenshot(page, "debrief-below-bar")
    problems.assert_none()

    # A no-hire with its rationale.
    form = page.get_by_test_id("decision-form")
    form.get_by_label("No hire").check()
    form.get_by_label("Rationale").fill(RATIONALE)
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text(re.compile("Decision recorded: no hire"))).to_be_visible()
    current = page.get_by_test_id("current-decision")
    expect(current).to_contain_text("No hire")
    expect(current).to_contain_text(RATIONALE)
    screenshot(page, "debrief-no-hire")
    problems.assert_none()

    # The board shows the decision and refuses the offer stage.
    page.goto(live_server(f"/jobs/{loop.job_id}/board"))
    expect(page.get_by_test_id(f"decision-{loop.application_id}")).to_have_text("No hire")
    card = page.locator(f"#application-{loop.application_id}")
    card.get_by_role("link", name="Move Ada Lovelace").click()
    page.get_by_label("Move to").select_option(label="Offer")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("An offer needs a recorded hire decision")).to_be_visible()
    with app.app_context():
        assert db.session.get(Application, loop.application_id).stage == "debrief"
    screenshot(page, "board-offer-refused")
    problems.assert_none()
