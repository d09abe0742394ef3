"""What interview pages ask the features built on interviews (see ``hiring.fragments``).

Receivers connect in their feature's ``init_app`` with ``weak=False``.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the interviewer (User) on My interviews; keyword arguments: interviews (every
# interview listed), now. Answer: a Fragment for the slot "column": a column of the
# table, ``context["heading"]`` its heading, its template included once per row with
# ``interview`` set.
my_interviews = _signals.signal("my-interviews")
