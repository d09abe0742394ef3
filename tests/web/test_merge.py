"""Merging duplicate candidates through the browser's forms: find, review, merge.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL: taking over the merged
candidate's unique email inside the one transaction is checked on both.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, insert, select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.candidates import resume_services
from hiring.candidates import services as candidates
from hiring.candidates.models import Candidate, CandidateTag, ResumeFile
from hiring.config import PROJECT_ROOT
from hiring.duplicates import merge
from hiring.duplicates import services as merge_services
from hiring.extensions import db
from hiring.interviews.models import Interview
from hiring.notifications.models import OutboxMessage
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Application, StageChange
from hiring.privacy import services as privacy
from tests.conftest import login, post_form
from tests.fixtures.interviews import make_interview, round_ids
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import ADA, make_application, make_candidate
from tests.fixtures.resumes import make_docx, make_pdf


@pytest.fixture
def app(make_app):
    """The shipped rubrics: their pipeline has several active stages to compare."""
    return make_app(HIRING_RUBRICS_DIR=str(PROJECT_ROOT / "rubrics"))


# --- builders and readers --------------------------------------------------------------


def move(app, actor, application_id, target, note=""):
    with app.app_context():
        pipeline.move_application(
            accounts.get_user(actor.id),
            application_id,
            expected_version=None,
            target=target,
            note=note,
        )


def upload(app, actor, candidate_id, data, name):
    with app.app_context():
        return resume_services.upload_resume(
            accounts.get_user(actor.id), candidate_id, name, data
        ).id


@dataclass(frozen=True)
class Pair:
    keep: int
    other: int
    shared_job: int  # both active here
    kept_application: int  # in the shared job, further along
    other_application: int  # in the shared job
    other_only_application: int  # another job, with an interview
    interview: int
    files: tuple[int, int]  # kept's, other's


@pytest.fixture
def pair(app, users) -> Pair:
    """Ada twice: the kept record and a second one from an event, with its own history."""
    recruiter, manager = users["recruiter"], users["hiring_manager"]
    keep = make_candidate(app, recruiter, location="")
    other = make_candidate(
        app,
        recruiter,
        email="Ada.Lovelace+cv@Mail.example",
        phone="020 7946 0000",
        location="Cambridge, UK",
        source="event",
        links=("https://github.com/ada", "https://example.org/paper.pdf"),
        tags=("search", "ranking"),
        resume_text="Wrote a paper on learning to rank.",
        notes="Met at the *ranking* meetup.",
    )
    shared_job = make_job(app, manager)
    other_job = make_job(app, manager, title="Applied scientist, ads")
    kept_application = make_application(app, recruiter, keep, shared_job)
    move(app, recruiter, kept_application, "recruiter-screen")
    other_application = make_application(app, recruiter, other, shared_job)
    other_only = make_application(app, recruiter, other, other_job)
    interview = make_interview(
        app,
        recruiter,
        other_only,
        round_ids(app, manager, other_job)["overview"],
        interviewer_ids=(users["interviewer"].id,),
    )
    files = (
        upload(app, recruiter, keep, make_pdf("Ranking models"), "ada.pdf"),
        upload(app, recruiter, other, make_docx("Search paper"), "ada-cv.docx"),
    )
    return Pair(
        keep,
        other,
        shared_job,
        kept_application,
        other_application,
        other_only,
        interview,
        files,
    )


def review_url(keep: int, other: int) -> str:
    return f"/candidates/{keep}/merge/{other}"


INPUT = re.compile(r"<input\b[^>]*>")


def form_of(page: str) -> dict[str, str]:
    """What the review page would send as it is: hidden fields and checked radios."""
    data = {}
    for tag in INPUT.findall(page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or not value:
            continue
        if 'type="hidden"' in tag or ('type="radio"' in tag and " checked" in tag):
            data[name.group(1)] = html.unescape(value.group(1))
    data.pop("csrf_token", None)
    return data


def reviewed(client, keep: int, other: int) -> tuple[str, dict[str, str]]:
    response = client.get(review_url(keep, other))
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    return page, form_of(page)


def candidate(app, candidate_id):
    with app.app_context():
        found = db.session.get(Candidate, candidate_id)
        if found is None:
            return None
        db.session.refresh(found, ["notes", "notes_html", "resume_text"])
        tags = db.session.scalars(
            select(CandidateTag.tag).where(CandidateTag.candidate_id == candidate_id)
        ).all()
        db.session.expunge(found)
        return found, sorted(tags)


def applications(app, candidate_id):
    with app.app_context():
        return {
            a.id: (a.job_id, a.stage, a.status)
            for a in db.session.scalars(
                select(Application).where(Application.candidate_id == candidate_id)
            )
        }


def history(app, application_id):
    with app.app_context():
        return db.session.execute(
            select(StageChange.id, StageChange.to_stage, StageChange.note)
            .where(StageChange.application_id == application_id)
            .order_by(StageChange.id)
        ).all()


def merge_events(app):
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "candidate.merged")
        ).all()


# --- finding duplicates ----------------------------------------------------------------


def test_the_candidate_page_lists_look_alikes_with_a_review_link(app, client, users):
    recruiter = users["recruiter"]
    ada = make_candidate(app, recruiter)
    same_phone = make_candidate(app, recruiter, name="A. Lovelace", email="al@example.org")
    similar_email = make_candidate(
        app, recruiter, email="ada_lovelace1@example.net", phone="", name="ada lovelace"
    )
    stranger = make_candidate(app, recruiter, name="Grace Hopper", email="g@example.com", phone="")
    namesake = make_candidate(app, recruiter, email="lovelace.a@example.com", phone="+1 555 0100")
    erased = make_candidate(app, recruiter, name="A. Lovelace", email="gone@example.com")
    with app.app_context():
        privacy.erase_candidate(accounts.get_user(users["admin"].id), erased, "gone@example.com")
    login(client, recruiter)
    page = client.get(f"/candidates/{ada}").get_data(as_text=True)
    panel = page[page.index('data-testid="duplicates"') :]
    assert f'data-testid="duplicate-{same_phone}"' in panel
    assert f'data-testid="duplicate-{similar_email}"' in panel
    assert "Same phone" in panel and "Same name and a similar email" in panel
    for absent in (stranger, namesake, erased):
        assert f'data-testid="duplicate-{absent}"' not in panel
    assert f'href="/candidates/{ada}/merge/{same_phone}"' in panel
    assert "Merge another candidate into this one" in panel


def test_an_erased_candidates_page_offers_no_merge(app, client, users):
    ada = make_candidate(app, users["recruiter"])
    with app.app_context():
        privacy.erase_candidate(accounts.get_user(users["admin"].id), ada, "ada@example.com")
    login(client, users["recruiter"])
    page = client.get(f"/candidates/{ada}").get_data(as_text=True)
    assert 'data-testid="duplicates"' not in page
    assert client.get(f"/candidates/{ada}/merge").status_code == 422


def test_any_other_candidate_is_found_by_email_or_number(app, client, users):
    ada = make_candidate(app, users["recruiter"])
    other = make_candidate(app, users["recruiter"], email="ada@other.example", name="Ada L.")
    login(client, users["recruiter"])
    for wanted in ("ADA@other.example", str(other), f"#{other}"):
        response = client.get(f"/candidates/{ada}/merge", query_string={"other": wanted})
        assert response.status_code == 302
        assert response.headers["Location"] == review_url(ada, other)
    missing = client.get(f"/candidates/{ada}/merge", query_string={"other": "no@one.example"})
    assert missing.status_code == 404
    assert "No candidate has the email address no@one.example" in missing.get_data(as_text=True)
    assert 'value="no@one.example"' in missing.get_data(as_text=True)  # kept to correct
    itself = client.get(f"/candidates/{ada}/merge", query_string={"other": "ada@example.com"})
    assert itself.status_code == 422
    assert "That is this candidate" in itself.get_data(as_text=True)
    vague = client.get(f"/candidates/{ada}/merge", query_string={"other": "Ada"})
    assert vague.status_code == 422
    assert client.get(f"/candidates/{ada}/merge").status_code == 200


def test_editing_a_candidate_to_anothers_email_offers_the_merge(app, client, users):
    keep = make_candidate(app, users["recruiter"])
    other = make_candidate(app, users["recruiter"], email="ada2@example.com")
    login(client, users["recruiter"])
    response = post_form(
        client,
        f"/candidates/{other}/edit",
        {"name": "Ada Lovelace", "email": "ada@example.com", "source": "inbound", "version": 1},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'href="{review_url(keep, other)}">review merging this record into theirs' in page


# --- the review ------------------------------------------------------------------------


def test_the_review_shows_both_and_what_will_happen(app, client, users, pair):
    login(client, users["recruiter"])
    page, form = reviewed(client, pair.keep, pair.other)
    assert "ada@example.com" in page and "ada.lovelace+cv@mail.example" in page
    assert form["keep_version"] and form["other_version"]
    # Defaults: the kept candidate's values, the other's where the kept one is empty.
    assert "name" not in form  # the same in both: nothing to choose
    assert form["email"] == "keep" and form["phone"] == "keep" and form["source"] == "keep"
    assert form["location"] == "other"
    # Both active in one job: the application further along is suggested.
    assert form[f"active_{pair.shared_job}"] == str(pair.kept_application)
    summary = re.search(r'data-testid="merge-summary">([^<]+)<', page).group(1)
    assert summary.startswith("2 applications, 1 note and 1 resume file moving")
    assert "Both are active in the same job" in page


def test_the_application_further_along_is_suggested_whichever_side_it_is_on(
    app, client, users, pair
):
    move(app, users["recruiter"], pair.other_application, "overview")
    login(client, users["recruiter"])
    _, form = reviewed(client, pair.keep, pair.other)
    assert form[f"active_{pair.shared_job}"] == str(pair.other_application)


# --- the merge -------------------------------------------------------------------------


def test_a_merge_moves_everything_and_honours_every_choice(app, client, users, pair):
    recruiter = users["recruiter"]
    before = {
        "kept_history": history(app, pair.kept_application),
        "other_only_history": history(app, pair.other_only_application),
        "version": candidate(app, pair.keep)[0].version,
    }
    login(client, recruiter)
    _, form = reviewed(client, pair.keep, pair.other)
    form.update(
        {
            "email": "other",
            "phone": "other",
            "source": "other",
            "location": "keep",  # empty: chosen anyway
            f"active_{pair.shared_job}": str(pair.other_application),  # not the suggestion
        }
    )
    response = post_form(client, review_url(pair.keep, pair.other), form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == f"/candidates/{pair.keep}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Merged Ada Lovelace (#" in page

    assert candidate(app, pair.other) is None
    kept, tags = candidate(app, pair.keep)
    assert kept.email == "ada.lovelace+cv@mail.example"  # took over the unique email
    assert kept.phone == "020 7946 0000" and kept.source == "event"
    assert kept.location == "" and kept.name == "Ada Lovelace"
    assert kept.version == before["version"] + 1
    assert tags == ["pytorch", "ranking", "search"]
    assert kept.links == ["https://github.com/ada", "https://example.org/paper.pdf"]
    assert kept.notes.startswith("Strong on **evaluation**.\n\n### Merged from Ada Lovelace ")
    assert "Met at the *ranking* meetup." in kept.notes
    assert "email ada@example.com" in kept.notes  # the address not kept is not lost
    assert (
        "<em>ranking</em>" in kept.notes_html and "<strong>evaluation</strong>" in kept.notes_html
    )
    assert kept.resume_text.startswith("Built a ranking model")
    assert "Wrote a paper on learning to rank." in kept.resume_text
    assert "Search paper" in kept.resume_text  # text of the other's uploaded file

    moved = applications(app, pair.keep)
    assert set(moved) == {
        pair.kept_application,
        pair.other_application,
        pair.other_only_application,
    }
    assert moved[pair.other_application][2] == "active"
    assert moved[pair.kept_application][1:] == ("withdrawn", "withdrawn")
    closed = history(app, pair.kept_application)
    assert closed[: len(before["kept_history"])] == before["kept_history"]  # history kept
    assert closed[-1].to_stage == "withdrawn"
    assert "Closed by the merge" in closed[-1].note
    assert f"#{pair.other_application}" in closed[-1].note
    assert history(app, pair.other_only_application) == before["other_only_history"]
    with app.app_context():
        interview = db.session.get(Interview, pair.interview)
        assert interview.application_id == pair.other_only_application
        files = db.session.scalars(
            select(ResumeFile.id).where(ResumeFile.candidate_id == pair.keep)
        ).all()
        assert sorted(files) == sorted(pair.files)
        # The invite emailed about the other record now concerns the kept candidate,
        # so erasing them later scrubs it too.
        about = db.session.scalars(select(OutboxMessage.candidate_id)).all()
        assert about == [pair.keep]

    # The candidate's page shows every application.
    assert page.count('data-testid="application-') == 3
    # One audit event, with both ids and the counts, and no personal data.
    [event] = merge_events(app)
    assert event.object_id == str(pair.keep)
    assert event.details["kept_candidate_id"] == pair.keep
    assert event.details["merged_candidate_id"] == pair.other
    assert event.details["applications"] == 2
    assert event.details["closed"] == 1 and event.details["files"] == 1
    assert event.details["notes"] == 1 and event.details["interviews"] == 1
    assert event.details["closed_application_ids"] == [pair.kept_application]
    assert event.summary == (
        f"Merged candidate #{pair.other} into candidate #{pair.keep}: 2 application(s), "
        "1 note(s) and 1 file(s) moved, 1 application(s) closed"
    )
    for personal in ("Ada", "Lovelace", "@", "020"):
        assert personal not in event.summary
        assert personal not in str(event.details)


def test_keeping_the_kept_candidates_email_frees_nothing_and_needs_no_shared_job(
    app, client, users
):
    recruiter = users["recruiter"]
    keep = make_candidate(app, recruiter)
    other = make_candidate(app, recruiter, email="ada2@example.com")
    login(client, recruiter)
    _, form = reviewed(client, keep, other)
    response = post_form(client, review_url(keep, other), form)
    assert response.status_code == 302
    kept, _ = candidate(app, keep)
    assert kept.email == "ada@example.com"
    assert candidate(app, other) is None
    # The other's address is free again: a new candidate may use it.
    with app.app_context():
        candidates.create_candidate(
            accounts.get_user(recruiter.id),
            candidates.CandidateInput(name="Someone Else", email="ada2@example.com"),
        )


def test_a_merge_with_a_changed_candidate_is_refused_and_shows_the_current_state(
    app, client, users, pair
):
    recruiter = users["recruiter"]
    login(client, recruiter)
    _, form = reviewed(client, pair.keep, pair.other)
    with app.app_context():  # someone edits the kept candidate meanwhile
        candidates.update_candidate(
            accounts.get_user(users["admin"].id),
            pair.keep,
            expected_version=None,
            data=candidates.CandidateInput(
                **{**ADA.__dict__, "location": "Paris, France", "tags": ("ranking",)}
            ),
        )
    response = post_form(client, review_url(pair.keep, pair.other), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'data-testid="conflict"' in page and "nothing was merged" in page
    assert "Paris, France" in page  # the current state
    assert candidate(app, pair.other) is not None
    assert set(applications(app, pair.other)) == {
        pair.other_application,
        pair.other_only_application,
    }
    assert merge_events(app) == []
    # The page now carries the current versions: merging again works.
    again = form_of(page)
    assert again["keep_version"] != form["keep_version"]
    assert post_form(client, review_url(pair.keep, pair.other), again).status_code == 302
    assert candidate(app, pair.other) is None


def test_a_merge_with_a_changed_other_candidate_is_refused(app, client, users):
    recruiter = users["recruiter"]
    keep = make_candidate(app, recruiter)
    other = make_candidate(app, recruiter, email="ada2@example.com")
    login(client, recruiter)
    _, form = reviewed(client, keep, other)
    with app.app_context():
        candidates.update_candidate(
            accounts.get_user(recruiter.id),
            other,
            expected_version=None,
            data=candidates.CandidateInput(name="Ada King", email="ada2@example.com"),
        )
    response = post_form(client, review_url(keep, other), form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Ada King (#" in page
    assert candidate(app, other) is not None
    # The names differed only after the review: the choice shows its default.
    assert form_of(page)["name"] == "keep"


def test_a_job_both_became_active_in_after_the_review_asks_before_merging(app, client, users):
    recruiter = users["recruiter"]
    keep = make_candidate(app, recruiter)
    other = make_candidate(app, recruiter, email="ada2@example.com")
    login(client, recruiter)
    _, form = reviewed(client, keep, other)
    job = make_job(app, users["hiring_manager"])
    make_application(app, recruiter, keep, job)
    make_application(app, recruiter, other, job)
    response = post_form(client, review_url(keep, other), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Both are active in the same job" in page
    assert "Choose which application stays active." in page
    assert len(applications(app, other)) == 1
    assert post_form(client, review_url(keep, other), form_of(page)).status_code == 302


def test_the_service_refuses_choices_made_for_other_shared_jobs(app, users, pair):
    with app.app_context():
        actor = accounts.get_user(users["recruiter"].id)
        versions = {
            "keep_version": db.session.get(Candidate, pair.keep).version,
            "other_version": db.session.get(Candidate, pair.other).version,
        }
        with pytest.raises(merge_services.MergeConflict):
            merge_services.merge_candidates(
                actor, pair.keep, pair.other, **versions, choices=merge.MergeChoices()
            )
    assert candidate(app, pair.other) is not None
    assert merge_events(app) == []


def test_a_missing_choice_for_a_shared_job_comes_back_with_an_error(app, client, users, pair):
    login(client, users["recruiter"])
    _, form = reviewed(client, pair.keep, pair.other)
    del form[f"active_{pair.shared_job}"]
    response = post_form(client, review_url(pair.keep, pair.other), form)
    assert response.status_code == 422
    assert "Choose which application stays active." in response.get_data(as_text=True)
    assert candidate(app, pair.other) is not None


def test_self_erased_and_missing_candidates_are_refused(app, client, users):
    recruiter = users["recruiter"]
    keep = make_candidate(app, recruiter)
    erased = make_candidate(app, recruiter, email="gone@example.com")
    with app.app_context():
        privacy.erase_candidate(accounts.get_user(users["admin"].id), erased, "gone@example.com")
    login(client, recruiter)
    data = {"keep_version": "1", "other_version": "1"}

    itself = client.get(review_url(keep, keep))
    assert itself.status_code == 422
    assert "cannot be merged with themself" in itself.get_data(as_text=True)
    assert post_form(client, review_url(keep, keep), data).status_code == 422

    for url in (review_url(keep, erased), review_url(erased, keep)):
        response = client.get(url)
        assert response.status_code == 422
        assert "never merged" in response.get_data(as_text=True)
        assert post_form(client, url, data).status_code == 422

    missing = client.get(review_url(keep, 999_999))
    assert missing.status_code == 404
    assert "There is no candidate #999999" in missing.get_data(as_text=True)
    assert post_form(client, review_url(keep, 999_999), data).status_code == 404
    assert candidate(app, keep)[0].version == 1
    assert candidate(app, erased) is not None
    assert merge_events(app) == []


def test_interviewers_may_not_merge(app, client, users, pair):
    login(client, users["interviewer"])
    assert client.get(review_url(pair.keep, pair.other)).status_code == 403
    assert client.get(f"/candidates/{pair.keep}/merge").status_code == 403
    assert post_form(client, review_url(pair.keep, pair.other), {}).status_code == 403
    assert candidate(app, pair.other) is not None


# --- query counts ----------------------------------------------------------------------


def add_look_alikes(app, count: int, by: int, offset: int) -> None:
    """Candidates with Ada's phone, each with an application, inserted in bulk."""
    with app.app_context():
        ids = db.session.scalars(
            insert(Candidate).returning(Candidate.id),
            [
                {
                    "name": f"A. Lovelace {offset + n}",
                    "email": f"ada{offset + n}@look-alike.example",
                    "phone": "+44 (20) 7946-0000",
                    "source": "inbound",
                    "links": [],
                    "resume_text": "",
                    "notes": "",
                    "notes_html": "",
                    "created_by_id": by,
                }
                for n in range(count)
            ],
        ).all()
        job = db.session.scalar(select(func.min(Application.job_id)))
        db.session.execute(
            insert(Application),
            [{"candidate_id": cid, "job_id": job, "stage": "applied"} for cid in ids],
        )
        db.session.commit()


def test_the_candidate_page_runs_the_same_queries_for_2_or_20_duplicates(app, users, count_queries):
    recruiter = users["recruiter"]
    ada = make_candidate(app, recruiter)
    make_application(app, recruiter, ada, make_job(app, users["hiring_manager"]))
    client = app.test_client()
    login(client, recruiter)
    add_look_alikes(app, 2, recruiter.id, 0)
    with count_queries() as small:
        page = client.get(f"/candidates/{ada}").get_data(as_text=True)
    assert page.count("Review merge<") == 2
    add_look_alikes(app, 18, recruiter.id, 2)
    with count_queries() as large:
        page = client.get(f"/candidates/{ada}").get_data(as_text=True)
    assert page.count("Review merge<") == 20
    assert large.count == small.count, large.statements


def test_the_review_page_runs_the_same_queries_whatever_the_history(
    app, client, users, pair, count_queries
):
    login(client, users["recruiter"])
    with count_queries() as small:
        assert client.get(review_url(pair.keep, pair.other)).status_code == 200
    for _ in range(3):
        job = make_job(app, users["hiring_manager"])
        make_application(app, users["recruiter"], pair.other, job)
        make_application(app, users["recruiter"], pair.keep, job)
    with count_queries() as large:
        page = client.get(review_url(pair.keep, pair.other)).get_data(as_text=True)
    assert page.count("further along") == 4
    assert large.count == small.count, large.statements
