"""SPEC.md's worked examples, read from one table (tests/terms/spec_examples.py)."""
from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

import app.terms as terms
from app.terms.interest import late_interest
from app.terms.profile import default_registry
from tests.terms.spec_examples import (
    CALENDAR,
    LATE_INTEREST_366,
    PENALTY,
    PENALTY_FEE,
    PENALTY_INITIAL_END,
    PENALTY_START,
)


@pytest.mark.parametrize(("section", "name", "args", "expected"), CALENDAR,
                         ids=[f"s{s}-{n}-{a[0]}" for s, n, a, _ in CALENDAR])
def test_spec_example(section: str, name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert getattr(terms, name)(*args) == expected


@pytest.mark.parametrize(("notice", "end", "allowed", "first", "latest", "months", "penalty", "names"), PENALTY,
                         ids=[f"{n}-{e}" for n, e, *_ in PENALTY])
def test_spec_penalty_table(notice: date, end: date, allowed: bool, first: date, latest: date,
                            months: int, penalty: int, names: str | None) -> None:
    quote = terms.termination_quote(PENALTY_START, PENALTY_FEE, notice, end, PENALTY_INITIAL_END)
    assert (quote.allowed, quote.earliest_end, quote.latest_end, quote.term_end) == (allowed, first, latest, latest)
    assert (quote.remaining_months, quote.penalty) == (months, penalty)
    if names:
        assert names in quote.reason
        with pytest.raises(terms.TermsInputError) as refused:
            terms.require_allowed(quote)
        assert refused.value.allowed == (first if end < first else latest)
    else:
        assert quote.reason == ""
        assert terms.require_allowed(quote) is quote


def test_penalty_table_same_without_explicit_initial_end() -> None:
    # 2026-04-30 is also the minimum term end of a 2025-04-15 start
    for notice, end, *_rest in PENALTY:
        assert terms.termination_quote(PENALTY_START, PENALTY_FEE, notice, end) == terms.termination_quote(
            PENALTY_START, PENALTY_FEE, notice, end, PENALTY_INITIAL_END)


def test_late_interest_366_basis_gives_the_spec_figure() -> None:
    balance, due, paid, expected = LATE_INTEREST_366
    profile = dataclasses.replace(default_registry().for_date(due), day_count=366)
    assert late_interest(balance, due, paid, profile) == expected
    assert late_interest(balance, due, paid) != expected


def test_notice_in_time_examples_under_both_readings() -> None:
    assert terms.notice_in_time(date(2026, 3, 31), date(2026, 4, 30))
    assert not terms.notice_in_time(date(2026, 4, 1), date(2026, 4, 30))
    assert terms.notice_in_time(date(2026, 3, 29), date(2026, 4, 30), reading="clear-month")
    assert not terms.notice_in_time(date(2026, 3, 30), date(2026, 4, 30), reading="clear-month")


def test_quote_marks_events_before_the_oldest_profile() -> None:
    early = terms.termination_quote(date(2023, 4, 1), 50_000, date(2024, 1, 10), date(2024, 2, 29))
    assert early.earlier_terms_version and early.profile_id == "2025-04-01"
    assert not terms.termination_quote(PENALTY_START, PENALTY_FEE, date(2025, 9, 10), date(2025, 10, 31)).earlier_terms_version
