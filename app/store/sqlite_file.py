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
from collections.abc import Iterator
from pathlib import Path

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
    os.chmod(path, FILE_MODE)  # exactly 0600, whatever the umask


def restrict_modes(path: Path) -> None:
    """chmod 0600 the database file and whichever companions exist."""
    for candidate in (path, *companions(path)):
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mode & 0o777 != FILE_MODE:
                os.chmod(candidate, FILE_MODE)


@contextlib.contextmanager
def raw_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that never creates the file (mode=rw)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API into a new private file `target` (must not exist).

    The copy is one self-contained file (rollback journal mode, no -wal beside it);
    the engine switches it to WAL again when it is opened as the working database.
    """
    create_private_file(target)
    try:
        with raw_connection(source) as src, raw_connection(target) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        fsync_file(target)
    except BaseException:
        remove_with_companions(target)
        raise


def replace_database(new_file: Path, path: Path) -> None:
    """Atomically put `new_file` in place of `path`.

    The old file's -wal and -shm must go first: a stale WAL would be replayed onto the
    new file. The caller makes sure nobody has `path` open (checkpoint_and_close).
    """
    for companion in companions(path)[:2]:
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()
    os.replace(new_file, path)
    restrict_modes(path)
    fsync_dir(path.parent)


def checkpoint(path: Path) -> bool:
    """Move everything from the WAL into the file; False if another connection prevented it."""
    with raw_connection(path) as connection:
        busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    wal = companions(path)[0]
    return busy == 0 and (not wal.exists() or wal.stat().st_size == 0)


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
