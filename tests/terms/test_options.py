"""The exit options a penalty quote compares (SPEC section 4)."""
from __future__ import annotations

from datetime import date

from app.terms import ContractTerms, FeeChange, FeeSchedule, termination_options

CONTRACT = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000))


def test_options_mid_initial_term() -> None:
    options = termination_options(CONTRACT, date(2025, 9, 10))
    earliest, latest = options.option("earliest"), options.option("latest")
    assert (earliest.last_service_day, earliest.penalty, earliest.fees_billed) == (date(2025, 10, 10), 300_000, 100_000)
    assert earliest.suggested_end == date(2025, 10, 31)  # the end month is billed in full anyway
    assert (latest.last_service_day, latest.penalty, latest.fees_billed) == (date(2026, 4, 30), 0, 400_000)
    # the penalty is outside consumption tax: ending early saves the tax on the penalty months
    assert earliest.total == 100_000 + 10_000 + 300_000
    assert latest.total == 400_000 + 40_000
    deadline = options.option("renewal_deadline")
    assert deadline.available and deadline.notice_by == date(2026, 3, 31) and deadline.penalty == 0
    after = options.option("after_renewal")
    assert after.available and after.notice_by == date(2026, 5, 1) and after.last_service_day == date(2026, 6, 1)
    assert options.penalty_tax_note == "不課税（要確認）"


def test_options_after_the_deadline_before_the_renewal_show_the_saving() -> None:
    options = termination_options(CONTRACT, date(2026, 4, 5))
    assert options.option("earliest").penalty == 550_000
    assert not options.option("renewal_deadline").available
    after = options.option("after_renewal")
    assert (after.notice_by, after.penalty, after.fees_billed) == (date(2026, 5, 1), 0, 150_000)
    assert after.total < options.option("earliest").total


def test_options_after_renewal_owe_no_penalty() -> None:
    options = termination_options(CONTRACT, date(2026, 5, 1))
    assert options.option("earliest").penalty == 0
    assert not options.option("after_renewal").available
    assert options.option("renewal_deadline").notice_by == date(2027, 3, 31)


def test_options_use_the_fee_schedule() -> None:
    contract = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000, (FeeChange(date(2026, 1, 1), 70_000),)))
    earliest = termination_options(contract, date(2025, 9, 10)).option("earliest")
    # Nov, Dec at 50,000; Jan..Apr at 70,000
    assert earliest.penalty == 2 * 50_000 + 4 * 70_000


def test_fees_billed_include_the_prorated_start_month_when_the_notice_comes_first() -> None:
    contract = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000), initial_fee=100_000)
    earliest = termination_options(contract, date(2025, 3, 20)).option("earliest")
    # initial fee + April pro-rata (26,700); the end month April is the start month
    assert earliest.last_service_day == date(2025, 4, 20)
    assert earliest.fees_billed == 100_000 + 26_700
