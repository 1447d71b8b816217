"""The quote presenter (no Qt): typed text in, table text out; bad input is a message, never an exception."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from app.formatting import format_date, yen
from app.quote import QuoteSubject
from app.terms import ContractTerms, FeeSchedule, termination_options
from tests.quote.strategies import contracts_and_notices
from tests.terms.spec_examples import PENALTY, PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START
from app.quote.text import ROW_LABELS, TOTAL_ROW
from ui.presenters.quote import QuotePresenter, QuoteScreenState

TODAY = date(2025, 9, 10)


def prospect(**texts: str) -> QuotePresenter:
    presenter = QuotePresenter(today=TODAY)
    for name, text in {"start": "2025-04-15", "monthly": "50,000", "initial_end": "2026/4/30", **texts}.items():
        presenter.set_field(name, text)
    return presenter


def cell(state: QuoteScreenState, row: str, key: str) -> str:
    assert state.table is not None
    return state.table.rows[ROW_LABELS.index(row)][state.table.keys.index(key)]


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"), PENALTY)
def test_spec_examples_on_screen(notice, end, allowed, first, latest, months, penalty, names) -> None:  # type: ignore[no-untyped-def]
    presenter = prospect(notice=notice.isoformat())
    state = presenter.set_field("end", end.isoformat())
    assert state.table is not None
    if allowed:
        assert "end" not in state.errors
        assert cell(state, "解約違約金", "user").startswith(yen(penalty))
    else:
        assert names in state.errors["end"] and "user" not in state.table.keys
    assert format_date(first) in state.summary and format_date(latest) in state.summary


@given(contracts_and_notices())
def test_table_text_equals_app_terms(case: tuple[ContractTerms, date]) -> None:
    terms, notice = case
    presenter = QuotePresenter(today=notice, subject=QuoteSubject(terms), date_style="japanese")
    state = presenter.set_notice(notice)
    assert state.table is not None and not state.errors
    for option in termination_options(terms, notice).options:
        if option.available:
            assert cell(state, "合計", option.key) == yen(option.total)
            assert cell(state, "最終利用日", option.key) == format_date(option.last_service_day, "japanese")
            assert cell(state, "解約違約金", option.key).startswith(yen(option.penalty))


def test_the_cheapest_column_is_marked_and_the_others_show_the_difference() -> None:
    state = prospect().set_field("notice", "2026-04-05")
    assert state.table is not None and state.table.cheapest == state.table.keys.index("after_renewal")
    assert state.table.headers[state.table.cheapest].startswith("【最安】")
    assert cell(state, "最安との差額", "after_renewal") == "最安"
    assert cell(state, "最安との差額", "earliest") == "+" + yen(660_000 - 165_000)
    assert state.table.rows[TOTAL_ROW][state.table.cheapest] == yen(165_000)


@pytest.mark.parametrize(("field", "text", "words"), [
    ("notice", "2025-02-30", "存在しません"),
    ("notice", "9999-12-31", "1900"),
    ("notice", "あした", "形式"),
    ("notice", "2025-01-01", "開始日"),
    ("end", "2025-10-09", "2025年10月10日"),
    ("end", "2030-01-31", "2026年4月30日"),
    ("monthly", "-50000", "負の金額"),
    ("monthly", "5万", "整数"),
    ("monthly", "1,2,3", "3桁"),
    ("start", "", "開始日を入力"),
    ("initial_end", "2026-03-31", "最低利用期間の満了日"),
    ("changes", "2026-13:5000", "変更契約の適用月"),
    ("changes", "7万円から", "2026-01:70000"),
])
def test_bad_input_is_a_message_on_its_field(field: str, text: str, words: str) -> None:
    state = prospect().set_field(field, text)
    assert words in state.errors[field]
    assert not state.can_print


def test_the_notice_follows_today_until_typed_and_a_later_start() -> None:
    presenter = QuotePresenter(today=date(2025, 3, 1))
    presenter.set_field("start", "2025-04-15")
    state = presenter.set_field("monthly", "50000")
    assert not state.errors and state.quote is not None and state.quote.notice_date == date(2025, 4, 15)
    state = presenter.set_field("notice", "2025-09-10")
    assert state.quote is not None and state.quote.notice_date == date(2025, 9, 10)


def test_a_stored_contracts_quote_and_presenter_mode_hide_internal_notes() -> None:
    subject = QuoteSubject(ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE), PENALTY_INITIAL_END),
                           contract_number="C-0001", contract_id=1, internal_notes="値引き交渉中")
    seen: list[QuoteScreenState] = []
    presenter = QuotePresenter(today=TODAY, subject=subject, on_change=seen.append)
    assert any("値引き交渉中" in line for line in presenter.state.internal)  # type: ignore[union-attr]
    state = presenter.set_presenter_mode(True)
    assert state.presenter_mode and seen[-1] is state and state.shown_internal == ()
    state = presenter.use_column_end("latest")
    assert state.quote is not None and state.quote.requested_end == date(2026, 4, 30)
    assert "C-0001" in state.title
