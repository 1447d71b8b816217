"""The settings form without Qt: which fields, their labels, and text -> Settings (validated by
app.settings, which also checks the registration number's check digit)."""
from __future__ import annotations

from dataclasses import dataclass

from app.labels import DATE_STYLE_LABELS
from app.settings import Settings, SettingsError


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # "text", "int", "choice"
    hint: str = ""


FIELDS = (
    Field("user_name", "担当者名", hint="監査ログに記録されます"),
    Field("company_name", "会社名"),
    Field("company_department", "部署"),
    Field("company_postal_code", "郵便番号"),
    Field("company_address", "住所"),
    Field("company_phone", "電話番号"),
    Field("company_registration_number", "登録番号", hint="T と13桁の数字（適格請求書発行事業者）"),
    Field("company_representative", "代表者"),
    Field("db_path", "データベースの場所", hint="空欄: 既定の場所。変更は次回起動時に有効"),
    Field("backup_count", "バックアップ保持数", "int"),
    Field("date_style", "日付の表記", "choice"),
    Field("dashboard_days", "ホーム画面の表示日数", "int"),
)

CHOICES = {"date_style": DATE_STYLE_LABELS}


def values_of(settings: Settings) -> dict[str, str]:
    """The text shown in each field."""
    return {f.name: "" if getattr(settings, f.name) is None else str(getattr(settings, f.name)) for f in FIELDS}


def settings_from(current: Settings, values: dict[str, str]) -> Settings:
    """New settings from the typed text; SettingsError (Japanese) when a value is wrong, nothing changed."""
    changes: dict[str, object] = {}
    for f in FIELDS:
        text = values.get(f.name, "").strip()
        if f.kind == "int":
            normalised = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            if not normalised.isdigit():
                raise SettingsError(f"{f.label}は整数で入力してください")
            changes[f.name] = int(normalised)
        elif f.name == "db_path":
            changes[f.name] = text or None
        elif f.name == "company_registration_number":
            changes[f.name] = text.upper()
        else:
            changes[f.name] = text
    return current.with_changes(**changes)
