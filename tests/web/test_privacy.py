"""Privacy (admins): export a candidate's data, erase it, enforce retention; all audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.candidates import services as candidates
from hiring.candidates.models import Candidate, CandidateTag, ResumeFile
from hiring.database import utcnow
from hiring.extensions import db
from hiring.notifications.models import OutboxMessage
from hiring.pipeline import services as pipeline
from hiring.pipeline.models import Application, StageChange
from hiring.privacy import services as privacy
from tests.conftest import login, post_form
from tests.fixtures.interviews import make_interview, round_ids, staff_round
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate
from tests.fixtures.resumes import make_pdf


def move(app, actor, application_id, target, **fields):
    with app.app_context():
        version = db.session.get(Application, application_id).version
        pipeline.move_application(
            accounts.get_user(actor.id),
            application_id,
            expected_version=version,
            target=target,
            note=fields.get("note", ""),
            rejection_reason=fields.get("rejection_reason", ""),
        )


def upload(client, candidate_id, data=None, name="Ada CV.pdf"):
    return post_form(
        client,
        f"/candidates/{candidate_id}/resumes",
        {"file": (io.BytesIO(data or make_pdf("Quokka population models")), name)},
        content_type="multipart/form-data",
    )


def rejected_candidate(app, users, job_id, **changes):
    candidate_id = make_candidate(app, users["recruiter"], **changes)
    application_id = make_application(app, users["recruiter"], candidate_id, job_id)
    move(
        app,
        users["recruiter"],
        application_id,
        "rejected",
        note="Ada told us about her relocation plans",
        rejection_reason="must-have-below-bar",
    )
    return candidate_id, application_id


def audit_events(app, action):
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_export_is_a_zip_with_everything_and_is_audited(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id, application_id = rejected_candidate(app, users, job_id)
    login(client, users["admin"])
    assert upload(client, candidate_id).status_code == 302
    response = client.get(f"/admin/candidates/{candidate_id}/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(response.data)) as bundle:
        names = bundle.namelist()
        document = json.loads(bundle.read("candidate.json"))
        (resume_name,) = [name for name in names if name.startswith("resumes/")]
        assert bundle.read(resume_name) == make_pdf("Quokka population models")
    person = document["candidate"]
    assert person["name"] == "Ada Lovelace" and person["email"] == "ada@example.com"
    assert person["phone"] and person["links"] == ["https://github.com/ada"]
    assert person["tags"] == ["pytorch", "ranking"] and "Quokka" in person["resume_text"]
    assert person["notes"] == "Strong on **evaluation**."
    (application,) = document["applications"]
    assert application["id"] == application_id and application["status"] == "rejected"
    assert [step["to"] for step in application["stage_history"]] == ["applied", "rejected"]
    assert "relocation" in application["stage_history"][1]["note"]
    assert document["resume_files"][0]["original_filename"] == "Ada CV.pdf"
    assert {event["action"] for event in document["audit_events"]} >= {
        "candidate.created",
        "application.moved",
    }
    (event,) = audit_events(app, "candidate.exported")
    assert event.actor_id == users["admin"].id and event.object_id == str(candidate_id)


def test_erasure_removes_personal_data_everywhere_and_keeps_counts(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    candidate_id, application_id = rejected_candidate(app, users, job_id)
    other_id = make_candidate(app, users["recruiter"], email="grace@example.com", name="Grace")
    login(client, users["admin"])
    upload(client, candidate_id)
    with app.app_context():
        stored = db.session.scalar(select(ResumeFile.stored_name))
    path = Path(app.config["RESUME_STORAGE_DIR"]) / stored
    assert path.is_file()

    url = f"/admin/candidates/{candidate_id}/erase"
    assert client.get(f"/admin/candidates/{candidate_id}/privacy").status_code == 200
    response = post_form(client, url, {"confirmation": "wrong@example.com"})
    assert response.status_code == 422
    assert "email address exactly to confirm" in response.get_data(as_text=True)
    assert path.is_file()

    response = post_form(client, url, {"confirmation": "ADA@example.com"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Erased candidate #{candidate_id}" in page and "Lovelace" not in page
    with app.app_context():
        candidate = db.session.get(Candidate, candidate_id)
        assert candidate.name == f"Erased candidate #{candidate_id}"
        assert candidate.email == f"erased-{candidate_id}@erased.invalid"
        assert (candidate.phone, candidate.location, candidate.links) == ("", "", [])
        assert (candidate.resume_text, candidate.notes, candidate.notes_html) == ("", "", "")
        assert candidate.erased_at is not None and candidate.source == "referral"
        assert db.session.scalar(select(func.count()).select_from(CandidateTag).where(
            CandidateTag.candidate_id == candidate_id)) == 0  # fmt: skip
        assert db.session.scalar(select(func.count(ResumeFile.id))) == 0
        # Applications and stage history stay, anonymous, for the reports.
        application = db.session.get(Application, application_id)
        assert application.status == "rejected"
        assert application.rejection_reason == "must-have-below-bar"
        notes = db.session.scalars(
            select(StageChange.note).where(StageChange.application_id == application_id)
        ).all()
        assert len(notes) == 2 and notes == ["", ""]
        # Nothing in the audit log names the person.
        summaries = db.session.scalars(select(AuditEvent.summary)).all()
        assert not [s for s in summaries if "Ada" in s or "ada@example.com" in s]
        # The other candidate is untouched.
        assert db.session.get(Candidate, other_id).name == "Grace"
    assert not path.exists()
    for term in ("Ada", "quokka", "ada@example.com"):
        html = client.get(f"/candidates?q={term}").get_data(as_text=True)
        assert f'href="/candidates/{candidate_id}"' not in html, term
    (event,) = audit_events(app, "candidate.erased")
    assert event.actor_id == users["admin"].id and event.details["reason"] == "request"
    assert event.summary == f"Erased the personal data of candidate #{candidate_id}"
    # Erasing twice is refused; the export now holds nothing personal.
    response = post_form(client, url, {"confirmation": f"erased-{candidate_id}@erased.invalid"})
    assert response.status_code == 422 and "already erased" in response.get_data(as_text=True)
    export = client.get(f"/admin/candidates/{candidate_id}/export")
    assert b"Lovelace" not in zipfile.ZipFile(io.BytesIO(export.data)).read("candidate.json")


def test_privacy_pages_are_for_admins_only(app, client, users):
    candidate_id = make_candidate(app, users["recruiter"])
    login(client, users["recruiter"])
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert "/privacy" not in page
    assert client.get(f"/admin/candidates/{candidate_id}/privacy").status_code == 403
    assert client.get(f"/admin/candidates/{candidate_id}/export").status_code == 403
    response = post_form(
        client, f"/admin/candidates/{candidate_id}/erase", {"confirmation": "ada@example.com"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Candidate, candidate_id).name == "Ada Lovelace"
    admin = app.test_client()
    login(admin, users["admin"])
    page = admin.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert f"/admin/candidates/{candidate_id}/privacy" in page


def age(app, candidate_id, days):
    """Pretend the candidate's last activity was ``days`` ago."""
    then = utcnow() - timedelta(days=days)
    with app.app_context():
        applications = select(Application.id).where(Application.candidate_id == candidate_id)
        db.session.execute(
            update(Candidate).where(Candidate.id == candidate_id).values(updated_at=then)
        )
        db.session.execute(
            update(Application)
            .where(Application.candidate_id == candidate_id)
            .values(updated_at=then)
        )
        db.session.execute(
            update(StageChange).where(StageChange.application_id.in_(applications)).values(at=then)
        )
        db.session.commit()


def test_retention_erases_only_due_candidates_and_is_idempotent(app, users):
    job_id = make_job(app, users["hiring_manager"])
    old_rejected, _ = rejected_candidate(app, users, job_id, email="old@example.com")
    new_rejected, _ = rejected_candidate(app, users, job_id, email="new@example.com")
    active = make_candidate(app, users["recruiter"], email="active@example.com")
    make_application(app, users["recruiter"], active, job_id)
    never_applied = make_candidate(app, users["recruiter"], email="lonely@example.com")
    recent = make_candidate(app, users["recruiter"], email="recent@example.com")
    for candidate_id, days in ((old_rejected, 400), (new_rejected, 10), (active, 2000)):
        age(app, candidate_id, days)
    age(app, never_applied, 366)
    age(app, recent, 30)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["privacy", "enforce-retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Would erase candidate #{old_rejected} (closed" in dry.output
    assert "2 candidate(s) due" in dry.output
    assert audit_events(app, "candidate.erased") == []

    result = runner.invoke(args=["privacy", "enforce-retention"])
    assert result.exit_code == 0, result.output
    assert f"Erased candidate #{old_rejected} (closed, last activity" in result.output
    assert f"Erased candidate #{never_applied} (no application" in result.output
    assert "Erased 2 candidate(s)." in result.output
    with app.app_context():
        erased = set(
            db.session.scalars(select(Candidate.id).where(Candidate.erased_at.is_not(None)))
        )
        assert erased == {old_rejected, never_applied}
        assert db.session.get(Candidate, new_rejected).email == "new@example.com"
        assert db.session.get(Candidate, active).email == "active@example.com"
    events = audit_events(app, "candidate.erased")
    assert len(events) == 2
    assert all(e.actor_id is None and e.actor_email == "retention policy" for e in events)
    assert {e.details["retention_class"] for e in events} == {"closed", "no_application"}

    again = runner.invoke(args=["privacy", "enforce-retention"])
    assert again.exit_code == 0 and "Nobody is due for erasure." in again.output
    assert len(audit_events(app, "candidate.erased")) == 2


def test_retention_periods_come_from_the_configuration(make_app):
    app = make_app(RETENTION_DAYS_CLOSED=0, RETENTION_DAYS_NO_APPLICATION=0)
    from tests.conftest import make_user

    recruiter = make_user(app, ("recruiter",))
    candidate_id = make_candidate(app, recruiter)
    age(app, candidate_id, 5000)
    result = app.test_cli_runner().invoke(args=["privacy", "enforce-retention"])
    assert "Nobody is due for erasure." in result.output


def test_nothing_new_can_be_recorded_about_an_erased_candidate(app, users):
    from hiring.accounts import services as accounts
    from hiring.candidates.models import Candidate
    from hiring.domain import ValidationFailed as Refused
    from hiring.extensions import db
    from hiring.pipeline import services as pipeline
    from tests.fixtures.jobs import make_job
    from tests.fixtures.pipeline import make_candidate

    candidate_id = make_candidate(app, users["recruiter"])
    job_id = make_job(app, users["hiring_manager"])
    with app.app_context():
        admin = accounts.get_user(users["admin"].id)
        recruiter = accounts.get_user(users["recruiter"].id)
        email = db.session.get(Candidate, candidate_id).email
        privacy.erase_candidate(admin, candidate_id, confirmation=email)
        for attempt in (
            lambda: pipeline.add_to_job(recruiter, candidate_id, job_id),
            lambda: candidates.update_candidate(
                recruiter,
                candidate_id,
                expected_version=None,
                data=candidates.CandidateInput(name="Back again", email="back@example.com"),
            ),
        ):
            try:
                attempt()
            except Refused as error:
                assert "erased" in str(error.errors["candidate"])
            else:
                raise AssertionError("an erased candidate was changed")


def test_erasure_scrubs_the_emails_that_name_the_candidate(app, users):
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    job_id = make_job(app, manager)
    coding = round_ids(app, manager, job_id)["coding"]
    staff_round(app, manager, job_id, coding, [users["interviewer"].id])
    ada = make_candidate(app, recruiter)
    grace = make_candidate(app, recruiter, name="Grace Hopper", email="grace@example.com")
    make_interview(app, recruiter, make_application(app, recruiter, ada, job_id), coding)
    make_interview(app, recruiter, make_application(app, recruiter, grace, job_id), coding)
    with app.app_context():
        # Ada's invite already went out; nothing was sent yet about Grace.
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.candidate_id == ada).values(status="sent")
        )
        db.session.commit()
        erased = privacy.erase_candidate(
            accounts.get_user(users["admin"].id), ada, "ada@example.com"
        )
        assert erased.candidate_id == ada
        rows = {row.candidate_id: row for row in db.session.scalars(select(OutboxMessage))}
        sent = rows[ada]
        assert (sent.subject, sent.body, sent.attachments, sent.status) == (
            "[erased]", "[erased]", [], "sent",
        )  # fmt: skip
        assert sent.to == users["interviewer"].email  # the outbox still accounts for it
        untouched = rows[grace]
        assert "Grace Hopper" in untouched.body and untouched.status == "pending"
    (event,) = audit_events(app, "candidate.erased")
    assert event.details["emails_scrubbed"] == 1


def test_a_queued_email_about_an_erased_candidate_is_never_sent(app, users):
    manager, recruiter = users["hiring_manager"], users["recruiter"]
    job_id = make_job(app, manager)
    coding = round_ids(app, manager, job_id)["coding"]
    staff_round(app, manager, job_id, coding, [users["interviewer"].id])
    ada = make_candidate(app, recruiter)
    make_interview(app, recruiter, make_application(app, recruiter, ada, job_id), coding)
    with app.app_context():
        privacy.erase_candidate(accounts.get_user(users["admin"].id), ada, "ada@example.com")
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "Sent 0" in result.output, result.output
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == "failed" and "erased" in message.last_error


def decided_candidate(app):
    """Ada after a coding interview: a submitted scorecard, an amendment and a no-hire
    decision against the verdict. Returns the loop, the card's id and an admin."""
    from hiring.evaluation import decisions
    from hiring.evaluation import services as evaluation
    from hiring.scorecards import amendment_services
    from hiring.scorecards.rules import RatingInput
    from tests.conftest import make_user
    from tests.fixtures.evaluation import hold_interview, make_loop, submit_card

    loop = make_loop(app)
    interview_id = hold_interview(loop, "coding")
    person = loop.interviewers["coding"]
    card_id = submit_card(loop, interview_id, person, {"coding": "3", "ml-fundamentals": "2"}, "no")
    admin = make_user(app, ("admin",))
    with app.app_context():
        author = accounts.get_user(person.id)
        amendment_services.amend(
            author,
            card_id,
            amendment_services.AmendmentInput(
                reason="Ada's answer on bias and variance was complete after all.",
                ratings=(
                    RatingInput(
                        "ml-fundamentals", "3", "Ada explained bias and variance on her own plot."
                    ),
                ),
            ),
            expected_version=None,
        )
        evaluation.decide(
            accounts.get_user(loop.manager.id),
            loop.application_id,
            decisions.DecisionInput(
                "no_hire",
                "Ada Lovelace wants research work this product role does not have.",
                override_reason="Ada told the recruiter she would only join a research team.",
            ),
            revises_id=None,
        )
    return loop, card_id, admin


def test_the_export_holds_interviews_scorecards_decisions_and_self_identification(make_app):
    from hiring.candidates import self_identification

    app = make_app()
    loop, card_id, admin = decided_candidate(app)
    with app.app_context():
        self_identification.record_self_identification(
            loop.candidate_id,
            self_identification.SelfIdentification(gender="woman", veteran_status="not_veteran"),
            source="candidate",
        )
        db.session.commit()
    client = app.test_client()
    login(client, admin)
    response = client.get(f"/admin/candidates/{loop.candidate_id}/export")
    assert response.status_code == 200
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("candidate.json"))
    answers = document["self_identification"]
    assert answers["gender"] == "woman" and answers["veteran_status"] == "not_veteran"
    assert answers["ethnicity"] == "" and answers["source"] == "candidate"
    (application,) = document["applications"]
    (interview,) = application["interviews"]
    assert interview["status"] == "scheduled" and interview["interviewer_ids"]
    (card,) = interview["scorecards"]
    assert card["id"] == card_id and card["recommendation"] == "no"
    assert {rating["skill"]: rating["rating"] for rating in card["ratings"]} == {
        "coding": 3,
        "ml-fundamentals": 2,
    }
    (amendment,) = card["amendments"]
    assert amendment["reason"].startswith("Ada's answer on bias and variance")
    assert amendment["ratings"][0]["evidence"] == "Ada explained bias and variance on her own plot."
    (decision,) = application["hiring_decisions"]
    assert decision["outcome"] == "no_hire" and decision["rationale"].startswith("Ada Lovelace")
    assert decision["override_reason"].startswith("Ada told the recruiter")


def test_erasure_removes_what_was_written_about_the_person_and_keeps_the_ratings(
    make_app, tmp_path
):
    from hiring.evaluation.models import HiringDecision
    from hiring.scorecards.models import Scorecard, ScorecardAmendment, ScorecardRating

    app = make_app()
    loop, _card_id, admin = decided_candidate(app)
    with app.app_context():
        privacy.erase_candidate(accounts.get_user(admin.id), loop.candidate_id, "ada@example.com")
    with app.app_context():
        texts = [
            *db.session.scalars(select(ScorecardRating.evidence)),
            *db.session.scalars(select(Scorecard.notes)),
            *db.session.scalars(select(ScorecardAmendment.reason)),
            *db.session.scalars(select(HiringDecision.rationale)),
            *db.session.scalars(select(HiringDecision.override_reason)),
        ]
        assert texts and not any("Ada" in text for text in texts)
        # The numbers stay for reports: ratings, recommendation, the decision's outcome.
        assert sorted(db.session.scalars(select(ScorecardRating.rating))) == [2, 3]
        assert db.session.scalar(select(Scorecard.recommendation)) == "no"
        assert db.session.scalar(select(HiringDecision.outcome)) == "no_hire"
