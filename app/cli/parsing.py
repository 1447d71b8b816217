"""Parsing command-line values: full-width input is accepted (NFKC), errors are one Japanese line."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.cli.errors import CliError

_DATE = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?")
_MONTH = re.compile(r"(\d{4})[-/年](\d{1,2})月?")


def normalise(text: str) -> str:
    """NFKC: '５００００' -> '50000', '２０２５－０４－１５' -> '2025-04-15'; thousands separators dropped."""
    return unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace("ー", "-")


def parse_date(text: str, label: str) -> date:
    value = normalise(text)
    match = _DATE.fullmatch(value)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CliError(f"{label}の日付が正しくありません: '{text}'（例: 2025-04-15）")


def parse_month(text: str, label: str) -> date:
    value = normalise(text)
    match = _MONTH.fullmatch(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    raise CliError(f"{label}の年月が正しくありません: '{text}'（例: 2026-01）")


def parse_yen(text: str, label: str) -> int:
    value = normalise(text).replace(",", "").removesuffix("円")
    if not re.fullmatch(r"-?\d+", value):
        raise CliError(f"{label}は円単位の整数で入力してください: '{text}'")
    amount = int(value)
    if amount < 0:
        raise CliError(f"{label}に負の金額は入力できません: {amount:,}円")
    return amount


def yen(amount: int) -> str:
    return f"{amount:,}円"
