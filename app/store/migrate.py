"""Schema migrations with Alembic, configured from code.

The scripts live in ``app/migrations`` (found relative to this package, so the same
code works from the source tree and from a bundle that ships that folder as data).

SQLite files are never migrated in place: the file is copied with the backup API,
the copy is upgraded and checked, and only then atomically put in place of the
original (`upgrade_sqlite_file`). A failure at any step leaves the original as it was.
PostgreSQL runs all pending migrations in one transaction (transactional DDL).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from app.store.engine import make_engine
from app.store.errors import DatabaseLocked, DatabaseTooNew, DatabaseUnmanaged, MigrationFailed
from app.store.integrity import integrity_problems
from app.store.paths import path_to_url
from app.store.sqlite_file import (
    copy_database,
    create_private_file,
    fsync_dir,
    fsync_file,
    remove_with_companions,
    replace_database,
    take_exclusive_access,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(script_location: Path | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision(script_location: Path | None = None) -> str:
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {script_location or MIGRATIONS_DIR}")
    return head


def known_revisions(script_location: Path | None = None) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(script_location))
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def has_tables(connection: Connection) -> bool:
    return bool(set(inspect(connection).get_table_names()) - {VERSION_TABLE})


def pending_revision(engine: Engine, where: str, script_location: Path | None = None) -> str | None:
    """The database's revision if it is behind head, None if it is at head.

    Raises DatabaseTooNew for a revision this program does not know and
    DatabaseUnmanaged for a database with tables but no revision. A new, empty
    database is behind head with revision "" .
    """
    with engine.connect() as connection:
        current = current_revision(connection)
        unmanaged = current is None and has_tables(connection)
    if unmanaged:
        raise DatabaseUnmanaged(where)
    if current is None:
        return ""
    if current not in known_revisions(script_location):
        raise DatabaseTooNew(where, current)
    return None if current == head_revision(script_location) else current


def upgrade(engine: Engine, revision: str = "head", script_location: Path | None = None) -> None:
    """Run the migrations up to `revision` on `engine`, all in one transaction."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(script_location, connection), revision)


def upgrade_sqlite_file(path: Path, revision: str = "head", script_location: Path | None = None) -> None:
    """Upgrade the file through a checked copy; the original is untouched unless all went well.

    The file is held exclusively from the copy to the swap: refused (DatabaseLocked) while
    any other connection has it open, and no other connection can write in between.
    """
    work = path.with_name(f".{path.name}.migrating-{os.getpid()}")
    remove_with_companions(work)
    lock = take_exclusive_access(path)
    if lock is None:
        raise DatabaseLocked(path, "形式の更新（移行）")
    try:
        copy_database(lock.connection if lock.connection is not None else path, work)
        engine = make_engine(path_to_url(work))
        try:
            upgrade(engine, revision, script_location)
        finally:
            engine.dispose()
        problems = integrity_problems(work)
        if problems:
            raise MigrationFailed(str(path), "移行後の整合性検査: " + "; ".join(problems[:3]))
        replace_database(work, path, lock)
    except MigrationFailed:
        remove_with_companions(work)
        raise
    except Exception as exc:  # any failure of a migration script or of the copy
        remove_with_companions(work)
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise MigrationFailed(str(path), detail[:300]) from exc
    finally:
        lock.release()


def create_sqlite_file(path: Path, script_location: Path | None = None) -> None:
    """A new database at the newest revision, built under a temporary name and then linked into place.

    `path` never exists as an empty or half-made file, so an empty file at the database's
    place is always damage, never a database being created. FileExistsError when another
    program created `path` meanwhile.
    """
    work = path.with_name(f".{path.name}.creating-{os.getpid()}")
    remove_with_companions(work)
    create_private_file(work)
    try:
        engine = make_engine(path_to_url(work))
        try:
            upgrade(engine, "head", script_location)
            with engine.connect() as connection:  # one self-contained file, no -wal beside it
                connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        finally:
            engine.dispose()
        fsync_file(work)
        _link_into_place(work, path)
        fsync_dir(path.parent)
    except FileExistsError:
        raise
    except OSError as exc:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise MigrationFailed(str(path), detail[:300]) from exc
    except Exception as exc:
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise MigrationFailed(str(path), detail[:300]) from exc
    finally:
        remove_with_companions(work)


def _link_into_place(work: Path, path: Path) -> None:
    """Give `work` the name `path` unless `path` exists (a hard link where the file system has them)."""
    try:
        os.link(work, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(work, path)


def new_revision(message: str, rev_id: str, script_location: Path | None = None) -> Path:
    """Developer tool: autogenerate a migration from the difference between the models and head.

    Compares against a scratch SQLite database upgraded to head; review the result,
    especially server defaults for new NOT NULL columns.
    """
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(path_to_url(Path(scratch) / "head.db"))
        try:
            upgrade(engine, "head", script_location)
            with engine.begin() as connection:
                config = alembic_config(script_location, connection)
                script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
    if script is None or isinstance(script, list):
        raise RuntimeError("alembic produced no single revision")
    return Path(script.path)

