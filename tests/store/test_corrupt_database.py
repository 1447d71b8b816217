"""A damaged or unreadable file: a typed error / one clear line naming the newest backup, never a traceback."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from app.store.backup import backup_now
from app.store.database import open_database
from app.store.errors import DatabaseCorrupt, DatabaseUnreadable
from app.store.integrity import check_integrity
from app.store.paths import backup_dir_for, path_to_url
from tests.store.conftest import file_digest

Damage = Callable[[Path], None]
REPO_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 4, 1, 9, 0, 0)


def _sound_database(path: Path, rows: int = 300) -> None:
    with open_database(path_to_url(path), backup_count=10, now=NOW) as database:
        with database.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO audit_entry (at, actor, action, entity, before_json, after_json, summary) "
                "VALUES ('2025-04-01 00:00:00.000000', '佐藤', 'seed', 'customer', '', ?, '')",
                [("x" * 200,) for _ in range(rows)],
            )


def _garbage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database\n" * 400)


def _truncated(path: Path) -> None:
    _sound_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


DAMAGES = [pytest.param(_garbage, id="garbage"), pytest.param(_truncated, id="truncated")]


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_file_raises_database_corrupt_and_stays_as_it_was(tmp_path: Path, damage: Damage) -> None:
    db_path = tmp_path / "secplus.db"
    damage(db_path)
    digest = file_digest(db_path)

    with pytest.raises(DatabaseCorrupt) as raised:
        open_database(path_to_url(db_path), backup_count=10, now=NOW)

    assert raised.value.path == db_path
    assert raised.value.newest_backup is None
    assert "データベースファイルが壊れています" in str(raised.value)
    assert "バックアップはありません" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert file_digest(db_path) == digest


def test_a_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnreadable, match="開けません"):
        check_integrity(tmp_path)


@pytest.mark.parametrize(
    ("command", "damage"),
    [("check", _garbage), ("init", _truncated), ("migrate", _garbage), ("backup", _truncated)],
    ids=["check-garbage", "init-truncated", "migrate-garbage", "backup-truncated"],
)
def test_cli_names_the_file_and_how_to_restore_the_newest_backup(
    tmp_path: Path, cli_env: dict[str, str], damage: Damage, command: str
) -> None:
    db_path = tmp_path / "secplus.db"
    _sound_database(db_path)
    backup_dir = backup_dir_for(db_path)
    backup_now(db_path, backup_dir, keep=5, now=datetime(2025, 3, 1))
    newest = backup_now(db_path, backup_dir, keep=5, now=datetime(2025, 3, 31))
    db_path.unlink()
    damage(db_path)
    digest = file_digest(db_path)

    result = subprocess.run(
        [sys.executable, "-m", "app", "db", command, "--db", str(db_path)],
        cwd=REPO_ROOT, env=cli_env, capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("エラー: データベースファイルが壊れています: " + str(db_path))
    assert line.endswith(f"バックアップから復元するには: python -m app db restore {newest} --db {db_path}")
    assert file_digest(db_path) == digest


def test_cli_restore_then_check_is_clean(tmp_path: Path, cli_env: dict[str, str]) -> None:
    db_path = tmp_path / "secplus.db"
    _sound_database(db_path)
    newest = backup_now(db_path, backup_dir_for(db_path), keep=5, now=NOW)
    _garbage(db_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "db", *args, "--db", str(db_path)],
            cwd=REPO_ROOT, env=cli_env, capture_output=True, text=True, timeout=120, check=False,
        )

    restored = run("restore", str(newest))
    assert restored.returncode == 0, restored.stderr
    assert "復元しました" in restored.stdout
    checked = run("check")
    assert checked.returncode == 0, checked.stderr
    assert "正常です" in checked.stdout
