"""`python -m app db ...` in-process: exit codes, Japanese output, nothing changed on bad input."""
from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from app.cli import main
from app.settings import Settings, save_settings
from app.store.engine import make_engine
from app.store.backup import list_backups
from app.store.migrate import head_revision, upgrade
from app.store.paths import backup_dir_for, default_db_path, path_to_url
from tests.db_fixtures import PostgresServer
from tests.store.conftest import file_digest


def _out(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_init_check_and_init_again(user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "init"]) == 0
    assert f"データベースを作成しました: {default_db_path()}" in _out(capsys)[0]
    assert main(["db", "check"]) == 0
    assert "正常です" in _out(capsys)[0]
    assert main(["db", "init"]) == 0
    assert "データベースは最新です" in _out(capsys)[0]


def test_migrate_and_check_do_not_create_a_missing_file(
    user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("migrate", "check"):
        assert main(["db", command]) == 2
        [line] = _out(capsys)[1].splitlines()
        assert line.startswith(f"エラー: データベースファイルがありません: {default_db_path()}")
        assert "python -m app db init" in line
    assert not default_db_path().exists()


def test_check_reports_an_old_revision_and_migrate_upgrades_it(
    user_dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "old.db"
    engine = make_engine(path_to_url(db_path))
    upgrade(engine, "0001")
    engine.dispose()
    digest = file_digest(db_path)

    assert main(["db", "check", "--db", str(db_path)]) == 1
    out, err = _out(capsys)
    assert out == ""
    assert err.count("\n") == 1 and f"リビジョン 0001 → {head_revision()}" in err
    assert file_digest(db_path) == digest

    assert main(["db", "migrate", "--db", str(db_path)]) == 0
    out, _ = _out(capsys)
    assert f"データベースを更新しました: {db_path}（リビジョン 0001 → {head_revision()}）" in out
    assert "更新前のバックアップ" in out
    assert main(["db", "check", "--db", str(db_path)]) == 0


def test_backup_keeps_the_count_from_settings_and_restore_works(
    user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(Settings(user_name="鈴木", backup_count=2))
    assert main(["db", "init"]) == 0
    for _ in range(3):
        assert main(["db", "backup"]) == 0
    backups = list_backups(default_db_path(), backup_dir_for(default_db_path()))
    assert len(backups) == 2
    assert main(["db", "backups"]) == 0
    listing = _out(capsys)[0]
    assert "バックアップを作成しました" in listing and "（保持数 2）" in listing
    assert all(str(b.path) in listing for b in backups)

    assert main(["db", "restore", str(backups[-1].path)]) == 0
    out, _ = _out(capsys)
    assert f"復元しました: {default_db_path()}" in out
    assert "復元前のファイル" in out


def test_restore_of_a_bad_file_changes_nothing(
    user_dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "init"]) == 0
    digest = file_digest(default_db_path())
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a backup" * 100)

    assert main(["db", "restore", str(bad)]) == 2
    err = _out(capsys)[1]
    assert err.startswith("エラー: このバックアップは使えません") and err.count("\n") == 1
    assert file_digest(default_db_path()) == digest


def test_bad_settings_file_is_one_line(user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = user_dirs["config"] / "secplus-desk" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text("backup_count = 0\n", encoding="utf-8")
    assert main(["db", "init"]) == 2
    err = _out(capsys)[1]
    assert err.startswith("エラー: 設定ファイルの値が正しくありません") and err.count("\n") == 1
    assert not default_db_path().exists()


def test_seed_calls_the_use_case_with_settings_and_today(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, Any]] = []

    def seed_contracts(engine: Engine, n: int, *, today: date, rng_seed: int = 0, actor: str) -> int:
        calls.append(dict(engine=engine, n=n, today=today, rng_seed=rng_seed, actor=actor))
        return n

    fake = types.ModuleType("app.sample.seed")
    fake.seed_contracts = seed_contracts  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.sample.seed", fake)
    save_settings(Settings(user_name="鈴木"))
    assert main(["db", "seed", "--contracts", "25"]) == 2  # only `db init` creates the file
    assert "python -m app db init" in _out(capsys)[1] and not default_db_path().exists()
    assert main(["db", "init"]) == 0
    _out(capsys)

    assert main(["db", "seed", "--contracts", "２５", "--seed", "7"]) == 0
    assert "架空の契約を25件作成しました" in _out(capsys)[0]
    [call] = calls
    assert (call["n"], call["rng_seed"], call["actor"]) == (25, 7, "鈴木")
    assert isinstance(call["today"], date)
    assert default_db_path().exists()


@pytest.mark.parametrize("count", ["0", "-3", "1000001", "9" * 5000, "x", ""])
def test_seed_needs_a_count_within_bounds(
    user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str], count: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["db", "seed", "--contracts", count])
    assert raised.value.code == 2
    err = _out(capsys)[1]
    assert "1から1,000,000までの整数を指定してください" in err and err.count("\n") == 1
    assert not default_db_path().exists()


@pytest.mark.postgres
def test_postgres_url_init_and_check(
    postgres_server: PostgresServer, user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    name = postgres_server.create_database()
    url = postgres_server.url(name)
    try:
        assert main(["db", "init", "--db", url]) == 0
        assert f"（リビジョン {head_revision()}）" in _out(capsys)[0]
        assert main(["db", "check", "--db", url]) == 0
        assert main(["db", "backup", "--db", url]) == 2
        assert "SQLite のデータベースファイルだけ" in _out(capsys)[1]
    finally:
        postgres_server.drop_database(name)


@pytest.mark.postgres
def test_postgres_unreachable_is_one_line(
    postgres_server: PostgresServer, user_dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://postgres@/secplus?host={postgres_server.base_dir}/nowhere"
    assert main(["db", "check", "--db", url]) == 2
    err = _out(capsys)[1]
    assert err.startswith("エラー: データベースに接続できないか") and err.count("\n") == 1
