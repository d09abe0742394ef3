"""Access matrix rows for the reports (see test_access_matrix.py).

Hiring managers, recruiters and admins read every report and export it; interviewers do
not (they would read their colleagues' load and turnaround).
"""

from hiring.reports.services import REPORT_NAMES
from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only

READERS = (ADMIN, MANAGER, RECRUITER)

REPORTS_MATRIX = [
    ("GET", "/reports", roles_only(200, *READERS)),
    *(("GET", f"/reports/{name}", roles_only(200, *READERS)) for name in REPORT_NAMES),
    *(("GET", f"/reports/{name}/export.csv", roles_only(200, *READERS)) for name in REPORT_NAMES),
    ("GET", "/reports/no-such-report", roles_only(404, *READERS)),
    ("GET", "/reports/no-such-report/export.csv", roles_only(404, *READERS)),
]
