"""Interview loops in the browser's terms: plan, tune, staff, template, kits."""

from __future__ import annotations

import copy
import re

from sqlalchemy import select

from hiring.accounts import services as accounts
from hiring.audit import AuditEvent
from hiring.extensions import db
from hiring.jobs import services as jobs
from hiring.jobs.models import Job
from hiring.loops import loop_templates
from hiring.loops import services as loops
from hiring.loops.models import InterviewLoop, LoopTemplate, QuestionExposure
from tests.conftest import login, make_user, post_form
from tests.fixtures.jobs import make_job
from tests.fixtures.rubrics import rubric_files, write_rubrics


def loop_state(app, job_id):
    with app.app_context():
        manager = db.session.scalar(select(Job.hiring_manager_id).where(Job.id == job_id))
        view = loops.get_loop(accounts.get_user(manager), job_id)
        rounds = [
            {
                "id": r.id,
                "round_id": r.round_id,
                "focus": list(r.focus_skills),
                "questions": [q["id"] for q in r.questions],
                "interviewers": sorted(link.user_id for link in r.interviewer_links),
                "duration": r.duration,
            }
            for r in view.loop.rounds
        ]
        return view.loop.version, rounds, view.coverage


def round_form(version, round_, **changes):
    data = {
        "version": version,
        "focus_skills": round_["focus"],
        "questions": round_["questions"],
        "duration": round_["duration"],
        "interviewers": round_["interviewers"],
    }
    data.update(changes)
    return data


def test_every_new_job_gets_a_loop_covering_its_must_haves(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    _, rounds, coverage = loop_state(app, job_id)
    assert [r["round_id"] for r in rounds] == ["overview", "coding", "ml-systems"]
    assert "coding" in rounds[1]["focus"] and "ml-fundamentals" in rounds[1]["focus"]
    assert all(r["questions"] for r in rounds)
    assert coverage.unassessed_must_haves == ()
    login(client, users["hiring_manager"])
    page = client.get(f"/jobs/{job_id}/loop").get_data(as_text=True)
    assert 'data-testid="coverage-matrix"' in page
    assert "Only one round assesses the must-have Coding" in page
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert set(job.assessed_skills) >= {"coding", "ml-fundamentals"}


def test_dropping_a_round_turns_its_must_haves_red_and_the_linter_notices(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    response = post_form(
        client, f"/jobs/{job_id}/loop/rounds/{rounds[1]['id']}/drop", {"version": version}
    )
    assert response.status_code == 302
    page = client.get(f"/jobs/{job_id}/loop").get_data(as_text=True)
    assert re.search(r'<tr class="table-danger" data-skill="coding" data-times="0"', page)
    assert "No round assesses the must-have Coding" in page
    preview = post_form(client, f"/jobs/{job_id}/description/preview", {"markdown": "# Job\n"})
    rules = [f["rule"] for f in preview.get_json()["findings"]]
    assert rules.count("must-have-not-assessed") == 2
    # Put it back: the must-haves are covered again.
    version, _, _ = loop_state(app, job_id)
    post_form(client, f"/jobs/{job_id}/loop/rounds", {"version": version, "round_id": "coding"})
    _, rounds, coverage = loop_state(app, job_id)
    assert [r["round_id"] for r in rounds] == ["overview", "ml-systems", "coding"]
    assert coverage.unassessed_must_haves == ()


def test_rounds_can_be_reordered(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    post_form(
        client,
        f"/jobs/{job_id}/loop/rounds/{rounds[2]['id']}/move",
        {"version": version, "direction": "up"},
    )
    _, after, _ = loop_state(app, job_id)
    assert [r["round_id"] for r in after] == ["overview", "ml-systems", "coding"]


def test_a_round_is_tuned_and_staffed(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    second_interviewer = make_user(app, ("interviewer",), name="Second Interviewer")
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    coding = rounds[1]
    form = round_form(
        version,
        coding,
        focus_skills=["coding"],
        questions=["coding-coding-2"],
        duration=75,
        interviewers=[users["interviewer"].id, second_interviewer.id],
    )
    response = post_form(client, f"/jobs/{job_id}/loop/rounds/{coding['id']}", form)
    assert response.status_code == 302
    _, after, coverage = loop_state(app, job_id)
    assert after[1]["focus"] == ["coding"]
    assert after[1]["questions"] == ["coding-coding-2"]
    assert after[1]["duration"] == 75
    assert after[1]["interviewers"] == sorted([users["interviewer"].id, second_interviewer.id])
    assert coverage.unassessed_must_haves == ("ml-fundamentals",)
    page = client.get(f"/jobs/{job_id}/loop").get_data(as_text=True)
    assert (
        'Second Interviewer <span class="text-body-secondary">· 0 upcoming interviews '
        "· 1 round assigned" in page
    )
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "loop.round_updated")
        )


def test_a_newly_focused_skill_gets_questions_of_its_own(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    systems = rounds[2]
    form = round_form(version, systems, focus_skills=["mlops", "model-evaluation"], questions=[])
    post_form(client, f"/jobs/{job_id}/loop/rounds/{systems['id']}", form)
    _, after, _ = loop_state(app, job_id)
    assert {q.rsplit("-", 1)[0] for q in after[2]["questions"]} == {
        "ml-systems-mlops",
        "ml-systems-model-evaluation",
    }


def test_a_round_cannot_focus_on_a_skill_it_cannot_assess(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    form = round_form(version, rounds[0], focus_skills=["coding"])
    response = post_form(client, f"/jobs/{job_id}/loop/rounds/{rounds[0]['id']}", form)
    assert response.status_code == 422
    assert "Overview cannot assess coding" in response.get_data(as_text=True)


def test_concurrent_loop_edits_conflict(app, users):
    job_id = make_job(app, users["hiring_manager"])
    other = make_user(app, ("hiring_manager",))
    first, second = app.test_client(), app.test_client()
    login(first, users["hiring_manager"])
    login(second, other)
    version, rounds, _ = loop_state(app, job_id)
    ok = post_form(
        first, f"/jobs/{job_id}/loop/rounds/{rounds[2]['id']}/drop", {"version": version}
    )
    assert ok.status_code == 302
    stale = post_form(
        second, f"/jobs/{job_id}/loop/rounds/{rounds[1]['id']}/drop", {"version": version}
    )
    assert stale.status_code == 409
    assert "Someone else changed this interview loop" in stale.get_data(as_text=True)
    _, after, _ = loop_state(app, job_id)
    assert [r["round_id"] for r in after] == ["overview", "coding"]


def test_interviewers_see_only_the_kits_of_their_rounds(app, users):
    job_id = make_job(app, users["hiring_manager"])
    manager = app.test_client()
    login(manager, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    coding = rounds[1]
    post_form(
        manager,
        f"/jobs/{job_id}/loop/rounds/{coding['id']}",
        round_form(version, coding, interviewers=[users["interviewer"].id]),
    )
    interviewer = app.test_client()
    login(interviewer, users["interviewer"])
    dashboard = interviewer.get("/").get_data(as_text=True)
    assert "Your interview kits" in dashboard and "Coding" in dashboard
    kit = interviewer.get(
        f"/jobs/{job_id}/loop/rounds/{coding['id']}/kit?interviewer={users['interviewer'].id}"
    )
    html = kit.get_data(as_text=True)
    assert kit.status_code == 200
    assert users["interviewer"].name in html
    assert "Shows coding unaided and explains the trade-offs made." in html  # anchored scale
    assert "(the bar for this job)" in html
    assert "Walk me through how you would approach coding problem" in html
    assert "Starts from a baseline and says why." in html  # strong signal
    assert "Jumps to the most complex model." in html  # weak signal
    assert "hand-written rules" in html  # red flag
    assert 'class="kit-notes"' in html
    assert interviewer.get(f"/jobs/{job_id}/loop/rounds/{rounds[2]['id']}/kit").status_code == 403
    assert interviewer.get(f"/jobs/{job_id}/loop/kit").status_code == 403
    assert interviewer.get(f"/jobs/{job_id}/loop").status_code == 403


def test_the_whole_loop_kit_has_every_round(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    html = client.get(f"/jobs/{job_id}/loop/kit").get_data(as_text=True)
    assert html.count('data-testid="kit-round"') == 3
    assert "kit for the hiring manager" in html


def test_a_leaked_question_is_retired_and_never_proposed_again(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    coding = rounds[1]
    leaked = coding["questions"][0]
    response = post_form(
        client,
        f"/jobs/{job_id}/loop/questions/{leaked}/retire",
        {"version": version, "loop_round_id": coding["id"]},
    )
    assert response.status_code == 302
    _, after, _ = loop_state(app, job_id)
    assert leaked not in after[1]["questions"]
    assert len(after[1]["questions"]) == len(coding["questions"])  # replaced
    with app.app_context():
        row = db.session.get(QuestionExposure, leaked)
        assert row.retired_at is not None and row.retired_by_id == users["hiring_manager"].id
    other_job = make_job(app, users["hiring_manager"], title="Another")
    _, other_rounds, _ = loop_state(app, other_job)
    assert leaked not in {q for r in other_rounds for q in r["questions"]}


def test_the_least_asked_questions_are_proposed(app, users):
    with app.app_context():
        loops.record_question_use(["coding-coding-0", "coding-coding-1"])
        loops.record_question_use(["coding-coding-0"])
        db.session.commit()
        assert db.session.get(QuestionExposure, "coding-coding-0").times_asked == 2
    job_id = make_job(app, users["hiring_manager"])
    _, rounds, _ = loop_state(app, job_id)
    coding_questions = [q for q in rounds[1]["questions"] if q.startswith("coding-coding")]
    # Never asked first (the bank's coding questions are numbered 1 to 3; fresh ones
    # rotate by role, so either may lead), the once-asked one only after them.
    assert coding_questions[0] in {"coding-coding-2", "coding-coding-3"}
    assert "coding-coding-1" not in coding_questions[:1]


def test_a_saved_template_starts_new_jobs(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    login(client, users["hiring_manager"])
    version, rounds, _ = loop_state(app, job_id)
    post_form(client, f"/jobs/{job_id}/loop/rounds/{rounds[0]['id']}/drop", {"version": version})
    post_form(client, f"/jobs/{job_id}/loop/template", {"name": "Lean senior loop"})
    with app.app_context():
        template = db.session.scalar(select(LoopTemplate))
        assert template.name == "Lean senior loop"
        assert [r["round_id"] for r in template.rounds] == ["coding", "ml-systems"]
        template_id = template.id
    new_job = make_job(
        app, users["hiring_manager"], title="From template", loop_template_id=template_id
    )
    _, new_rounds, _ = loop_state(app, new_job)
    assert [r["round_id"] for r in new_rounds] == ["coding", "ml-systems"]
    assert [r["questions"] for r in new_rounds] == [r["questions"] for r in rounds[1:]]


def test_the_job_form_offers_matching_templates(app, client, users):
    job_id = make_job(app, users["hiring_manager"])
    with app.app_context():
        template = loop_templates.save_template(
            accounts.get_user(users["hiring_manager"].id), job_id, "Ranking loop"
        )
        template_id = template.id
    login(client, users["hiring_manager"])
    page = client.get("/jobs/new").get_data(as_text=True)
    assert "Ranking loop" in page
    form = {
        "role_family": "ml-engineer", "level": "junior", "title": "", "team": "T",
        "company_stage": "building", "focus": "product", "city": "Berlin",
        "remote_policy": "hybrid", "employment_type": "FULL_TIME", "salary_currency": "EUR",
        "headcount": "1", "loop_template_id": str(template_id),
    }  # fmt: skip
    response = post_form(client, "/jobs/new", form)
    assert response.status_code == 422
    assert "Choose a loop template for this role family and level." in response.get_data(
        as_text=True
    )


def test_a_planned_round_keeps_its_questions_when_the_rubric_changes(make_app, tmp_path):
    rubric_dir = write_rubrics(tmp_path / "rubrics")
    app = make_app(HIRING_RUBRICS_DIR=str(rubric_dir), RUBRICS_CHECK_INTERVAL=0)
    manager = make_user(app, ("hiring_manager",))
    job_id = make_job(app, manager)
    with app.app_context():
        before = loops.get_loop(accounts.get_user(manager.id), job_id).loop.rounds[1].definition()
    files = copy.deepcopy(rubric_files())
    for question in files["rounds/coding.yaml"]["questions"]:
        question["question"] = "Rewritten: " + question["question"]
    write_rubrics(rubric_dir, files)
    with app.app_context():
        after = loops.get_loop(accounts.get_user(manager.id), job_id).loop.rounds[1].definition()
    assert after == before
    assert not any(q["question"].startswith("Rewritten") for q in after["questions"])
    assert after["timing"] and after["focus_skills"] and after["purpose"]


def test_the_loop_is_created_in_the_same_transaction_as_the_job(app, users):
    with app.app_context():
        actor = accounts.get_user(users["hiring_manager"].id)
        from dataclasses import replace

        from tests.fixtures.jobs import SENIOR_ML_ENGINEER

        try:
            jobs.create_job(actor, replace(SENIOR_ML_ENGINEER, loop_template_id=999))
        except jobs.ValidationFailed as error:
            assert "loop_template_id" in error.errors
        db.session.rollback()
        assert db.session.scalar(select(Job)) is None
        assert db.session.scalar(select(InterviewLoop)) is None


def test_the_interviewer_picker_counts_upcoming_interviews(app, client, users):
    from tests.fixtures.interviews import make_interview, round_ids
    from tests.fixtures.pipeline import make_application, make_candidate

    job_id = make_job(app, users["hiring_manager"])
    rounds = round_ids(app, users["hiring_manager"], job_id)
    application_id = make_application(
        app, users["recruiter"], make_candidate(app, users["recruiter"]), job_id
    )
    for days in (3, 10):
        make_interview(
            app,
            users["recruiter"],
            application_id,
            rounds["coding"],
            interviewer_ids=(users["interviewer"].id,),
            days_ahead=days,
        )
    login(client, users["hiring_manager"])
    page = client.get(f"/jobs/{job_id}/loop").get_data(as_text=True)
    assert f'{users["interviewer"].name} <span class="text-body-secondary">· 2 upcoming' in page


def test_a_kit_says_when_a_round_has_no_questions(app, client, users):
    from hiring.loops.models import LoopRound

    job_id = make_job(app, users["hiring_manager"])
    with app.app_context():
        loop_round = db.session.scalars(select(LoopRound).order_by(LoopRound.id)).first()
        loop_round.questions = []
        round_id = loop_round.id
        db.session.commit()
    login(client, users["hiring_manager"])
    html = client.get(f"/jobs/{job_id}/loop/rounds/{round_id}/kit").get_data(as_text=True)
    assert "No questions chosen for this round yet." in html
    assert "Notes and evidence" in html
