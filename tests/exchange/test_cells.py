"""Cell values to dates, yen and text: every written form, Excel serials, spreadsheet oddities."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.exchange.cells import CellError, cell_date, cell_text, cell_yen, excel_serial_date


@pytest.mark.parametrize("value", [
    "2025/4/15", "2025-04-15", "2025年4月15日", "令和7年4月15日", "R7.4.15", "２０２５／４／１５",
    datetime(2025, 4, 15, 0, 0), date(2025, 4, 15), 45762, 45762.0, "45762", 45762.75, "45762.75",
    "45762.99999999999999999",  # the day before the point (as a float this text rounds up to the 16th)
])
def test_dates_in_every_form(value: object) -> None:
    assert cell_date(value, "契約開始日") == date(2025, 4, 15)


@pytest.mark.parametrize("value, words", [
    ("2025/2/30", "存在しません"), ("来月", "形式"), ("平成32年1月1日", "期間外"), (-5, "範囲外"), (10**9, "範囲外"),
    (True, "TRUE"), ("#N/A", "エラー値"), ("1800/1/1", "1900"), (1e12, "範囲外"), (float("nan"), "日付ではありません"),
])
def test_bad_dates_name_the_problem(value: object, words: str) -> None:
    with pytest.raises(CellError) as caught:
        cell_date(value, "契約開始日")
    assert words in caught.value.message


def test_empty_cells_are_none() -> None:
    assert cell_date(None, "x") is None and cell_date("  ", "x") is None and cell_yen("", "x") is None


def test_excel_serials_follow_the_1900_system() -> None:
    assert excel_serial_date(61, "x") == date(1900, 3, 1)
    assert excel_serial_date(45658, "x") == date(2025, 1, 1)


@pytest.mark.parametrize("value, expected", [
    ("¥50,000", 50_000), ("￥５０，０００", 50_000), ("50000円", 50_000), (50_000, 50_000), (50_000.0, 50_000),
    ("-5,000", -5_000), ("▲5000", -5_000), ("０", 0),
])
def test_yen(value: object, expected: int) -> None:
    assert cell_yen(value, "月額") == expected


@pytest.mark.parametrize("value", ["1,2,3", "50000.5", 50000.5, "五万円", True, date(2025, 1, 1), "#VALUE!"])
def test_bad_yen(value: object) -> None:
    with pytest.raises(CellError):
        cell_yen(value, "月額")


def test_text_as_the_user_sees_it() -> None:
    assert cell_text(123.0) == "123"
    assert cell_text(datetime(2025, 4, 1)) == "2025-04-01"
    assert cell_text("'=HYPERLINK(1)") == "=HYPERLINK(1)"  # the export's guard removed
    assert cell_text("'quoted'") == "'quoted'"


def test_postal_codes_as_spreadsheets_hold_them() -> None:
    from app.exchange.record import postal_code

    assert postal_code("〒100-0001") == postal_code("１００－０００１") == postal_code("1000001") == "100-0001"
    assert postal_code("") == "" and postal_code("100") == "100"  # left for the customer check to report
