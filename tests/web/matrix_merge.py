"""Access matrix rows for merging duplicate candidates (see test_access_matrix.py).

{candidate_id} and {other_candidate_id} are two candidates; a POST without the form's
fields merges nothing (422), so every role meets the same data.
"""

from tests.web.matrix_common import ADMIN, MANAGER, RECRUITER, roles_only

PEOPLE = (ADMIN, MANAGER, RECRUITER)
MERGE = "/candidates/{candidate_id}/merge"

MERGE_MATRIX = [
    ("GET", MERGE, roles_only(200, *PEOPLE)),
    ("GET", MERGE + "/{other_candidate_id}", roles_only(200, *PEOPLE)),
    ("POST", MERGE + "/{other_candidate_id}", roles_only(422, *PEOPLE)),
]
