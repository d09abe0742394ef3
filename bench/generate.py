"""Fill an empty database with a hiring team's worth of data, fast, for the benchmark.

The schema comes from the real migrations (``flask db upgrade``). People and jobs go
through the services (a few dozen calls, so jobs get their rubric snapshot and loop the
way the app makes them); candidates, applications, stage history, interviews, scorecards
and ratings go in with bulk ``insert()`` of lists of dicts, thousands of rows a statement.

    python -m bench.generate --scale small --database-url sqlite:///bench/data/small.db
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import insert, select, text

from bench.database import absolute_url, make_app, reset_database, upgrade

BATCH = 5_000

# Who the load run signs in as (the passwords only ever exist in the benchmark database).
RECRUITER = ("bench.recruiter@example.com", "Rosa Recruiter", "recruiter")
MANAGER = ("bench.manager@example.com", "Milan Manager", "hiring_manager")
INTERVIEWER = ("bench.interviewer@example.com", "Iris Interviewer", "interviewer")
ADMIN = ("bench.admin@example.com", "Alex Admin", "admin")
PASSWORD = "bench-passphrase-not-secret"


@dataclass(frozen=True)
class Scale:
    name: str
    applications: int
    jobs: int
    # Active applications on the first job (the board the benchmark loads).
    board_active: int
    interviewers: int = 30


SCALES = {
    "tiny": Scale("tiny", applications=120, jobs=3, board_active=40, interviewers=4),
    "small": Scale("small", applications=1_000, jobs=10, board_active=500),
    "medium": Scale("medium", applications=10_000, jobs=20, board_active=2_000),
    "large": Scale("large", applications=100_000, jobs=40, board_active=2_000),
}

ACTIVE_STAGES = ("applied", "recruiter-screen", "overview", "technical-loop", "debrief", "offer")
# How far the active applications of the board job have got (weights per stage).
ACTIVE_WEIGHTS = (40, 20, 15, 12, 8, 5)
SOURCES = ("referral", "sourced", "inbound", "agency", "event")
TAGS = ("ranking", "search", "recsys", "nlp", "vision", "mlops", "spark", "pytorch")
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
FIRST = ("Ada", "Ben", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "June", "Kofi")
LAST = ("Lind", "Moreau", "Nakamura", "Okoro", "Petrov", "Quinn", "Rossi", "Sato", "Tan")
NOTES = (
    "Walked through the **offline evaluation** and why the baseline was hard to beat.\n\n"
    "- clear on leakage\n- vague on rollout",
    "Strong on *feature pipelines*; less depth on serving latency.",
    "Good trade-off reasoning; needed prompting on metrics that matter to users.",
)


@dataclass
class Generated:
    """What was made, and the ids the load run needs."""

    counts: dict[str, int]
    board_job_id: int
    public_id: str
    candidate_id: int
    debrief_application_id: int
    seconds: float


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _bulk(table, rows: Sequence[dict[str, Any]]) -> int:
    from hiring.extensions import db

    for chunk in _batches(rows):
        db.session.execute(insert(table), list(chunk))
    return len(rows)


def _people(scale: Scale) -> dict[str, Any]:
    from hiring.accounts import services
    from hiring.accounts.models import User
    from hiring.extensions import db

    made = {}
    for key, (email, name, role) in {
        "recruiter": RECRUITER,
        "manager": MANAGER,
        "interviewer": INTERVIEWER,
        "admin": ADMIN,
    }.items():
        services.create_user(None, email=email, name=name, roles=(role,), password=PASSWORD)
        made[key] = services.find_user_by_email(email)
    # Colleagues: invited interviewers and recruiters (no password: no hashing cost).
    for n in range(scale.interviewers - 1):
        services.create_user(
            None,
            email=f"interviewer{n}@bench.example.com",
            name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]} {n}",
            roles=("interviewer",),
        )
    for n in range(3):
        services.create_user(
            None,
            email=f"recruiter{n}@bench.example.com",
            name=f"Recruiter {n}",
            roles=("recruiter",),
        )

    def ids(pattern: str) -> list[int]:
        return list(db.session.scalars(select(User.id).where(User.email.like(pattern))))

    made["interviewer_ids"] = [made["interviewer"].id, *ids("interviewer%@bench.example.com")]
    made["recruiter_ids"] = [made["recruiter"].id, *ids("recruiter%@bench.example.com")]
    return made


def _jobs(scale: Scale, manager) -> list[Any]:
    from hiring.demo.content import DEMO_JOBS
    from hiring.jobs import publication
    from hiring.jobs import services as jobs

    made = []
    for n in range(scale.jobs):
        data, _ = DEMO_JOBS[n % len(DEMO_JOBS)]
        job = jobs.create_job(manager, replace(data, title=f"{data.title} #{n + 1}"))
        if n % len(DEMO_JOBS) == 0:  # the demo's publishable job (it has a pay range)
            job = publication.publish(manager, job.id, expected_version=None, valid_through=None)
        made.append(job)
    return made


def _rounds_by_job(job_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    from hiring.extensions import db
    from hiring.loops.models import InterviewLoop, LoopRound

    found: dict[int, list[dict[str, Any]]] = {job_id: [] for job_id in job_ids}
    rows = db.session.execute(
        select(InterviewLoop.job_id, LoopRound)
        .join(LoopRound, LoopRound.loop_id == InterviewLoop.id)
        .order_by(LoopRound.position)
    ).all()
    for job_id, loop_round in rows:
        found[job_id].append({"id": loop_round.id, **loop_round.definition()})
    return found


def _path_to(stage: str) -> list[str]:
    """The stages an application went through to reach ``stage``."""
    order = [*ACTIVE_STAGES, "hired"]
    if stage in order:
        return order[: order.index(stage) + 1]
    return []


def generate(database_url: str, scale: Scale, *, seed: int = 13, fresh: bool = True) -> Generated:
    """Build the database for ``scale`` at ``database_url`` (emptied first when fresh)."""
    started = time.perf_counter()
    database_url = absolute_url(database_url)
    if fresh:
        reset_database(database_url)
    app = make_app(database_url)
    upgrade(app)
    with app.app_context():
        found = _fill(app, scale, random.Random(seed))
    with app.app_context():
        from hiring.extensions import db

        db.engine.dispose()
    found.seconds = time.perf_counter() - started
    return found


def _fill(app: Flask, scale: Scale, rng: random.Random) -> Generated:
    from hiring.candidates.models import Candidate, CandidateTag
    from hiring.database import utcnow
    from hiring.extensions import db
    from hiring.interviews.models import Interview, interview_interviewers
    from hiring.pipeline.models import Application, StageChange
    from hiring.sanitize import render_markdown
    from hiring.scorecards import progress
    from hiring.scorecards.models import Scorecard, ScorecardRating

    people = _people(scale)
    jobs = _jobs(scale, people["manager"])
    job_ids = [job.id for job in jobs]
    board_job = jobs[0]
    rounds = _rounds_by_job(job_ids)
    recruiter_id = people["recruiter"].id
    interviewer_ids = people["interviewer_ids"]
    notes_html = [render_markdown(note) for note in NOTES]
    now = utcnow()
    year_ago = now - timedelta(days=365)

    def moment(earliest: datetime, latest: datetime) -> datetime:
        span = max((latest - earliest).total_seconds(), 1.0)
        return earliest + timedelta(seconds=rng.uniform(0, span))

    # Candidates: one per 1.25 applications, so some have applied to several jobs.
    n_candidates = max(scale.board_active, int(scale.applications * 0.8))
    first_candidate = (db.session.scalar(select(db.func.max(Candidate.id))) or 0) + 1
    candidates, tags = [], []
    for n in range(n_candidates):
        created = moment(year_ago, now - timedelta(days=1))
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}"
        candidates.append(
            {
                "id": first_candidate + n,
                "name": name,
                "email": f"candidate{n}@bench.example.net",
                "phone": "",
                "location": "Berlin, Germany" if n % 3 else "Remote",
                "links": [],
                "source": SOURCES[n % len(SOURCES)],
                "resume_text": f"{name}: machine-learning engineer, ranking and search.",
                "notes": "",
                "notes_html": "",
                "created_by_id": recruiter_id,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
        if n % 4 == 0:
            tags.append({"candidate_id": first_candidate + n, "tag": TAGS[n % len(TAGS)]})
    counts = {"candidates": _bulk(Candidate.__table__, candidates)}
    counts["candidate_tags"] = _bulk(CandidateTag.__table__, tags)

    first_application = (db.session.scalar(select(db.func.max(Application.id))) or 0) + 1
    applications, changes, interviews, links, cards, ratings = [], [], [], [], [], []
    interview_id = (db.session.scalar(select(db.func.max(Interview.id))) or 0) + 1
    scorecard_id = (db.session.scalar(select(db.func.max(Scorecard.id))) or 0) + 1
    other_jobs = job_ids[1:] or job_ids

    def add_interviews(application_id: int, job_id: int, start: datetime, how_many: int, per=1):
        nonlocal interview_id, scorecard_id
        job_rounds = rounds[job_id]
        for k in range(min(how_many, len(job_rounds)) if job_rounds else 0):
            definition = {key: value for key, value in job_rounds[k].items() if key != "id"}
            starts = start + timedelta(days=2 * k + 1, hours=rng.randint(0, 6))
            interviews.append(
                {
                    "id": interview_id,
                    "application_id": application_id,
                    "loop_round_id": job_rounds[k]["id"],
                    "definition": definition,
                    "starts_at": starts,
                    "duration": definition["duration"],
                    "time_zone": "Europe/Berlin",
                    "location": "https://meet.example.com/bench",
                    "status": "scheduled",
                    "created_by_id": recruiter_id,
                    "created_at": starts - timedelta(days=3),
                    "updated_at": starts - timedelta(days=3),
                    "cancelled_at": None,
                    "version": 1,
                }
            )
            chosen = rng.sample(interviewer_ids, min(per, len(interviewer_ids)))
            for user_id in chosen:
                links.append({"interview_id": interview_id, "user_id": user_id})
                past = starts < now
                submitted = starts + timedelta(hours=rng.randint(2, 30))
                note = rng.randrange(len(NOTES))
                cards.append(
                    {
                        "id": scorecard_id,
                        "interview_id": interview_id,
                        "interviewer_id": user_id,
                        "status": "submitted" if past else "draft",
                        "recommendation": rng.choice(RECOMMENDATIONS) if past else "",
                        "notes": NOTES[note] if past else "",
                        "notes_html": notes_html[note] if past else "",
                        "created_at": starts,
                        "updated_at": submitted if past else starts,
                        "submitted_at": submitted if past else None,
                        "version": 1,
                    }
                )
                for position, skill in enumerate(definition["focus_skills"]):
                    ratings.append(
                        {
                            "scorecard_id": scorecard_id,
                            "skill": skill,
                            "position": position,
                            "rating": rng.randint(1, 4) if past else None,
                            "not_assessed": False,
                            "evidence": "Explained the evaluation set-up in detail."
                            if past
                            else "",
                        }
                    )
                scorecard_id += 1
            interview_id += 1

    debrief_application_id = 0
    for n in range(scale.applications):
        application_id = first_application + n
        candidate_index = n % n_candidates
        if n < scale.board_active:
            job_id = board_job.id
            stage = rng.choices(ACTIVE_STAGES, ACTIVE_WEIGHTS)[0]
        else:
            job_id = other_jobs[n % len(other_jobs)]
            roll = rng.random()
            # A year of applications: most are closed; the open ones are recent.
            stage = (
                rng.choice(ACTIVE_STAGES[:4])
                if roll < 0.10
                else "rejected"
                if roll < 0.82
                else "withdrawn"
                if roll < 0.95
                else "hired"
            )
        status = {"rejected": "rejected", "withdrawn": "withdrawn", "hired": "hired"}.get(
            stage, "active"
        )
        recent = now - timedelta(days=45 if n < scale.board_active else 30)
        created = moment(year_ago if status != "active" else recent, now - timedelta(days=2))
        path = _path_to(stage) or _path_to(rng.choice(ACTIVE_STAGES[:4]))
        at = created
        previous = None
        for step in path:
            changes.append(
                {
                    "application_id": application_id,
                    "from_stage": previous,
                    "to_stage": step,
                    "by_id": recruiter_id,
                    "at": at,
                    "note": "",
                    "rejection_reason": "",
                }
            )
            previous, at = step, moment(at, min(at + timedelta(days=12), now))
        if stage in ("rejected", "withdrawn"):
            changes.append(
                {
                    "application_id": application_id,
                    "from_stage": previous,
                    "to_stage": stage,
                    "by_id": recruiter_id,
                    "at": at,
                    "note": "",
                    "rejection_reason": "position-filled" if stage == "rejected" else "",
                }
            )
        entered = changes[-1]["at"]
        applications.append(
            {
                "id": application_id,
                "candidate_id": first_candidate + candidate_index,
                "job_id": job_id,
                "stage": stage,
                "entered_stage_at": entered,
                "status": status,
                "rejection_reason": "position-filled" if stage == "rejected" else "",
                "owner_id": people["recruiter_ids"][n % len(people["recruiter_ids"])],
                "created_by_id": recruiter_id,
                "created_at": created,
                "updated_at": entered,
                "version": len(path),
            }
        )
        reached = len(path)
        if n == 0:
            # The debrief page: four rounds with two interviewers each, eight scorecards.
            applications[-1].update(stage="debrief", status="active", owner_id=recruiter_id)
            debrief_application_id = application_id
            add_interviews(application_id, job_id, now - timedelta(days=12), 4, per=2)
        elif reached >= 4:
            add_interviews(application_id, job_id, created, reached - 1, per=1 + (n % 3 == 0))
        elif n % 50 == 1:
            # Upcoming: interviews to prepare for and scorecards still to write.
            add_interviews(application_id, job_id, now, 1)

    counts["applications"] = _bulk(Application.__table__, applications)
    counts["stage_changes"] = _bulk(StageChange.__table__, changes)
    counts["interviews"] = _bulk(Interview.__table__, interviews)
    counts["interview_interviewers"] = _bulk(interview_interviewers, links)
    counts["scorecards"] = _bulk(Scorecard.__table__, cards)
    counts["scorecard_ratings"] = _bulk(ScorecardRating.__table__, ratings)
    progress.mark_submitted_pairs()
    db.session.commit()
    _fix_sequences()
    db.session.commit()
    _settle()
    counts["jobs"] = len(jobs)
    return Generated(
        counts=counts,
        board_job_id=board_job.id,
        public_id=board_job.public_id,
        candidate_id=first_candidate,
        debrief_application_id=debrief_application_id,
        seconds=0.0,
    )


def _settle() -> None:
    """Fresh statistics, and on PostgreSQL no dead rows, as a database in use for a year
    would have after autovacuum. Without VACUUM the bulk update of the scorecard pairs
    leaves every old row version in the indexes, and the late-scorecard lookup reads
    130,000 index entries at ``large`` to find 2,700 live ones."""
    from hiring.extensions import db

    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def _fix_sequences() -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not advance."""
    from hiring.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for table in ("candidates", "applications", "stage_changes", "interviews", "scorecards"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    found = generate(args.database_url, SCALES[args.scale], seed=args.seed)
    print(f"{args.scale}: built in {found.seconds:.1f} s")
    for table, count in sorted(found.counts.items()):
        print(f"  {table:<24} {count:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
