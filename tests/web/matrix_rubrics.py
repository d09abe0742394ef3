"""Access matrix rows for the rubric browser (see test_access_matrix.py).

Every signed-in role may read the rubrics; the ids are those of the fixture rubric set
(tests/fixtures/rubrics.py). Query strings are left out: the route check matches paths.
"""

from tests.web.matrix_common import signed_in

RUBRICS_MATRIX = [
    ("GET", "/rubrics", signed_in(200)),
    ("GET", "/rubrics/roles/ml-engineer", signed_in(200)),
    ("GET", "/rubrics/roles/no-such-role", signed_in(404)),
    ("GET", "/rubrics/skills", signed_in(200)),
    ("GET", "/rubrics/skills/coding", signed_in(200)),
    ("GET", "/rubrics/skills/no-such-skill", signed_in(404)),
    ("GET", "/rubrics/rounds", signed_in(200)),
    ("GET", "/rubrics/teams", signed_in(200)),
    ("GET", "/rubrics/rounds/coding", signed_in(200)),
    ("GET", "/rubrics/rounds/no-such-round", signed_in(404)),
]
