"""Backups of the SQLite file: timestamped copies made with SQLite's backup API, checked, rotated.

A backup of ``secplus.db`` taken at 2025-04-01 09:30:00 is
``backups/secplus-20250401-093000.db`` (``-auto`` / ``-premigrate`` mark automatic
ones; ``.1``, ``.2`` keep names unique within one second). A backup is written under a
hidden temporary name, checked with the full integrity check and only then renamed into
place, so a backup killed half way never looks like one. Only backups that open are
listed and offered. Rotation keeps the newest `keep`, never the one just made, and never
the newest backup that holds contracts. Time comes in as `now`; nothing here reads the clock.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from app.store.errors import BackupError, DatabaseCorrupt, DatabaseLocked, DatabaseUnreadable, StoreError
from app.store.integrity import check_integrity, check_writable, header_problem, integrity_problems
from app.store.paths import check_name_lengths
from app.store.revision import read_file_state
from app.store.stopping import Stopper
from app.store.sqlite_file import (
    copy_database,
    ensure_private_dir,
    fsync_dir,
    raw_connection,
    remove_with_companions,
    replace_database,
    restrict_modes,
    take_exclusive_access,
)

STAMP_FORMAT = "%Y%m%d-%H%M%S"
BEFORE_RESTORE_SUFFIX = ".before-restore"
PARTIAL_MARK = ".partial-"
STALE_PARTIAL_SECONDS = 3600


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str  # "" (by hand), "auto", "premigrate"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<reason>[a-z]+))?(?:\.(?P<n>\d+))?\.db$"
    )


def opens(path: Path) -> bool:
    """Cheap: an SQLite header that fits the file's size, and a schema revision of ours."""
    try:
        return header_problem(path) is None and read_file_state(path).revision != ""
    except (OSError, sqlite3.Error):
        return False


def list_backups(db_path: Path, backup_dir: Path) -> list[Backup]:
    """The backups of `db_path` in `backup_dir` that open, newest first."""
    return [backup for backup in _named_backups(db_path, backup_dir) if opens(backup.path)]


def unusable_backups(db_path: Path, backup_dir: Path) -> list[Path]:
    """Files named like backups of `db_path` that do not open (a copy cut short by an older version)."""
    return [backup.path for backup in _named_backups(db_path, backup_dir) if not opens(backup.path)]


def _named_backups(db_path: Path, backup_dir: Path) -> list[Backup]:
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


def newest_good_backup(db_path: Path, backup_dir: Path) -> Path | None:
    """The newest backup that passes the full integrity check: the one to offer for a restore."""
    for backup in list_backups(db_path, backup_dir):
        try:
            if not integrity_problems(backup.path):
                return backup.path
        except sqlite3.Error:
            continue
    return None


def naming_good_backup(error: DatabaseCorrupt | DatabaseUnreadable, backup_dir: Path) -> StoreError:
    """The same error naming the newest good backup, for a damaged file (never for one merely not readable)."""
    if not error.damaged:
        return error
    backup = newest_good_backup(error.path, backup_dir)
    if isinstance(error, DatabaseCorrupt):
        return DatabaseCorrupt(error.path, error.detail, backup)
    return DatabaseUnreadable(error.path, error.detail, backup, damaged=True)


def holds_contracts(path: Path) -> bool:
    try:
        with raw_connection(path) as connection:
            return bool(connection.execute("SELECT EXISTS (SELECT 1 FROM contract)").fetchone()[0] == 1)
    except sqlite3.Error:
        return False


def backup_now(db_path: Path, backup_dir: Path, keep: int, *, now: datetime, reason: str = "",
               stopper: Stopper | None = None) -> Path:
    """Copy `db_path` into `backup_dir` (checked, then renamed into place) and rotate to `keep`.

    Stopped by `stopper` (WorkStopped), it leaves nothing behind: no backup, no partial file."""
    if keep < 1:
        raise BackupError("バックアップ保持数は1以上にしてください")
    if not db_path.is_file():
        raise BackupError(f"バックアップするデータベースファイルがありません: {db_path}")
    try:
        ensure_private_dir(backup_dir)
    except OSError as exc:
        raise BackupError(f"バックアップ用のフォルダを作成できません: {backup_dir}（{exc.strerror or exc}）") from exc
    target = _free_name(db_path, backup_dir, now, reason)
    partial = backup_dir / f".{target.name}{PARTIAL_MARK}{os.getpid()}"
    remove_with_companions(partial)
    try:
        copy_database(db_path, partial, stopper)
        problems = integrity_problems(partial, stopper)
        if problems:
            raise BackupError(f"バックアップの検査で問題が見つかりました: {target}（{'; '.join(problems[:3])}）")
        os.replace(partial, target)
        fsync_dir(backup_dir)
    except sqlite3.Error as exc:
        remove_with_companions(partial)
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(db_path, "バックアップを作成") from exc
        raise BackupError(f"バックアップを作成できません: {target}（{exc}）") from exc
    except OSError as exc:
        remove_with_companions(partial)
        raise BackupError(f"バックアップを作成できません: {target}（{exc.strerror or exc}）") from exc
    except BaseException:
        remove_with_companions(partial)
        raise
    _remove_stale_partials(backup_dir, target)
    rotate(db_path, backup_dir, keep, protect=(target,))
    return target


def rotate(db_path: Path, backup_dir: Path, keep: int, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Delete the backups beyond the newest `keep`; returns what was deleted.

    Never deleted: the backups in `protect` (the one just made, whatever its neighbours'
    timestamps say) and the newest backup that holds contracts (an emptied or new
    database's backups must not push the last real data out).
    """
    backups = list_backups(db_path, backup_dir)
    keepers = {path for path in protect if path.exists()}
    for backup in backups:
        if holds_contracts(backup.path):
            keepers.add(backup.path)
            break
    others = [backup.path for backup in backups if backup.path not in keepers]
    old = others[max(keep - len(keepers), 0):]
    for path in old:
        remove_with_companions(path)
    return old


def auto_backup(db_path: Path, backup_dir: Path, keep: int, now: date | datetime,
                stopper: Stopper | None = None) -> Path | None:
    """The once-a-day backup at program start: None when one was already taken on now's date.

    `now` is the program's clock reading (a bare date is taken as midnight of that day).
    """
    if not isinstance(now, datetime):
        now = datetime.combine(now, time())
    if any(backup.taken_at.date() == now.date() for backup in list_backups(db_path, backup_dir)):
        return None
    return backup_now(db_path, backup_dir, keep, now=now, reason="auto", stopper=stopper)


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Put the backup in place of `db_path`, after checking the backup is sound.

    Refused (DatabaseLocked) while any other connection has `db_path` open: the file is
    held exclusively for the whole swap, so no write can land in a file being replaced.
    The current file (if any) is kept as ``<name>.before-restore`` (``.1``, ``.2``... when
    that exists; none is ever overwritten), whose path is returned. Nothing is changed
    when the backup is damaged or not one of ours.
    """
    backup = backup.expanduser().absolute()
    check_name_lengths(backup)
    db_path = db_path.resolve() if db_path.is_symlink() else db_path
    if not backup.is_file():
        raise BackupError(f"バックアップファイルがありません: {backup}")
    try:
        check_integrity(backup)
    except StoreError as exc:
        raise BackupError(f"このバックアップは使えません: {exc}") from exc
    if not _has_revision(backup):
        raise BackupError(f"このプログラムのバックアップではありません: {backup}")
    if db_path.exists():
        check_writable(db_path)
    incoming = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    remove_with_companions(incoming)
    kept: Path | None = None
    lock = take_exclusive_access(db_path) if db_path.exists() else None
    if db_path.exists() and lock is None:
        raise DatabaseLocked(db_path, "復元")
    try:
        ensure_private_dir(db_path.parent)
        copy_database(backup, incoming)
        if db_path.exists():
            kept = _keep_current(db_path, lock.connection if lock is not None else None)
        replace_database(incoming, db_path, lock)
    except (sqlite3.Error, OSError) as exc:
        remove_with_companions(incoming)
        raise BackupError(f"復元できませんでした: {db_path}（{exc}）") from exc
    finally:
        if lock is not None:
            lock.release()
    return kept


def before_restore_name(db_path: Path) -> Path:
    """``secplus.db.before-restore``, or the first free ``.before-restore.N``."""
    candidate = db_path.with_name(db_path.name + BEFORE_RESTORE_SUFFIX)
    n = 0
    while candidate.exists():
        n += 1
        candidate = db_path.with_name(f"{db_path.name}{BEFORE_RESTORE_SUFFIX}.{n}")
    return candidate


def _keep_current(db_path: Path, connection: sqlite3.Connection | None) -> Path:
    """Save the current file: a consistent copy if it is readable, its raw bytes if not."""
    kept = before_restore_name(db_path)
    try:
        if header_problem(db_path) is not None:  # empty or foreign: keep exactly what is there
            raise sqlite3.DatabaseError("not a database")
        copy_database(connection if connection is not None else db_path, kept)
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


def _remove_stale_partials(backup_dir: Path, made: Path) -> None:
    """Temporary files of backups killed half way: gone once they are an hour older than the backup just made."""
    newest = made.stat().st_mtime
    for candidate in backup_dir.glob(f".*{PARTIAL_MARK}*"):
        with contextlib.suppress(OSError):
            if candidate.stat().st_mtime < newest - STALE_PARTIAL_SECONDS:
                candidate.unlink()


def _free_name(db_path: Path, backup_dir: Path, now: datetime, reason: str) -> Path:
    base = f"{db_path.stem}-{now.strftime(STAMP_FORMAT)}" + (f"-{reason}" if reason else "")
    candidate = backup_dir / f"{base}.db"
    n = 0
    while candidate.exists():
        n += 1
        candidate = backup_dir / f"{base}.{n}.db"
    return candidate
