"""Many scorecards' ratings as they stand (amendments applied), read in one query.

Loading ratings, amendments and the amendments' ratings as ORM objects costs three
queries and an object per row, and the debrief only reads them. Here one UNION ALL of
plain columns brings the ratings and the amendments (each amendment once per skill it
changes, or once with no skill when it changes only the recommendation), and
``amending.effective_from_rows`` does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    String,
    Text,
    bindparam,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.types import TypeEngine

from hiring.accounts.models import User
from hiring.database import UTCDateTime
from hiring.extensions import db
from hiring.scorecards.amending import Effective, RatingRow, effective_from_rows
from hiring.scorecards.models import (
    Scorecard,
    ScorecardAmendment,
    ScorecardAmendmentRating,
    ScorecardRating,
)


def _typed_null(type_: type[TypeEngine[Any]]) -> ColumnElement[Any]:
    # The first SELECT of a UNION types its columns: a NULL there still reads back as
    # what the other SELECT's column is (an aware datetime, say).
    return type_coerce(null(), type_())


@cache
def _rows_query() -> CompoundSelect:
    """Built once per process: composing the statement costs more than running it."""
    ids = bindparam("scorecard_ids", expanding=True)
    submitted = select(
        ScorecardRating.scorecard_id,
        _typed_null(Integer).label("amendment_id"),
        ScorecardRating.position,
        ScorecardRating.skill,
        ScorecardRating.rating,
        ScorecardRating.not_assessed,
        ScorecardRating.evidence,
        _typed_null(Text).label("reason"),
        _typed_null(String).label("recommendation"),
        _typed_null(UTCDateTime).label("at"),
        _typed_null(String).label("author"),
    ).where(ScorecardRating.scorecard_id.in_(ids))
    amended = (
        select(
            ScorecardAmendment.scorecard_id,
            ScorecardAmendment.id,
            _typed_null(Integer),
            ScorecardAmendmentRating.skill,
            ScorecardAmendmentRating.rating,
            ScorecardAmendmentRating.not_assessed,
            ScorecardAmendmentRating.evidence,
            ScorecardAmendment.reason,
            ScorecardAmendment.recommendation,
            ScorecardAmendment.created_at,
            User.name,
        )
        .join(User, User.id == ScorecardAmendment.author_id)
        .outerjoin(
            ScorecardAmendmentRating,
            ScorecardAmendmentRating.amendment_id == ScorecardAmendment.id,
        )
        .where(ScorecardAmendment.scorecard_id.in_(ids))
    )
    return union_all(submitted, amended)


def _rating_rows(scorecard_ids: Sequence[int]) -> list[RatingRow]:
    rows = db.session.execute(_rows_query(), {"scorecard_ids": list(scorecard_ids)})
    return [RatingRow(*row) for row in rows]


def effective_ratings(scorecards: Sequence[Scorecard]) -> dict[int, Effective]:
    """The scorecards' ratings and recommendations with their amendments applied, by
    scorecard id, in one query whatever their number; what ``Scorecard.effective``
    gives one loaded scorecard."""
    recommendations = {card.id: card.recommendation for card in scorecards}
    return effective_from_rows(_rating_rows(list(recommendations)), recommendations)
