"""Every URL, every role (anonymous included), the expected status.

``test_every_route_is_in_the_matrix`` fails when a route is added without deciding
here who may use it.
"""

from __future__ import annotations

import pytest

from hiring.accounts import api_tokens, services
from hiring.candidates import resume_services
from hiring.extensions import db
from hiring.jobs import publication
from hiring.loops import editing
from hiring.loops import services as loops
from tests.conftest import csrf_token, login, make_user
from tests.fixtures.interviews import make_interview
from tests.fixtures.jobs import make_job
from tests.fixtures.pipeline import make_application, make_candidate
from tests.fixtures.resumes import make_pdf
from tests.web.matrix_calibration import CALIBRATION_MATRIX
from tests.web.matrix_careers import CAREERS_MATRIX
from tests.web.matrix_common import (
    ADMIN,
    ANON,
    INTERVIEWER,
    MANAGER,
    RECRUITER,
    ROLES,
    SIGNED_IN,
    admin_only,
    everyone,
    signed_in,
)
from tests.web.matrix_evaluation import EVALUATION_MATRIX
from tests.web.matrix_forecast import FORECAST_MATRIX
from tests.web.matrix_jobs import JOBS_MATRIX
from tests.web.matrix_loops import LOOPS_MATRIX
from tests.web.matrix_merge import MERGE_MATRIX
from tests.web.matrix_pipeline import PIPELINE_MATRIX
from tests.web.matrix_reports import REPORTS_MATRIX
from tests.web.matrix_rubrics import RUBRICS_MATRIX
from tests.web.matrix_scorecards import SCORECARDS_MATRIX
from tests.web.matrix_self_identification import SELF_IDENTIFICATION_MATRIX
from tests.web.matrix_sessions import SESSIONS_MATRIX

# (method, url, expected status per role). Placeholders are filled per test.
MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/login", {ANON: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    ("POST", "/login", {ANON: 422, **dict.fromkeys(SIGNED_IN, 302)}),
    ("POST", "/logout", everyone(302)),
    ("GET", "/invitations/not-a-real-token", everyone(404)),
    ("POST", "/invitations/not-a-real-token", everyone(404)),
    ("GET", "/", signed_in(200)),
    ("GET", "/account", signed_in(200)),
    ("POST", "/account/password", signed_in(422)),
    ("POST", "/account/time-zone", signed_in(422)),
    ("POST", "/account/tokens", signed_in(422)),
    (
        "POST",
        "/account/tokens/{token_id}/revoke",
        {ANON: 302, ADMIN: 302, MANAGER: 404, RECRUITER: 404, INTERVIEWER: 404},
    ),
    ("POST", "/account/sessions/revoke", signed_in(302)),
    ("GET", "/admin/users", admin_only(200)),
    ("GET", "/admin/users/new", admin_only(200)),
    ("POST", "/admin/users/new", admin_only(422)),
    ("GET", "/admin/users/{user_id}", admin_only(200)),
    ("POST", "/admin/users/{user_id}", admin_only(422)),
    ("POST", "/admin/users/{user_id}/deactivate", admin_only(302)),
    ("POST", "/admin/users/{user_id}/reactivate", admin_only(302)),
    ("POST", "/admin/users/{user_id}/sign-out", admin_only(302)),
    ("POST", "/admin/users/{user_id}/invitation", admin_only(302)),
    ("GET", "/admin/audit", admin_only(200)),
    ("GET", "/admin/outbox", admin_only(200)),
    ("POST", "/admin/outbox/999999/retry", admin_only(404)),
    ("POST", "/admin/outbox/retry-failed", admin_only(302)),
    ("GET", "/api/v1/openapi.json", everyone(200)),
    ("GET", "/static/css/app.css", everyone(200)),
    ("GET", "/bootstrap/static/css/bootstrap.min.css", everyone(200)),
    ("GET", "/healthz", everyone(200)),
    # The test database is built with create_all, not migrated, so it is never at head;
    # tests/db/test_readiness.py covers the ready answer.
    ("GET", "/readyz", everyone(503)),
    *RUBRICS_MATRIX,
    *JOBS_MATRIX,
    *LOOPS_MATRIX,
    *PIPELINE_MATRIX,
    *MERGE_MATRIX,
    *SCORECARDS_MATRIX,
    *CALIBRATION_MATRIX,
    *EVALUATION_MATRIX,
    *SESSIONS_MATRIX,
    *REPORTS_MATRIX,
    *FORECAST_MATRIX,
    *CAREERS_MATRIX,
    *SELF_IDENTIFICATION_MATRIX,
]


@pytest.fixture
def placeholders(app, users):
    owner = make_user(app, ("recruiter",))
    manager = make_user(app, ("hiring_manager",))
    job_id = make_job(app, manager)
    with app.app_context():
        owner_user = services.get_user(owner.id)
        token_id = api_tokens.create_api_token(owner_user, "owner's token").token.id
        job = publication.publish(
            services.get_user(manager.id), job_id, expected_version=None, valid_through=None
        )
        public_id = job.public_id
        view = loops.get_loop(services.get_user(manager.id), job_id)
        assigned, other = view.loop.rounds[0], view.loop.rounds[1]
        editing.update_round(
            services.get_user(manager.id),
            job_id,
            assigned.id,
            expected_version=None,
            changes=editing.RoundChanges(
                focus_skills=list(assigned.focus_skills),
                question_ids=[q["id"] for q in assigned.questions],
                duration=assigned.duration,
                interviewer_ids=[users["interviewer"].id],
            ),
        )
        question_id = other.questions[0]["id"]
        db.session.remove()
    candidate_id = make_candidate(app, owner)
    other_candidate_id = make_candidate(app, owner, email="ada.lovelace@example.org")
    application_id = make_application(app, owner, candidate_id, job_id)
    other_interviewer = make_user(app, ("interviewer",))
    interview_id = make_interview(app, owner, application_id, assigned.id)
    other_interview_id = make_interview(
        app, owner, application_id, other.id, interviewer_ids=(other_interviewer.id,)
    )
    # A candidate nobody has scheduled an interview with.
    unscheduled_candidate_id = make_candidate(
        app, owner, name="Grace Hopper", email="grace@example.com", phone=""
    )
    with app.app_context():
        resume_file_id = resume_services.upload_resume(
            services.get_user(owner.id), candidate_id, "cv.pdf", make_pdf()
        ).id
        unscheduled_file_id = resume_services.upload_resume(
            services.get_user(owner.id), unscheduled_candidate_id, "cv.pdf", make_pdf()
        ).id
    return {
        "user_id": owner.id,
        "token_id": token_id,
        "job_id": job_id,
        "public_id": public_id,
        "loop_round_id": assigned.id,
        "other_round_id": other.id,
        "question_id": question_id,
        "candidate_id": candidate_id,
        "other_candidate_id": other_candidate_id,
        "application_id": application_id,
        "interview_id": interview_id,
        "other_interview_id": other_interview_id,
        "resume_file_id": resume_file_id,
        "unscheduled_candidate_id": unscheduled_candidate_id,
        "unscheduled_file_id": unscheduled_file_id,
    }


def api_rows(app) -> list[tuple[str, str, dict[str, int]]]:
    """Every API route: a browser session never authenticates the API (401)."""
    adapter = app.url_map.bind("localhost")
    rows = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api-docs."):
            continue
        url = adapter.build(rule.endpoint, dict.fromkeys(rule.arguments, 1))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rows.append((method, url, everyone(401)))
    return rows


def request_as(app, users, role: str, method: str, target: str) -> int:
    # A fresh client per request: some routes sign the user out.
    client = app.test_client()
    if role != ANON:
        login(client, users[role])
    if method == "GET":
        response = client.get(target)
    else:
        token = csrf_token(client, "/account" if role != ANON else "/login")
        response = client.open(target, method=method, data={"csrf_token": token})
    response.close()
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_access(app, users, placeholders, role):
    """Every route for one role; all mismatches are reported together."""
    mismatches = []
    for method, url, expected in MATRIX + api_rows(app):
        target = url.format(**placeholders)
        status = request_as(app, users, role, method, target)
        if status != expected[role]:
            mismatches.append(f"{method} {target}: expected {expected[role]}, got {status}")
    assert mismatches == [], f"{role}:\n" + "\n".join(mismatches)


def test_every_route_is_in_the_matrix(app):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, url, _ in MATRIX + api_rows(app):
        filled = url.format(
            user_id=1, token_id=1, job_id=1, public_id="abc", loop_round_id=1,
            other_round_id=2, question_id="q", candidate_id=1, application_id=1, resume_file_id=1,
            interview_id=1, other_interview_id=2, other_candidate_id=2, unscheduled_candidate_id=2,
            unscheduled_file_id=2,
        )  # fmt: skip
        endpoint, _ = adapter.match(filled, method=method)
        covered.add((endpoint, method))
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - covered == set(), "add these routes to MATRIX"
