"""app.inputs: every way a user writes a date or an amount, and a message (never a traceback) otherwise."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.inputs import MAX_YEN, InputError, parse_date, parse_month, parse_yen
from app.terms.eras import default_era_table, to_wareki

FULL_WIDTH = str.maketrans("0123456789-/.,", "０１２３４５６７８９－／．，")
INITIALS = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def written_forms(day: date) -> list[str]:
    era = default_era_table().era_of(day)
    era_year = day.year - era.first_day.year + 1
    return [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        to_wareki(day),
        f"{INITIALS[era.name]}{era_year}.{day.month}.{day.day}",
        f"{INITIALS[era.name].lower()}{era_year:02d}/{day.month:02d}/{day.day:02d}",
        f" {day.isoformat()}　",
        day.isoformat().translate(FULL_WIDTH),
        to_wareki(day).translate(FULL_WIDTH),
    ]


@given(dates)
def test_every_written_form_of_a_date_reads_back(day: date) -> None:
    for text in written_forms(day):
        assert parse_date(text) == day, text


@given(dates)
def test_every_written_form_of_a_month_reads_back(day: date) -> None:
    month = day.replace(day=1)
    era = default_era_table().era_of(day)
    era_year = day.year - era.first_day.year + 1
    for text in (f"{day.year}-{day.month:02d}", f"{day.year}/{day.month}", f"{day.year}年{day.month}月",
                 f"{era.name}{era_year}年{day.month}月", f"{INITIALS[era.name]}{era_year}.{day.month}"):
        assert parse_month(text) == month, text


@pytest.mark.parametrize(("text", "expected"), [
    ("2025/4/15", date(2025, 4, 15)),
    ("2025年4月15日", date(2025, 4, 15)),
    ("令和7年4月15日", date(2025, 4, 15)),
    ("R7.4.15", date(2025, 4, 15)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("S64.1.7", date(1989, 1, 7)),
    ("２０２５－０４－１５", date(2025, 4, 15)),
    ("2025ー04ー15", date(2025, 4, 15)),  # the long-vowel mark typed for a dash
])
def test_examples(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("0001-01-01", "1900年から2200年"),
    ("9999-12-31", "1900年から2200年"),
    ("1-1-1", "1900年から2200年"),
    ("2025-02-30", "日付が存在しません"),
    ("H31.5.1", "平成の期間外"),
    ("平成元年1月7日", "平成の期間外"),
    ("X7.4.15", "形式が正しくありません"),
    ("", "入力してください"),
    ("2025-04-15-01", "形式が正しくありません"),
    ("9" * 5000, "長すぎます"),
    ("令和" + "9" * 30 + "年1月1日", "1900年から2200年"),
])
def test_refusals_name_the_problem(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_date(text, "開始日")
    assert "開始日" in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(("text", "expected"), [
    ("50000", 50000), ("50,000", 50000), ("￥50,000", 50000), ("¥50,000円", 50000),
    ("５００００円", 50000), ("１，２３４，５６７", 1234567), ("0", 0), ("1,000,000", 1000000),
])
def test_amounts(text: str, expected: int) -> None:
    assert parse_yen(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("1,2,3", "3桁ごと"), ("12,34", "3桁ごと"), ("1234,567", "形式|3桁ごと"), (",100", "3桁ごと"),
    ("12.5", "小数"), ("-5", "負の金額"), ("▲5,000", "負の金額"), ("abc", "円単位の整数"),
    ("", "入力してください"), ("9" * 5000, "長すぎます"), ("1,000,000,000,000", "大きすぎます"),
    ("1e6", "円単位の整数"),
])
def test_amount_refusals(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        parse_yen(text, "月額費用")


def test_negative_amounts_when_allowed() -> None:
    assert parse_yen("-5", allow_negative=True) == -5
    assert parse_yen("▲1,000", allow_negative=True) == -1000
    assert parse_yen("-¥1,000円", allow_negative=True) == -1000
    assert parse_yen("-0", allow_negative=False) == 0


@given(st.integers(min_value=0, max_value=MAX_YEN))
def test_amount_round_trip(amount: int) -> None:
    for text in (str(amount), f"{amount:,}", f"{amount:,}円", f"¥{amount:,}", f"￥{amount:,}".translate(FULL_WIDTH)):
        assert parse_yen(text) == amount, text


@given(st.integers(min_value=-MAX_YEN, max_value=MAX_YEN))
def test_signed_round_trip(amount: int) -> None:
    assert parse_yen(f"{amount:,}", allow_negative=True) == amount


@given(st.text(max_size=80))
def test_any_text_gives_a_value_or_an_input_error(text: str) -> None:
    for parse in (parse_date, parse_month, parse_yen):
        try:
            parse(text)
        except InputError as error:
            assert error.message and "\n" not in error.message


@given(st.text(alphabet="0123456789,.-/年月日円¥元令和平成RH ", max_size=30))
def test_near_miss_text_gives_a_value_or_an_input_error(text: str) -> None:
    normalised = unicodedata.normalize("NFKC", text)
    for parse in (parse_date, parse_month, parse_yen):
        try:
            value = parse(normalised)
        except InputError:
            continue
        if isinstance(value, int):
            assert 0 <= value <= MAX_YEN
        else:
            assert 1900 <= value.year <= 2200


@pytest.mark.parametrize("text", ["2025-13", "2025年0月", "令和7年13月"])
def test_a_month_that_does_not_exist(text: str) -> None:
    with pytest.raises(InputError, match="適用月の年月が存在しません"):
        parse_month(text, "適用月")


def test_input_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_yen("x")
