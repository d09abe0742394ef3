"""Pages run a fixed number of SQL queries whatever the amount of data.

Each page is rendered once with little data and once with a lot; the counts must be
equal. Relationships are ``lazy="raise"``, so a lazy load in a loop would also fail
loudly here.
"""

from __future__ import annotations

import pytest

from hiring import audit
from hiring.accounts import services
from hiring.extensions import db
from tests.conftest import login, make_user


def grow(app, users, extra_users: int, extra_events: int, extra_tokens: int) -> None:
    for _ in range(extra_users):
        make_user(app, ("interviewer", "recruiter"))
    with app.app_context():
        admin = services.get_user(users["admin"].id)
        for number in range(extra_tokens):
            services.create_api_token(admin, f"token {number}")
        for number in range(extra_events):
            audit.record(admin, "test.event", "user", admin.id, f"event {number}")
        db.session.commit()


PAGES = [
    "/",
    "/admin/users",
    "/admin/users?role=interviewer&q=example",
    "/admin/audit",
    "/account",
    "/admin/users/{admin_id}",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_data(app, client, users, count_queries, page):
    url = page.format(admin_id=users["admin"].id)
    login(client, users["admin"])
    grow(app, users, extra_users=1, extra_events=1, extra_tokens=1)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    grow(app, users, extra_users=40, extra_events=120, extra_tokens=25)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert large.count == small.count, large.statements
    assert small.count <= 12
