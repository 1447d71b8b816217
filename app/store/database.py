"""Opening the database: the one door through which the program reaches its data.

`open_database` costs the same at any size: a look at the file's header and schema
revision (app.store.integrity.check_file, app.store.revision), no full integrity check.
The full check runs where it belongs: `db check`, before a backup is trusted, after an
unclean shutdown (a session marker left behind), and in the background (`full_check`).
Alembic is imported only when a migration is needed. A missing file is created only
when asked (`create=True`: `db init` and the window's first run); an existing empty file
is damage, never a new database. PostgreSQL skips the file parts.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.store.backup import backup_now, naming_good_backup
from app.store.engine import make_engine
from app.store.errors import (
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseTooNew,
    DatabaseUnmanaged,
    DatabaseUnreadable,
    InvalidDatabaseLocation,
    MigrationFailed,
    StoreError,
)
from app.store.integrity import check_file, check_integrity, raise_for_sqlite_error
from app.store.paths import backup_dir_for, describe, path_to_url, sqlite_file_path
from app.store.revision import FileState, cheap_head, is_known, read_file_state
from app.store.stopping import Stopper, WorkStopped
from app.store.sqlite_file import remove_with_companions, restrict_modes, take_exclusive_access

SESSION_MARK = ".session-"
LEFTOVER_MARKS = (".migrating-", ".restoring", ".creating-")  # ".restoring" alone: older versions' name
_sessions = itertools.count(1)


@dataclass
class Database:
    """An open database. `path`/`backup_dir` are None for PostgreSQL and in-memory SQLite."""

    url: str
    engine: Engine
    path: Path | None
    backup_dir: Path | None
    revision: str
    migrated_from: str | None = None  # the revision before this open upgraded it ("" = new file)
    backup_taken: Path | None = None  # the backup made before the upgrade
    warnings: list[str] = field(default_factory=list)  # e.g. a file mode that could not be changed
    checked_fully: bool = False  # this open ran the full integrity check (after an unclean shutdown)
    session_marker: Path | None = None

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None:
            restrict_modes(self.path)
        if self.session_marker is not None:
            with contextlib.suppress(OSError):
                self.session_marker.unlink()
            self.session_marker = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(
    url: str,
    *,
    backup_count: int,
    now: datetime,
    create: bool = True,
    migrate: bool = True,
    script_location: Path | None = None,
) -> Database:
    """Open (creating and upgrading when needed) the database at `url`.

    `now` names the backup taken before a migration, `backup_count` is how many backups the
    rotation keeps (the caller reads it from the settings). With `create=False` a missing file
    raises DatabaseMissing; with `migrate=False` an old revision is left as it is (the
    caller checks `Database.revision` against the head revision).
    Raises the StoreError subclasses of app.store.errors; on error nothing was changed.
    """
    path = sqlite_file_path(url)
    if path is None:
        return _open_server(url, migrate=migrate, script_location=script_location)
    backup_dir = backup_dir_for(path)
    created = False
    if not path.exists():
        if not create:
            raise DatabaseMissing(path)
        created = _create(path, script_location)
    _check_file(path, backup_dir)
    warnings = restrict_modes(path)  # only now that it is known to be a database
    checked_fully = _after_unclean_end(path, backup_dir)
    state = _file_state(path, backup_dir)
    current = _pending(state, str(path), script_location)
    backup_taken: Path | None = None
    if current is not None and migrate:
        if current:  # an existing database (not a new, empty one): keep a copy first
            backup_taken = backup_now(path, backup_dir, backup_count, now=now, reason="premigrate")
        from app.store.migrate import upgrade_sqlite_file  # Alembic only when migrating

        upgrade_sqlite_file(path, "head", script_location)
    head = cheap_head(script_location)
    linked = path != Path(str(make_url(url).database)).absolute()
    database = Database(
        url=url,
        engine=make_engine(path_to_url(path) if linked else url),  # a link: the engine works on its target
        path=path,
        backup_dir=backup_dir,
        revision=head if current is None or migrate else current,
        migrated_from="" if created else (current if migrate else None),
        backup_taken=backup_taken,
        warnings=warnings,
        checked_fully=checked_fully,
        session_marker=_mark_session(path),
    )
    try:
        with database.engine.connect():  # WAL and SHM files now exist: make them private too
            restrict_modes(path)
    except BaseException as exc:
        database.close()
        original = getattr(exc, "orig", None)
        if isinstance(original, sqlite3.Error):  # e.g. locked since the checks: say what it is
            raise_for_sqlite_error(path, original, None)
        raise
    return database


def full_check(path: Path, backup_dir: Path | None = None, stopper: Stopper | None = None) -> StoreError | None:
    """The full integrity check, for a worker once the window is up: None when sound, else the error.

    Damage (DatabaseCorrupt, or DatabaseUnreadable with `damaged`) names the newest good backup;
    a locked or read-only file gives its own error (`damaged` False), and so does anything else
    that stops the check, except `stopper`, whose WorkStopped passes through (no verdict at all).
    Reads only (a separate read connection); safe while the program uses the database.
    """
    try:
        check_integrity(path, stopper=stopper)
    except WorkStopped:
        raise
    except (DatabaseCorrupt, DatabaseUnreadable) as exc:
        return naming_good_backup(exc, backup_dir) if backup_dir is not None else exc
    except StoreError as exc:  # locked or read-only: not damage
        return exc
    except Exception as exc:  # noqa: BLE001 - a background check reports, it never brings the window down
        return StoreError(f"整合性検査を実行できませんでした: {path}（{exc}）")
    return None


def _create(path: Path, script_location: Path | None) -> bool:
    from app.store.migrate import create_sqlite_file

    try:
        create_sqlite_file(path, script_location)
    except FileExistsError:  # another program created it meanwhile: open that one
        return False
    except OSError as exc:  # e.g. a folder that cannot be made or written
        raise InvalidDatabaseLocation(f"データベースファイルを作成できません: {path}（{exc.strerror or exc}）") from exc
    return True


def _check_file(path: Path, backup_dir: Path) -> None:
    """The cheap check; a damaged file's error names the newest backup that passes the full check."""
    try:
        check_file(path)
    except (DatabaseCorrupt, DatabaseUnreadable) as exc:
        raise naming_good_backup(exc, backup_dir) from exc


def _file_state(path: Path, backup_dir: Path) -> FileState:
    try:
        return read_file_state(path)
    except sqlite3.Error as exc:
        try:
            raise_for_sqlite_error(path, exc, None)
        except (DatabaseCorrupt, DatabaseUnreadable) as damaged:
            raise naming_good_backup(damaged, backup_dir) from exc


def _pending(state: FileState, where: str, script_location: Path | None) -> str | None:
    """The revision if behind head ("" for a database with no tables yet), None at head."""
    if not state.revision:
        if state.has_tables:
            raise DatabaseUnmanaged(where)
        return ""
    if not is_known(state.revision, script_location):
        raise DatabaseTooNew(where, state.revision)
    return None if state.revision == cheap_head(script_location) else state.revision


def _siblings(path: Path, mark: str) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}{mark}*"))


def _after_unclean_end(path: Path, backup_dir: Path) -> bool:
    """Session markers nobody holds mean the last session ended without closing: run the full check.

    Leftovers of killed migrations and restores are removed at the same time. Both only
    when no other connection has the file open (the exclusive lock can be taken);
    returns whether the full check ran.
    """
    markers = _siblings(path, SESSION_MARK)
    leftovers = [p for mark in LEFTOVER_MARKS for p in _siblings(path, mark)]
    if not markers and not leftovers:
        return False
    lock = take_exclusive_access(path, wait=0.0)
    if lock is None:  # others are using it: their markers are live
        return False
    lock.release()
    for leftover in leftovers:
        remove_with_companions(leftover)
    if not markers:
        return False
    try:
        check_integrity(path)
    except (DatabaseCorrupt, DatabaseUnreadable) as exc:
        raise naming_good_backup(exc, backup_dir) from exc
    for marker in markers:
        with contextlib.suppress(OSError):
            marker.unlink()
    return True


def _mark_session(path: Path) -> Path | None:
    marker = path.with_name(f".{path.name}{SESSION_MARK}{os.getpid()}-{next(_sessions)}")
    try:
        marker.touch(mode=0o600)
    except OSError:
        return None
    return marker


def _open_server(url: str, *, migrate: bool, script_location: Path | None) -> Database:
    from app.store.migrate import head_revision, pending_revision, upgrade

    engine = make_engine(url)
    where = describe(url)
    try:
        current = pending_revision(engine, where, script_location)
        if current is not None and migrate:
            try:
                upgrade(engine, "head", script_location)
            except Exception as exc:  # the transaction was rolled back
                raise MigrationFailed(where, " ".join(f"{type(exc).__name__}: {exc}".split())[:300]) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(
        url=url,
        engine=engine,
        path=None,
        backup_dir=None,
        revision=head_revision(script_location) if current is None or migrate else current,
        migrated_from=current if migrate else None,
    )
