"""Shared by the form presenters (Qt-free): read typed text into values with an error per field,
and turn a use case's ValidationError into the message shown next to its field."""
from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from app.preview import FieldReader
from app.settings import Settings
from app.terms.profile import NoticeReading
from app.usecases.errors import DateOutOfRangeError, ValidationError

FORM = "_form"  # errors that belong to no single field: shown above the buttons


class FormErrors(Exception):
    """The form's input cannot be used; `errors` maps a field name to its Japanese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


def refusal_text(error: ValidationError) -> str:
    """The use case's message; a refused date names the allowed one, as the command line does."""
    if isinstance(error, DateOutOfRangeError):
        return f"{error.message}（指定可能な日: {error.allowed.isoformat()}）"
    return error.message


def from_use_case(error: ValidationError, fields: Mapping[str, str] | None = None,
                  known: frozenset[str] | None = None) -> FormErrors:
    """`fields` renames the use case's field names to the form's; unknown fields go to FORM."""
    name = error.field or FORM
    name = (fields or {}).get(name, name)
    if known is not None and name not in known:
        name = FORM
    return FormErrors({name: refusal_text(error)})


class Reader(FieldReader):
    """Parses a form's texts, keeping the first message per field; `check()` raises them all."""

    def text(self, name: str, text: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
        value = text.strip()
        if required and not value:
            self.errors[name] = f"{label}を入力してください"
        elif len(value) > max_length:
            self.errors[name] = f"{label}は{max_length}文字以内で入力してください"
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def check(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)


def reading_of(settings: Settings) -> NoticeReading | None:
    """The settings' notice-reading override (None: the terms profile's)."""
    return cast("NoticeReading | None", settings.terms_reading)


def storage_message(error: Exception) -> str | None:
    """The Japanese message for a database that cannot take the write now (locked, read-only, gone);
    None for any other error. Nothing was written: the form keeps what was typed."""
    from sqlalchemy.exc import OperationalError

    from app.store.errors import StoreError

    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, OperationalError):
        text = str(error.orig).lower()
        if "locked" in text or "busy" in text:
            return ("データベースは他のプログラムが使用中のため、保存できませんでした。入力内容はそのままです。"
                    "しばらくしてからもう一度実行してください")
        if "readonly" in text or "read-only" in text:
            return "データベースファイルに書き込めないため、保存できませんでした（読み取り専用）。入力内容はそのままです"
        return "データベースに保存できませんでした。入力内容はそのままです。データベースの場所と空き容量を確認してください"
    return None
