"""Storage: engine and sessions, the database file, migrations, backups.

Public surface used by the use cases, the window and the command line:
    make_engine(url) -> Engine          SQLite (WAL, foreign keys) or postgresql+psycopg://
    session_scope(engine)               one transaction: commit on success, rollback on error
    open_database(url, settings=, now=) -> Database   create / check / back up / migrate, then open
    resolve_db_url(args_value)          --db, SECPLUS_DB, settings.db_path, default file (app.store.paths)
    backup_now / auto_backup / list_backups / restore_backup   (app.store.backup)
    StoreError and its subclasses       typed errors with Japanese messages (app.store.errors)
"""
from app.store.engine import make_engine, session_scope

__all__ = ["make_engine", "session_scope"]
