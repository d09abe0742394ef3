"""Access matrix rows for recording self-identification on a candidate's behalf (see
test_access_matrix.py).

Recruiters and admins only: hiring managers decide on candidates and interviewers
assess them, so neither may record (or learn that anyone recorded) these answers.
"""

from tests.web.matrix_common import ADMIN, RECRUITER, roles_only

SELF_ID = "/candidates/{candidate_id}/self-identification"

SELF_IDENTIFICATION_MATRIX = [
    ("GET", SELF_ID, roles_only(200, ADMIN, RECRUITER)),
    # Posted without the confirmation or any answer: refused with the form again.
    ("POST", SELF_ID, roles_only(422, ADMIN, RECRUITER)),
    ("GET", "/candidates/999999/self-identification", roles_only(404, ADMIN, RECRUITER)),
]
