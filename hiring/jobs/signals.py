"""Events other features react to, so that jobs need not know about them.

``job_opened`` is sent inside the transaction that opens a job, before it commits:
a receiver's changes (the job's interview loop) commit with the job or not at all.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the new Job; keyword arguments: actor (User), loop_template_id (int | None)
job_opened = _signals.signal("job-opened")
