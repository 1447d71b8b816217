"""User settings: one typed object, read once from a TOML file in the user config directory.

The file (``settings.toml`` under platformdirs' user_config_dir("secplus-desk")) is
optional; a missing file means all defaults. Unknown keys and wrong types are errors
with a Japanese message, so a typo never passes silently.
"""
from __future__ import annotations

# getpass, json and tomllib are imported where they are used: the window reads its settings
# before its first paint, usually from no file at all (~5 ms of imports it does not need then).
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from app.atomic_file import write_atomically

APP_NAME = "secplus-desk"
SETTINGS_FILE_NAME = "settings.toml"
BACKUP_COUNT_RANGE = (1, 1000)
TERMS_READINGS = ("month", "clear-month")
DATE_STYLES = ("western", "japanese")  # 西暦 / 和暦 on screens and paper
DASHBOARD_DAYS_RANGE = (1, 366)
REMINDER_DAYS_RANGE = (0, 60)
QUOTE_VALIDITY_DAYS_RANGE = (1, 365)
# The company profile printed on notices and quotes (差出人). A notice is never printed with a
# required item blank: the window asks for it first (missing_company_fields).
COMPANY_REQUIRED = {
    "company_name": "会社名",
    "company_address": "住所",
    "company_phone": "電話番号",
    "company_registration_number": "登録番号",
    "company_representative": "代表者",
}


class SettingsError(Exception):
    """The settings file cannot be read or holds a bad value (message in Japanese)."""


def os_login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return ""


@dataclass(frozen=True)
class Settings:
    user_name: str = field(default_factory=os_login_name)  # 担当者名 written into the audit log
    backup_count: int = 10  # automatic backups kept
    db_path: str | None = None  # database file (or SQLAlchemy URL) instead of the default
    terms_reading: str | None = None  # notice reading override: "month" or "clear-month"
    date_style: str = "western"  # "western" (2026年4月1日) or "japanese" (令和8年4月1日)
    dashboard_days: int = 60  # the dashboard and the status line look this many days ahead
    calendar_reminder_days: int = 7  # .ics export: the reminder this many days before a deadline
    quote_validity_days: int = 30  # a printed penalty quote is valid this many days from its date
    # company profile (差出人) for notices and quotes
    company_name: str = ""
    company_department: str = ""  # sending department, e.g. カスタマーサクセス部
    company_postal_code: str = ""
    company_address: str = ""
    company_phone: str = ""
    company_registration_number: str = ""  # 適格請求書発行事業者の登録番号: T + 13 digits
    company_representative: str = ""  # e.g. 代表取締役 山田 太郎
    company_seal_image: str = ""  # optional path of a seal or logo image (PNG/JPEG)

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise SettingsError("。".join(problems))

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some values changed (validated like a loaded file)."""
        unknown = sorted(set(changes) - _FIELD_NAMES)
        if unknown:
            raise SettingsError(f"不明な設定項目です: {', '.join(unknown)}")
        return replace(self, **changes)


_FIELD_NAMES = {f.name for f in fields(Settings)}


def _problems(s: Settings) -> list[str]:
    problems: list[str] = []
    if not isinstance(s.user_name, str):
        problems.append("user_name（担当者名）は文字列で指定してください")
    elif len(s.user_name) > 100:
        problems.append("user_name（担当者名）は100文字以内にしてください")
    low, high = BACKUP_COUNT_RANGE
    if isinstance(s.backup_count, bool) or not isinstance(s.backup_count, int):
        problems.append("backup_count（バックアップ保持数）は整数で指定してください")
    elif not low <= s.backup_count <= high:
        problems.append(f"backup_count（バックアップ保持数）は{low}以上{high}以下にしてください")
    if s.db_path is not None and (not isinstance(s.db_path, str) or not s.db_path.strip()):
        problems.append("db_path（データベースの場所）は空でない文字列で指定してください")
    if s.terms_reading is not None and s.terms_reading not in TERMS_READINGS:
        problems.append(f"terms_reading は {' または '.join(TERMS_READINGS)} を指定してください")
    if s.date_style not in DATE_STYLES:
        problems.append("date_style（日付の表記）は western（西暦）または japanese（和暦）を指定してください")
    for name, label, (low, high) in (
        ("dashboard_days", "ホーム画面の表示日数", DASHBOARD_DAYS_RANGE),
        ("calendar_reminder_days", "カレンダーの通知日数", REMINDER_DAYS_RANGE),
        ("quote_validity_days", "見積書の有効期限日数", QUOTE_VALIDITY_DAYS_RANGE),
    ):
        value = getattr(s, name)
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{name}（{label}）は整数で指定してください")
        elif not low <= value <= high:
            problems.append(f"{name}（{label}）は{low}以上{high}以下にしてください")
    for f in fields(Settings):
        if f.name.startswith("company_"):
            value = getattr(s, f.name)
            if not isinstance(value, str):
                problems.append(f"{f.name} は文字列で指定してください")
            elif len(value) > 200:
                problems.append(f"{f.name} は200文字以内にしてください")
    number = s.company_registration_number
    if isinstance(number, str) and number.strip() and not _registration_number_valid(number):
        problems.append("company_registration_number（登録番号）は T と13桁の数字で、先頭の検査用数字が正しい番号を入力してください")
    return problems


def _registration_number_valid(number: str) -> bool:
    # Imported here: app.terms is not needed to paint the first window when no number is set.
    from app.terms.tax import registration_number_valid

    return registration_number_valid(number)


def missing_company_fields(settings: Settings) -> list[str]:
    """Japanese labels of the company-profile items still blank (asked for before the first print)."""
    return [label for name, label in COMPANY_REQUIRED.items() if not str(getattr(settings, name)).strip()]


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; defaults for whatever it does not set."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"設定ファイルを読み込めません: {path}（{exc}）") from exc
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"設定ファイルの書式が正しくありません: {path}（{exc}）") from exc
    unknown = sorted(set(data) - _FIELD_NAMES)
    if unknown:
        raise SettingsError(f"設定ファイルに不明な項目があります: {path}（{', '.join(unknown)}）")
    try:
        return Settings(**data)
    except SettingsError as exc:
        raise SettingsError(f"設定ファイルの値が正しくありません: {path}（{exc}）") from exc


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (a crash leaves the old file or the new one)."""
    import json

    path = path or settings_path()
    lines = ["# セキュリティ・プラス 契約管理ツールの設定"]
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if value is None:
            continue
        # a JSON string or integer is also a valid TOML basic string / integer
        lines.append(f"{f.name} = {json.dumps(value, ensure_ascii=False)}")
    text = "\n".join(lines) + "\n"
    try:  # a private folder (on macOS it is also the data folder)
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), folder_mode=0o700)
    except OSError as exc:
        raise SettingsError(f"設定ファイルを保存できません: {path}（{exc}）") from exc
    return path
