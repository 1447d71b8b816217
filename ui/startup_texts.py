"""The questions and messages of the start (shared by ui/startup.py and ui/start_session.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.startup import Workspace

OPENING = "データベースを開いています…"  # the status bar and the home screen until the data is open


def sample_question(workspace: Workspace) -> str:
    from app.startup import SAMPLE_CONTRACTS

    where = workspace.database.path or workspace.database.url
    return (f"新しいデータベースを作成しました。\n{where}\n\n"
            f"試用のためのサンプルデータ（架空の契約 {SAMPLE_CONTRACTS}件）を作成しますか？")


def restore_question(error: Any) -> str:
    return (f"{error.summary}\n\n最新のバックアップから復元しますか？\n{error.newest_backup}\n"
            "（現在のファイルは .before-restore として残します）")


def no_backup_message(error: Any) -> str:
    return f"{error.summary}\nバックアップがないため復元できません。"


def is_damaged(error: Any) -> bool:
    """False for a file that is only locked or read-only (H1's errors say so with `damaged`)."""
    return bool(getattr(error, "damaged", True))


def status_line(workspace: Workspace) -> str:
    """The status bar once the data is open: where it is and how many contracts it holds."""
    where = workspace.database.path or workspace.database.url
    backup = "（本日のバックアップを作成しました）" if workspace.backup is not None else ""
    return f"データベース: {where}　契約 {workspace.contract_count:,}件{backup}"


def damage_status(error: Any) -> str:
    """The status bar when the full check after the start found damage."""
    return f"警告: 整合性検査で問題が見つかりました。{error.summary}"


def damage_offer(error: Any) -> str:
    return (f"データベースの整合性検査で問題が見つかりました。\n{error.summary}\n\n"
            f"最新の正常なバックアップから復元できます。\n{error.newest_backup}\n"
            "（バックアップの後の変更は含まれません。現在のファイルは .before-restore として残します）")
