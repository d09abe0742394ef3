"""What the candidate pages ask the features built on candidates (see ``hiring.fragments``).

Receivers connect in their feature's ``init_app`` with ``weak=False``; connecting the
same function again (one app per test) keeps a single connection.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the Candidate; keyword arguments: actor (User), forms (dict of a feature's
# form to show again with what was typed, by the fragment's name). Answer: a Fragment
# for slot "side" (beside the details) or "main" (the wide column), or None.
candidate_page = _signals.signal("candidate-page")

# sender: the Candidate; keyword arguments: actor (an interviewer allowed the brief).
# Answer: a Fragment for the brief's slot "top", or None.
candidate_brief = _signals.signal("candidate-brief")

# sender: the candidate's id. Answer: the ids of users who may read the candidate's
# brief (and download their resume files) without seeing candidates in general.
brief_readers = _signals.signal("candidate-brief-readers")
