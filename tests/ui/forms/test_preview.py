"""The live fee preview (app.preview) shows the SPEC numbers for every SPEC example it covers."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import format_date, yen
from app.preview import FeeForm, KnownTerms, compute_preview, excluded_work, preview_rows
from app.terms import FeeChange
from tests.terms.spec_examples import CALENDAR, PENALTY, PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START


def examples(name: str) -> list[tuple[object, ...]]:
    found = [(*args, expected) for _section, function, args, expected in CALENDAR if function == name]
    assert found, name
    return found


def wareki(day: date) -> str:
    return f"令和{day.year - 2018}年{day.month}月{day.day}日" if day >= date(2019, 5, 1) else day.isoformat()


@pytest.mark.parametrize(("fee", "start", "expected"), examples("first_month_charge"))
def test_first_month_as_spec(fee: int, start: date, expected: int) -> None:
    preview = compute_preview(FeeForm(today=start, start=f"{start.year}/{start.month}/{start.day}",
                                      monthly_fee=f"￥{fee:,}"))
    assert preview.ok and preview.first_month == expected
    assert preview_rows(preview)[0].text == yen(expected)


@pytest.mark.parametrize(("start", "expected"), examples("minimum_term_end"))
def test_minimum_term_end_as_spec(start: date, expected: date) -> None:
    preview = compute_preview(FeeForm(today=start, start=wareki(start), monthly_fee="50000"))
    assert preview.minimum_term_end == expected
    assert preview.term_end == expected and not preview.term_confirmed
    assert any(row.text == format_date(expected) for row in preview_rows(preview))


def term_start_for(term_end: date) -> date:
    return date(term_end.year - 2, term_end.month, 1)


@pytest.mark.parametrize(("term_end", "expected"), examples("notice_deadline"))
def test_deadline_month_reading_as_spec(term_end: date, expected: date) -> None:
    start = term_start_for(term_end)
    preview = compute_preview(FeeForm(today=start, start=start.isoformat(), monthly_fee="50000",
                                      term_end=term_end.isoformat()))
    assert preview.deadline is not None and preview.deadline.term_end == term_end
    assert preview.deadline.month == expected
    assert any(format_date(expected) in row.text for row in preview_rows(preview))


@pytest.mark.parametrize(("term_end", "expected"), examples("strict_notice_deadline"))
def test_deadline_strict_reading_as_spec(term_end: date, expected: date) -> None:
    start = term_start_for(term_end)
    preview = compute_preview(FeeForm(today=start, start=start.isoformat(), monthly_fee="50000",
                                      term_end=term_end.isoformat()))
    assert preview.deadline is not None and preview.deadline.strict == expected
    assert any(format_date(expected) in row.text for row in preview_rows(preview))


@pytest.mark.parametrize(("notice", "expected"), examples("earliest_end"))
def test_earliest_end_as_spec(notice: date, expected: date) -> None:
    preview = compute_preview(FeeForm(today=notice, start=PENALTY_START.isoformat(), monthly_fee=str(PENALTY_FEE)))
    assert preview.penalty is not None and preview.penalty.end == expected
    assert preview.penalty.quote.earliest_end == expected


@pytest.mark.parametrize(("notice", "end", "allowed", "earliest", "latest", "months", "penalty", "names"), PENALTY)
def test_penalty_table_as_spec(notice: date, end: date, allowed: bool, earliest: date, latest: date, months: int,
                               penalty: int, names: str | None) -> None:
    preview = compute_preview(FeeForm(today=notice, start=PENALTY_START.isoformat(), monthly_fee=str(PENALTY_FEE),
                                      term_end=PENALTY_INITIAL_END.isoformat(), notice=notice.isoformat(),
                                      end=end.isoformat()))
    assert preview.penalty is not None
    quote = preview.penalty.quote
    assert (quote.allowed, quote.earliest_end, quote.latest_end, quote.remaining_months, quote.penalty) == (
        allowed, earliest, latest, months, penalty)
    row = preview_rows(preview)[5]
    if names is None:
        assert yen(penalty) in row.text and row.kind == "value"
    else:
        assert names in row.text and row.kind == "error"


def test_penalty_if_notice_today_with_the_stored_contracts_terms() -> None:
    known = KnownTerms(start=PENALTY_START, monthly_fee=PENALTY_FEE)
    preview = compute_preview(FeeForm(today=date(2025, 9, 10), known=known))
    assert preview.penalty is not None and preview.penalty.quote.penalty == 300_000


@pytest.mark.parametrize(("field", "text", "words"), [
    ("start", "2025/4/31", "存在しません"),
    ("start", "H32.1.1", "期間外"),
    ("start", "9999-01-01", "2200年"),
    ("monthly_fee", "5万", "整数"),
    ("monthly_fee", "1,2,3", "カンマ"),
    ("monthly_fee", "0", "1円以上"),
    ("monthly_fee", "9" * 5000, "長すぎ"),
    ("initial_fee", "-100", "負の金額"),
    ("term_end", "2025-05-01", "最低利用期間"),
    ("notice", "昨日", "形式"),
    ("end", "2025/13/1", "存在しません"),
])
def test_an_invalid_field_shows_its_message_in_place_of_numbers(field: str, text: str, words: str) -> None:
    values = {"start": "2025-04-15", "monthly_fee": "50,000", field: text}
    preview = compute_preview(FeeForm(today=date(2025, 9, 10), **values))  # type: ignore[arg-type]
    assert words in preview.errors[field]
    assert any(words in row.text and row.kind == "error" for row in preview_rows(preview))


def test_change_in_the_pro_rated_first_month_and_art6_work_are_flagged() -> None:
    known = KnownTerms(start=date(2025, 4, 15), monthly_fee=50_000)
    preview = compute_preview(FeeForm(today=date(2025, 4, 20), known=known, change_month="2025-04",
                                      change_fee="60,000", change_description="機器の移動と故障原因の解析"))
    assert any("日割" in flag for flag in preview.flags)
    assert sum("適用除外" in flag for flag in preview.flags) == 2
    months = [(line.month, line.amount) for line in preview.billing if line.kind != "initial"]
    assert months[0] == (date(2025, 4, 1), 32_000)  # the new fee pro-rated in the start month


def test_billing_around_a_change_uses_the_new_fee_for_the_whole_month() -> None:
    known = KnownTerms(start=date(2025, 4, 15), monthly_fee=50_000, changes=(FeeChange(date(2025, 6, 1), 55_000),))
    preview = compute_preview(FeeForm(today=date(2025, 9, 10), known=known, change_month="令和7年10月",
                                      change_fee="70000", change_one_time="¥30,000"))
    billed = {(line.month, line.kind): line.amount for line in preview.billing}
    assert billed[(date(2025, 8, 1), "monthly")] == 55_000
    assert billed[(date(2025, 10, 1), "change")] == 70_000
    assert billed[(date(2025, 10, 1), "one_time")] == 30_000
    assert min(line.month for line in preview.billing) == date(2025, 8, 1)


def test_excluded_work_names_the_articles() -> None:
    assert excluded_work("設定の変更") == ()
    assert excluded_work("オーバーホール") == ("第6条(5) 対象機器のオーバーホール",)


FIELDS = ("start", "monthly_fee", "initial_fee", "term_end", "change_month", "change_fee", "change_one_time",
          "notice", "end")
TYPED = st.one_of(
    st.text(max_size=12),
    st.dates(min_value=date(1890, 1, 1), max_value=date(2300, 12, 31)).map(lambda d: f"{d.year}/{d.month}/{d.day}"),
    st.integers(min_value=-10**6, max_value=10**13).map(lambda n: f"{n:,}"),
    st.sampled_from(["令和7年4月15日", "R7.4.15", "２０２５－０４－１５", "￥５０，０００", "2199/12/31", "1900/1/1"]),
)


@given(values=st.fixed_dictionaries({}, optional={name: TYPED for name in FIELDS}),
       today=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
def test_any_typing_gives_numbers_or_messages_never_an_exception(values: dict[str, str], today: date) -> None:
    preview = compute_preview(FeeForm(today=today, **values))  # type: ignore[arg-type]
    rows = preview_rows(preview)
    assert rows and all(row.text for row in rows)
    assert all(isinstance(message, str) and message for message in preview.errors.values())
    if preview.first_month is not None and preview.start is not None and preview.start.day != 1:
        assert preview.first_month >= 0
