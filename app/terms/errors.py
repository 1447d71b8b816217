"""Errors of the terms arithmetic: bad input, with a Japanese message and the field it concerns."""
from __future__ import annotations

from datetime import date


class TermsInputError(ValueError):
    """Input the terms cannot compute with. `allowed` names the nearest allowed date, if there is one."""

    def __init__(self, message: str, *, field: str | None = None, allowed: date | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.allowed = allowed


def require_fee(value: int, field: str, label: str) -> int:
    """Money is int yen, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TermsInputError(f"{label}は円単位の整数で入力してください", field=field)
    if value < 0:
        raise TermsInputError(f"{label}に負の金額は入力できません: {value}", field=field)
    return value
