"""The SQLite file: private (0600), WAL, foreign keys on, created at the newest revision."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from app.store.database import open_database
from app.store.migrate import head_revision
from app.store.paths import path_to_url
from app.store.sqlite_file import companions

NOW = datetime(2025, 4, 1, 9, 0, 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """umask 0: left to itself SQLite would create 0644 files, we must still get 0600."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_new_database_and_its_wal_files_are_private(tmp_path: Path, permissive_umask: None) -> None:
    db_path = tmp_path / "data" / "secplus.db"
    with open_database(path_to_url(db_path), backup_count=10, now=NOW) as database:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM contract"))
            present = [p for p in (db_path, *companions(db_path)) if p.exists()]
            assert {p.name for p in present} >= {"secplus.db", "secplus.db-wal", "secplus.db-shm"}
            assert {p.name: mode(p) for p in present} == {p.name: 0o600 for p in present}
        assert database.revision == head_revision()
        assert database.migrated_from == ""
    assert mode(db_path) == 0o600
    assert mode(db_path.parent) == 0o700


def test_an_existing_readable_file_is_made_private(tmp_path: Path) -> None:
    db_path = tmp_path / "secplus.db"
    open_database(path_to_url(db_path), backup_count=10, now=NOW).close()
    os.chmod(db_path, 0o644)

    open_database(path_to_url(db_path), backup_count=10, now=NOW).close()
    assert mode(db_path) == 0o600


def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    with open_database(path_to_url(tmp_path / "secplus.db"), backup_count=10, now=NOW) as database:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_opening_a_current_database_changes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "secplus.db"
    open_database(path_to_url(db_path), backup_count=10, now=NOW).close()
    before = db_path.read_bytes()

    with open_database(path_to_url(db_path), backup_count=10, now=NOW) as database:
        assert database.migrated_from is None and database.backup_taken is None
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secplus.db"]  # no backup, no leftovers
