"""Access matrix rows for interviewer calibration (see test_access_matrix.py).

Hiring managers and admins compare how interviewers rate; recruiters and interviewers
do not see it (an interviewer would read their colleagues' habits).
"""

from tests.web.matrix_common import ADMIN, MANAGER, roles_only

CALIBRATION_MATRIX = [
    ("GET", "/calibration", roles_only(200, ADMIN, MANAGER)),
]
