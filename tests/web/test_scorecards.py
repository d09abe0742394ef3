"""Scorecards through the browser's forms: drafts, submitting, final cards, bad input,
conflicts, and who sees which scorecards when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.database import utcnow
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.scorecards import rules
from hiring.scorecards import services as scorecards
from hiring.scorecards.models import Scorecard
from tests.conftest import UserRef, login, make_user, post_form
from tests.fixtures.interviews import make_interview, round_ids
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate

EVIDENCE = "Wrote k-means from scratch, vectorised the distance step and tested it."
OTHER_EVIDENCE = "Explained why the validation loss rose while training loss kept falling."


# --- builders (the dashboard and reminder tests use them too) ---------------------------


def set_start(app, interview_id: int, starts_at: datetime, **values) -> None:
    with app.app_context():
        db.session.execute(
            update(Interview)
            .where(Interview.id == interview_id)
            .values(starts_at=starts_at, **values)
        )
        db.session.commit()


def past_interview(
    app,
    scheduler: UserRef,
    application_id: int,
    loop_round_id: int,
    interviewer_ids: tuple[int, ...],
    *,
    hours_ago: float = 2,
) -> int:
    """An interview that started ``hours_ago`` (scheduled ahead, then moved back)."""
    interview_id = make_interview(
        app, scheduler, application_id, loop_round_id, interviewer_ids=interviewer_ids
    )
    set_start(app, interview_id, utcnow() - timedelta(hours=hours_ago))
    return interview_id


def focus_skills(app, interview_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.get(Interview, interview_id).definition["focus_skills"])


def complete_input(app, interview_id: int, evidence: str = EVIDENCE, **changes):
    skills = focus_skills(app, interview_id)
    ratings = [rules.RatingInput(skills[0], "3", evidence)] + [
        rules.RatingInput(skill, "na") for skill in skills[1:]
    ]
    values = {"ratings": tuple(ratings), "recommendation": "yes", "notes": ""}
    values.update(changes)
    return scorecards.ScorecardInput(**values)


def write_scorecard(
    app, user: UserRef, interview_id: int, *, submit: bool = True, evidence: str = EVIDENCE
) -> int:
    """A scorecard through the service the form calls; submitted unless ``submit`` is off."""
    data = complete_input(app, interview_id, evidence)
    with app.app_context():
        actor = accounts.get_user(user.id)
        existing = db.session.scalar(
            select(Scorecard).where(
                Scorecard.interview_id == interview_id, Scorecard.interviewer_id == user.id
            )
        )
        card = scorecards.save(
            actor,
            interview_id,
            data,
            expected_version=existing.version if existing else None,
            submit=submit,
        )
        return card.id


def card_form(
    skills: list[str],
    ratings: dict[str, tuple[str, str]],
    *,
    recommendation: str = "",
    notes: str = "",
    version: str = "",
    action: str = "submit",
) -> dict[str, str]:
    """The scorecard form as a browser posts it."""
    data = {"version": version, "notes": notes, action: "x"}
    if recommendation:
        data["recommendation"] = recommendation
    for index, skill in enumerate(skills):
        rating, evidence = ratings.get(skill, ("", ""))
        data[f"ratings-{index}-skill"] = skill
        data[f"ratings-{index}-evidence"] = evidence
        if rating:
            data[f"ratings-{index}-rating"] = rating
    return data


def signed_in(app, user: UserRef):
    client = app.test_client()
    login(client, user)
    return client


def version_on_page(html: str) -> str:
    match = re.search(r'name="version" type="hidden" value="(\d*)"', html)
    assert match, "no version field"
    return match.group(1)


@dataclass(frozen=True)
class Setup:
    job_id: int
    rounds: dict[str, int]
    application_id: int
    candidate_id: int
    interview_id: int  # the coding round, two hours ago, with both interviewers
    second: UserRef  # another interviewer on it


@pytest.fixture
def setup(app, users) -> Setup:
    job_id = make_job(app, users["hiring_manager"])
    rounds = round_ids(app, users["hiring_manager"], job_id)
    candidate_id = make_candidate(app, users["recruiter"])
    application_id = make_application(app, users["recruiter"], candidate_id, job_id)
    second = make_user(app, ("interviewer",), name="Grace Hopper", email="grace@example.com")
    interview_id = past_interview(
        app,
        users["recruiter"],
        application_id,
        rounds["coding"],
        (users["interviewer"].id, second.id),
    )
    return Setup(job_id, rounds, application_id, candidate_id, interview_id, second)


# --- writing ---------------------------------------------------------------------------


def test_an_interviewer_saves_a_draft_then_submits_and_the_card_is_final(app, users, setup):
    skills = focus_skills(app, setup.interview_id)
    assert skills == ["coding", "ml-fundamentals"]
    client = signed_in(app, users["interviewer"])
    url = f"/interviews/{setup.interview_id}/scorecard"

    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Scorecard: Coding with Ada Lovelace" in html
    assert "Machine learning fundamentals" in html
    assert "Shows coding unaided and explains the trade-offs made." in html  # the anchor
    assert "Must-have · bar 3" in html
    assert "Not assessed in this interview" in html
    assert "evidence" in html.lower() and "Save draft" in html

    draft = card_form(skills, {"coding": ("3", "Half-written: k-means")}, action="save_draft")
    response = post_form(client, url, draft)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url)
    html = client.get(url).get_data(as_text=True)
    assert "Draft saved" in html and "Draft, only visible to you" in html
    assert "Half-written: k-means" in html
    assert 'id="skill-1-3" value="3" checked' in html
    assert 'id="skill-2-3" value="3" checked' not in html
    mine = client.get("/interviews/mine").get_data(as_text=True)
    assert "Continue draft" in mine

    final = card_form(
        skills,
        {"coding": ("3", EVIDENCE), "ml-fundamentals": ("na", "")},
        recommendation="strong_yes",
        notes="Ask about **monitoring** in the systems round.",
        version=version_on_page(html),
    )
    response = post_form(client, url, final)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/applications/{setup.application_id}/scorecards")
    with app.app_context():
        card = db.session.scalar(select(Scorecard).options(selectinload(Scorecard.ratings)))
        assert (card.status, card.recommendation) == ("submitted", "strong_yes")
        assert card.submitted_at is not None
        assert [(r.skill, r.rating, r.not_assessed) for r in card.ratings] == [
            ("coding", 3, False),
            ("ml-fundamentals", None, True),
        ]
        assert "<strong>monitoring</strong>" in card.notes_html
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "scorecard.submitted")
        )
        assert event.object_id == str(card.id)
        assert "Ada" not in event.summary and "Lovelace" not in event.summary
        assert f"candidate #{setup.candidate_id}" in event.summary

    html = client.get(url).get_data(as_text=True)
    assert "Submitted scorecards are final" in html
    assert "Save draft" not in html and EVIDENCE in html
    mine = client.get("/interviews/mine").get_data(as_text=True)
    assert "Submitted" in mine and "Continue draft" not in mine

    # Final: another save, even with the right version, changes nothing.
    again = card_form(
        skills,
        {"coding": ("1", "Changed my mind about it all.")},
        recommendation="no",
        version=str(card.version + 1),
    )
    response = post_form(client, url, again)
    assert response.status_code == 409
    assert "is final" in response.get_data(as_text=True)
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert card.recommendation == "strong_yes"


def test_bad_input_comes_back_as_422_with_everything_typed(app, users, setup):
    skills = focus_skills(app, setup.interview_id)
    client = signed_in(app, users["interviewer"])
    url = f"/interviews/{setup.interview_id}/scorecard"
    typed = card_form(
        skills,
        {"coding": ("4", ""), "ml-fundamentals": ("", "Talked through regularisation.")},
        notes="My *notes* stay.",
    )
    response = post_form(client, url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write what the candidate said or did that supports your rating of Coding." in html
    assert "Rate Machine learning fundamentals from 1 to 4" in html
    assert "There is no neutral option" in html
    assert 'id="skill-1-4" value="4" checked' in html
    assert "Talked through regularisation." in html and "My *notes* stay." in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert db.session.scalar(select(Scorecard)) is None


def test_a_stale_save_is_a_conflict_that_keeps_what_was_typed(app, users, setup):
    skills = focus_skills(app, setup.interview_id)
    url = f"/interviews/{setup.interview_id}/scorecard"
    first_tab = signed_in(app, users["interviewer"])
    second_tab = signed_in(app, users["interviewer"])
    # Both open the empty form; the first saves; the second has no version to match.
    first_tab.get(url)
    second_tab.get(url)
    saved = card_form(skills, {"coding": ("2", "From the first tab.")}, action="save_draft")
    assert post_form(first_tab, url, saved).status_code == 302
    typed = card_form(skills, {"coding": ("3", "From the second tab.")}, action="save_draft")
    response = post_form(second_tab, url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "saved from another window or tab" in html
    assert "From the second tab." in html
    # The page now carries the saved version: saving again replaces it knowingly.
    typed["version"] = version_on_page(html)
    assert post_form(second_tab, url, typed).status_code == 302

    # A form opened before a later save is stale too.
    stale_version = version_on_page(first_tab.get(url).get_data(as_text=True))
    newer = card_form(
        skills, {"coding": ("4", "Newer.")}, action="save_draft", version=stale_version
    )
    assert post_form(second_tab, url, newer).status_code == 302
    older = card_form(
        skills,
        {"coding": ("1", "Typed in the old tab.")},
        action="submit",
        recommendation="no",
        version=stale_version,
    )
    response = post_form(first_tab, url, older)
    assert response.status_code == 409
    assert "Typed in the old tab." in response.get_data(as_text=True)
    with app.app_context():
        card = db.session.scalar(select(Scorecard).options(selectinload(Scorecard.ratings)))
        assert card.status == "draft"
        assert card.ratings[0].evidence == "Newer."


def test_the_scorecard_opens_when_the_interview_starts(app, users, setup):
    later = make_interview(
        app,
        users["recruiter"],
        setup.application_id,
        setup.rounds["overview"],
        interviewer_ids=(users["interviewer"].id,),
    )
    client = signed_in(app, users["interviewer"])
    page = client.get(f"/interviews/{later}/scorecard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The scorecard opens when the interview starts" in html
    assert "Save draft" not in html
    mine = client.get("/interviews/mine").get_data(as_text=True)
    assert "Scorecard opens at the start" in mine
    skills = focus_skills(app, later)
    response = post_form(
        client,
        f"/interviews/{later}/scorecard",
        card_form(skills, {skills[0]: ("3", EVIDENCE)}, recommendation="yes"),
    )
    assert response.status_code == 422
    assert "opens when the interview starts" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Scorecard)) is None
    # From the start time on, it can be written.
    set_start(app, later, utcnow() - timedelta(minutes=1))
    assert "Save draft" in client.get(f"/interviews/{later}/scorecard").get_data(as_text=True)


def test_nobody_but_its_interviewers_writes_a_scorecard(app, users, setup):
    url = f"/interviews/{setup.interview_id}/scorecard"
    skills = focus_skills(app, setup.interview_id)
    typed = card_form(
        skills, {skills[0]: ("1", "A recruiter's opinion of it.")}, recommendation="strong_no"
    )
    for role in ("recruiter", "hiring_manager", "admin"):
        client = signed_in(app, users[role])
        assert client.get(url).status_code == 403
        assert post_form(client, url, typed).status_code == 403
    outsider = make_user(app, ("interviewer",))
    client = signed_in(app, outsider)
    assert client.get(url).status_code == 403
    assert post_form(client, url, typed).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Scorecard)) is None


def test_a_recruiter_cannot_change_a_submitted_scorecard(app, users, setup):
    write_scorecard(app, users["interviewer"], setup.interview_id)
    recruiter = signed_in(app, users["recruiter"])
    html = recruiter.get(f"/applications/{setup.application_id}/scorecards").get_data(as_text=True)
    assert EVIDENCE in html
    assert f"/interviews/{setup.interview_id}/scorecard" not in html  # no edit link
    skills = focus_skills(app, setup.interview_id)
    response = post_form(
        recruiter,
        f"/interviews/{setup.interview_id}/scorecard",
        card_form(
            skills, {skills[0]: ("1", "Overwritten by the recruiter.")}, recommendation="strong_no"
        ),
    )
    assert response.status_code == 403
    with app.app_context():
        card = db.session.scalar(select(Scorecard).options(selectinload(Scorecard.ratings)))
        assert (card.recommendation, card.ratings[0].evidence) == ("yes", EVIDENCE)


def test_cancelled_interviews_take_no_scorecards(app, users, setup):
    with app.app_context():
        scheduler = accounts.get_user(users["recruiter"].id)
        from hiring.interviews import scheduling

        scheduling.cancel(scheduler, setup.interview_id, expected_version=None)
    client = signed_in(app, users["interviewer"])
    assert client.get(f"/interviews/{setup.interview_id}/scorecard").status_code == 403
    mine = client.get("/interviews/mine").get_data(as_text=True)
    assert "Write scorecard" not in mine


def test_notes_are_sanitised_markdown(app, users, setup):
    skills = focus_skills(app, setup.interview_id)
    client = signed_in(app, users["interviewer"])
    response = post_form(
        client,
        f"/interviews/{setup.interview_id}/scorecard",
        card_form(
            skills,
            {"coding": ("3", EVIDENCE), "ml-fundamentals": ("na", "")},
            recommendation="no",
            notes='**Clear** code. <script>alert("x")</script> [link](javascript:alert(1))',
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert "<strong>Clear</strong>" in card.notes_html
        assert "<script" not in card.notes_html and "javascript:" not in card.notes_html


# --- who sees what ---------------------------------------------------------------------


def test_other_interviewers_scorecards_stay_hidden_until_you_submit_yours(app, users, setup):
    write_scorecard(app, setup.second, setup.interview_id, evidence=OTHER_EVIDENCE)
    write_scorecard(app, users["interviewer"], setup.interview_id, submit=False)
    page = f"/applications/{setup.application_id}/scorecards"
    client = signed_in(app, users["interviewer"])
    response = client.get(page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="hidden-until-submitted"' in html
    assert OTHER_EVIDENCE not in html and "Grace Hopper" not in html
    assert "Continue draft" in html  # their own draft, for them alone
    # The draft is nobody else's business: not even the second interviewer's, nor a
    # recruiter's.
    for reader in (setup.second, users["recruiter"], users["admin"]):
        html = signed_in(app, reader).get(page).get_data(as_text=True)
        assert OTHER_EVIDENCE in html
        assert EVIDENCE not in html

    write_scorecard(app, users["interviewer"], setup.interview_id)
    html = client.get(page).get_data(as_text=True)
    assert "hidden-until-submitted" not in html
    assert OTHER_EVIDENCE in html and EVIDENCE in html


def test_an_interviewer_with_a_later_interview_still_to_do_sees_only_their_own(app, users, setup):
    write_scorecard(app, setup.second, setup.interview_id, evidence=OTHER_EVIDENCE)
    write_scorecard(app, users["interviewer"], setup.interview_id)
    make_interview(
        app,
        users["recruiter"],
        setup.application_id,
        setup.rounds["overview"],
        interviewer_ids=(users["interviewer"].id,),
    )
    html = (
        signed_in(app, users["interviewer"])
        .get(f"/applications/{setup.application_id}/scorecards")
        .get_data(as_text=True)
    )
    assert "hidden-until-submitted" in html
    assert EVIDENCE in html and OTHER_EVIDENCE not in html


def test_interviewers_not_on_the_application_get_403(app, users, setup):
    outsider = make_user(app, ("interviewer",))
    client = signed_in(app, outsider)
    assert client.get(f"/applications/{setup.application_id}/scorecards").status_code == 403
    assert signed_in(app, users["recruiter"]).get("/applications/99999/scorecards").status_code == (
        404
    )


def test_readers_see_who_is_late_and_links_from_the_kit(app, users, setup):
    set_start(app, setup.interview_id, utcnow() - timedelta(hours=30))
    write_scorecard(app, setup.second, setup.interview_id, evidence=OTHER_EVIDENCE)
    html = (
        signed_in(app, users["hiring_manager"])
        .get(f"/applications/{setup.application_id}/scorecards")
        .get_data(as_text=True)
    )
    assert "1 of 2 submitted" in html and "1 late" in html
    seat = html.split(f'data-testid="seat-{setup.interview_id}-{users["interviewer"].id}"')[1]
    assert "5 hours late" in seat.split("</li>")[0]

    kit = signed_in(app, users["recruiter"]).get(f"/interviews/{setup.interview_id}/kit")
    assert f"/applications/{setup.application_id}/scorecards" in kit.get_data(as_text=True)
    kit = signed_in(app, users["interviewer"]).get(f"/interviews/{setup.interview_id}/kit")
    kit_html = kit.get_data(as_text=True)
    assert f"/interviews/{setup.interview_id}/scorecard" in kit_html


def test_the_board_card_shows_scorecards_in_and_late(app, users, setup):
    set_start(app, setup.interview_id, utcnow() - timedelta(hours=30))
    write_scorecard(app, setup.second, setup.interview_id)
    html = (
        signed_in(app, users["recruiter"]).get(f"/jobs/{setup.job_id}/board").get_data(as_text=True)
    )
    card = html.split(f'data-testid="scorecards-{setup.application_id}"')[1].split("</div>")[0]
    assert "Scorecards 1/2" in card and "1 late" in card
    assert f"/applications/{setup.application_id}/scorecards" in card


def test_the_scorecards_page_and_board_run_the_same_queries_for_1_or_10_interviews(
    app, users, setup, count_queries
):
    recruiter = signed_in(app, users["recruiter"])
    pages = [f"/applications/{setup.application_id}/scorecards", f"/jobs/{setup.job_id}/board"]
    write_scorecard(app, setup.second, setup.interview_id)
    for page in pages:
        recruiter.get(page)
    few = {}
    for page in pages:
        with count_queries() as counter:
            assert recruiter.get(page).status_code == 200
        few[page] = counter.count
    for hours in range(3, 12):
        interview_id = past_interview(
            app,
            users["recruiter"],
            setup.application_id,
            setup.rounds["coding"],
            (users["interviewer"].id, setup.second.id),
            hours_ago=hours * 10,
        )
        write_scorecard(app, setup.second, interview_id)
    for page in pages:
        with count_queries() as counter:
            response = recruiter.get(page)
            assert response.status_code == 200
        assert counter.count == few[page], (page, counter.statements)
    assert "Scorecards 10/20" in response.get_data(as_text=True)


def test_the_sql_for_late_scorecards_agrees_with_the_rule(app, users, setup):
    """Interviews of every length ending just before and just after the due time."""
    from hiring.scorecards import progress

    now = utcnow().replace(microsecond=0)
    ids = []
    for duration in (10, 45, 60, 90, 480):
        for offset in (-61, -1, 1, 61):  # seconds from the due time
            interview_id = make_interview(
                app,
                users["recruiter"],
                setup.application_id,
                setup.rounds["coding"],
                interviewer_ids=(users["interviewer"].id,),
            )
            ends = now - rules.LATE_AFTER + timedelta(seconds=offset)
            set_start(app, interview_id, ends - timedelta(minutes=duration), duration=duration)
            ids.append(interview_id)
    with app.app_context():
        expected = {
            interview.id
            for interview in db.session.scalars(select(Interview).where(Interview.id.in_(ids)))
            if rules.is_late(interview.ends_at, cancelled=False, submitted=False, now=now)
        }
        found = progress.late_scorecards(now, limit=100)
        late = {row.interview.id for row in found.rows} & set(ids)
    assert len(expected) == 10
    assert late == expected
