"""Storage: engine and sessions, the database file, migrations, backups.

Public surface used by the use cases and the command line:
    make_engine(url) -> Engine       SQLite (WAL, foreign keys) or postgresql+psycopg://
    session_scope(engine)            one transaction: commit on success, rollback on error
"""
from app.store.engine import make_engine, session_scope

__all__ = ["make_engine", "session_scope"]
