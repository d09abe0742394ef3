"""Access matrix rows for one's own browser sessions (see test_access_matrix.py).

Signing out one session takes the id of one of one's own; any other id (another
person's, or none at all) is 404 for every role, admins included.
"""

from tests.web.matrix_common import ANON, SIGNED_IN

SESSIONS_MATRIX = [
    (
        "POST",
        "/account/sessions/999999/revoke",
        {ANON: 302, **dict.fromkeys(SIGNED_IN, 404)},
    ),
]
