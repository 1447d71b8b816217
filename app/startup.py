"""What the program does when it starts, before any window shows (no Qt: the window calls these).

1. load and validate the terms profiles (a malformed file stops the start, naming file and field);
2. open the database: create, header and revision checks, back up and migrate (app.store.database);
3. the once-a-day automatic backup (`daily_backup`; inside `open_workspace` unless the caller
   takes it later: the window does, in a worker once the home screen has filled);
4. recompute the derived dates that lapsed since the last start (renewals, passed deadlines).

The full integrity check is not part of the open (it grows with the file): the window runs
`integrity_report` in a worker once it is up. A corrupt or unreadable file raises the storage
error; the caller offers `restore_newest`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.models import Contract
from app.settings import Settings
from app.store.backup import auto_backup, newest_good_backup, restore_backup
from app.store.database import Database, open_database
from app.store.errors import DatabaseCorrupt, DatabaseUnreadable, StoreError
from app.store.paths import backup_dir_for, resolve_db_url, sqlite_file_path
from app.store.stopping import Stopper
from app.terms.profile import default_registry
from app.usecases.derived import refresh_lapsed
from app.usecases.context import reading_of
from app.usecases.deadlines import count_due_within

SAMPLE_CONTRACTS = 200


@dataclass
class Workspace:
    """The open database and what the start did."""

    database: Database
    settings: Settings
    contract_count: int
    refreshed: int  # contracts whose derived dates were recomputed
    backup: Path | None  # today's automatic backup, when one was taken now

    @property
    def is_empty(self) -> bool:
        return self.contract_count == 0

    @property
    def is_new(self) -> bool:
        return self.database.migrated_from == ""


def count_contracts(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Contract)).scalar_one())


def open_workspace(db_arg: str | None, settings: Settings, now: datetime, *, backup: bool = True) -> Workspace:
    """Open the program's data for a session starting at `now`. Raises ProfileError or StoreError.

    With `backup=False` the day's automatic backup is left to the caller (`daily_backup`), so
    that the data can be shown first: a full-file copy takes seconds on a large database.
    """
    default_registry()
    url = resolve_db_url(db_arg, configured=settings.db_path)
    refuse_vanished_file(url)
    database = open_database(url, backup_count=settings.backup_count, now=now)
    try:
        workspace = Workspace(database, settings, 0, 0, None)
        if backup:
            daily_backup(workspace, now)
        workspace.refreshed = refresh_lapsed(database.engine, now.date(), reading=reading_of(settings.terms_reading))
        workspace.contract_count = count_contracts(database)
        return workspace
    except BaseException:
        database.close()
        raise


def daily_backup(workspace: Workspace, now: datetime, stopper: Stopper | None = None) -> Path | None:
    """The once-a-day automatic backup: its path when taken now (also kept in `workspace.backup`),
    None when one was already taken on now's date or the database is not a file. Raises StoreError,
    or WorkStopped when `stopper` stopped it (nothing is left of it then)."""
    database = workspace.database
    if database.path is None or database.backup_dir is None:
        return None
    made = auto_backup(database.path, database.backup_dir, workspace.settings.backup_count, now, stopper)
    if made is not None:
        workspace.backup = made
    return made


def refuse_vanished_file(url: str) -> None:
    """A missing file with good backups beside it vanished (a sync, a move): offer them, never a new database.

    Raised as a damaged-file error naming the newest good backup, so the window asks to restore it.
    """
    path = sqlite_file_path(url)
    if path is None or path.exists():
        return
    backup = newest_good_backup(path, backup_dir_for(path))
    if backup is not None:
        raise DatabaseUnreadable(path, "ファイルが見つかりません。移動または削除された可能性があります", backup, damaged=True)


def integrity_report(workspace: Workspace, stopper: Stopper | None = None) -> StoreError | None:
    """The full integrity check, for a worker once the window is up: None when sound, else the error.

    A damaged file gives DatabaseCorrupt or DatabaseUnreadable with `damaged` set, naming the
    newest good backup (`restore_newest` takes it); a file that is only locked or read-only gives
    its own error, which is never a reason to restore. The open itself only looks at the header
    (it costs the same at any size); this reads every page through its own read connection, so
    the window stays usable. Skipped when this open already ran it (after an unclean shutdown)
    and for PostgreSQL. `stopper` stops it (WorkStopped) when the window closes meanwhile.
    """
    database = workspace.database
    if database.path is None or database.checked_fully:
        return None
    from app.store.database import full_check

    return full_check(database.path, database.backup_dir, stopper)


def restore_newest(error: DatabaseCorrupt | DatabaseUnreadable) -> Path | None:
    """Put the newest backup in place of the damaged file; returns where the damaged file was kept."""
    if error.newest_backup is None:
        raise ValueError("no backup to restore")
    return restore_backup(error.newest_backup, error.path)


def add_sample_data(workspace: Workspace, now: datetime, count: int = SAMPLE_CONTRACTS) -> int:
    """Fictitious contracts for a first look at the program (offered on the first start)."""
    from app.sample.seed import seed_contracts  # only on a first start: not on every start's way to the data

    added = seed_contracts(workspace.database.engine, count, today=now.date(), actor=workspace.settings.user_name
                           or "sample")
    workspace.contract_count = count_contracts(workspace.database)
    return added


DASHBOARD_DAYS = 60


def status_text(workspace: Workspace, today: date) -> str:
    """One line for the window's status bar: where the data is, how much, what falls due soon."""
    due = sum(count_due_within(workspace.database.engine, today, DASHBOARD_DAYS).values())
    where = workspace.database.path or workspace.database.url
    line = f"データベース: {where}　契約 {workspace.contract_count:,}件　{DASHBOARD_DAYS}日以内の期限 {due:,}件"
    warnings = workspace.database.warnings  # e.g. a file mode that could not be made private
    return line + (f"　警告: {warnings[0]}" + (f" ほか{len(warnings) - 1}件" if len(warnings) > 1 else "")
                   if warnings else "")
