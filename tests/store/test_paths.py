"""Where the database is: --db, then SECPLUS_DB, then settings.db_path, then the default file."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.settings import Settings
from app.store.errors import InvalidDatabaseLocation
from app.store.paths import ENV_VAR, default_db_path, path_to_url, resolve_db_url, sqlite_file_path

PG_URL = "postgresql+psycopg://postgres@/secplus?host=/tmp/sock"


def test_default_is_in_the_user_data_directory(user_dirs: dict[str, Path]) -> None:
    assert default_db_path() == user_dirs["data"] / "secplus-desk" / "secplus.db"
    assert resolve_db_url(None, configured=None) == path_to_url(default_db_path())


def test_order_is_argument_then_environment_then_settings(tmp_path: Path) -> None:
    settings = Settings(db_path=str(tmp_path / "from-settings.db"))
    env = {ENV_VAR: str(tmp_path / "from-env.db")}

    assert sqlite_file_path(resolve_db_url(str(tmp_path / "arg.db"), configured=settings.db_path, environ=env)) == (
        tmp_path / "arg.db"
    )
    assert sqlite_file_path(resolve_db_url(None, configured=settings.db_path, environ=env)) == tmp_path / "from-env.db"
    assert sqlite_file_path(resolve_db_url(None, configured=settings.db_path, environ={})) == tmp_path / "from-settings.db"


def test_urls_pass_through_and_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_db_url(PG_URL, configured=None, environ={}) == PG_URL
    assert resolve_db_url(None, configured=None, environ={ENV_VAR: PG_URL}) == PG_URL
    assert sqlite_file_path(resolve_db_url("relative.db", configured=None, environ={})) == tmp_path / "relative.db"
    assert sqlite_file_path(PG_URL) is None


@pytest.mark.parametrize("value", ["postgresql://u@/db", "mysql://u@h/db", "sqlite+foo:///x.db"])
def test_unsupported_urls_are_refused_in_japanese(value: str) -> None:
    with pytest.raises(InvalidDatabaseLocation, match="対応していないデータベースURL|URLが正しくありません"):
        resolve_db_url(value, configured=None, environ={})


def test_a_directory_is_not_a_database_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidDatabaseLocation, match="フォルダ"):
        resolve_db_url(str(tmp_path), configured=None, environ={})


def test_cli_db_option_and_environment_variable(
    user_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "init", "--db", str(tmp_path / "option.db")]) == 0
    assert (tmp_path / "option.db").is_file()

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert main(["db", "init"]) == 0
    assert (tmp_path / "env.db").is_file()
    assert main(["db", "init", "--db", str(tmp_path / "option2.db")]) == 0  # the option wins
    assert (tmp_path / "option2.db").is_file()

    assert not default_db_path().exists()
    out = capsys.readouterr().out
    assert "データベースを作成しました" in out


def test_the_store_never_reads_the_settings_file(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    """The caller resolves the settings and passes `configured`; a settings file is not looked at."""
    config = user_dirs["config"] / "secplus-desk"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(f'db_path = "{tmp_path / "from-file.db"}"\n', encoding="utf-8")
    assert resolve_db_url(None, configured=None, environ={}) == path_to_url(default_db_path())
