"""The load run: the app and the baseline under gunicorn on loopback, driven by wrk.

For every engine and scale: build the database (``bench.generate``), count each page's
SQL queries and size with a test client (not under load), start the app and the baseline
(workers = cores), sign in, then run wrk on every page and on the baseline, interleaved,
``--rounds`` times, and report medians as ratios to the baseline page. ``make bench``
runs it; ``--scales small --duration 5`` is a quick run of a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import database, generate, report
from bench.servers import (
    drain,
    gunicorn,
    peak_memory_mb,
    reset_peak_memory,
    run_wrk,
    sign_in,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # None: anonymous; "api": the recruiter's API token
    path: str  # formatted with the generated ids


PAGES = (
    Page("login page", None, "/login"),
    Page("recruiter home", "recruiter", "/"),
    Page("hiring manager home", "manager", "/"),
    Page("interviewer home", "interviewer", "/"),
    Page("board (2,000 active)", "recruiter", "/jobs/{board_job_id}/board"),
    Page(
        "applications, filtered + searched",
        "recruiter",
        "/applications?job={board_job_id}&q=Ada&status=active",
    ),
    Page("candidate page", "recruiter", "/candidates/{candidate_id}"),
    Page("debrief (8 scorecards)", "manager", "/applications/{debrief_application_id}/debrief"),
    Page("funnel report (everything)", "manager", "/reports/funnel"),
    Page("public job page", None, "/careers/{public_id}"),
    Page("GET /api/v1/candidates", "api", "/api/v1/candidates"),
    Page("GET /api/v1/applications", "api", "/api/v1/applications"),
)
BASELINE_PAGES = (Page(report.HELLO, None, "/hello"), Page(report.BASELINE, None, "/rows"))
LOGINS = {
    "recruiter": generate.RECRUITER[0],
    "manager": generate.MANAGER[0],
    "interviewer": generate.INTERVIEWER[0],
}


# --- databases ---------------------------------------------------------------------------


def database_url(engine: str, scale: str, postgres: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{DATA / f'{scale}.db'}"
    import psycopg

    name = f"hiring_bench_{scale}"
    with psycopg.connect(f"{postgres.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres.rstrip('/')}/{name}"


def postgres_reachable(postgres: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{postgres.rstrip('/')}/postgres", connect_timeout=5):
            return True
    except psycopg.Error:
        return False


def drop_database(engine: str, url: str, postgres: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{postgres.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- queries and sizes, with a test client ----------------------------------------------


def api_token(url: str) -> str:
    from hiring.accounts import api_tokens, services

    app = database.make_app(url)
    with app.app_context():
        user = services.find_user_by_email(generate.RECRUITER[0])
        secret = api_tokens.create_api_token(user, "benchmark").secret
        from hiring.extensions import db

        db.session.remove()
        db.engine.dispose()
    return secret


def count_queries(url: str, ids: dict[str, object], token: str) -> dict[str, tuple[int, int]]:
    """(queries, bytes) per page, each page requested twice and the second one counted
    (the first warms per-process caches, as a running server has)."""
    from sqlalchemy import event

    from hiring import create_app
    from hiring.config import normalise_database_url
    from hiring.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "HIRING_RUBRICS_DIR": str(ROOT / "rubrics"),
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    found: dict[str, tuple[int, int]] = {}
    clients = {}
    for role, email in LOGINS.items():
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": generate.PASSWORD})
        if response.status_code != 302:
            raise SystemExit(f"Could not sign in as {email} for counting ({response.status_code})")
        clients[role] = client
    statements: list[str] = []

    def counter(*_args: object) -> None:
        statements.append("")

    with app.app_context():
        engine = db.engine
    for page in PAGES:
        client = clients.get(page.role or "", app.test_client())
        if page.role == "api":
            client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"} if page.role == "api" else {}
        path = page.path.format(**ids)
        client.get(path, headers=headers)
        statements.clear()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            response = client.get(path, headers=headers)
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: {path} answered {response.status_code}")
        found[page.name] = (len(statements), len(response.get_data()))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return found


# --- one engine at one scale -------------------------------------------------------------


def measure(engine: str, scale: str, args: argparse.Namespace) -> list[report.PageResult]:
    url = database_url(engine, scale, args.postgres)
    print(f"[{engine}/{scale}] generating", flush=True)
    built = generate.generate(url, generate.SCALES[scale])
    print(f"[{engine}/{scale}] built in {built.seconds:.1f} s: {built.counts}", flush=True)
    ids = {
        "board_job_id": built.board_job_id,
        "public_id": built.public_id,
        "candidate_id": built.candidate_id,
        "debrief_application_id": built.debrief_application_id,
    }
    token = api_token(url)
    counted = count_queries(url, ids, token)
    pages = [p for p in PAGES if not args.pages or any(w in p.name for w in args.pages)]
    results = {p.name: report.PageResult(p.name) for p in (*BASELINE_PAGES, *pages)}
    for page in pages:
        results[page.name].queries, results[page.name].size_bytes = counted[page.name]
    instance = tempfile.mkdtemp(prefix="hiring-bench-")
    app_env = {
        "DATABASE_URL": url,
        "HIRING_RUBRICS_DIR": str(ROOT / "rubrics"),
        "HIRING_INSTANCE_PATH": instance,
        # Explicit: workers starting at once can race on the generated key file.
        "SECRET_KEY": secrets.token_hex(32),
        "API_RATE_LIMIT": "100000000 per minute",
        "LOG_LEVEL": "WARNING",
    }
    try:
        with (
            gunicorn("wsgi:app", app_env, args.workers) as (app_base, app_pid),
            gunicorn("bench.baseline:app", {"BENCH_DATABASE_URL": url}, args.workers) as (
                base_base,
                base_pid,
            ),
        ):
            cookies = {role: sign_in(app_base, email) for role, email in LOGINS.items()}
            with urllib.request.urlopen(base_base + "/rows", timeout=30) as response:
                results[report.BASELINE].size_bytes = len(response.read())
                results[report.BASELINE].queries = 1
            targets = [(p, base_base, base_pid) for p in BASELINE_PAGES]
            targets += [(p, app_base, app_pid) for p in pages]
            peaks: dict[str, list[float]] = {name: [] for name in results}
            for round_number in range(1, args.rounds + 1):
                for page, base, master in targets:
                    path = page.path.format(**ids)
                    cookie = cookies.get(page.role or "", "")
                    authorization = f"Bearer {token}" if page.role == "api" else ""
                    reset_peak_memory(master)
                    sample = run_wrk(base + path, args, cookie, authorization)
                    drain(base + ("/hello" if master == base_pid else "/healthz"))
                    results[page.name].samples.append(sample)
                    if (peak := peak_memory_mb(master)) is not None:
                        peaks[page.name].append(peak)
                    print(
                        f"[{engine}/{scale}] round {round_number} {page.name}: "
                        f"{sample.requests_per_second:.0f} req/s, p99 {sample.p99_ms:.0f} ms"
                        + (f", {sample.errors} errors" if sample.errors else ""),
                        flush=True,
                    )
            for name, values in peaks.items():
                results[name].peak_memory_mb = max(values) if values else None
    finally:
        shutil.rmtree(instance, ignore_errors=True)
        if not args.keep_data:
            drop_database(engine, url, args.postgres)
    return list(results.values())


def machine() -> str:
    model = ""
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        model = match.group(1) if match else ""
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores {model}, {memory:.0f} GiB, {system}"


def commit() -> str:
    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = (
        " (with uncommitted changes)"
        if git("status", "--porcelain", "--", "hiring", "templates", "migrations")
        else ""
    )
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default="small,medium,large", help="comma-separated: small,medium,large"
    )
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved repetitions (medians)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--pages", nargs="*", default=[], help="only pages whose name has one of these words"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432"),
    )
    parser.add_argument("--label", default="", help="added to the result file's name, e.g. before")
    parser.add_argument("--keep-data", action="store_true", help="leave the generated databases")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    args = parser.parse_args(argv)
    # Stopped from outside: still stop the servers and drop the databases (finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [s for s in scales if s not in generate.SCALES] + [
        e for e in engines if e not in ("sqlite", "postgresql")
    ]
    if unknown:
        parser.error(f"unknown scale or engine: {', '.join(unknown)}")
    skipped = []
    if "postgresql" in engines and not postgres_reachable(args.postgres):
        print(f"PostgreSQL at {args.postgres} does not answer: measuring without it.")
        engines.remove("postgresql")
        skipped.append(f"postgresql (no server at {args.postgres})")
    started = datetime.now(UTC)
    revision = commit()  # what is measured: the code as the run starts
    sections = []
    raw: dict[str, object] = {}
    for engine in engines:
        by_scale = {}
        for scale in scales:
            by_scale[scale] = {r.page: r for r in measure(engine, scale, args)}
        curve = report.scale_curve(by_scale)
        relative = report.relative_scale_curve(by_scale)
        for scale in scales:
            rows = list(by_scale[scale].values())
            table = report.table(rows, curve=curve, relative_curve=relative)
            sections.append((f"{engine}, {scale}", table))
            raw[f"{engine}/{scale}"] = [asdict(row) for row in rows]
    context = {
        "machine": machine(),
        "commit": revision,
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "engines": ", ".join(engines),
        "scales": ", ".join(scales),
        **({"skipped": ", ".join(skipped)} if skipped else {}),
        "load": (
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} "
            f"interleaved rounds, gunicorn {args.workers} sync workers on 127.0.0.1"
        ),
    }
    text = report.document(context, sections)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = started.strftime("%Y%m%d-%H%M") + (f"-{args.label}" if args.label else "") + ".md"
    (RESULTS / name).write_text(text)
    (RESULTS / "latest.md").write_text(text)
    # Every sample, for a later look at the spread behind the medians.
    (RESULTS / name.replace(".md", ".json")).write_text(json.dumps(raw, indent=1))
    print(f"Saved to {RESULTS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
