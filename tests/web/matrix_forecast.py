"""Access matrix rows for the time-to-fill forecast and the team planner (see
test_access_matrix.py).

Hiring managers, recruiters and admins read a job's forecast and use the planner;
opening draft jobs from the planner is for those who open jobs (hiring managers and
admins). Interviewers see neither.
"""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only

FORECAST_MATRIX = [
    ("GET", "/jobs/{job_id}/forecast", roles_only(200, ADMIN, MANAGER, RECRUITER)),
    ("GET", "/planner", roles_only(200, ADMIN, MANAGER, RECRUITER)),
    ("GET", "/planner/opened", roles_only(200, ADMIN, MANAGER, RECRUITER)),
    # An empty form: refused with what is missing, nothing opened.
    ("POST", "/planner/drafts", roles_only(422, ADMIN, MANAGER)),
]
