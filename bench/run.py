"""The load run: the app and the baseline under gunicorn on loopback, driven by wrk.

For every engine and scale: build the database (``bench.generate``), count each page's
SQL queries and size with a test client (not under load), start the app and the baseline
(workers = cores), sign in, then run wrk on every page and on the baseline, interleaved,
``--rounds`` times, and report medians as ratios to the baseline page. ``make bench``
runs it; ``--scales small --duration 5`` is a quick run of a few minutes.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import generate, report

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LUA = Path(__file__).resolve().parent / "session.lua"
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

    app = generate.make_app(url)
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


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int) -> Iterator[tuple[str, int]]:
    """Serve ``target`` on a loopback port; yield (base URL, master pid)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            target,
        ],
        env={**os.environ, **env},
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    base + "/hello" if "baseline" in target else base + "/healthz", timeout=5
                ):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn {target} did not start") from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def workers_of(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def drain(base: str, limit_seconds: float = 120) -> None:
    """Wait until the server has worked off what wrk left queued (sync workers finish
    requests whose clients have gone), so the next page is measured on an idle server."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base, timeout=limit_seconds):
                pass
        except OSError:
            pass
        if time.monotonic() - started < 0.05:
            return


def reset_peak_memory(master: int) -> None:
    """Start each page's peak afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    for pid in workers_of(master):
        with suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_memory_mb(master: int) -> float | None:
    """The largest peak resident size of the master's workers."""
    peaks = []
    for pid in workers_of(master):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks) if peaks else None


def sign_in(base: str, email: str) -> str:
    """Sign in through the login form; return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if token is None:
        token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("No CSRF token on the login page")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": generate.PASSWORD}
    ).encode()
    with opener.open(base + "/login", data=form, timeout=30) as response:
        if "/login" in response.geturl():
            raise SystemExit(f"Could not sign in as {email}")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# --- wrk ----------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> report.Sample:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if rps is None or p50 is None or p99 is None:
        raise ValueError("wrk printed no summary:\n" + output)
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return report.Sample(float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), errors)


def run_wrk(
    url: str, args: argparse.Namespace, cookie: str = "", authorization: str = ""
) -> report.Sample:
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        url,
    ]
    env = {**os.environ, "BENCH_COOKIE": cookie, "BENCH_AUTHORIZATION": authorization}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=args.duration + 60
    )
    return parse_wrk(done.stdout)


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
    started = datetime.now(UTC)
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
        "commit": commit(),
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "engines": ", ".join(engines),
        "scales": ", ".join(scales),
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
