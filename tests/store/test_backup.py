"""Backups: SQLite backup API copies, rotation, once-a-day automatic backup, restore."""
from __future__ import annotations

import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from app.models import Customer
from app.store.engine import make_engine, session_scope
from app.store.backup import auto_backup, backup_now, list_backups, newest_backup, restore_backup
from app.store.database import open_database
from app.store.errors import BackupError
from app.store.integrity import integrity_problems
from app.store.paths import path_to_url
from tests.store.conftest import file_digest

T0 = datetime(2025, 4, 1, 9, 0, 0)


def _set_company(db_path: Path, name: str) -> None:
    with open_database(path_to_url(db_path), backup_count=10, now=T0) as database:
        with session_scope(database.engine) as session:
            customer = session.exec(select(Customer)).first() or Customer(
                company_name="", created_at=datetime(2025, 4, 1, tzinfo=timezone.utc)
            )
            customer.company_name = name
            session.add(customer)


def _company(db_path: Path) -> str:
    engine = make_engine(path_to_url(db_path))
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT company_name FROM customer")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "secplus.db"
    _set_company(path, "株式会社A")
    return path


def test_backup_is_a_sound_private_copy_named_by_its_time(db_path: Path, tmp_path: Path) -> None:
    made = backup_now(db_path, tmp_path / "backups", keep=3, now=T0)

    assert made == tmp_path / "backups" / "secplus-20250401-090000.db"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert integrity_problems(made) == []
    assert _company(made) == "株式会社A"
    assert [b.path for b in list_backups(db_path, tmp_path / "backups")] == [made]


def test_rotation_keeps_the_newest(db_path: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    made = [backup_now(db_path, backups, keep=3, now=T0 + timedelta(hours=h)) for h in range(5)]

    assert [b.path for b in list_backups(db_path, backups)] == made[:1:-1]  # newest first: 4, 3, 2
    assert newest_backup(db_path, backups) == made[4]
    assert not made[0].exists() and not made[1].exists()


def test_backups_in_the_same_second_get_distinct_names_in_order(db_path: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    made = [backup_now(db_path, backups, keep=10, now=T0) for _ in range(3)]

    assert len(set(made)) == 3
    assert [b.path for b in list_backups(db_path, backups)] == made[::-1]


def test_listing_ignores_other_files_and_other_databases(db_path: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    mine = backup_now(db_path, backups, keep=10, now=T0)
    (backups / "notes.txt").write_text("x")
    (backups / "secplus-old-20250401-090000.db").write_bytes(b"")  # a backup of 'secplus-old.db'
    (backups / "secplus-20251399-250000.db").write_bytes(b"")  # not a real time

    assert [b.path for b in list_backups(db_path, backups)] == [mine]


def test_auto_backup_runs_once_a_day(db_path: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    first = auto_backup(db_path, backups, 10, T0)
    assert first is not None and list_backups(db_path, backups)[0].reason == "auto"
    assert auto_backup(db_path, backups, 10, T0 + timedelta(hours=8)) is None
    assert auto_backup(db_path, backups, 10, T0.date()) is None  # a bare date works too
    assert auto_backup(db_path, backups, 10, T0 + timedelta(days=1)) is not None
    assert len(list_backups(db_path, backups)) == 2


def test_keep_must_be_positive(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="1以上"):
        backup_now(db_path, tmp_path / "backups", keep=0, now=T0)


def test_restore_puts_the_backup_back_and_keeps_the_current_file(db_path: Path, tmp_path: Path) -> None:
    backup = backup_now(db_path, tmp_path / "backups", keep=3, now=T0)
    _set_company(db_path, "株式会社B")

    kept = restore_backup(backup, db_path)

    assert _company(db_path) == "株式会社A"
    assert kept == tmp_path / "secplus.db.before-restore"
    assert _company(kept) == "株式会社B"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_restore_over_a_corrupt_file_keeps_its_bytes(db_path: Path, tmp_path: Path) -> None:
    backup = backup_now(db_path, tmp_path / "backups", keep=3, now=T0)
    garbage = b"\x00garbage\xff" * 500
    db_path.write_bytes(garbage)

    kept = restore_backup(backup, db_path)

    assert _company(db_path) == "株式会社A"
    assert kept is not None and kept.read_bytes() == garbage


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(db_path: Path, tmp_path: Path) -> None:
    backup = backup_now(db_path, tmp_path / "backups", keep=3, now=T0)
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    digest = file_digest(db_path)

    with pytest.raises(BackupError, match="このバックアップは使えません"):
        restore_backup(backup, db_path)
    assert file_digest(db_path) == digest
    assert not (tmp_path / "secplus.db.before-restore").exists()


def test_a_database_that_is_not_ours_is_refused(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    engine = make_engine(path_to_url(other))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    digest = file_digest(db_path)

    with pytest.raises(BackupError, match="このプログラムのバックアップではありません"):
        restore_backup(other, db_path)
    with pytest.raises(BackupError, match="バックアップファイルがありません"):
        restore_backup(tmp_path / "missing.db", db_path)
    assert file_digest(db_path) == digest
