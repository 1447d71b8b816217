"""Small input checks shared by the use cases; each raises ValidationError naming the field."""
from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlmodel import Session, SQLModel

from app.formatting import format_date
from app.usecases.errors import NotFoundError, ValidationError

M = TypeVar("M", bound=SQLModel)


def get_or_error(session: Session, model: type[M], row_id: int, what: str) -> M:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what}（ID {row_id}）が見つかりません")
    return row


def money(value: object, field: str, label: str, *, positive: bool = False) -> int:
    """An amount of yen: an int (never a float or a bool), not negative (or > 0 when `positive`)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(f"{label}は円単位の整数で入力してください", field)
    if value < 0 or (positive and value == 0):
        raise ValidationError(f"{label}は{'1円以上' if positive else '0円以上'}で入力してください", field)
    return value


def a_date(value: object, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(f"{label}を日付で入力してください", field)
    return value


def not_after(value: date, limit: date, field: str, label: str, limit_label: str) -> None:
    if value > limit:
        raise ValidationError(f"{label}（{format_date(value)}）が{limit_label}（{format_date(limit)}）より後です", field)


def not_before(value: date, limit: date, field: str, label: str, limit_label: str) -> None:
    if value < limit:
        raise ValidationError(f"{label}（{format_date(value)}）が{limit_label}（{format_date(limit)}）より前です", field)


def not_future(value: date, today: date, field: str, label: str) -> None:
    not_after(value, today, field, label, "今日")


def text(value: object, field: str, label: str, *, required: bool = False, max_length: int = 2000) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{label}を文字で入力してください", field)
    stripped = value.strip()
    if required and not stripped:
        raise ValidationError(f"{label}を入力してください", field)
    if len(stripped) > max_length:
        raise ValidationError(f"{label}は{max_length}文字以内で入力してください", field)
    return stripped
