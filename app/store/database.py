"""Opening the database: the one door through which the program reaches its data.

`open_database` makes sure the file exists with mode 0600, is a sound SQLite database
(`PRAGMA integrity_check`), and is at the newest schema revision (backing it up first
and migrating a copy, see app.store.migrate). PostgreSQL skips the file parts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from app.settings import Settings
from app.store.backup import backup_now, newest_backup
from app.store.engine import make_engine
from app.store.errors import DatabaseMissing, MigrationFailed
from app.store.integrity import check_integrity
from app.store.migrate import head_revision, pending_revision, upgrade, upgrade_sqlite_file
from app.store.paths import backup_dir_for, describe, path_to_url, sqlite_file_path
from app.store.sqlite_file import create_private_file, remove_with_companions, restrict_modes


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

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None:
            restrict_modes(self.path)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(
    url: str,
    *,
    settings: Settings,
    now: datetime,
    create: bool = True,
    migrate: bool = True,
    script_location: Path | None = None,
) -> Database:
    """Open (creating and upgrading when needed) the database at `url`.

    `now` names the backup taken before a migration. With `create=False` a missing file
    raises DatabaseMissing; with `migrate=False` an old revision is left as it is (the
    caller checks `Database.revision` against `head_revision()`).
    Raises the StoreError subclasses of app.store.errors; on error nothing was changed.
    """
    path = sqlite_file_path(url)
    if path is None:
        return _open_server(url, migrate=migrate, script_location=script_location)
    backup_dir = backup_dir_for(path)
    created = not path.exists()
    if created:
        if not create:
            raise DatabaseMissing(path)
        create_private_file(path)
    else:
        restrict_modes(path)
    try:
        current, backup_taken = _check_and_upgrade(path, backup_dir, settings, now, migrate, script_location)
    except BaseException:
        if created:  # leave no empty file behind
            remove_with_companions(path)
        raise
    database = Database(
        url=url,
        engine=make_engine(url),
        path=path,
        backup_dir=backup_dir,
        revision=head_revision(script_location) if current is None or migrate else current,
        migrated_from=current if migrate else None,
        backup_taken=backup_taken,
    )
    with database.engine.connect():  # WAL and SHM files now exist: make them private too
        restrict_modes(path)
    return database


def _check_and_upgrade(
    path: Path, backup_dir: Path, settings: Settings, now: datetime, migrate: bool, script_location: Path | None
) -> tuple[str | None, Path | None]:
    """Integrity and revision check, backup and upgrade; returns (revision before, backup taken)."""
    check_integrity(path, newest_backup(path, backup_dir))
    engine = make_engine(path_to_url(path))
    try:
        current = pending_revision(engine, str(path), script_location)
    finally:
        engine.dispose()
    backup_taken: Path | None = None
    if current is not None and migrate:
        if current:  # an existing database (not a new, empty one): keep a copy first
            backup_taken = backup_now(path, backup_dir, settings.backup_count, now=now, reason="premigrate")
        upgrade_sqlite_file(path, "head", script_location)
    return current, backup_taken


def _open_server(url: str, *, migrate: bool, script_location: Path | None) -> Database:
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
