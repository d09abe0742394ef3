"""The yardstick: a minimal Flask + Flask-SQLAlchemy app under the same gunicorn settings.

``/hello`` answers a word; ``/rows`` renders 50 candidates from the same database, with
the same engine, as a plain HTML table. Every figure of the benchmark is a ratio to
``/rows``.

    BENCH_DATABASE_URL=sqlite:////abs/path.db gunicorn bench.baseline:app
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    source: Mapped[str] = mapped_column(String(16))


ROWS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Candidates</title></head>
<body><h1>Candidates</h1>
<table><thead><tr><th>Name</th><th>Email</th><th>Source</th></tr></thead><tbody>
{% for candidate in candidates %}<tr>
<td><a href="/candidates/{{ candidate.id }}">{{ candidate.name }}</a></td>
<td>{{ candidate.email }}</td><td>{{ candidate.source }}</td></tr>
{% endfor %}</tbody></table></body></html>"""


def create_app(database_url: str) -> Flask:
    from hiring.config import normalise_database_url

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    db.init_app(app)

    @app.get("/hello")
    def hello() -> str:
        return "hello"

    @app.get("/rows")
    def rows() -> str:
        candidates = db.session.scalars(select(Candidate).order_by(Candidate.id).limit(50))
        return render_template_string(ROWS, candidates=list(candidates))

    return app


def _app_from_environment() -> Flask | None:
    url = os.environ.get("BENCH_DATABASE_URL")
    return create_app(url) if url else None


app = _app_from_environment()
