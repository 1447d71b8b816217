"""One cell to one value: dates (every written form, datetimes and Excel serial numbers), yen, text.

Text goes through `app.inputs` (the one parser of user input); what is added here is what only
spreadsheets hold: datetime cells, Excel serial numbers (1900 date system, as a number or as
digits in text), float amounts, error values such as #N/A, and the apostrophe an export put in
front of text that would otherwise start a formula.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from app.formatting import yen
from app.inputs import MAX_YEAR, MIN_YEAR, MAX_YEN, InputError, parse_date, parse_yen

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 60 is Excel's 1900-02-29 that never was; from 61 on this is exact
_SERIAL_TEXT = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")
_EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell that cannot become the value its field needs; `message` in Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _error_value(value: object) -> None:
    if isinstance(value, str) and value.strip().upper() in _EXCEL_ERRORS:
        raise CellError(f"セルがエラー値（{value.strip()}）です。Excel で計算結果を確認してください")


def excel_serial_date(days: int, label: str) -> date:
    """Excel's serial day number (1900 date system, the whole days of a serial) as a date."""
    low = (date(MIN_YEAR, 3, 1) - _EXCEL_EPOCH).days
    high = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days
    if not low <= days <= high:
        raise CellError(f"{label}の値 {days} は日付（Excel のシリアル値）として範囲外です"
                        f"（{MIN_YEAR}年3月1日〜{MAX_YEAR}年12月31日）")
    return _EXCEL_EPOCH + timedelta(days=days)


def cell_date(value: object, label: str) -> date | None:
    """None for an empty cell; CellError naming the accepted forms otherwise."""
    _error_value(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise CellError(f"{label}の年は{MIN_YEAR}年から{MAX_YEAR}年までで入力してください: {value.isoformat()}")
        return value
    if isinstance(value, bool):
        raise CellError(f"{label}が日付ではありません（TRUE/FALSE）")
    if isinstance(value, int):
        return excel_serial_date(value, label)
    if isinstance(value, float):  # a serial with a time of day, as openpyxl reads it: the day is its floor
        if math.isnan(value) or math.isinf(value):
            raise CellError(f"{label}の値が日付ではありません")
        return excel_serial_date(math.floor(value), label)
    if isinstance(value, timedelta):
        raise CellError(f"{label}が日付ではなく時間の値です")
    text = str(value).strip()
    if _SERIAL_TEXT.fullmatch(text):  # the whole days are the digits before the point: no float on the way
        return excel_serial_date(int(text.partition(".")[0]), label)
    try:
        return parse_date(text, label)
    except InputError as exc:
        raise CellError(exc.message) from None


def cell_yen(value: object, label: str) -> int | None:
    """Whole yen, negative ones included (the plan reports them); None for an empty cell."""
    _error_value(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"{label}が金額ではありません（TRUE/FALSE）")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or not value.is_integer():
            raise CellError(f"{label}は円単位の整数で入力してください（小数は使えません）: {value:g}")
        amount = int(value)
    elif isinstance(value, (date, datetime, timedelta)):
        raise CellError(f"{label}が金額ではなく日付の値です")
    else:
        try:
            amount = parse_yen(str(value), label, allow_negative=True)
        except InputError as exc:
            raise CellError(exc.message) from None
    if abs(amount) > MAX_YEN:
        raise CellError(f"{label}が大きすぎます（上限 {yen(MAX_YEN)}）")
    return amount


def cell_text(value: object) -> str:
    """Text as the user sees it: numbers without '.0', dates as 2025-04-15, the export's guard apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:2]:
        return text[1:]
    return text
