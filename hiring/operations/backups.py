"""``flask backup create`` and ``flask backup restore``: the database and the resume
files in one archive (``hiring.operations.archive``), restored only where it fits."""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from hiring.extensions import db
from hiring.operations import database_dumps
from hiring.operations.archive import (
    FILES_PREFIX,
    MANIFEST,
    BackupError,
    Manifest,
    digest_differences,
    file_name_of,
    restore_problem,
)
from hiring.operations.migrations_state import head_revisions, is_known_revision

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupReport:
    manifest: Manifest

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.manifest.tables.values())


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    heads: tuple[str, ...]
    removed_files: int

    @property
    def behind_head(self) -> bool:
        return (self.manifest.revision or "") != ",".join(self.heads)


def storage_dir() -> Path:
    return Path(current_app.config["RESUME_STORAGE_DIR"])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_files(directory: Path) -> list[Path]:
    """The resume files: regular files directly in the folder, safe names only."""
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_file() and not path.is_symlink() and file_name_of(FILES_PREFIX + path.name)
    )


def create_backup(destination: Path) -> BackupReport:
    """Write the archive beside ``destination`` first, then move it in place."""
    destination = destination.resolve()
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix="hiring-backup-") as work:
        work_dir = Path(work)
        engine = database_dumps.engine_name()
        dump_path = work_dir / "database"
        dumped = database_dumps.dump(dump_path)
        if dumped.revision is None:
            raise BackupError(
                "The database has no Alembic revision: run flask db upgrade before backing up."
            )
        # Copied after the database: a file uploaded meanwhile is only an orphan, and the
        # copy is what the manifest's digests describe.
        files_dir = work_dir / "files"
        files_dir.mkdir()
        files = {}
        for path in stored_files(storage_dir()):
            try:
                shutil.copy2(path, files_dir / path.name)
            except FileNotFoundError:  # deleted (an erasure) since it was listed
                continue
            files[path.name] = sha256_of(files_dir / path.name)
        manifest = Manifest(
            engine=engine,
            revision=dumped.revision,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            tables=dumped.tables,
            files=files,
            database_sha256=sha256_of(dump_path),
            server_version=dumped.server_version,
        )
        partial = destination.with_name(destination.name + ".partial")
        _write_archive(partial, manifest, dump_path, files_dir)
        os.replace(partial, destination)
    return BackupReport(manifest)


def _write_archive(path: Path, manifest: Manifest, dump_path: Path, files_dir: Path) -> None:
    # The archive holds personal data: readable by its owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
        manifest_path = dump_path.with_name(MANIFEST)
        manifest_path.write_text(manifest.to_json())
        archive.add(manifest_path, arcname=MANIFEST)
        archive.add(dump_path, arcname=manifest.database_member)
        for name in sorted(manifest.files):
            archive.add(files_dir / name, arcname=FILES_PREFIX + name)


def read_manifest(source: Path) -> Manifest:
    try:
        with tarfile.open(source, mode="r:*") as archive:
            return Manifest.from_json(_member_bytes(archive, MANIFEST).decode())
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{source} is not a readable backup archive ({exc}).") from None


def _member_bytes(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(f"The archive has no {name}: it is not a backup of this app.") from None
    handle = archive.extractfile(member) if member.isfile() else None
    if handle is None:
        raise BackupError(f"The archive's {name} is not a file.")
    return handle.read()


def restore_backup(source: Path, *, force: bool) -> RestoreReport:
    manifest = read_manifest(source)
    with db.engine.connect() as connection:
        target_rows = database_dumps.row_counts(connection)
    heads = head_revisions()
    problem = restore_problem(
        manifest,
        engine=database_dumps.engine_name(),
        is_known_revision=is_known_revision,
        heads=heads,
        target_rows=target_rows,
        target_files=len(stored_files(storage_dir())),
        force=force,
    )
    if problem:
        raise BackupError(problem)
    with tempfile.TemporaryDirectory(prefix="hiring-restore-") as work:
        work_dir = Path(work)
        dump_path, files_dir = _extract(source, manifest, work_dir)
        database_dumps.restore(dump_path, keep_tables=set(manifest.tables))
        with db.engine.connect() as connection:
            differences = digest_differences(
                manifest.tables, database_dumps.table_digests(connection)
            )
        if differences:
            raise BackupError("The restored database differs: " + "; ".join(differences))
        removed = _replace_files(files_dir, manifest)
    return RestoreReport(manifest, heads, removed)


def _extract(source: Path, manifest: Manifest, work_dir: Path) -> tuple[Path, Path]:
    """The dump and the files, checked against the manifest before anything changes."""
    dump_path = work_dir / "database"
    files_dir = work_dir / "files"
    files_dir.mkdir()
    found: dict[str, str] = {}
    with tarfile.open(source, mode="r:*") as archive:
        for member in archive:
            if not member.isfile():
                continue
            if member.name == manifest.database_member:
                target = dump_path
            elif (name := file_name_of(member.name)) is not None and name in manifest.files:
                target = files_dir / name
            else:
                continue  # never written anywhere
            handle = archive.extractfile(member)
            assert handle is not None
            with target.open("wb") as out:
                shutil.copyfileobj(handle, out, CHUNK)
            if target.parent == files_dir:
                found[target.name] = sha256_of(target)
    if not dump_path.exists():
        raise BackupError(f"The archive has no {manifest.database_member}.")
    if sha256_of(dump_path) != manifest.database_sha256:
        raise BackupError("The archive's database dump is damaged (its SHA-256 differs).")
    damaged = sorted(name for name, digest in manifest.files.items() if found.get(name) != digest)
    if damaged:
        raise BackupError(f"The archive's files are missing or damaged: {', '.join(damaged)}.")
    return dump_path, files_dir


def _replace_files(files_dir: Path, manifest: Manifest) -> int:
    """Make RESUME_STORAGE_DIR hold exactly the backup's files; returns how many files
    the restored database no longer knows were removed."""
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    removed = 0
    for path in stored_files(directory):
        if path.name not in manifest.files:
            path.unlink()
            removed += 1
    for name in manifest.files:
        target = directory / name
        partial = directory / f".{name}.restoring"
        shutil.copyfile(files_dir / name, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return removed
