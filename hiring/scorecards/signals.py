"""What scorecards tell the features built on them (see ``hiring.fragments``).

Receivers connect in their feature's ``init_app`` with ``weak=False``.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the Scorecard just submitted, inside the transaction that submits it (before
# the commit): what a receiver adds (an email in the outbox) commits with it or not at
# all.
scorecard_submitted = _signals.signal("scorecard-submitted")
