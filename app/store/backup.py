"""Backups of the SQLite file: timestamped copies made with SQLite's backup API, rotated.

A backup of ``secplus.db`` taken at 2025-04-01 09:30:00 is
``backups/secplus-20250401-093000.db`` (``-auto`` / ``-premigrate`` mark automatic
ones; ``.1``, ``.2`` keep names unique within one second). Only the newest `keep`
backups of a database are kept. Time comes in as `now`; nothing here reads the clock.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from app.store.errors import BackupError, StoreError
from app.store.integrity import check_integrity
from app.store.sqlite_file import (
    copy_database,
    ensure_private_dir,
    remove_with_companions,
    replace_database,
    restrict_modes,
)

STAMP_FORMAT = "%Y%m%d-%H%M%S"
BEFORE_RESTORE_SUFFIX = ".before-restore"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str  # "" (by hand), "auto", "premigrate"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<reason>[a-z]+))?(?:\.(?P<n>\d+))?\.db$"
    )


def list_backups(db_path: Path, backup_dir: Path) -> list[Backup]:
    """The backups of `db_path` in `backup_dir`, newest first."""
    if not backup_dir.is_dir():
        return []
    pattern = _pattern(db_path.stem)
    found: list[tuple[datetime, int, Backup]] = []
    for candidate in backup_dir.iterdir():
        match = pattern.match(candidate.name)
        if match is None:
            continue
        try:
            taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
        except ValueError:
            continue
        found.append((taken_at, int(match["n"] or 0), Backup(candidate, taken_at, match["reason"] or "")))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for _, _, backup in found]


def newest_backup(db_path: Path, backup_dir: Path) -> Path | None:
    backups = list_backups(db_path, backup_dir)
    return backups[0].path if backups else None


def backup_now(db_path: Path, backup_dir: Path, keep: int, *, now: datetime, reason: str = "") -> Path:
    """Copy `db_path` into `backup_dir` and delete all but the newest `keep` backups."""
    if keep < 1:
        raise BackupError("バックアップ保持数は1以上にしてください")
    if not db_path.is_file():
        raise BackupError(f"バックアップするデータベースファイルがありません: {db_path}")
    ensure_private_dir(backup_dir)
    target = _free_name(db_path, backup_dir, now, reason)
    try:
        copy_database(db_path, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"バックアップを作成できません: {target}（{exc}）") from exc
    rotate(db_path, backup_dir, keep)
    return target


def rotate(db_path: Path, backup_dir: Path, keep: int) -> list[Path]:
    """Delete the backups beyond the newest `keep`; returns what was deleted."""
    old = [backup.path for backup in list_backups(db_path, backup_dir)[keep:]]
    for path in old:
        remove_with_companions(path)
    return old


def auto_backup(db_path: Path, backup_dir: Path, keep: int, now: date | datetime) -> Path | None:
    """The once-a-day backup at program start: None when one was already taken on now's date.

    `now` is the program's clock reading (a bare date is taken as midnight of that day).
    """
    if not isinstance(now, datetime):
        now = datetime.combine(now, time())
    if any(backup.taken_at.date() == now.date() for backup in list_backups(db_path, backup_dir)):
        return None
    return backup_now(db_path, backup_dir, keep, now=now, reason="auto")


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Put the backup in place of `db_path`, after checking the backup is sound.

    The current file (if any) is kept as ``<name>.before-restore``, whose path is
    returned. Nothing is changed when the backup is damaged or not one of ours.
    """
    backup = backup.expanduser().absolute()
    if not backup.is_file():
        raise BackupError(f"バックアップファイルがありません: {backup}")
    try:
        check_integrity(backup)
    except StoreError as exc:
        raise BackupError(f"このバックアップは使えません: {exc}") from exc
    if not _has_revision(backup):
        raise BackupError(f"このプログラムのバックアップではありません: {backup}")
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    remove_with_companions(incoming)
    kept: Path | None = None
    try:
        ensure_private_dir(db_path.parent)
        copy_database(backup, incoming)
        if db_path.exists():
            kept = _keep_current(db_path)
        replace_database(incoming, db_path)
    except (sqlite3.Error, OSError) as exc:
        remove_with_companions(incoming)
        raise BackupError(f"復元できませんでした: {db_path}（{exc}）") from exc
    return kept


def _keep_current(db_path: Path) -> Path:
    """Save the current file as .before-restore: a consistent copy if it is readable, raw bytes if not."""
    kept = db_path.with_name(db_path.name + BEFORE_RESTORE_SUFFIX)
    remove_with_companions(kept)
    try:
        copy_database(db_path, kept)
    except sqlite3.Error:
        shutil.copyfile(db_path, kept)
        restrict_modes(kept)
    return kept


def _has_revision(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT count(*) FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == 1)


def _free_name(db_path: Path, backup_dir: Path, now: datetime, reason: str) -> Path:
    base = f"{db_path.stem}-{now.strftime(STAMP_FORMAT)}" + (f"-{reason}" if reason else "")
    candidate = backup_dir / f"{base}.db"
    n = 0
    while candidate.exists():
        n += 1
        candidate = backup_dir / f"{base}.{n}.db"
    return candidate
