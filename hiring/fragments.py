"""What a feature adds to another feature's page, without that page importing it.

Imports run one way: features built on others (interviews on the pipeline, the
pipeline on candidates) know the features below them, never the reverse. A page of a
lower feature that should also show what a higher one knows (a candidate's
applications on the candidate's page, scorecards on a board card) sends a blinker
signal; receivers in the higher features answer with a ``Fragment``, a template to
include with what it shows. A feature that is not there adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from blinker import Signal


@dataclass(frozen=True)
class Fragment:
    template: str
    # Where the page puts it (each page names its slots) and in which order.
    slot: str = "main"
    order: int = 100
    context: Mapping[str, Any] = field(default_factory=dict)


def answers(signal: Signal, sender: Any, **kwargs: Any) -> list[Any]:
    """What every receiver returned, leaving out those that had nothing to say."""
    return [value for _receiver, value in signal.send(sender, **kwargs) if value is not None]


def gather(signal: Signal, sender: Any, **kwargs: Any) -> list[Fragment]:
    """The fragments the receivers contribute, in their order."""
    return sorted(answers(signal, sender, **kwargs), key=lambda fragment: fragment.order)
