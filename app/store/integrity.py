"""Is the file a sound database? A cheap look at every open, the full `PRAGMA integrity_check` where it belongs.

The cheap look (`check_file`) reads the 100-byte header and the schema: it costs the same
at any size and finds emptied, truncated and foreign files. The full check (`check_integrity`)
reads every page: `db check`, before a backup is trusted or restored, after an unclean
shutdown, and in the background once the window is up. Locked and read-only files raise
their own errors: they are not damaged.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import NoReturn

from app.store.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, DatabaseUnreadable
from app.store.sqlite_file import companions, is_locked_error, raw_connection
from app.store.stopping import Stopper, watched

MAX_REPORTED_PROBLEMS = 3
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


def integrity_problems(path: Path, stopper: Stopper | None = None) -> list[str]:
    """The problems `PRAGMA integrity_check` reports; empty when the file is sound.

    Raises sqlite3.Error when the file is not a database at all or cannot be opened, WorkStopped
    when `stopper` stopped it. Reading does not change the file.
    """
    with raw_connection(path) as connection, watched(stopper, connection):
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def header_problem(path: Path) -> str | None:
    """What is wrong with the file judging by its size and 100-byte header; None when it looks like SQLite.

    Raises OSError when the file cannot be read.
    """
    with open(path, "rb") as file:
        header = file.read(HEADER_SIZE)
        size = os.fstat(file.fileno()).st_size
    if size == 0:
        return "空のファイルです（0バイト）。同期や複製の失敗で中身が失われた可能性があります"
    if not header.startswith(SQLITE_MAGIC):
        return "SQLite のデータベースではありません"
    if len(header) < HEADER_SIZE:
        return f"ファイルが途中で切れています（{size:,}バイト）"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"ヘッダーのページサイズが正しくありません（{page_size}）"
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96]  # the in-header size is trusted only then
    wal = companions(path)[0]
    wal_has_frames = wal.exists() and wal.stat().st_size > 0
    if size_is_valid and pages and size < pages * page_size and not wal_has_frames:
        return f"ファイルが途中で切れています（{size:,}バイト、本来 {pages * page_size:,}バイト）"
    return None


def check_file(path: Path, newest_backup: Path | None = None, *, writable: bool = True) -> None:
    """The cheap check at every open: readable, writable (when asked), an SQLite header that fits the size.

    Raises DatabaseUnreadable, DatabaseReadOnly or DatabaseCorrupt (naming `newest_backup`).
    """
    if path.is_dir():
        raise DatabaseUnreadable(path, "フォルダです", newest_backup)
    try:
        problem = header_problem(path)
    except OSError as exc:
        damaged = exc.errno == errno.EIO  # a failing disk, not a permission
        raise DatabaseUnreadable(path, exc.strerror or str(exc), newest_backup, damaged=damaged) from exc
    if problem is not None:
        raise DatabaseCorrupt(path, problem, newest_backup)
    if writable:
        check_writable(path)


def check_writable(path: Path) -> None:
    """DatabaseReadOnly unless the file and its folder (where SQLite puts -wal and -shm) can be written."""
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly(path, "ファイルが読み取り専用です")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(path, f"フォルダに書き込めません: {path.parent}")


def raise_for_sqlite_error(path: Path, exc: sqlite3.Error, newest_backup: Path | None) -> NoReturn:
    """Turn an sqlite3 error met while reading `path` into the storage error that says what it is."""
    message = " ".join(str(exc).split())
    if is_locked_error(exc):
        raise DatabaseLocked(path) from exc
    if isinstance(exc, sqlite3.OperationalError) and "readonly" in message.lower().replace("-", ""):
        raise DatabaseReadOnly(path, message) from exc
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in message:
        raise DatabaseUnreadable(path, message, newest_backup) from exc
    if isinstance(exc, sqlite3.OperationalError) and "disk i/o error" in message.lower():
        raise DatabaseUnreadable(path, message, newest_backup, damaged=True) from exc
    raise DatabaseCorrupt(path, _describe(message), newest_backup) from exc


def check_integrity(path: Path, newest_backup: Path | None = None, stopper: Stopper | None = None) -> None:
    """The full check: raise DatabaseCorrupt, DatabaseUnreadable or DatabaseLocked unless every page is
    sound (WorkStopped when `stopper` stopped it: no verdict)."""
    check_file(path, newest_backup, writable=False)
    try:
        problems = integrity_problems(path, stopper)
    except sqlite3.Error as exc:  # also "file is not a database", "disk image is malformed"
        raise_for_sqlite_error(path, exc, newest_backup)
    if problems:
        shown = "; ".join(" ".join(p.split()) for p in problems[:MAX_REPORTED_PROBLEMS])  # one line
        more = f" ほか{len(problems) - MAX_REPORTED_PROBLEMS}件" if len(problems) > MAX_REPORTED_PROBLEMS else ""
        raise DatabaseCorrupt(path, f"整合性検査の結果: {shown}{more}", newest_backup)


def is_sound(path: Path) -> bool:
    """True when `path` passes the full check (used before a backup is trusted)."""
    try:
        check_integrity(path)
    except (DatabaseCorrupt, DatabaseUnreadable, DatabaseLocked, DatabaseReadOnly):
        return False
    return True


def _describe(sqlite_message: str) -> str:
    if "not a database" in sqlite_message:
        return f"SQLite のデータベースではありません: {sqlite_message}"
    return f"SQLite のエラー: {sqlite_message}"
