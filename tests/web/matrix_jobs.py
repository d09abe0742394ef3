"""Access matrix rows for jobs and their descriptions (see test_access_matrix.py)."""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only

JOBS_MATRIX = [
    ("GET", "/jobs", roles_only(200, ADMIN, MANAGER, RECRUITER)),
]
