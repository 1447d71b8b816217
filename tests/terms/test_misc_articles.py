from __future__ import annotations

from datetime import date

import pytest

from app.terms import (
    GROUNDS,
    FeeSchedule,
    confidentiality_end,
    document_tax,
    late_interest_periods,
    oral_disclosure_marking_deadline,
    provider_termination_sum,
    registration_number_valid,
    statutory_interest,
    tax_on,
    to_wareki,
    wareki_year,
)


def test_provider_termination_sum_has_no_after_renewal_exemption() -> None:
    schedule = FeeSchedule(50_000)
    # terminated 2026-06-15, in the first renewed term (to 2027-04-30): Jul..Apr = 10 months
    assert provider_termination_sum(date(2025, 4, 15), schedule, date(2026, 6, 15)) == 500_000
    assert provider_termination_sum(date(2025, 4, 15), schedule, date(2025, 10, 20)) == 300_000


def test_grounds_cover_spec_section_5() -> None:
    assert set(GROUNDS) == {"15.3", "15.4", "16.1", *(f"16.2({i})" for i in range(1, 11))}
    assert GROUNDS["16.1"].who == ("provider",) and GROUNDS["16.1"].procedure == "cure_notice"
    assert GROUNDS["15.3"].provider_money == "damages"
    assert GROUNDS["15.4"].procedure == "request_measures" and GROUNDS["15.4"].provider_money == "16.3"
    assert "3分の1" in GROUNDS["16.2(7)"].label


def test_confidentiality_dates() -> None:
    assert confidentiality_end(date(2026, 4, 30)) == date(2028, 4, 30)
    assert confidentiality_end(date(2026, 2, 28)) == date(2028, 2, 29)
    assert oral_disclosure_marking_deadline(date(2026, 3, 2)) == date(2026, 4, 1)


def test_late_interest_with_partial_payments_sums_per_constant_balance() -> None:
    periods = late_interest_periods(330_000, date(2025, 5, 31), [(date(2025, 6, 30), 110_000)], date(2025, 7, 15))
    assert [(p.balance, p.days) for p in periods] == [(330_000, 30), (220_000, 15)]
    assert sum(p.interest for p in periods) == 3_960 + 1_320


def test_statutory_interest_for_an_unpaid_penalty() -> None:
    assert statutory_interest(300_000, date(2025, 5, 31), date(2025, 7, 15)) == 300_000 * 3 * 45 // 36500


def test_consumption_tax_once_per_document_per_rate_rounded_down() -> None:
    lines = document_tax([(26_701, 10), (50_001, 10), (300_000, 0)])
    assert [(t.rate_percent, t.base, t.tax) for t in lines] == [(0, 300_000, 0), (10, 76_702, 7_670)]
    assert tax_on(26_701) == 2_670


@pytest.mark.parametrize(("number", "valid"), [
    ("T7000012050002", True), ("T8000012050002", False), ("7000012050002", False), ("T700001205000", False),
])
def test_registration_number_check_digit(number: str, valid: bool) -> None:
    assert registration_number_valid(number) is valid


@pytest.mark.parametrize(("day", "text"), [
    (date(2019, 5, 1), "令和元年5月1日"), (date(2019, 4, 30), "平成31年4月30日"), (date(2025, 4, 15), "令和7年4月15日"),
    (date(1989, 1, 8), "平成元年1月8日"), (date(1989, 1, 7), "昭和64年1月7日"), (date(1926, 12, 25), "昭和元年12月25日"),
])
def test_wareki(day: date, text: str) -> None:
    assert to_wareki(day) == text


def test_wareki_refuses_dates_before_the_gregorian_calendar() -> None:
    with pytest.raises(ValueError):
        wareki_year(date(1872, 12, 31))
