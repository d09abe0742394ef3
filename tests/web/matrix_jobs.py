"""Access matrix rows for jobs and their descriptions (see test_access_matrix.py)."""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, everyone, roles_only

READERS = (ADMIN, MANAGER, RECRUITER)
WRITERS = (ADMIN, MANAGER)
JOB = "/jobs/{job_id}"

JOBS_MATRIX = [
    ("GET", "/jobs", roles_only(200, *READERS)),
    ("GET", "/jobs/new", roles_only(200, *WRITERS)),
    ("POST", "/jobs/new", roles_only(422, *WRITERS)),
    ("GET", JOB, roles_only(200, *READERS)),
    ("GET", JOB + "/edit", roles_only(200, *WRITERS)),
    ("POST", JOB + "/edit", roles_only(422, *WRITERS)),
    ("GET", JOB + "/skills", roles_only(200, *WRITERS)),
    ("POST", JOB + "/skills", roles_only(400, *WRITERS)),
    ("GET", JOB + "/description", roles_only(200, *WRITERS)),
    ("POST", JOB + "/description", roles_only(422, *WRITERS)),
    ("POST", JOB + "/description/preview", roles_only(200, *WRITERS)),
    ("POST", JOB + "/description/regenerate", roles_only(302, *WRITERS)),
    ("GET", JOB + "/description/versions/1", roles_only(200, *READERS)),
    ("POST", JOB + "/description/versions/1/restore", roles_only(302, *WRITERS)),
    ("POST", JOB + "/publish", roles_only(302, *WRITERS)),
    ("POST", JOB + "/unpublish", roles_only(302, *WRITERS)),
    ("GET", JOB + "/export.md", roles_only(200, *READERS)),
    # The public page needs no account; the placeholder job is published.
    ("GET", "/careers/{public_id}", everyone(200)),
    ("GET", "/careers/{public_id}.json", everyone(200)),
]
