"""Typed storage errors, each with a one-line Japanese message for the user.

The window and the command line both show ``str(error)``; they may add their own hint
(for example the restore command) from the fields.
"""
from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A database problem the user can act on; nothing was changed."""


class InvalidDatabaseLocation(StoreError):
    """`--db`, SECPLUS_DB or the settings name something that is not a usable database."""


class DatabaseMissing(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"データベースファイルがありません: {path}")
        self.path = path


class DatabaseUnreadable(StoreError):
    """The file cannot be opened at all (permissions, a directory, I/O error).

    `damaged` is True only for an I/O error reading it: a file that is merely not ours to
    read (permissions) or a folder is never restored over.
    """

    def __init__(self, path: Path, detail: str, newest_backup: Path | None = None, *, damaged: bool = False) -> None:
        self.summary = f"データベースファイルを開けません: {path}（{detail}）"
        super().__init__(self.summary + (_backup_hint(newest_backup) if damaged else ""))
        self.path = path
        self.detail = detail
        self.newest_backup = newest_backup
        self.damaged = damaged


class DatabaseLocked(StoreError):
    """Another program holds the file (an open transaction, a restore or migration in progress): not damage."""

    def __init__(self, path: Path, doing: str = "開くことが") -> None:
        self.summary = f"データベースは他のプログラムが使用中です: {path}"
        super().__init__(
            f"{self.summary}（{doing}できません。このプログラムの他のウィンドウやコマンドを閉じてから、もう一度実行してください）"
        )
        self.path = path
        self.damaged = False


class DatabaseReadOnly(StoreError):
    """The file or its folder cannot be written (permissions, a read-only medium): not damage."""

    def __init__(self, path: Path, detail: str) -> None:
        self.summary = f"データベースファイルに書き込めません（読み取り専用）: {path}"
        super().__init__(f"{self.summary}（{detail}）。ファイルとフォルダの書き込み権限を確認してください")
        self.path = path
        self.detail = detail
        self.damaged = False


class DatabaseCorrupt(StoreError):
    """The file is not an SQLite database, or `PRAGMA integrity_check` found damage."""

    def __init__(self, path: Path, detail: str, newest_backup: Path | None = None) -> None:
        self.summary = f"データベースファイルが壊れています: {path}（{detail}）"
        super().__init__(self.summary + _backup_hint(newest_backup))
        self.path = path
        self.detail = detail
        self.newest_backup = newest_backup
        self.damaged = True


class DatabaseTooNew(StoreError):
    """The schema revision is unknown to this program: made by a newer version."""

    def __init__(self, where: str, revision: str) -> None:
        super().__init__(
            f"このデータベース（{where}）は新しいバージョンのプログラムで作成されています"
            f"（リビジョン {revision}）。プログラムを更新してください"
        )
        self.revision = revision


class DatabaseUnmanaged(StoreError):
    """Tables exist but no schema revision: not a database made by this program."""

    def __init__(self, where: str) -> None:
        super().__init__(f"このプログラムのデータベースではありません（リビジョン情報がありません）: {where}")


class MigrationFailed(StoreError):
    """A schema upgrade failed; the original database is unchanged."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"データベースの更新（移行）に失敗しました。元のデータは変更されていません: {where}（{detail}）")
        self.detail = detail


class BackupError(StoreError):
    """A backup could not be made, or a file offered for restore is not a usable backup."""


def _backup_hint(newest_backup: Path | None) -> str:
    if newest_backup is None:
        return "。バックアップはありません"
    return f"。最新のバックアップ: {newest_backup}"
