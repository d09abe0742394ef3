"""Access matrix rows for candidates, the board and applications (see test_access_matrix.py).

Interviewers get 403 everywhere here for now; later they will see the candidates they
are scheduled to interview.
"""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only

PEOPLE = (ADMIN, MANAGER, RECRUITER)
CANDIDATE = "/candidates/{candidate_id}"

PIPELINE_MATRIX = [
    ("GET", "/candidates", roles_only(200, *PEOPLE)),
    ("GET", "/candidates/new", roles_only(200, *PEOPLE)),
    ("POST", "/candidates/new", roles_only(422, *PEOPLE)),
    ("GET", CANDIDATE, roles_only(200, *PEOPLE)),
    ("GET", CANDIDATE + "/edit", roles_only(200, *PEOPLE)),
    ("POST", CANDIDATE + "/edit", roles_only(422, *PEOPLE)),
    ("POST", CANDIDATE + "/applications", roles_only(422, *PEOPLE)),
    ("GET", "/jobs/{job_id}/board", roles_only(200, *PEOPLE)),
    ("GET", "/applications", roles_only(200, *PEOPLE)),
    ("POST", "/applications/bulk", roles_only(302, *PEOPLE)),
    ("POST", "/applications/{application_id}/move", roles_only(422, *PEOPLE)),
]
