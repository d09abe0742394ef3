"""Access matrix rows for scorecards (see test_access_matrix.py).

The interviewer is on {interview_id} (a week ahead, so its scorecard is not open yet:
the page says so, and a save answers 422) and not on {other_interview_id}. Nobody else
writes a scorecard, whatever their role. An application's scorecards are read by
admins, hiring managers and recruiters, and by the interviewers on it (their own only,
until they have submitted).
"""

from tests.web.matrix_common import ADMIN, INTERVIEWER, MANAGER, RECRUITER, roles_only, signed_in

PEOPLE = (ADMIN, MANAGER, RECRUITER)

SCORECARDS_MATRIX = [
    ("GET", "/interviews/{interview_id}/scorecard", roles_only(200, INTERVIEWER)),
    ("POST", "/interviews/{interview_id}/scorecard", roles_only(422, INTERVIEWER)),
    ("GET", "/interviews/{other_interview_id}/scorecard", signed_in(403)),
    ("POST", "/interviews/{other_interview_id}/scorecard", signed_in(403)),
    (
        "GET",
        "/applications/{application_id}/scorecards",
        roles_only(200, *PEOPLE, INTERVIEWER),
    ),
]
