"""The debrief page and the hiring decision in the browser: who opens it when, what it
explains, the decision form with its bad input and conflicts, the decision shown on the
board and the candidate's page, and a fixed number of queries however many scorecards."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from hiring.accounts import services as accounts
from hiring.evaluation import decisions
from hiring.evaluation import services as evaluation
from hiring.extensions import db
from hiring.pipeline.models import Application
from hiring.scorecards import amendment_services as amendments
from hiring.scorecards.rules import RatingInput
from tests.conftest import UserRef, login, make_user, post_form
from tests.fixtures.evaluation import Loop, hold_interview, make_loop, rubrics_with_an_offer
from tests.fixtures.evaluation import submit_card as submit
from tests.web.test_evaluation import HIRE_REASON, OVERRIDE, full_loop

NO_HIRE_REASON = "Below the bar on coding and ML fundamentals, with the evidence of two rounds."


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def loop(app) -> Loop:
    return make_loop(app)


# --- reading the HTML -----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Finder(HTMLParser):
    """The text of every element carrying all of ``attrs`` (nested ones included)."""

    def __init__(self, attrs: dict[str, str]) -> None:
        super().__init__()
        self.wanted = attrs
        self.open: list[list] = []  # [depth, parts] per element being collected
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.depth += 1
        values = dict(attrs)
        if all(values.get(k) == v for k, v in self.wanted.items()):
            self.open.append([self.depth, []])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.open and self.open[-1][0] == self.depth:
            _, parts = self.open.pop()
            text = " ".join(" ".join(parts).split())
            self.found.append(text)
            for outer in self.open:
                outer[1].append(text)
        self.depth -= 1

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def texts(html: str, **attrs: str) -> list[str]:
    """The whitespace-collapsed text of each element with these attributes (use
    ``data_testid`` for ``data-testid``)."""
    finder = _Finder({key.replace("_", "-"): value for key, value in attrs.items()})
    finder.feed(html)
    return finder.found


def text(html: str, **attrs: str) -> str:
    found = texts(html, **attrs)
    assert found, f"nothing with {attrs} on the page"
    return found[0]


def client_for(app, user: UserRef):
    client = app.test_client()
    login(client, user)
    return client


def debrief_url(loop: Loop) -> str:
    return f"/applications/{loop.application_id}/debrief"


def decision_url(loop: Loop) -> str:
    return f"/applications/{loop.application_id}/decision"


def decide(loop: Loop, outcome: str, rationale: str, revises_id: int | None = None, **fields):
    """A decision through the service, as another hiring manager's tab would record it."""
    with loop.app.app_context():
        return evaluation.decide(
            accounts.get_user(loop.manager.id),
            loop.application_id,
            decisions.DecisionInput(outcome, rationale, **fields),
            revises_id=revises_id,
        ).id


# --- who opens it -----------------------------------------------------------------------


def test_the_hiring_team_opens_the_debrief_and_outsiders_do_not(app, loop: Loop) -> None:
    full_loop(loop)
    admin = make_user(app, ("admin",))
    for person in (loop.manager, loop.recruiter, admin):
        assert client_for(app, person).get(debrief_url(loop)).status_code == 200
    outsider = client_for(app, make_user(app, ("interviewer",)))
    assert outsider.get(debrief_url(loop)).status_code == 403
    anonymous = app.test_client().get(debrief_url(loop))
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]


def test_an_interviewer_opens_it_once_their_own_scorecard_is_in(app, loop: Loop) -> None:
    overview = hold_interview(loop, "overview")
    submit(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    coding = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    client = client_for(app, person)
    refused = client.get(debrief_url(loop))
    assert refused.status_code == 403
    assert "once you have submitted your own scorecards" in unescape(refused.get_data(as_text=True))
    submit(loop, coding, person, {"coding": "3", "ml-fundamentals": "3"}, "yes")
    opened = client.get(debrief_url(loop))
    assert opened.status_code == 200
    html = opened.get_data(as_text=True)
    # Interviewers read the debrief; deciding is the hiring manager's.
    assert 'data-testid="decision-form"' not in html
    assert "Communication" in html


# --- what it shows ----------------------------------------------------------------------


def test_the_debrief_explains_a_must_have_below_the_bar_with_the_evidence(app, loop) -> None:
    full_loop(loop)
    html = client_for(app, loop.manager).get(debrief_url(loop)).get_data(as_text=True)
    assert text(html, data_testid="verdict-label") == "Below the bar"
    explanation = unescape(text(html, data_testid="verdict"))
    assert (
        "Machine learning fundamentals: 2 (lower median of 2, 2) against a bar of 3" in explanation
    )
    assert '"Explained why validation loss rose while training loss kept falling."' in explanation
    growth = text(html, data_testid="growth-plan")
    assert "MLOps" in growth and "2 points" in growth and "Pairs with the platform team." in growth
    assert "12" in growth
    flags = text(html, data_testid="flags")
    assert "Disagreement" in flags and "Interviewers disagree on Coding" in flags
    assert "Split panel" in flags
    recommendations = text(html, data_testid="recommendations")
    assert "Coding" in recommendations and "No" in recommendations
    level = text(html, data_testid="level-recommendation")
    assert "Senior" in level and "Mid-level" in level
    # The bar on each must-have row, the rating with its evidence behind a disclosure.
    assert text(html, data_testid="level-coding") == "bar 3"
    assert text(html, data_testid="level-mlops") == "target 3"
    coding_row = re.search(r'<tr data-skill="coding".*?</tr>', html, re.S).group(0)
    assert "<details" in coding_row and "Wrote k-means from scratch" in coding_row
    assert "below the bar of 3" in coding_row  # the 1 is marked for screen readers too
    assert "Print the debrief" in html


def test_the_matrix_marks_a_planned_round_without_a_rating_as_missing(app, loop) -> None:
    overview = hold_interview(loop, "overview")
    submit(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    html = client_for(app, loop.manager).get(debrief_url(loop)).get_data(as_text=True)
    assert text(html, data_testid="verdict-label") == "Incomplete"
    row = re.search(r'<tr data-skill="ml-fundamentals".*?</tr>', html, re.S).group(0)
    cells = dict(re.findall(r'<td data-round="([^"]+)"[^>]*>(.*?)</td>', row, re.S))
    assert "missing" in cells["Coding"]  # planned there, still to come
    assert "missing" not in cells["Overview"]  # never meant to assess it: plainly empty
    assert "not planned in this round" in cells["Overview"]
    assert "still to come" in text(html, data_testid="loop-incomplete")
    # Must-haves first, then trainable, then others.
    order = re.findall(r'<tr data-skill="([^"]+)" data-kind="([^"]+)"', html)
    assert [kind for _, kind in order] == ["must", "must", "trainable", "other"]


# --- the decision -------------------------------------------------------------------------


def test_bad_input_comes_back_filled_in_with_the_errors(app, loop: Loop) -> None:
    full_loop(loop)
    client = client_for(app, loop.manager)
    page = client.get(debrief_url(loop)).get_data(as_text=True)
    form = text(page, data_testid="decision-form")
    assert "The verdict is below the bar: a hire decision goes against it." in form
    assert "Hiring below the bar: say why the failing must-have does not stop this hire." in form
    # The level defaults to the one the evidence supports, else the job's.
    assert re.search(r'<option selected value="senior">|<option value="senior" selected>', page)
    response = post_form(
        client,
        decision_url(loop),
        {"outcome": "hire", "level": "mid", "rationale": "Looks fine", "revises": ""},
    )
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert "Nothing was recorded" in html
    assert re.search(r">\s*Looks fine</textarea>", html)
    assert "Write the reasoning behind the decision" in html
    assert "This decision goes against the verdict (below the bar)" in html
    assert re.search(r'value="mid"[^>]*selected|selected[^>]*value="mid"', html)
    assert re.search(r'checked[^>]*value="hire"|value="hire"[^>]*checked', html)


def test_a_hire_against_the_verdict_is_recorded_with_its_override(app, loop: Loop) -> None:
    full_loop(loop)
    client = client_for(app, loop.manager)
    data = {"outcome": "hire", "level": "mid", "rationale": HIRE_REASON, "revises": ""}
    refused = post_form(client, decision_url(loop), data)
    assert refused.status_code == 422
    assert "override" in text(refused.get_data(as_text=True), data_testid="decision-form").lower()
    recorded = post_form(client, decision_url(loop), {**data, "override_reason": OVERRIDE})
    assert recorded.status_code == 302
    assert recorded.headers["Location"].endswith(debrief_url(loop))
    html = client.get(debrief_url(loop)).get_data(as_text=True)
    assert "Decision recorded: hire at Mid-level" in html
    current = text(html, data_testid="current-decision")
    assert "Hire" in current and "Mid-level" in current and "against the verdict" in current
    assert HIRE_REASON in current and OVERRIDE in current
    assert loop.manager.name in current


def test_a_revision_shows_the_earlier_decision_in_the_history(app, loop: Loop) -> None:
    full_loop(loop)
    first = decide(loop, "no_hire", NO_HIRE_REASON)
    client = client_for(app, loop.manager)
    page = client.get(debrief_url(loop)).get_data(as_text=True)
    assert f'name="revises" type="hidden" value="{first}"' in page
    assert "Revise the decision" in page
    revised = post_form(
        client,
        decision_url(loop),
        {
            "outcome": "hire",
            "level": "mid",
            "rationale": HIRE_REASON,
            "override_reason": OVERRIDE,
            "revises": str(first),
        },
    )
    assert revised.status_code == 302
    html = client.get(debrief_url(loop)).get_data(as_text=True)
    assert "Hire" in text(html, data_testid="decision-outcome")
    history = text(html, data_testid="decision-history")
    assert "No hire" in history and NO_HIRE_REASON in history


def test_deciding_over_a_decision_made_meanwhile_is_a_conflict(app, loop: Loop) -> None:
    full_loop(loop)
    client = client_for(app, loop.manager)
    client.get(debrief_url(loop))  # the form, with nothing to revise
    other_manager_decision = decide(loop, "no_hire", NO_HIRE_REASON)
    typed = "Hire: I read the coding evidence differently from the other interviewer."
    response = post_form(
        client,
        decision_url(loop),
        {"outcome": "no_hire", "rationale": typed, "revises": ""},
    )
    assert response.status_code == 409
    html = unescape(response.get_data(as_text=True))
    assert "while you were writing; nothing was recorded" in html
    assert NO_HIRE_REASON in text(html, data_testid="current-decision")
    assert re.search(rf">\s*{re.escape(typed)}</textarea>", html)
    # Sending it again revises the decision now in place, knowingly.
    assert f'name="revises" type="hidden" value="{other_manager_decision}"' in html
    with app.app_context():
        assert len(evaluation.evaluation_of(
            accounts.get_user(loop.manager.id), loop.application_id
        ).decisions) == 1  # fmt: skip


@pytest.mark.parametrize("who", ["recruiter", "interviewer"])
def test_only_hiring_managers_and_admins_decide(app, loop: Loop, who: str) -> None:
    full_loop(loop)
    person = loop.recruiter if who == "recruiter" else loop.interviewers["coding"]
    client = client_for(app, person)
    html = client.get(debrief_url(loop)).get_data(as_text=True)
    assert 'data-testid="decision-form"' not in html
    response = post_form(
        client, decision_url(loop), {"outcome": "no_hire", "rationale": NO_HIRE_REASON}
    )
    assert response.status_code == 403
    admin = client_for(app, make_user(app, ("admin",)))
    assert 'data-testid="decision-form"' in admin.get(debrief_url(loop)).get_data(as_text=True)


def test_after_a_no_hire_the_offer_is_refused_and_the_decision_shows_everywhere(
    app, loop: Loop
) -> None:
    full_loop(loop)
    manager = client_for(app, loop.manager)
    recorded = post_form(
        manager,
        decision_url(loop),
        {"outcome": "no_hire", "rationale": NO_HIRE_REASON, "revises": ""},
    )
    assert recorded.status_code == 302
    html = manager.get(debrief_url(loop)).get_data(as_text=True)
    hint = text(html, data_testid="reject-hint")
    assert "reject it on the board with a reason" in hint
    assert f"/jobs/{loop.job_id}/board#application-{loop.application_id}" in html

    recruiter = client_for(app, loop.recruiter)
    with app.app_context():
        version = db.session.get(Application, loop.application_id).version
    moved = post_form(
        recruiter,
        f"/applications/{loop.application_id}/move",
        {"version": str(version), "target": "offer", "note": ""},
    )
    assert moved.status_code == 422
    assert "An offer needs a recorded hire decision" in unescape(moved.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Application, loop.application_id).stage != "offer"

    board = recruiter.get(f"/jobs/{loop.job_id}/board").get_data(as_text=True)
    assert text(board, data_testid=f"decision-{loop.application_id}") == "No hire"
    assert debrief_url(loop) in text_html(board, f"debrief-{loop.application_id}")
    candidate = recruiter.get(f"/candidates/{loop.candidate_id}").get_data(as_text=True)
    section = text(candidate, data_testid="candidate-debriefs")
    assert "No hire" in section
    assert debrief_url(loop) in candidate


def text_html(html: str, testid: str) -> str:
    """The raw HTML of the element with that test id (up to the next closing div)."""
    match = re.search(rf'data-testid="{re.escape(testid)}".*?</div>', html, re.S)
    assert match, testid
    return match.group(0)


def test_an_application_without_scorecards_or_decision_has_no_debrief_link(app, loop) -> None:
    recruiter = client_for(app, loop.recruiter)
    board = recruiter.get(f"/jobs/{loop.job_id}/board").get_data(as_text=True)
    assert f'data-testid="debrief-{loop.application_id}"' not in board
    candidate = recruiter.get(f"/candidates/{loop.candidate_id}").get_data(as_text=True)
    assert 'data-testid="candidate-debriefs"' not in candidate
    # Once a scorecard is in, the card links the debrief (without a decision yet).
    overview = hold_interview(loop, "overview")
    submit(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    board = recruiter.get(f"/jobs/{loop.job_id}/board").get_data(as_text=True)
    assert debrief_url(loop) in text_html(board, f"debrief-{loop.application_id}")
    assert f'data-testid="decision-{loop.application_id}"' not in board
    candidate = recruiter.get(f"/candidates/{loop.candidate_id}").get_data(as_text=True)
    assert "no decision yet" in text(candidate, data_testid="candidate-debriefs")


# --- a fixed number of queries ----------------------------------------------------------


def amend_one(loop: Loop, card_id: int, author: UserRef) -> None:
    with loop.app.app_context():
        actor = accounts.get_user(author.id)
        page = amendments.amendment_page(actor, card_id)
        skill = page.focus_skills[0]
        amendments.amend(
            actor,
            card_id,
            amendments.AmendmentInput(
                reason="Re-read my notes: the answer covered the edge cases as well.",
                ratings=(
                    RatingInput(skill, "4", "Handled empty clusters and ties, and tested both."),
                ),
            ),
            expected_version=page.scorecard.version,
        )


def test_the_debrief_runs_the_same_queries_for_1_or_8_scorecards(
    app, loop: Loop, count_queries
) -> None:
    coding = hold_interview(loop, "coding")
    first = submit(
        loop, coding, loop.interviewers["coding"], {"coding": "3", "ml-fundamentals": "2"}, "no"
    )
    amend_one(loop, first, loop.interviewers["coding"])
    decide(loop, "no_hire", NO_HIRE_REASON)
    client = client_for(app, loop.manager)
    client.get(debrief_url(loop))
    with count_queries() as one:
        assert client.get(debrief_url(loop)).status_code == 200
    for round_id, ratings in [
        ("coding", {"coding": "2", "ml-fundamentals": "3"}),
        ("coding", {"coding": "4", "ml-fundamentals": "1"}),
        ("overview", {"communication": "3"}),
        ("overview", {"communication": "2"}),
        ("ml-systems", {"mlops": "1", "model-evaluation": "4"}),
        ("ml-systems", {"mlops": "3", "model-evaluation": "2"}),
    ]:
        person = make_user(app, ("interviewer",))
        interview_id = hold_interview(loop, round_id, interviewers=(person,))
        card = submit(loop, interview_id, person, ratings, "yes")
        amend_one(loop, card, person)
    second = make_user(app, ("interviewer",))
    pair = hold_interview(loop, "coding", interviewers=(second,))
    submit(loop, pair, second, {"coding": "3", "ml-fundamentals": "3"}, "strong_yes")
    with app.app_context():
        current = evaluation.evaluation_of(accounts.get_user(loop.manager.id), loop.application_id)
        assert len(current.cards) == 8
        revises = current.decision.id
    decide(loop, "hire", HIRE_REASON, level="mid", override_reason=OVERRIDE, revises_id=revises)
    with count_queries() as eight:
        response = client.get(debrief_url(loop))
        assert response.status_code == 200
    assert eight.count == one.count, eight.statements
    html = response.get_data(as_text=True)
    assert "Earlier decisions" in html
    assert html.count('class="badge amended-badge"') >= 7
