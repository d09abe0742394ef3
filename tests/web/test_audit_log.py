import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from hiring import audit
from hiring.audit import AuditEvent, AuditLogIsAppendOnly
from hiring.extensions import db
from tests.conftest import login


def first_event_id(app):
    with app.app_context():
        return db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id))


def test_the_orm_refuses_to_change_or_delete_events(app, users):
    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        event.summary = "rewritten history"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalar(select(AuditEvent))
        db.session.delete(event)
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET summary = 'rewritten'", "DELETE FROM audit_events"],
)
def test_the_database_refuses_raw_updates_and_deletes(app, users, statement):
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
        assert db.session.scalar(select(AuditEvent.summary).order_by(AuditEvent.id)).startswith(
            "Created"
        )


def test_admin_browses_and_filters_the_log(app, client, users):
    login(client, users["admin"])
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "user.created" in html and "auth.login" in html
    filtered = client.get("/admin/audit?action=auth.login").get_data(as_text=True)
    assert "signed in" in filtered and "Created " not in filtered
    by_actor = client.get("/admin/audit?actor=nobody-like-this").get_data(as_text=True)
    assert "No events match these filters." in by_actor


def test_date_filters_are_inclusive_and_bad_dates_are_reported(client, users):
    login(client, users["admin"])
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    html = client.get(f"/admin/audit?since={today}&until={today}").get_data(as_text=True)
    assert "auth.login" in html
    html = client.get("/admin/audit?since=2001-02-30").get_data(as_text=True)
    assert "Not a valid date value." in html


def test_events_record_actor_object_summary_time_and_address(app, client, users):
    login(client, users["admin"])
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.login").order_by(AuditEvent.id)
        )
        assert event.actor_id == users["admin"].id
        assert event.actor_email == users["admin"].email
        assert (event.object_type, event.object_id) == ("user", str(users["admin"].id))
        assert event.occurred_at.tzinfo is not None
        assert event.ip_address == "127.0.0.1"


def test_paging_keeps_the_filters(app, client, users):
    with app.app_context():
        for number in range(60):
            audit.record(None, "test.bulk", "thing", number, f"bulk event {number}")
        db.session.commit()
    login(client, users["admin"])
    html = client.get("/admin/audit?action=test.bulk").get_data(as_text=True)
    assert "Page 1 of 2" in html
    assert "action=test.bulk" in html and "page=2" in html
    second = client.get("/admin/audit?action=test.bulk&page=2").get_data(as_text=True)
    assert "bulk event 0" in second and "bulk event 59" not in second
