"""Every web form, fuzzed: no 500, and an error answer writes nothing.

Every POST route of the app's url_map (outside the API) is sent generated form data,
signed in as an admin and as a recruiter and an interviewer: the fields of the form
the route's page shows (when it has one) and the field names of every form in the app,
with values holding NUL and other control characters, right-to-left overrides, numbers
past any integer column, very long strings, CR/LF and a few valid ids. The answer is
never a 500, and when it is an error (4xx) the row counts of the main tables are
unchanged. A bounded number of examples per route keeps it in the normal suite.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

from tests.conftest import CSRF_PATTERN, login
from tests.web.matrix_common import ADMIN, INTERVIEWER, RECRUITER
from tests.web.test_access_matrix import MATRIX, placeholders  # noqa: F401  (fixture)

EXAMPLES_PER_ROUTE = 4
MAIN_TABLES = (
    "users",
    "api_tokens",
    "jobs",
    "job_description_versions",
    "loop_rounds",
    "candidates",
    "candidate_tags",
    "candidate_imports",
    "resume_files",
    "applications",
    "stage_changes",
    "interviews",
    "scorecards",
    "scorecard_amendments",
    "hiring_decisions",
)
# Fields read straight from request.form by some views.
RAW_FIELDS = (
    "back",
    "ids",
    "markdown",
    "version",
    "direction",
    "round_id",
    "loop_round_id",
    "reason",
    "duration",
    "focus_skills",
    "questions",
    "interviewers",
    "import_id",
    "next",
)
NASTY = (
    "",
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "9" * 400,
    "²",
    "١٢",
    "1e9",
    "NaN",
    "\x00",
    "a\x00b",
    "\r\n",
    "x\r\nSet-Cookie: a=1",
    "/\r\n/evil.example",
    "//evil.example",
    "Ada \u202eecalevol",
    "\u2066isolated\u2069",
    "bell\x07 escape\x1b[31m",
    "\x7f\x1f\x85",
    "<script>alert(1)</script>",
    "a" * 5_000,
    "long " * 12_000,
    "2024-02-30",
    "Europe/Nowhere",
    "https://example.com/\x00",
)
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def form_field_names() -> list[str]:
    """The field names of every form class in the app (imported by create_app)."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        for name in dir(form):
            if isinstance(getattr(form, name, None), UnboundField):
                names.add(name)
    return sorted(names | set(RAW_FIELDS))


def page_fields(client, url: str) -> list[str]:
    """The names of the inputs on the page at ``url``, when it is a page with a form."""
    response = client.get(url)
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    html = response.get_data(as_text=True)
    return sorted(set(re.findall(r'name="([^"]+)"', html)) - {"csrf_token"})


def row_counts(app: Flask) -> dict[str, int]:
    from hiring.extensions import db

    query = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {table}" for table in MAIN_TABLES)
    with app.app_context():
        counts = {name: count for name, count in db.session.execute(text(query))}
        db.session.remove()
    return counts


def post_routes(app: Flask, values: dict[str, Any]) -> list[str]:
    """Every POST URL of the web pages, placeholders filled; each endpoint once."""
    adapter = app.url_map.bind("localhost")
    urls: dict[str, str] = {}
    for method, url, _ in MATRIX:
        if method == "POST" and not url.startswith("/api/"):
            target = url.format(**values)
            endpoint, _ = adapter.match(target, method="POST")
            urls.setdefault(endpoint, target)
    web_posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.rule.startswith("/api/")
    }
    assert web_posts <= set(urls), f"no URL for {sorted(web_posts - set(urls))}"
    return sorted(urls.values())


@pytest.mark.parametrize("role", [ADMIN, RECRUITER, INTERVIEWER])
def test_no_form_answers_500_or_writes_on_an_error(app, users, placeholders, role):  # noqa: F811
    client = app.test_client()
    pool = form_field_names()
    failures: list[str] = []

    def signed_in_token() -> str:
        with client.session_transaction() as session:
            signed_in = "_user_id" in session
        if not signed_in:
            login(client, users[role])
        match = CSRF_PATTERN.search(client.get("/account").get_data(as_text=True))
        assert match
        return match.group(1)

    for url in post_routes(app, placeholders):
        signed_in_token()
        own = page_fields(client, url)
        names = st.sampled_from(own) | st.sampled_from(pool) if own else st.sampled_from(pool)
        fields = st.dictionaries(names, st.lists(VALUES, min_size=1, max_size=2), max_size=6)

        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(data=fields, url=st.just(url))
        def post(data: dict[str, list[str]], url: str) -> None:
            token = signed_in_token()
            before = row_counts(app)
            form = MultiDict([(name, value) for name, items in data.items() for value in items])
            form.setlist("csrf_token", [token])
            response = client.post(url, data=form)
            status = response.status_code
            response.close()
            if status >= 500:
                failures.append(f"{url} {dict(data)!r}: {status}")
            elif 400 <= status < 500 and row_counts(app) != before:
                failures.append(f"{url} {dict(data)!r}: {status} but rows changed")

        post()
    assert failures == [], "\n".join(failures[:20])
