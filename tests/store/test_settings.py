"""Settings: one typed object from a TOML file; bad values are Japanese errors."""
from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from app.settings import Settings, SettingsError, load_settings, save_settings, settings_path


def test_missing_file_means_defaults(user_dirs: dict[str, Path]) -> None:
    assert settings_path() == user_dirs["config"] / "secplus-desk" / "settings.toml"
    settings = load_settings()
    assert settings == Settings(user_name=getpass.getuser(), backup_count=10, db_path=None, terms_reading=None)


def test_save_and_load_round_trip(user_dirs: dict[str, Path]) -> None:
    settings = Settings(user_name='佐藤 "花子" \\ 営業部', backup_count=3, db_path="/srv/secplus.db",
                        terms_reading="clear-month")
    path = save_settings(settings)
    assert path == settings_path()
    assert load_settings() == settings
    assert 'backup_count = 3' in path.read_text(encoding="utf-8")


def test_values_not_set_keep_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('user_name = "鈴木"\n', encoding="utf-8")
    assert load_settings(path) == Settings(user_name="鈴木")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("backup_count = 0\n", "backup_count（バックアップ保持数）は1以上1000以下"),
        ('backup_count = "ten"\n', "backup_count（バックアップ保持数）は整数"),
        ("backup_count = true\n", "backup_count（バックアップ保持数）は整数"),
        ("user_name = 5\n", "user_name（担当者名）は文字列"),
        ('db_path = ""\n', "db_path（データベースの場所）は空でない文字列"),
        ('terms_reading = "week"\n', "terms_reading は month または clear-month"),
        ('backup_cuont = 5\n', "不明な項目があります"),
        ("backup_count = = 5\n", "書式が正しくありません"),
    ],
)
def test_bad_files_give_japanese_errors_and_are_not_rewritten(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as raised:
        load_settings(path)
    assert str(path) in str(raised.value)
    assert path.read_text(encoding="utf-8") == content


def test_changes_are_validated_like_a_file() -> None:
    settings = Settings(user_name="鈴木")
    assert settings.with_changes(backup_count=20).backup_count == 20
    with pytest.raises(SettingsError, match="1以上"):
        settings.with_changes(backup_count=-1)
    with pytest.raises(SettingsError, match="不明な設定項目"):
        settings.with_changes(colour="blue")


def test_company_profile_round_trips_and_reports_what_is_missing(tmp_path: Path) -> None:
    from app.settings import missing_company_fields

    settings = Settings(company_name="株式会社セキュリティ・プラス", company_registration_number="T9234567890123",
                        date_style="japanese", dashboard_days=30)
    assert missing_company_fields(settings) == ["住所", "電話番号", "代表者"]
    path = save_settings(settings, tmp_path / "s.toml")
    assert load_settings(path) == settings


@pytest.mark.parametrize(("changes", "message"), [
    ({"company_registration_number": "T1234567890123"}, "検査用数字"),
    ({"company_registration_number": "1234567890123"}, "登録番号"),
    ({"date_style": "heisei"}, "date_style"),
    ({"dashboard_days": 0}, "dashboard_days"),
    ({"quote_validity_days": True}, "quote_validity_days"),
])
def test_bad_profile_values_are_refused_in_japanese(changes: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings().with_changes(**changes)


def test_saving_settings_creates_a_private_folder(tmp_path: Path) -> None:
    path = save_settings(Settings(), tmp_path / "new" / "settings.toml")
    assert path.parent.stat().st_mode & 0o777 == 0o700
