"""A job's board: cards by stage, moves with history, the rules, and two people at once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hiring.audit import AuditEvent
from hiring.config import PROJECT_ROOT
from hiring.database import utcnow
from hiring.extensions import db
from hiring.pipeline.models import Application, StageChange
from tests.conftest import csrf_token, login, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate


@pytest.fixture
def app(make_app):
    """The shipped rubrics: their pipeline has every stage from applied to hired."""
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


@pytest.fixture
def setup(app, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id = make_candidate(app, users["recruiter"])
    application_id = make_application(app, users["recruiter"], candidate_id, job_id)
    return job_id, candidate_id, application_id


def version_of(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).version


def stage_of(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).stage


def move(client, app, application_id, target, *, version=None, **fields):
    data = {
        "version": version if version is not None else version_of(app, application_id),
        "target": target,
        "note": "",
        "rejection_reason": "",
        **fields,
    }
    return post_form(client, f"/applications/{application_id}/move", data)


def test_the_board_shows_cards_by_stage_with_days_and_stuck(app, client, users, setup):
    job_id, _, application_id = setup
    with app.app_context():
        db.session.execute(
            update(Application)
            .where(Application.id == application_id)
            .values(entered_stage_at=utcnow() - timedelta(days=9))
        )
        db.session.commit()
    login(client, users["recruiter"])
    response = client.get(f"/jobs/{job_id}/board")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    card = html[html.index(f'id="application-{application_id}"') :]
    card = card[: card.index("</li>")]
    assert "Ada Lovelace" in card and "9 days in stage" in card and "stuck" in card
    applied = html[
        html.index('data-column="applied"') : html.index('data-column="recruiter-screen"')
    ]
    assert "Ada Lovelace" in applied
    assert 'data-testid="count-applied">1' in html
    # A lean card: a link to its move page, no form of its own; one shared form for
    # dragging (board.js) on the whole board.
    assert f'href="/applications/{application_id}/move"' in card and "<form" not in card
    assert html.count("data-move-form") == 1
    # The job page links to its board.
    assert f'href="/jobs/{job_id}/board"' in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_moves_are_recorded_with_history_and_audit(app, client, users, setup):
    job_id, candidate_id, application_id = setup
    login(client, users["recruiter"])
    response = move(client, app, application_id, "recruiter-screen")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/jobs/{job_id}/board#application-{application_id}"
    )
    assert move(client, app, application_id, "overview", note="Great call").status_code == 302
    with app.app_context():
        changes = db.session.scalars(
            select(StageChange)
            .where(StageChange.application_id == application_id)
            .order_by(StageChange.id)
        ).all()
        assert [(c.from_stage, c.to_stage) for c in changes] == [
            (None, "applied"),
            ("applied", "recruiter-screen"),
            ("recruiter-screen", "overview"),
        ]
        assert changes[-1].by_id == users["recruiter"].id and changes[-1].note == "Great call"
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions.count("application.moved") == 2
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    history = page[page.index('data-testid="stage-history"') :]
    assert "Applied → <strong>Recruiter screen</strong>" in history
    assert "Recruiter screen → <strong>Overview with an ML leader</strong>" in history
    assert "Great call" in history


def test_moving_back_needs_a_reason_and_keeps_what_was_typed(app, client, users, setup):
    _, _, application_id = setup
    login(client, users["recruiter"])
    move(client, app, application_id, "technical-loop")
    response = move(client, app, application_id, "applied")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "needs a reason" in html
    # The move page again, with what was chosen.
    assert '<h1 class="h3">Move Ada Lovelace</h1>' in html
    assert re.search(r'<option value="applied" selected>', html)
    assert stage_of(app, application_id) == "technical-loop"
    response = move(client, app, application_id, "applied", note="Applied to the wrong level")
    assert response.status_code == 302
    assert stage_of(app, application_id) == "applied"


def test_rejection_needs_a_reason_from_the_list(app, client, users, setup):
    _, _, application_id = setup
    login(client, users["recruiter"])
    response = move(client, app, application_id, "rejected", note="Not now")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the reason for the rejection." in html
    assert 'value="Not now"' in html  # the note typed is kept
    response = move(client, app, application_id, "rejected", rejection_reason="must-have-below-bar")
    assert response.status_code == 302
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.stage, application.status) == ("rejected", "rejected")
        assert application.rejection_reason == "must-have-below-bar"
    # Reopening needs a reason too.
    assert move(client, app, application_id, "applied").status_code == 422
    assert move(client, app, application_id, "applied", note="Reconsidered").status_code == 302
    assert stage_of(app, application_id) == "applied"


def test_two_sessions_moving_the_same_application_the_second_gets_409(app, users, setup):
    _, _, application_id = setup
    first, second = app.test_client(), app.test_client()
    login(first, users["recruiter"])
    login(second, users["hiring_manager"])
    # Both opened the board at the same version.
    version = version_of(app, application_id)
    assert move(first, app, application_id, "overview", version=version).status_code == 302
    response = move(
        second,
        app,
        application_id,
        "rejected",
        version=version,
        rejection_reason="must-have-below-bar",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert users["recruiter"].name in html
    assert "it is now in Overview with an ML leader" in html
    # The board shown is the current one: the card sits in the overview column.
    overview = html[
        html.index('data-column="overview"') : html.index('data-column="technical-loop"')
    ]
    assert f'id="application-{application_id}"' in overview
    assert stage_of(app, application_id) == "overview"


def test_each_card_has_a_move_page_that_works_without_javascript(app, client, users, setup):
    job_id, _, application_id = setup
    login(client, users["recruiter"])
    page = client.get(f"/applications/{application_id}/move?target=rejected")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Move Ada Lovelace" in html and "Now in <strong>Applied</strong>" in html
    assert '<option value="rejected" selected>' in html
    assert '<option value="applied"' not in html  # not to where it already is
    assert f'name="version" value="{version_of(app, application_id)}"' in html
    assert f'href="/jobs/{job_id}/board#application-{application_id}"' in html


def test_unknown_stage_and_stale_form_are_refused(app, client, users, setup):
    _, _, application_id = setup
    login(client, users["recruiter"])
    assert move(client, app, application_id, "nowhere").status_code == 422
    response = client.post(
        f"/applications/{application_id}/move",
        data={"csrf_token": csrf_token(client, "/account"), "target": "overview"},
    )
    assert response.status_code == 422
    assert stage_of(app, application_id) == "applied"


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter"])
def test_people_who_manage_candidates_see_and_move_on_the_board(app, users, setup, role):
    job_id, _, application_id = setup
    client = app.test_client()
    login(client, users[role])
    assert client.get(f"/jobs/{job_id}/board").status_code == 200
    assert move(client, app, application_id, "recruiter-screen").status_code == 302


def test_interviewers_get_403_on_the_board_and_moves(app, client, users, setup):
    job_id, _, application_id = setup
    login(client, users["interviewer"])
    assert client.get(f"/jobs/{job_id}/board").status_code == 403
    assert move(client, app, application_id, "overview").status_code == 403
    assert stage_of(app, application_id) == "applied"


def test_bulk_move_reject_and_tag_from_the_list(app, client, users, setup):
    job_id, _, first = setup
    other = make_candidate(
        app, users["recruiter"], name="Grace Hopper", email="grace@example.com", phone=""
    )
    second = make_application(app, users["recruiter"], other, job_id)
    login(client, users["recruiter"])
    page = client.get(f"/applications?job={job_id}")
    assert page.status_code == 200 and "Grace Hopper" in page.get_data(as_text=True)
    response = post_form(
        client,
        "/applications/bulk",
        {"ids": [first, second], "action": "move", "target": "overview", "back": f"job={job_id}"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"?job={job_id}")
    assert stage_of(app, first) == stage_of(app, second) == "overview"
    # Rejecting without a reason changes nothing and says why.
    post_form(client, "/applications/bulk", {"ids": [first], "action": "reject"})
    assert stage_of(app, first) == "overview"
    post_form(
        client,
        "/applications/bulk",
        {"ids": [first], "action": "reject", "rejection_reason": "communication"},
    )
    assert stage_of(app, first) == "rejected"
    post_form(
        client,
        "/applications/bulk",
        {"ids": [first, second], "action": "tag", "tag": "Spring Fair"},
    )
    listed = client.get("/applications?tag=spring-fair&status=any").get_data(as_text=True)
    assert "Grace Hopper" in listed and "Ada Lovelace" in listed
    active = client.get("/applications?tag=spring-fair").get_data(as_text=True)
    assert "Grace Hopper" in active and "Ada Lovelace" not in active
