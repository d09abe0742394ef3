"""Access matrix rows for the debrief, the decision and amendments (see
test_access_matrix.py).

The debrief opens for admins, hiring managers and recruiters; the matrix's interviewer
is on {interview_id} and still owes its scorecard, so it stays closed to them. A
decision is recorded by admins and hiring managers only (an empty form answers 422).
The placeholders hold no scorecard, so the amendment rows ask for one that does not
exist: signed-in users get 404, anonymous ones the sign-in page. Who may amend a real
scorecard (its author and admins, not a draft) is tested in test_amendments.py.
"""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only, signed_in

NO_SUCH_SCORECARD = "/scorecards/999999/amend"

EVALUATION_MATRIX = [
    ("GET", "/applications/{application_id}/debrief", roles_only(200, ADMIN, MANAGER, RECRUITER)),
    ("POST", "/applications/{application_id}/decision", roles_only(422, ADMIN, MANAGER)),
    ("GET", NO_SUCH_SCORECARD, signed_in(404)),
    ("POST", NO_SUCH_SCORECARD, signed_in(404)),
]
