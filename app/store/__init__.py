"""Storage: engine and sessions, the database file, migrations, backups.

Import from the module that holds a name (this package re-exports nothing, so that a use case
importing `session_scope` loads neither Alembic nor the file checks):

    app.store.engine     make_engine(url) -> Engine (SQLite with WAL and foreign keys, or
                         postgresql+psycopg://); session_scope(engine): one transaction
    app.store.database   open_database(url, backup_count=, now=) -> Database: header and revision
                         checks (cost independent of size), create only when asked, back up and
                         migrate, then open; Database.close() removes the session marker;
                         full_check(path, backup_dir): the full integrity check for a worker
    app.store.paths      resolve_db_url(args_value, configured=): --db, SECPLUS_DB, the configured
                         place (the caller reads the settings; nothing here does), the default file
    app.store.backup     backup_now / auto_backup / list_backups / newest_good_backup / restore_backup
    app.store.sqlite_file  take_exclusive_access(path): SQLite's own exclusive lock over a swap
    app.store.errors     StoreError and its subclasses with Japanese messages; DatabaseLocked and
                         DatabaseReadOnly are not damage (`damaged`)

The store takes the few values it needs from the settings (the backup count, the configured
database place) as arguments; it never reads the settings file.
"""
