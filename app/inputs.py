"""Parsing what users type: dates and yen amounts, the one home for the CLI, the forms and the import.

Everything goes through NFKC first, so full-width digits and punctuation (``２０２５／４／１５``,
``￥５０，０００``) read like their ASCII forms. Bad input raises `InputError`, a ValueError whose
message is one Japanese line saying what is accepted; nothing here raises anything else,
whatever the text (5,000-digit numbers and year 9999 included).

    parse_date("2025/4/15") == parse_date("令和7年4月15日") == parse_date("R7.4.15") == date(2025, 4, 15)
    parse_month("2026-01") == parse_month("令和8年1月") == date(2026, 1, 1)
    parse_yen("￥50,000") == parse_yen("５００００円") == 50000
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.terms.eras import Era, EraTable, default_era_table, to_japanese_date

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_YEN = 999_999_999_999  # below one trillion yen: far above any contract, far below any overflow
MAX_INPUT_LENGTH = 64  # longer text is refused before any number is built from it

DATE_EXAMPLES = "2025-04-15、2025/4/15、2025年4月15日、令和7年4月15日、R7.4.15"
MONTH_EXAMPLES = "2026-01、2026/1、2026年1月、令和8年1月、R8.1"

# The initials used for eras on forms (R7.4.15); the era names and first days are data/eras.json.
ERA_INITIALS = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"})
_WESTERN_DATE = re.compile(r"(?P<y>[0-9]+)[-/.年](?P<m>[0-9]{1,2})[-/.月](?P<d>[0-9]{1,2})日?")
_COMPACT_DATE = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})")
_WESTERN_MONTH = re.compile(r"(?P<y>[0-9]+)(?:[-/.](?P<m>[0-9]{1,2})|年(?P<m2>[0-9]{1,2})月?)")
_ERA_DATE = re.compile(
    r"(?P<era>[^\d元]+?)(?P<y>[0-9]+|元)(?:年|[-/.])(?P<m>[0-9]{1,2})(?:月|[-/.])(?P<d>[0-9]{1,2})日?"
)
_ERA_MONTH = re.compile(r"(?P<era>[^\d元]+?)(?P<y>[0-9]+|元)(?:年|[-/.])(?P<m>[0-9]{1,2})月?")
_YEN_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


class InputError(ValueError):
    """Input that cannot be used; `message` is one Japanese line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise(text: str) -> str:
    """NFKC, dash look-alikes to '-', all white space removed: '２０２５－０４－１５ ' -> '2025-04-15'."""
    value = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(value.split())


def _shown(text: str) -> str:
    """The user's text for a message: one line, not too long."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 30 else one_line[:30] + "…"


def _too_long(text: str, label: str) -> None:
    if len(text) > MAX_INPUT_LENGTH:
        raise InputError(f"{label}が長すぎます（{len(text):,}文字）: '{_shown(text)}'")


def _check_year(year: int, text: str, label: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(f"{label}の年は{MIN_YEAR}年から{MAX_YEAR}年までで入力してください: '{_shown(text)}'")


def _calendar_date(year: int, month: int, day: int, text: str, label: str, what: str = "日付") -> date:
    _check_year(year, text, label)
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{label}の{what}が存在しません: '{_shown(text)}'") from None


def _era_named(token: str, table: EraTable) -> Era | None:
    for era in table.eras:
        if token == era.name or token.upper() == ERA_INITIALS.get(era.name):
            return era
    return None


def _era_bounds(era: Era, table: EraTable) -> tuple[date, date | None]:
    """The first day of `era` and the first day of the era after it (None for the current one)."""
    later = [other.first_day for other in table.eras if other.first_day > era.first_day]
    return era.first_day, min(later) if later else None


def _era_year(era: Era, year_text: str, text: str, label: str) -> int:
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        raise InputError(f"{label}の{era.name}の年が正しくありません: '{_shown(text)}'")
    return era.first_day.year + era_year - 1


def _outside_era(era: Era, table: EraTable, text: str, label: str) -> InputError:
    first, after = _era_bounds(era, table)
    until = "" if after is None else to_japanese_date(date.fromordinal(after.toordinal() - 1))
    return InputError(
        f"{label}が{era.name}の期間外です: '{_shown(text)}'（{era.name}は{to_japanese_date(first)}〜{until}）"
    )


def parse_date(text: str, label: str = "日付", *, eras: EraTable | None = None) -> date:
    """A calendar date typed in any of the usual Japanese ways (see DATE_EXAMPLES); InputError otherwise."""
    _too_long(text, label)
    value = normalise(text)
    if not value:
        raise InputError(f"{label}を入力してください（例: {DATE_EXAMPLES}）")
    match = _WESTERN_DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if match:
        return _calendar_date(int(match["y"]), int(match["m"]), int(match["d"]), text, label)
    match = _ERA_DATE.fullmatch(value)
    if match:
        table = eras or default_era_table()
        era = _era_named(match["era"], table)
        if era is not None:
            year = _era_year(era, match["y"], text, label)
            day = _calendar_date(year, int(match["m"]), int(match["d"]), text, label)
            first, after = _era_bounds(era, table)
            if day < first or (after is not None and day >= after):
                raise _outside_era(era, table, text, label)
            return day
    raise InputError(f"{label}の形式が正しくありません: '{_shown(text)}'（例: {DATE_EXAMPLES}）")


def parse_month(text: str, label: str = "年月", *, eras: EraTable | None = None) -> date:
    """A month (its first day) such as '2026-01', '2026年1月', '令和8年1月', 'R8.1'; InputError otherwise."""
    _too_long(text, label)
    value = normalise(text)
    if not value:
        raise InputError(f"{label}を入力してください（例: {MONTH_EXAMPLES}）")
    match = _WESTERN_MONTH.fullmatch(value)
    if match:
        return _calendar_date(int(match["y"]), int(match["m"] or match["m2"]), 1, text, label, "年月")
    match = _ERA_MONTH.fullmatch(value)
    if match:
        table = eras or default_era_table()
        era = _era_named(match["era"], table)
        if era is not None:
            year = _era_year(era, match["y"], text, label)
            month = _calendar_date(year, int(match["m"]), 1, text, label, "年月")
            first, after = _era_bounds(era, table)
            if month < first.replace(day=1) or (after is not None and month >= after):
                raise _outside_era(era, table, text, label)
            return month
    raise InputError(f"{label}の形式が正しくありません: '{_shown(text)}'（例: {MONTH_EXAMPLES}）")


def parse_yen(text: str, label: str = "金額", *, allow_negative: bool = False, maximum: int = MAX_YEN) -> int:
    """Whole yen: '50000', '50,000', '￥50,000', '５００００', '50,000円'; '-' or '▲' in front when allowed.

    Commas must group digits by three ('1,2,3' is refused); yen below one (decimals) are refused.
    """
    _too_long(text, label)
    value = normalise(text)
    if not value:
        raise InputError(f"{label}を入力してください（円単位の整数、例: 50,000）")
    negative = False
    for sign in ("-", "▲", "△"):
        for prefix in (sign, "¥" + sign, "\\" + sign):
            if value.startswith(prefix):
                negative = True
                value = value[len(prefix):]
                break
        if negative:
            break
    value = value.removeprefix("¥").removeprefix("\\").removesuffix("円")
    if not _YEN_DIGITS.fullmatch(value):
        if re.fullmatch(r"[0-9,]*\.[0-9]*", value) and any(c.isdigit() for c in value):
            raise InputError(f"{label}は円単位の整数で入力してください（小数は使えません）: '{_shown(text)}'")
        if re.fullmatch(r"[0-9,]+", value):
            raise InputError(f"{label}のカンマは3桁ごとの区切りにだけ使えます: '{_shown(text)}'")
        raise InputError(f"{label}は円単位の整数で入力してください: '{_shown(text)}'（例: 50,000）")
    amount = int(value.replace(",", ""))
    if negative and amount:
        if not allow_negative:
            raise InputError(f"{label}に負の金額は入力できません: '{_shown(text)}'")
        amount = -amount
    if abs(amount) > maximum:
        raise InputError(f"{label}が大きすぎます（上限 {maximum:,}円）: '{_shown(text)}'")
    return amount
