"""Access matrix rows for candidates, the board and applications (see test_access_matrix.py).

Interviewers get 403 everywhere here except the brief of a candidate they are scheduled
to interview (the interviewer is on {interview_id}, an interview of {candidate_id}) and
that candidate's resume files; {unscheduled_candidate_id} has no interview with them.
"""

from tests.web.matrix_common import (
    ADMIN,
    ANON,
    INTERVIEWER,
    MANAGER,
    RECRUITER,
    SIGNED_IN,
    roles_only,
)

PEOPLE = (ADMIN, MANAGER, RECRUITER)
CANDIDATE = "/candidates/{candidate_id}"

PIPELINE_MATRIX = [
    ("GET", "/candidates", roles_only(200, *PEOPLE)),
    ("GET", "/candidates/new", roles_only(200, *PEOPLE)),
    ("POST", "/candidates/new", roles_only(422, *PEOPLE)),
    ("GET", CANDIDATE, roles_only(200, *PEOPLE, INTERVIEWER)),
    ("GET", "/candidates/{unscheduled_candidate_id}", roles_only(200, *PEOPLE)),
    ("GET", CANDIDATE + "/edit", roles_only(200, *PEOPLE)),
    ("POST", CANDIDATE + "/edit", roles_only(422, *PEOPLE)),
    ("POST", CANDIDATE + "/applications", roles_only(422, *PEOPLE)),
    ("GET", "/jobs/{job_id}/board", roles_only(200, *PEOPLE)),
    ("GET", "/applications", roles_only(200, *PEOPLE)),
    ("POST", "/applications/bulk", roles_only(302, *PEOPLE)),
    ("GET", "/applications/{application_id}/move", roles_only(200, *PEOPLE)),
    ("POST", "/applications/{application_id}/move", roles_only(422, *PEOPLE)),
    # Imports: without an upload of one's own, the later steps answer 404.
    ("GET", "/candidates/import", roles_only(200, *PEOPLE)),
    ("POST", "/candidates/import", roles_only(422, *PEOPLE)),
    ("GET", "/candidates/import/mapping", roles_only(404, *PEOPLE)),
    ("POST", "/candidates/import/preview", roles_only(404, *PEOPLE)),
    ("POST", "/candidates/import/run", roles_only(404, *PEOPLE)),
    ("GET", "/candidates/import/json-resume", roles_only(200, *PEOPLE)),
    ("POST", "/candidates/import/json-resume", roles_only(422, *PEOPLE)),
    # Scheduling: the interviewer is on {interview_id} but not on {other_interview_id}.
    ("GET", "/applications/{application_id}/interviews/new", roles_only(200, *PEOPLE)),
    ("POST", "/applications/{application_id}/interviews/new", roles_only(422, *PEOPLE)),
    ("POST", "/interviews/{interview_id}/cancel", roles_only(302, *PEOPLE)),
    ("GET", "/interviews/mine", roles_only(200, INTERVIEWER)),
    ("GET", "/interviews/{interview_id}/kit", {ANON: 302, **dict.fromkeys(SIGNED_IN, 200)}),
    ("GET", "/interviews/{interview_id}.ics", {ANON: 302, **dict.fromkeys(SIGNED_IN, 200)}),
    ("GET", "/interviews/{other_interview_id}/kit", roles_only(200, *PEOPLE)),
    ("GET", "/interviews/{other_interview_id}.ics", roles_only(200, *PEOPLE)),
    # Resume files: downloads for everyone who sees the candidate (or its brief).
    ("GET", CANDIDATE + "/resumes", roles_only(200, *PEOPLE)),
    ("POST", CANDIDATE + "/resumes", roles_only(422, *PEOPLE)),
    ("GET", CANDIDATE + "/resumes/{resume_file_id}", roles_only(200, *PEOPLE, INTERVIEWER)),
    (
        "GET",
        "/candidates/{unscheduled_candidate_id}/resumes/{unscheduled_file_id}",
        roles_only(200, *PEOPLE),
    ),
    # Privacy: admins only; an erase without the typed confirmation erases nothing.
    ("GET", "/admin/candidates/{candidate_id}/privacy", roles_only(200, ADMIN)),
    ("GET", "/admin/candidates/{candidate_id}/export", roles_only(200, ADMIN)),
    ("POST", "/admin/candidates/{candidate_id}/erase", roles_only(422, ADMIN)),
]
