"""What loops ask the features built on them (see ``hiring.fragments``).

Receivers connect in their feature's ``init_app`` with ``weak=False``.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the ids of the interviewers being offered (a tuple). Answer: a dict user id ->
# how many interviews the person has scheduled still ahead.
interviewer_load = _signals.signal("interviewer-load")
