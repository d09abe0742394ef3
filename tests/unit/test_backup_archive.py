"""What a backup's manifest allows: the pure rules of hiring.operations.archive."""

from __future__ import annotations

import pytest

from hiring.operations.archive import (
    BackupError,
    Manifest,
    TableDigest,
    digest_differences,
    file_name_of,
    restore_problem,
)


def manifest(**changes) -> Manifest:
    fields = {
        "engine": "sqlite",
        "revision": "0011",
        "created_at": "2026-01-01T00:00:00+00:00",
        "tables": {"users": TableDigest(2, "ab")},
        "files": {"a" * 32 + ".pdf": "cd"},
        "database_sha256": "ef",
    }
    return Manifest(**{**fields, **changes})


def problem(m: Manifest, **changes):
    arguments = {
        "engine": "sqlite",
        "is_known_revision": lambda revision: revision in {"0011", "0012"},
        "heads": ("0012",),
        "target_rows": {"users": 0},
        "target_files": 0,
        "force": False,
        **changes,
    }
    return restore_problem(m, **arguments)


def test_a_fitting_backup_may_be_restored_into_an_empty_database():
    assert problem(manifest()) is None


def test_another_engine_is_refused():
    assert "is of a sqlite database" in problem(manifest(), engine="postgresql")


def test_a_newer_revision_is_refused_naming_both():
    message = problem(manifest(revision="0013"))
    assert "0013" in message and "0012" in message and "newer" in message


@pytest.mark.parametrize(("rows", "files"), [({"users": 1}, 0), ({"users": 0}, 3)])
def test_a_database_that_is_not_empty_needs_force(rows, files):
    message = problem(manifest(), target_rows=rows, target_files=files)
    assert "--force" in message
    assert problem(manifest(), target_rows=rows, target_files=files, force=True) is None


def test_the_manifest_survives_json_and_refuses_unsafe_file_names():
    m = manifest()
    assert Manifest.from_json(m.to_json()) == m
    unsafe = m.to_json().replace("a" * 32 + ".pdf", "../../etc/passwd")
    with pytest.raises(BackupError, match="not safe"):
        Manifest.from_json(unsafe)


@pytest.mark.parametrize(
    ("member", "name"),
    [
        ("resumes/" + "a" * 32 + ".pdf", "a" * 32 + ".pdf"),
        ("resumes/../x", None),
        ("resumes/sub/x.pdf", None),
        ("/etc/passwd", None),
        ("resumes/.hidden", None),
    ],
)
def test_only_plain_file_names_are_extracted(member, name):
    assert file_name_of(member) == name


def test_differences_name_the_table_and_what_differs():
    expected = {"users": TableDigest(2, "ab"), "jobs": TableDigest(1, "x")}
    found = {"users": TableDigest(2, "zz"), "extra": TableDigest(0, "")}
    assert digest_differences(expected, found) == [
        "extra: not in the backup",
        "jobs: missing after the restore",
        "users: the restored rows differ from the backup's",
    ]
