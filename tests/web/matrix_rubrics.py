"""Access matrix rows for the rubric browser (see test_access_matrix.py)."""

from tests.web.matrix_common import signed_in

RUBRICS_MATRIX = [
    ("GET", "/rubrics", signed_in(200)),
]
