"""The SQLite file on disk: private permissions, consistent copies, atomic replacement.

A database file holds customer data: it and its companions (-wal, -shm, -journal) are
mode 0600, created that way before SQLite touches them. Copies are made with SQLite's
online backup API, which reads a consistent snapshot (including what is still in the
WAL) without writing to the source.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from app.store.stopping import COPY_STEP_PAGES, Stopper

FILE_MODE = 0o600
DIR_MODE = 0o700
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES]


def ensure_private_dir(directory: Path) -> None:
    if not directory.exists():
        directory.mkdir(parents=True, mode=DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 (an empty file is a valid empty SQLite database)."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    with contextlib.suppress(OSError):  # a file system without modes: created as private as it allows
        os.chmod(path, FILE_MODE)  # exactly 0600, whatever the umask


def restrict_modes(path: Path) -> list[str]:
    """Take group and other permissions away from the file and its companions.

    Never adds a permission (a read-only file stays read-only). A mode that cannot be
    changed (another owner, a file system without modes) is left as it is: the returned
    warnings say so, and the file is used as it is.
    """
    if os.name == "nt":  # Windows has no group/other bits; the user's profile folder is private
        return []
    warnings: list[str] = []
    for candidate in (path, *companions(path)):
        try:
            current = stat.S_IMODE(candidate.stat().st_mode)
            if current & 0o077:
                os.chmod(candidate, current & ~0o077)
        except FileNotFoundError:
            continue
        except OSError as exc:
            warnings.append(f"ファイルの権限を変更できないため、そのまま使います: {candidate}（{exc.strerror or exc}）")
    return warnings


@contextlib.contextmanager
def raw_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that never creates the file (mode=rw)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def copy_database(source: Path | sqlite3.Connection, target: Path, stopper: Stopper | None = None) -> None:
    """Copy with the backup API into a new private file `target` (must not exist).

    `source` is a file, or a connection to it (the one holding `exclusive_access`).
    The copy is one self-contained file (rollback journal mode, no -wal beside it);
    the engine switches it to WAL again when it is opened as the working database.
    With a `stopper`, the copy goes in steps and ends with WorkStopped (the target removed) when stopped.
    """
    create_private_file(target)
    try:
        with raw_connection(target) as dst:
            if isinstance(source, sqlite3.Connection):
                _backup(source, dst, stopper)
            else:
                with raw_connection(source) as src:
                    _backup(src, dst, stopper)
            dst.execute("PRAGMA journal_mode=DELETE")
        fsync_file(target)
    except BaseException:
        remove_with_companions(target)
        raise


def _backup(source: sqlite3.Connection, target: sqlite3.Connection, stopper: Stopper | None) -> None:
    if stopper is None:
        source.backup(target)
    else:  # in steps, asking the stopper after each
        source.backup(target, pages=COPY_STEP_PAGES, progress=stopper.copy_progress)


def is_locked_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def is_read_only_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower().replace("-", "")


class ExclusiveAccess:
    """An exclusive lock on a database file, held until `release()`: no other connection reads or writes.

    Taken with SQLite's own locks (locking_mode=EXCLUSIVE, BEGIN EXCLUSIVE), so every
    SQLite connection honours it, ours and other programs' alike; it cannot be taken
    while any other connection has the file open (SQLite connections keep a shared lock
    from their first read until they close). `connection` is None for a file SQLite does
    not recognise as a database: no connection can be using such a file.
    """

    def __init__(self, connection: sqlite3.Connection | None) -> None:
        self.connection = connection

    def release(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def take_exclusive_access(path: Path, *, wait: float = 0.5) -> ExclusiveAccess | None:
    """The exclusive lock on `path`, or None when another connection has it open."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=wait)
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")  # exclusive locking mode keeps the lock; a COMMIT would write page 1
    except sqlite3.Error as exc:
        connection.close()
        if is_locked_error(exc):
            return None
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            return ExclusiveAccess(None)  # not a database: nobody can have it open as one
        raise
    return ExclusiveAccess(connection)


def replace_database(new_file: Path, path: Path, lock: ExclusiveAccess | None = None) -> None:
    """Atomically put `new_file` in place of `path`.

    The old file's -wal and -shm must go first: a stale WAL would be replayed onto the
    new file. The caller holds `lock` (take_exclusive_access), so that nobody has `path`
    open; Windows cannot replace an open file, so there it is released just before.
    """
    if lock is not None and lock.connection is not None:
        # Leave WAL mode while still holding the lock: closing a WAL connection later would
        # delete "<path>-wal" by name, which by then may belong to the new file.
        with contextlib.suppress(sqlite3.Error):
            lock.connection.execute("PRAGMA journal_mode=DELETE")
        if os.name == "nt":
            lock.release()
    for companion in companions(path)[:2]:
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()
    os.replace(new_file, path)
    restrict_modes(path)
    fsync_dir(path.parent)


def remove_with_companions(path: Path) -> None:
    for candidate in (path, *companions(path)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not supported everywhere
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
