"""How values are written for people: yen, dates in the user's style, weekdays (one home for each).

Screens, notices, messages and the command line all format through here, so a date reads the
same everywhere and the 西暦/和暦 setting (Settings.date_style) is honoured in one place.
"""
from __future__ import annotations

import unicodedata
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Literal


DateStyle = Literal["western", "japanese"]
DATE_STYLES: tuple[DateStyle, ...] = ("western", "japanese")  # 西暦 2026年4月1日 / 和暦 令和8年4月1日

WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")  # Monday first, as date.weekday() counts


def yen(amount: int) -> str:
    """'300,000円' (negative amounts keep their sign: '-5,000円')."""
    return f"{amount:,}円"


def format_date(day: date, style: str = "western") -> str:
    """'2026年4月1日' (western) or '令和8年4月1日' (japanese); a date before the era table's first
    supported day falls back to the western form rather than failing."""
    if style == "japanese":
        # Imported here: the era table lives in app.terms, which the first paint does not need.
        from app.terms.eras import to_wareki

        try:
            return to_wareki(day)
        except ValueError:
            pass
    elif style != "western":
        raise ValueError(f"unknown date style: {style!r}")
    return f"{day.year}年{day.month}月{day.day}日"


def format_month(day: date, style: str = "western") -> str:
    """'2026年4月' (western) or '令和8年4月' (japanese): the month of `day` in the user's style."""
    return format_date(day, style).split("月")[0] + "月"


def short_date(day: date) -> str:
    """'2026/4/1': the compact date of timelines and charts, where space is short."""
    return f"{day.year}/{day.month}/{day.day}"


def decimal_text(value: Fraction | int, max_places: int = 6) -> str:
    """Fraction(73, 5) -> '14.6', 3 -> '3': exact, without trailing zeros (no float on the way); a
    value that is not a finite decimal is rounded half up to `max_places` places."""
    scale = 10**max_places
    scaled = abs(Fraction(value)) * scale
    units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)  # half up
    whole, fraction = divmod(units, scale)
    sign = "-" if value < 0 and units else ""
    if not fraction:
        return f"{sign}{whole}"
    return f"{sign}{whole}." + str(fraction).rjust(max_places, "0").rstrip("0")


def percent(rate: Fraction | int) -> str:
    """'14.6%', '3%': a rate in percent as the terms write it (no trailing zeros)."""
    return f"{decimal_text(rate)}%"


def weekday(day: date) -> str:
    """'水': the one-character Japanese weekday."""
    return WEEKDAYS[day.weekday()]


def format_date_with_weekday(day: date, style: str = "western") -> str:
    """'2026年4月1日（水）'."""
    return f"{format_date(day, style)}（{weekday(day)}）"


def days_left(day: date, today: date) -> str:
    """'あと3日', '今日', '5日超過': how a deadline stands on `today`."""
    left = (day - today).days
    if left == 0:
        return "今日"
    return f"あと{left}日" if left > 0 else f"{-left}日超過"


@lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or a spreadsheet: 2 for each wide or full-width character,
    1 otherwise (the command line's tables, the exported sheets' column widths).

    Cached per string: a long table repeats most cells (dates, kinds, warnings), and ASCII text
    skips the per-character look-up, so 35,000 deadline rows take one look-up per distinct cell.
    """
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

