from __future__ import annotations

from datetime import date

import pytest

from app.terms import FeeChange, FeeSchedule, TermsInputError, billing_plan, first_month_charge, liability_cap
from app.terms.profile import default_registry


def test_fee_schedule_applies_a_change_to_the_whole_month() -> None:
    schedule = FeeSchedule(50_000, ((date(2025, 7, 20), 60_000),))
    assert schedule.changes[0].effective_month == date(2025, 7, 1)
    assert [schedule.fee_for_month(date(2025, m, 1)) for m in (6, 7, 8)] == [50_000, 60_000, 60_000]


def test_fee_decrease_from_the_next_month_when_the_profile_says_so() -> None:
    same = FeeSchedule(50_000, ((date(2025, 7, 1), 40_000),))
    nxt = FeeSchedule(50_000, ((date(2025, 7, 1), 40_000),), "next_month")
    assert same.fee_for_month(date(2025, 7, 1)) == 40_000
    assert nxt.fee_for_month(date(2025, 7, 1)) == 50_000 and nxt.fee_for_month(date(2025, 8, 1)) == 40_000


def test_negative_or_float_fees_are_refused() -> None:
    with pytest.raises(TermsInputError, match="負の金額"):
        first_month_charge(-1, date(2025, 4, 15))
    with pytest.raises(TermsInputError, match="整数"):
        FeeSchedule(50_000.0)  # type: ignore[arg-type]


def test_billing_plan_month_by_month() -> None:
    schedule = FeeSchedule(50_000, (FeeChange(date(2025, 6, 1), 60_000, 30_000, "設置場所の移設"),))
    plan = billing_plan(date(2025, 4, 15), schedule, initial_fee=100_000, through=date(2025, 8, 31),
                        end=date(2025, 8, 10))
    assert [(line.month.month, line.kind, line.amount) for line in plan] == [
        (4, "initial", 100_000),
        (4, "first_month", 26_700),
        (5, "monthly", 50_000),
        (6, "change", 60_000),
        (6, "one_time", 30_000),
        (7, "monthly", 60_000),
        (8, "end_month", 60_000),
    ]


def test_initial_fee_is_never_billed_on_renewal() -> None:
    plan = billing_plan(date(2025, 4, 1), FeeSchedule(50_000), initial_fee=100_000, through=date(2027, 12, 31))
    assert [line.kind for line in plan].count("initial") == 1


def test_change_in_prorated_first_month_is_flagged() -> None:
    schedule = FeeSchedule(50_000, ((date(2025, 4, 1), 60_000),))
    first = billing_plan(date(2025, 4, 15), schedule, through=date(2025, 4, 30))[0]
    assert first.flags and "要判断" in first.flags[0]


def test_liability_cap_is_the_full_monthly_fee_even_in_a_prorated_month() -> None:
    assert liability_cap(FeeSchedule(50_000), date(2025, 4, 20)) == 50_000


def test_prorata_rounding_unit_comes_from_the_profile() -> None:
    import dataclasses

    profile = dataclasses.replace(default_registry().for_date(date(2025, 4, 15)), prorata_rounding_unit=1000)
    assert first_month_charge(50_000, date(2025, 4, 15), profile) == 27_000
