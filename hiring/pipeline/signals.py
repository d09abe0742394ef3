"""What the pipeline asks the features built on it (see ``hiring.fragments``).

Receivers connect in their feature's ``init_app`` with ``weak=False``.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the Board; keyword arguments: now. Answer: a Fragment for the slot "card"
# whose context has ``cards``, application id -> the markup to add to that card (made
# once per board: the board shows hundreds of cards and includes nothing per card), or
# None.
board_cards = _signals.signal("board-cards")

# sender: an Application just closed (rejected, withdrawn, hired). Answer: a warning
# (Markup) about work still ahead elsewhere, with the way to deal with it, or None.
application_closed = _signals.signal("application-closed")

# sender: the ids of the applications about to move (a tuple). Answer: a dict
# application id -> whether its current hiring decision is to hire. No answer: nothing
# records decisions here, and moves to the offer stage need none.
hire_decisions = _signals.signal("hire-decisions")
