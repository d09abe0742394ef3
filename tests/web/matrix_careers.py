"""Access matrix rows for the public careers pages (see test_access_matrix.py).

Applying needs no account: everyone gets the form back with what is missing (422).
The page itself and its JSON are in matrix_jobs.py.
"""

from tests.web.matrix_common import everyone

CAREERS_MATRIX = [
    ("POST", "/careers/{public_id}", everyone(422)),
    ("GET", "/careers/{public_id}/applied", everyone(200)),
]
