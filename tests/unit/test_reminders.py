"""Which applications are overdue, who hears about it, and how reminders are keyed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hiring.notifications.outbox import BACKOFF_BASE, BACKOFF_CAP, backoff
from hiring.pipeline.stages import pipeline_from
from hiring.reminders import rules as reminders
from hiring.reminders.rules import OpenApplication, Person

PIPELINE = pipeline_from(
    [("applied", "Applied", 5), ("screen", "Recruiter screen", 3), ("offer", "Offer", None)],
    [("rejected", "Rejected"), ("withdrawn", "Withdrawn")],
    [("skills", "Skills")],
)
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
RITA = Person("Rita Recruiter", "rita@example.com")
HANK = Person("Hank Manager", "hank@example.com")


def application(days: float, stage: str = "applied", **changes) -> OpenApplication:
    values = {
        "id": 7,
        "candidate_name": "Ada Lovelace",
        "job_title": "ML engineer",
        "stage": stage,
        "entered_stage_at": NOW - timedelta(days=days),
        "owner": RITA,
        "hiring_manager": HANK,
        "board_url": "https://hiring.example/jobs/3/board",
    }
    values.update(changes)
    return OpenApplication(**values)


def test_overdue_only_after_more_than_the_target_days():
    assert not reminders.is_overdue(PIPELINE, application(5.9), NOW)
    assert reminders.is_overdue(PIPELINE, application(6), NOW)
    assert reminders.days_overdue(PIPELINE, "applied", NOW - timedelta(days=9), NOW) == 4
    assert reminders.days_overdue(PIPELINE, "applied", NOW - timedelta(days=2), NOW) == 0


def test_stages_without_a_target_and_closed_applications_are_never_overdue():
    assert not reminders.is_overdue(PIPELINE, application(400, stage="offer"), NOW)
    assert not reminders.is_overdue(PIPELINE, application(400, stage="rejected"), NOW)
    assert not reminders.is_overdue(PIPELINE, application(400, active=False), NOW)


def test_the_owner_is_reminded_else_the_hiring_manager_else_nobody():
    assert reminders.recipient(application(9)) == RITA
    assert reminders.recipient(application(9, owner=None)) == HANK
    inactive = Person("Gone", "gone@example.com", active=False)
    assert reminders.recipient(application(9, owner=inactive)) == HANK
    assert reminders.recipient(application(9, owner=None, hiring_manager=None)) is None
    assert (
        reminders.stuck_reminder(PIPELINE, application(9, owner=None, hiring_manager=None), NOW)
        is None
    )


def test_the_reminder_says_who_where_how_long_and_links_the_board():
    reminder = reminders.stuck_reminder(PIPELINE, application(8), NOW)
    assert reminder is not None
    assert reminder.to == "rita@example.com"
    assert reminder.subject == "Overdue: Ada Lovelace in Applied (8 days)"
    assert "Hello Rita Recruiter" in reminder.body
    assert "in Applied for 8 days for ML engineer; the target for this stage is 5 days" in (
        reminder.body
    )
    assert "https://hiring.example/jobs/3/board" in reminder.body
    assert reminder.kind == reminders.STUCK_KIND


def test_one_key_per_application_stage_and_utc_day():
    morning = datetime(2026, 3, 10, 0, 5, tzinfo=UTC)
    evening = datetime(2026, 3, 10, 23, 55, tzinfo=UTC)
    assert reminders.dedupe_key(7, "applied", morning) == reminders.dedupe_key(
        7, "applied", evening
    )
    assert reminders.dedupe_key(7, "applied", evening) != reminders.dedupe_key(
        7, "applied", evening + timedelta(minutes=10)
    )
    assert reminders.dedupe_key(7, "applied", NOW) != reminders.dedupe_key(7, "screen", NOW)
    assert reminders.dedupe_key(7, "applied", NOW) != reminders.dedupe_key(8, "applied", NOW)


def test_reminders_are_listed_oldest_first_and_skip_what_is_not_due():
    apps = [
        application(7, id=1),
        application(2, id=2),
        application(20, id=3, stage="screen"),
        application(9, id=4, owner=None, hiring_manager=None),
    ]
    assert [r.application_id for r in reminders.stuck_reminders(PIPELINE, apps, NOW)] == [3, 1]


@given(
    days=st.floats(min_value=0, max_value=400, allow_nan=False),
    stage=st.sampled_from(["applied", "screen", "offer", "rejected"]),
)
def test_overdue_is_exactly_being_stuck_past_a_target(days, stage):
    app = application(days, stage=stage)
    target = PIPELINE.target_days(stage)
    # Whole days, counted like the board counts them.
    expected = target is not None and (NOW - app.entered_stage_at).days > target
    assert reminders.is_overdue(PIPELINE, app, NOW) is expected
    reminder = reminders.stuck_reminder(PIPELINE, app, NOW)
    assert (reminder is not None) is expected


def test_backoff_doubles_from_the_base_and_stops_at_the_cap():
    assert backoff(0) == timedelta(0)
    assert backoff(1) == BACKOFF_BASE
    assert backoff(2) == 2 * BACKOFF_BASE
    assert backoff(4) == 8 * BACKOFF_BASE
    assert backoff(50) == BACKOFF_CAP


@given(st.integers(min_value=1, max_value=200))
def test_backoff_never_shrinks(attempts):
    assert backoff(attempts + 1) >= backoff(attempts)


# --- late scorecards ---------------------------------------------------------------------

INES = Person("Ines Interviewer", "ines@example.com")


def late(hours_since_end: float, **changes) -> reminders.LateScorecard:
    values = {
        "interview_id": 11,
        "application_id": 7,
        "interviewer_id": 4,
        "interviewer": INES,
        "candidate_name": "Ada Lovelace",
        "job_title": "ML engineer",
        "round_name": "Coding",
        "ends_at": NOW - timedelta(hours=hours_since_end),
        "scorecard_url": "https://hiring.example/interviews/11/scorecard",
    }
    values.update(changes)
    return reminders.LateScorecard(**values)


def test_a_late_scorecard_reminds_its_interviewer_with_a_link():
    reminder = reminders.late_scorecard_reminder(late(30), NOW)
    assert reminder is not None
    assert reminder.to == "ines@example.com"
    assert reminder.subject == "Late scorecard: Ada Lovelace, Coding"
    assert reminder.kind == reminders.LATE_SCORECARD_KIND
    assert reminder.application_id == 7
    assert "Hello Ines Interviewer" in reminder.body
    assert "Coding interview with Ada Lovelace (ML engineer)" in reminder.body
    assert "due on 2026-03-10 at 09:00 UTC" in reminder.body
    assert "6 hours late" in reminder.body
    assert "https://hiring.example/interviews/11/scorecard" in reminder.body


def test_no_late_scorecard_reminder_before_due_when_done_cancelled_or_inactive():
    assert reminders.late_scorecard_reminder(late(23.9), NOW) is None
    assert reminders.late_scorecard_reminder(late(30, submitted=True), NOW) is None
    assert reminders.late_scorecard_reminder(late(30, cancelled=True), NOW) is None
    gone = Person("Gone", "gone@example.com", active=False)
    assert reminders.late_scorecard_reminder(late(30, interviewer=gone), NOW) is None


def test_nobody_is_chased_for_a_scorecard_once_the_application_is_closed():
    assert reminders.late_scorecard_reminder(late(30, application_active=False), NOW) is None


def test_reminders_name_the_candidate_they_are_about_for_erasure():
    reminder = reminders.late_scorecard_reminder(late(30, candidate_id=5), NOW)
    assert reminder is not None and reminder.candidate_id == 5


def test_one_late_scorecard_key_per_interviewer_interview_and_utc_day():
    morning = datetime(2026, 3, 10, 0, 5, tzinfo=UTC)
    evening = datetime(2026, 3, 10, 23, 55, tzinfo=UTC)
    key = reminders.late_scorecard_key
    assert key(4, 11, morning) == key(4, 11, evening)
    assert key(4, 11, evening) != key(4, 11, evening + timedelta(minutes=10))
    assert key(4, 11, NOW) != key(5, 11, NOW)
    assert key(4, 11, NOW) != key(4, 12, NOW)
    assert key(4, 11, NOW) != reminders.dedupe_key(11, "applied", NOW)


def test_late_scorecard_reminders_come_longest_overdue_first():
    items = [
        late(30, interview_id=1),
        late(90, interview_id=2),
        late(2, interview_id=3),
        late(50, interview_id=4, interviewer=Person("Gone", "g@example.com", active=False)),
    ]
    due = reminders.late_scorecard_reminders(items, NOW)
    assert [r.dedupe_key.split(":")[2] for r in due] == ["2", "1"]
