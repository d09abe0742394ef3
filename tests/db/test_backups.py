"""``flask backup create`` / ``restore``: a round trip loses nothing, on the engine the
suite runs on (SQLite, or PostgreSQL with DATABASE_URL); refusals leave all alone."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from hiring.accounts import services
from hiring.candidates import resume_services
from hiring.extensions import db
from hiring.operations import migrations_state
from tests.conftest import make_user
from tests.fixtures.resumes import make_docx, make_pdf


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def database_contents(url) -> dict[str, tuple[int, str]]:
    """Per table: rows and a SHA-256 of them, read here independently of the app."""
    engine = create_engine(url)
    contents = {}
    try:
        with engine.connect() as connection:
            for name in inspect(connection).get_table_names():
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()
                lines = sorted(repr(tuple(row)) for row in rows)
                contents[name] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
    finally:
        engine.dispose()
    return contents


def file_hashes(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.iterdir()}


@pytest.fixture
def seeded(build_app, migration_database_url, tmp_path):
    """A migrated database with the demo data and two resume files."""
    app = build_app(migration_database_url, RESUME_STORAGE_DIR=str(tmp_path / "resumes-a"))
    assert invoke(app, "db", "upgrade").exit_code == 0
    result = invoke(app, "demo", "seed")
    assert result.exit_code == 0, result.output
    recruiter = make_user(app, ("recruiter",))
    with app.app_context():
        user = services.get_user(recruiter.id)
        from hiring.candidates.models import Candidate

        first, second = db.session.scalars(db.select(Candidate.id).limit(2)).all()
        resume_services.upload_resume(user, first, "cv.pdf", make_pdf("Ranking models"))
        resume_services.upload_resume(user, second, "cv.docx", make_docx("Speech recognition"))
        db.session.remove()
    return app


@pytest.fixture
def small(build_app, migration_database_url, tmp_path):
    """A migrated database with one user and one file: enough for the refusals."""
    app = build_app(migration_database_url, RESUME_STORAGE_DIR=str(tmp_path / "resumes-a"))
    assert invoke(app, "db", "upgrade").exit_code == 0
    make_user(app, ("admin",))
    (tmp_path / "resumes-a").mkdir()
    (tmp_path / "resumes-a" / ("a" * 32 + ".pdf")).write_bytes(make_pdf())
    return app


def test_a_backup_restored_into_an_empty_database_loses_nothing(
    seeded, build_app, migration_database_url, second_database_url, tmp_path
):
    before = database_contents(migration_database_url)
    files_before = file_hashes(tmp_path / "resumes-a")
    assert before["candidates"][0] >= 6 and before["scorecards"][0] > 0
    assert len(files_before) == 2
    archive = tmp_path / "backup.tar.gz"
    result = invoke(seeded, "backup", "create", str(archive))
    assert result.exit_code == 0, result.output
    with seeded.app_context():
        (head,) = migrations_state.head_revisions()
    assert f"revision {head}" in result.output and "2 resume files" in result.output
    assert archive.stat().st_mode & 0o077 == 0

    target = build_app(second_database_url, RESUME_STORAGE_DIR=str(tmp_path / "resumes-b"))
    result = invoke(target, "backup", "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert database_contents(second_database_url) == before
    assert file_hashes(tmp_path / "resumes-b") == files_before
    assert target.test_client().get("/readyz").status_code == 200


def test_restore_with_force_undoes_later_changes(seeded, migration_database_url, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    assert invoke(seeded, "backup", "create", str(archive)).exit_code == 0
    before = database_contents(migration_database_url)
    files_before = file_hashes(tmp_path / "resumes-a")
    make_user(seeded, ("admin",), email="later@example.com")
    (tmp_path / "resumes-a" / sorted(files_before)[0]).unlink()
    (tmp_path / "resumes-a" / ("f" * 32 + ".pdf")).write_bytes(b"%PDF-1.4 uploaded later")

    refused = invoke(seeded, "backup", "restore", str(archive))
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
    assert database_contents(migration_database_url)["users"] != before["users"]

    result = invoke(seeded, "backup", "restore", str(archive), "--force")
    assert result.exit_code == 0, result.output
    assert "1 files not in the backup removed" in result.output
    assert database_contents(migration_database_url) == before
    assert file_hashes(tmp_path / "resumes-a") == files_before


def test_an_older_backup_is_restored_and_then_upgraded(
    build_app, migration_database_url, second_database_url, tmp_path
):
    source = build_app(migration_database_url)
    assert invoke(source, "db", "upgrade").exit_code == 0
    assert invoke(source, "db", "downgrade").exit_code == 0
    archive = tmp_path / "older.tar.gz"
    assert invoke(source, "backup", "create", str(archive)).exit_code == 0
    target = build_app(second_database_url)
    assert invoke(target, "db", "upgrade").exit_code == 0
    result = invoke(target, "backup", "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "Run: flask --app wsgi db upgrade" in result.output
    assert target.test_client().get("/readyz").status_code == 503
    assert invoke(target, "db", "upgrade").exit_code == 0
    assert target.test_client().get("/readyz").status_code == 200


def rewrite_manifest(archive: Path, change) -> Path:
    """A copy of the archive whose manifest ``change`` edited."""
    copy = archive.with_name("edited.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m.update(engine="postgresql" if m["engine"] == "sqlite" else "sqlite"),
            "moving between engines is not supported",
        ),
        (lambda m: m.update(revision="0099"), "the backup is newer"),
        (lambda m: m["files"].update({next(iter(m["files"])): "0" * 64}), "damaged"),
        (lambda m: m.update(database_sha256="0" * 64), "damaged"),
        (lambda m: m.update(format="something/else"), "not made by"),
    ],
)
def test_restore_refuses_what_does_not_fit(
    small, build_app, second_database_url, tmp_path, change, message
):
    archive = tmp_path / "backup.tar.gz"
    assert invoke(small, "backup", "create", str(archive)).exit_code == 0
    edited = rewrite_manifest(archive, change)
    target = build_app(second_database_url, RESUME_STORAGE_DIR=str(tmp_path / "resumes-b"))
    result = invoke(target, "backup", "restore", str(edited), "--force")
    assert result.exit_code == 1
    assert message in result.output
    assert database_contents(second_database_url) == {}
    assert file_hashes(tmp_path / "resumes-b") == {}


def test_restore_refuses_a_file_that_is_not_a_backup(small, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    result = invoke(small, "backup", "restore", str(junk))
    assert result.exit_code == 1 and "not a readable backup archive" in result.output


def test_a_database_never_migrated_is_not_backed_up(build_app, migration_database_url, tmp_path):
    app = build_app(migration_database_url)
    result = invoke(app, "backup", "create", str(tmp_path / "b.tar.gz"))
    assert result.exit_code == 1 and "flask db upgrade" in result.output
    assert not (tmp_path / "b.tar.gz").exists()
