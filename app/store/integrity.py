"""`PRAGMA integrity_check` on a database file, as a typed error instead of a traceback."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.errors import DatabaseCorrupt, DatabaseUnreadable
from app.store.sqlite_file import raw_connection

MAX_REPORTED_PROBLEMS = 3


def integrity_problems(path: Path) -> list[str]:
    """The problems `PRAGMA integrity_check` reports; empty when the file is sound.

    Raises sqlite3.Error when the file is not a database at all or cannot be opened.
    Reading does not change the file.
    """
    with raw_connection(path) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def check_integrity(path: Path, newest_backup: Path | None = None) -> None:
    """Raise DatabaseCorrupt or DatabaseUnreadable (naming `newest_backup`) unless the file is sound."""
    if path.is_dir():
        raise DatabaseUnreadable(path, "フォルダです", newest_backup)
    try:
        with open(path, "rb") as probe:
            probe.read(1)
    except OSError as exc:
        raise DatabaseUnreadable(path, exc.strerror or str(exc), newest_backup) from exc
    try:
        problems = integrity_problems(path)
    except sqlite3.DatabaseError as exc:  # also "file is not a database", "disk image is malformed"
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            raise DatabaseUnreadable(path, str(exc), newest_backup) from exc
        raise DatabaseCorrupt(path, _describe(" ".join(str(exc).split())), newest_backup) from exc
    if problems:
        shown = "; ".join(" ".join(p.split()) for p in problems[:MAX_REPORTED_PROBLEMS])  # one line
        more = f" ほか{len(problems) - MAX_REPORTED_PROBLEMS}件" if len(problems) > MAX_REPORTED_PROBLEMS else ""
        raise DatabaseCorrupt(path, f"整合性検査の結果: {shown}{more}", newest_backup)


def _describe(sqlite_message: str) -> str:
    if "not a database" in sqlite_message:
        return f"SQLite のデータベースではありません: {sqlite_message}"
    return f"SQLite のエラー: {sqlite_message}"
