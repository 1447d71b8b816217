"""app.quote: the columns are app.terms' options, the cheapest is marked, the user's end date is a column."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.quote import USER_KEY, QuoteInputError, QuoteSubject, build_quote
from app.quote.articles import articles_for
from app.terms import (
    ContractTerms,
    FeeChange,
    FeeSchedule,
    termination_options,
    termination_quote_for_contract,
)
from tests.quote.strategies import contracts_and_notices
from tests.terms.spec_examples import PENALTY, PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START

SPEC = QuoteSubject(ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE), PENALTY_INITIAL_END))
TODAY = date(2025, 9, 1)


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"), PENALTY)
def test_spec_examples_as_the_users_column(notice, end, allowed, first, latest, months, penalty, names) -> None:  # type: ignore[no-untyped-def]
    quote = build_quote(SPEC, notice, issued_on=TODAY, requested_end=end)
    assert (quote.earliest_end, quote.latest_end) == (first, latest)
    if allowed:
        user = quote.column(USER_KEY)
        assert (user.penalty, user.remaining_months, user.term_end) == (penalty, months, latest)
        assert quote.refusal is None
    else:
        assert quote.refusal is not None and USER_KEY not in [c.key for c in quote.columns]
        assert quote.refusal.allowed.isoformat() in {first.isoformat(), latest.isoformat()}
        assert names in quote.refusal.message
        assert names in quote.refusal.text(lambda d: f"{d.year}年{d.month}月{d.day}日")


def _same_as_options(terms: ContractTerms, notice: date) -> None:
    quote = build_quote(QuoteSubject(terms), notice, issued_on=notice)
    options = termination_options(terms, notice)
    assert [c.key for c in quote.columns] == [o.key for o in options.options]
    for column, option in zip(quote.columns, options.options, strict=True):
        assert (column.available, column.notice_by, column.last_service_day, column.fees_billed, column.penalty,
                column.fees_tax + column.penalty_tax, column.total) == (
            option.available, option.notice_by, option.last_service_day, option.fees_billed, option.penalty,
            option.fees_tax + option.penalty_tax, option.total)
    available = [c for c in quote.columns if c.available]
    cheapest = quote.cheapest
    assert cheapest is not None and cheapest.total == min(c.total for c in available)
    assert [c for c in quote.columns if c.cheapest] == [cheapest]
    for column in available:
        assert column.difference == column.total - cheapest.total >= 0


@pytest.mark.parametrize("notice", sorted({row[0] for row in PENALTY}))
def test_columns_are_the_terms_options_for_every_spec_notice(notice: date) -> None:
    _same_as_options(SPEC.terms, notice)


@given(contracts_and_notices())
def test_columns_are_the_terms_options_for_contracts_with_fee_changes(case: tuple[ContractTerms, date]) -> None:
    _same_as_options(*case)


@given(contracts_and_notices(), st.integers(min_value=0, max_value=800))
def test_users_column_matches_app_terms(case: tuple[ContractTerms, date], days: int) -> None:
    terms, notice = case
    end = date.fromordinal(notice.toordinal() + days)
    quote = build_quote(QuoteSubject(terms), notice, issued_on=notice, requested_end=end)
    expected = termination_quote_for_contract(terms, notice, end)
    if not expected.allowed:
        assert quote.refusal is not None
        assert quote.refusal.allowed in (expected.earliest_end, expected.latest_end)
        return
    user = quote.column(USER_KEY)
    assert (user.penalty, user.remaining_months) == (expected.penalty, expected.remaining_months)
    if end == quote.earliest_end:  # the user's column for the earliest end is the "earliest" option
        earliest = quote.column("earliest")
        assert (user.fees_billed, user.penalty, user.tax, user.total) == (
            earliest.fees_billed, earliest.penalty, earliest.tax, earliest.total)


def test_renewal_straddling_notice_marks_notice_after_the_renewal_cheapest() -> None:
    """Notice on 2026-04-05: too late to stop the renewal (deadline 2026-03-31), before the renewal itself.
    Ending at once costs the renewed term (550,000); waiting for the renewal costs a month of fees more."""
    quote = build_quote(SPEC, date(2026, 4, 5), issued_on=date(2026, 4, 5))
    cheapest = quote.cheapest
    assert cheapest is not None and cheapest.key == "after_renewal"
    assert cheapest.penalty == 0 and cheapest.notice_by == date(2026, 5, 1)
    assert quote.column("earliest").penalty == 550_000
    assert quote.column("earliest").difference == quote.column("earliest").total - cheapest.total > 0
    assert not quote.column("renewal_deadline").available


def test_notice_in_good_time_marks_the_earliest_end_cheapest_against_the_remaining_term() -> None:
    quote = build_quote(SPEC, date(2025, 9, 10), issued_on=date(2025, 9, 10))
    assert quote.cheapest is not None and quote.cheapest.key == "earliest"
    assert quote.column("latest").difference == 30_000


def test_notice_before_the_start_is_refused_naming_the_start() -> None:
    with pytest.raises(QuoteInputError) as refused:
        build_quote(SPEC, date(2025, 4, 14), issued_on=TODAY)
    assert refused.value.field == "notice" and refused.value.allowed == PENALTY_START
    assert "2025年4月15日" in refused.value.message


def test_validity_and_articles() -> None:
    quote = build_quote(SPEC, date(2025, 9, 10), issued_on=date(2025, 9, 10), validity_days=30)
    assert quote.valid_until == date(2025, 10, 10)
    refs = [a.ref for a in quote.articles]
    assert refs[0] == "第9条第4項" and "第9条第3項" in refs and "第10条" not in refs
    changed = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE, (FeeChange(date(2026, 1, 1), 70_000),)))
    assert "第10条" in [a.ref for a in articles_for(changed, termination_options(changed, date(2025, 9, 10)))]
