"""Late-payment interest (Art 8.2, SPEC section 6) and the statutory rate for an unpaid penalty."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import floor

from app.terms.calendar import ONE_DAY
from app.terms.errors import TermsInputError
from app.terms.profile import TermsProfile, profile_for


def _interest(balance: int, rate_percent: Fraction, days: int, day_count: int) -> int:
    return floor(balance * rate_percent * days / (100 * day_count))


def late_days(due: date, paid: date) -> int:
    """Days from the day after the due date through the payment date; 0 when paid on time."""
    return max(0, (paid - due).days)


def late_interest(balance: int, due: date, paid: date, profile: TermsProfile | None = None) -> int:
    """floor(balance × 14.6% × days / 365) on a fee balance that includes consumption tax."""
    if balance < 0:
        raise TermsInputError(f"残高に負の金額は入力できません: {balance}", field="balance")
    profile = profile or profile_for(due)
    return _interest(balance, profile.late_rate_percent, late_days(due, paid), profile.day_count)


@dataclass(frozen=True)
class InterestPeriod:
    first_day: date  # first day of interest in this period
    last_day: date
    balance: int
    days: int
    interest: int


def late_interest_periods(
    balance: int,
    due: date,
    payments: Iterable[tuple[date, int]],
    until: date,
    profile: TermsProfile | None = None,
) -> tuple[InterestPeriod, ...]:
    """Interest summed per period of constant balance, with partial payments (date, amount)."""
    profile = profile or profile_for(due)
    periods: list[InterestPeriod] = []
    current, remaining = due, balance
    for paid, amount in sorted(payments):
        if amount <= 0 or amount > remaining:
            raise TermsInputError(f"入金額が不正です: {amount}", field="amount")
        days = late_days(current, paid)
        if days:
            periods.append(
                InterestPeriod(current + ONE_DAY, paid, remaining, days,
                               _interest(remaining, profile.late_rate_percent, days, profile.day_count))
            )
            current = paid
        remaining -= amount
        if remaining == 0:
            break
    if remaining and late_days(current, until):
        days = late_days(current, until)
        periods.append(
            InterestPeriod(current + ONE_DAY, until, remaining, days,
                           _interest(remaining, profile.late_rate_percent, days, profile.day_count))
        )
    return tuple(periods)


def statutory_interest(balance: int, due: date, paid: date, profile: TermsProfile | None = None) -> int:
    """Interest on an unpaid penalty at the statutory rate in force when the default began (Civil Code 404, 419)."""
    profile = profile or profile_for(due)
    rate = profile.statutory_rate_on(due + ONE_DAY)
    return _interest(balance, rate, late_days(due, paid), 365)
