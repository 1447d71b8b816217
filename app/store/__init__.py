"""Storage: engine and sessions, the database file, migrations, backups.

Public surface used by the use cases, the window and the command line:
    make_engine(url) -> Engine          SQLite (WAL, foreign keys) or postgresql+psycopg://
    session_scope(engine)               one transaction: commit on success, rollback on error
    open_database(url, settings=, now=) -> Database   header/revision check (cost independent of size),
                                        create only when asked, back up and migrate, then open
    full_check(path, backup_dir)        the full integrity check for a background worker (app.store.database)
    resolve_db_url(args_value)          --db, SECPLUS_DB, settings.db_path, default file (app.store.paths)
    backup_now / auto_backup / list_backups / newest_good_backup / restore_backup   (app.store.backup)
    take_exclusive_access(path)         SQLite's own exclusive lock, held over a restore or migration swap
    StoreError and its subclasses       typed errors with Japanese messages (app.store.errors);
                                        DatabaseLocked and DatabaseReadOnly are not damage (`damaged`)

`open_database`, `Database` and `resolve_db_url` are loaded on first use, so that the
use cases importing `session_scope` do not load Alembic.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from app.store.engine import make_engine, session_scope

if TYPE_CHECKING:
    from app.store.database import Database, open_database
    from app.store.paths import resolve_db_url

_LAZY = {
    "open_database": "app.store.database",
    "Database": "app.store.database",
    "resolve_db_url": "app.store.paths",
}

__all__ = ["Database", "make_engine", "open_database", "resolve_db_url", "session_scope"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'app.store' has no attribute {name!r}")
