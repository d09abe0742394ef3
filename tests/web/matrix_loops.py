"""Access matrix rows for interview loops and kits (see test_access_matrix.py)."""

from tests.web.matrix_common import ADMIN, ANON, INTERVIEWER, MANAGER, RECRUITER, roles_only

READERS = (ADMIN, MANAGER, RECRUITER)
WRITERS = (ADMIN, MANAGER)
LOOP = "/jobs/{job_id}/loop"

LOOPS_MATRIX = [
    ("GET", LOOP, roles_only(200, *READERS)),
    ("POST", LOOP + "/rounds/{loop_round_id}", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/rounds/{loop_round_id}/move", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/rounds/{loop_round_id}/drop", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/rounds", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/replan", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/template", roles_only(302, *WRITERS)),
    ("POST", LOOP + "/questions/{question_id}/retire", roles_only(302, *WRITERS)),
    ("GET", LOOP + "/kit", roles_only(200, *READERS)),
    # The interviewer is assigned to this round, so sees its kit...
    (
        "GET",
        LOOP + "/rounds/{loop_round_id}/kit",
        {ANON: 302, **dict.fromkeys((*READERS, INTERVIEWER), 200)},
    ),
    # ...but not the kit of a round assigned to someone else.
    ("GET", LOOP + "/rounds/{other_round_id}/kit", roles_only(200, *READERS)),
]
