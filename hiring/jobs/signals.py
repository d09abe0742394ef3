"""Events other features react to, so that jobs need not know about them.

``job_opened`` is sent inside the transaction that opens a job, before it commits:
a receiver's changes (the job's interview loop) commit with the job or not at all.

The job pages also show what other features know about a job (its interview loop, the
loop templates it can start from). They ask through a signal and read the receivers'
answers, shaped as the plain data below: jobs declare what they need, loops fill it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace

from hiring.accounts.models import User
from hiring.jobs.models import Job

_signals = Namespace()

# sender: the new Job; keyword arguments: actor (User), loop_template_id (int | None)
job_opened = _signals.signal("job-opened")

# sender: the Job on its page; keyword arguments: actor (User).
# A receiver answers with a LoopSummary, or None when the job has no loop yet.
loop_summary_wanted = _signals.signal("loop-summary-wanted")

# sender: None. A receiver answers with a list of LoopTemplateOption.
loop_templates_wanted = _signals.signal("loop-templates-wanted")


@dataclass(frozen=True)
class LoopRoundSummary:
    name: str
    duration: int  # minutes


@dataclass(frozen=True)
class LoopSummary:
    """The job page's glance at its interview loop."""

    rounds: tuple[LoopRoundSummary, ...]
    coverage_errors: int  # must-haves no round assesses
    coverage_warnings: int  # every coverage warning, errors included


@dataclass(frozen=True)
class LoopTemplateOption:
    """A saved loop a new job can start from."""

    id: int
    name: str
    role_family: str
    level: str


def loop_summary_of(job: Job, actor: User) -> LoopSummary | None:
    for _receiver, summary in loop_summary_wanted.send(job, actor=actor):
        if summary is not None:
            return summary
    return None


def loop_template_options() -> list[LoopTemplateOption]:
    return [option for _receiver, options in loop_templates_wanted.send() for option in options]
