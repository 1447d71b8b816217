"""One rule for the interest a charge bears: 14.6% on the fees (8.2), the statutory rate on a penalty
or a 16.3 sum (SPEC 6), none on collection costs; the contract view, the home screen, the payment
dialog and the late-interest letter all ask it."""
from __future__ import annotations

from datetime import date

from app import terms
from app.models import ChargeKind
from app.usecases.payments import accrued_interest
from tests.terms.spec_examples import CALENDAR


def test_fees_bear_the_spec_late_interest() -> None:
    examples = [(args, expected) for _section, function, args, expected in CALENDAR if function == "late_interest"]
    assert examples
    for (balance, due, paid), expected in examples:
        for kind in (ChargeKind.MONTHLY, ChargeKind.INITIAL, ChargeKind.CHANGE):
            assert accrued_interest(kind, balance, due, (), paid) == expected


def test_a_penalty_bears_the_statutory_rate_and_collection_costs_none() -> None:
    due, until = date(2026, 5, 31), date(2026, 8, 31)
    statutory = terms.statutory_interest(300_000, due, until)
    assert statutory > 0
    for kind in (ChargeKind.PENALTY, ChargeKind.PROVIDER_TERMINATION):
        assert accrued_interest(kind, 300_000, due, (), until) == statutory
    assert accrued_interest(ChargeKind.COLLECTION_COST, 300_000, due, (), until) == 0
    assert accrued_interest(ChargeKind.MONTHLY, 300_000, due, (), due) == 0  # not late yet


def test_payments_after_the_day_asked_do_not_count() -> None:
    due, until = date(2025, 5, 31), date(2025, 7, 15)
    without = accrued_interest(ChargeKind.MONTHLY, 330_000, due, (), until)
    assert accrued_interest(ChargeKind.MONTHLY, 330_000, due, ((date(2025, 8, 1), 330_000),), until) == without
    assert accrued_interest(ChargeKind.MONTHLY, 330_000, due, ((date(2025, 6, 30), 330_000),), until) < without
