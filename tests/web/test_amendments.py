"""Amending a submitted scorecard through its form: who may, what bad input keeps, a
conflict with an amendment written meanwhile, and the verdict that follows the change."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.scorecards.models import ScorecardAmendment
from tests.conftest import login, make_user, post_form
from tests.fixtures.evaluation import Loop, hold_interview, make_loop, rubrics_with_an_offer
from tests.fixtures.evaluation import submit_card as submit

BETTER = "Re-read my notes: she derived the bias-variance trade-off unprompted and applied it."
REASON = "I put the fundamentals rating in the wrong row when I typed up my notes."


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(HIRING_RUBRICS_DIR=str(rubrics_with_an_offer(tmp_path / "rubrics")))


@pytest.fixture
def loop(app) -> Loop:
    """A complete loop whose only failing must-have is ML fundamentals (2 against 3),
    rated by the coding interviewer alone."""
    loop = make_loop(app)
    overview = hold_interview(loop, "overview")
    submit(loop, overview, loop.interviewers["overview"], {"communication": "3"}, "yes")
    coding = hold_interview(loop, "coding")
    loop.card = submit(
        loop, coding, loop.interviewers["coding"], {"coding": "3", "ml-fundamentals": "2"}, "no"
    )
    systems = hold_interview(loop, "ml-systems")
    submit(
        loop,
        systems,
        loop.interviewers["ml-systems"],
        {"mlops": "3", "model-evaluation": "3"},
        "yes",
    )
    return loop


def skill_index(html: str, skill: str) -> int:
    """The position of the skill's fieldset in the form, which names its fields."""
    order = re.findall(r'<fieldset class="card mb-3" data-skill="([^"]+)"', html)
    return order.index(skill)


def amendment(html: str, *, skill: str, rating: str, evidence: str, reason: str, **extra):
    index = skill_index(html, skill)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html) or re.search(
        r'type="hidden" name="version" value="(\d+)"|name="version"[^>]*value="(\d+)"', html
    )
    data = {
        "version": next(group for group in version.groups() if group),
        "reason": reason,
        "recommendation": extra.get("recommendation", ""),
    }
    for position, name in enumerate(re.findall(r'data-skill="([^"]+)"', html)):
        data[f"ratings-{position}-skill"] = name
        data[f"ratings-{position}-rating"] = rating if position == index else ""
        data[f"ratings-{position}-evidence"] = evidence if position == index else ""
    return data


def amendments_of(loop: Loop) -> int:
    return db.session.scalar(
        select(func.count(ScorecardAmendment.id)).where(
            ScorecardAmendment.scorecard_id == loop.card
        )
    )


def amend_url(loop: Loop) -> str:
    return f"/scorecards/{loop.card}/amend"


def test_the_author_and_admins_open_the_form_and_nobody_else(app, loop: Loop, users) -> None:
    for person, status in (
        (loop.interviewers["coding"], 200),
        (users["admin"], 200),
        (loop.interviewers["overview"], 403),
        (loop.manager, 403),
        (loop.recruiter, 403),
    ):
        client = app.test_client()
        login(client, person)
        assert client.get(amend_url(loop)).status_code == status, person.email
    assert app.test_client().get(amend_url(loop)).status_code in (302, 401)


def test_bad_input_is_refused_and_what_was_typed_stays(app, loop: Loop) -> None:
    client = app.test_client()
    login(client, loop.interviewers["coding"])
    form = client.get(amend_url(loop)).get_data(as_text=True)
    assert "Amend the Coding scorecard" in form
    data = amendment(form, skill="ml-fundamentals", rating="3", evidence="Better.", reason="typo")
    response = post_form(client, amend_url(loop), data)
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert "Nothing was saved" in html
    assert "supports the new rating of Machine learning fundamentals" in html
    assert "Say what changed your mind and why (at least 15 characters)" in html
    assert re.search(r">\s*typo</textarea>", html) and re.search(r">\s*Better\.</textarea>", html)
    index = skill_index(html, "ml-fundamentals")
    assert re.search(rf'id="amend-{index + 1}-3" value="3" checked', html)
    with app.app_context():
        assert amendments_of(loop) == 0


def test_an_amendment_changes_the_verdict_and_shows_who_and_why(app, loop: Loop) -> None:
    manager = app.test_client()
    login(manager, loop.manager)
    debrief = f"/applications/{loop.application_id}/debrief"
    assert "Below the bar" in manager.get(debrief).get_data(as_text=True)

    author = loop.interviewers["coding"]
    client = app.test_client()
    login(client, author)
    form = client.get(amend_url(loop)).get_data(as_text=True)
    data = amendment(form, skill="ml-fundamentals", rating="3", evidence=BETTER, reason=REASON)
    response = post_form(client, amend_url(loop), data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/applications/{loop.application_id}/scorecards")
    cards = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Amendment added." in cards and BETTER in cards and REASON in cards

    html = unescape(manager.get(debrief).get_data(as_text=True))
    assert "Meets the bar" in html
    assert "Below the bar" not in html
    amendments = html.split('data-testid="amendments"')[1]
    assert REASON in amendments and author.name in amendments


def test_an_amendment_written_meanwhile_is_a_conflict_that_keeps_the_typing(
    app, loop: Loop
) -> None:
    author = loop.interviewers["coding"]
    first, second = app.test_client(), app.test_client()
    login(first, author)
    login(second, author)
    form_one = first.get(amend_url(loop)).get_data(as_text=True)
    form_two = second.get(amend_url(loop)).get_data(as_text=True)
    done = post_form(
        first,
        amend_url(loop),
        amendment(form_one, skill="ml-fundamentals", rating="3", evidence=BETTER, reason=REASON),
    )
    assert done.status_code == 302
    other = "Second window: coding deserves a four for the vectorised solution."
    late = post_form(
        second,
        amend_url(loop),
        amendment(form_two, skill="coding", rating="4", evidence=BETTER, reason=other),
    )
    assert late.status_code == 409
    html = unescape(late.get_data(as_text=True))
    assert other in html  # the typed reason is kept
    assert REASON in html  # the amendment made meanwhile is shown
    with app.app_context():
        assert amendments_of(loop) == 1


def test_a_new_interviewer_cannot_amend_by_posting_either(app, loop: Loop) -> None:
    outsider = make_user(app, ("interviewer",))
    client = app.test_client()
    login(client, loop.interviewers["coding"])
    form = client.get(amend_url(loop)).get_data(as_text=True)
    data = amendment(form, skill="coding", rating="4", evidence=BETTER, reason=REASON)
    intruder = app.test_client()
    login(intruder, outsider)
    assert post_form(intruder, amend_url(loop), data).status_code == 403
    with app.app_context():
        assert amendments_of(loop) == 0
