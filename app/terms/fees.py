"""Fees (Art 8, 10): first-month pro-rata, fee schedules with change contracts, and the billing plan."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.terms.calendar import add_months, days_in_month, month_first, months_from_to
from app.terms.errors import TermsInputError, require_fee
from app.terms.profile import TermsProfile, profile_for


def round_up(amount_numerator: int, denominator: int, unit: int) -> int:
    """Round the exact fraction numerator/denominator UP to a multiple of `unit` (integers only)."""
    units = -(-amount_numerator // (denominator * unit))
    return units * unit


def first_month_charge(monthly_fee: int, start: date, profile: TermsProfile | None = None) -> int:
    """The start month's fee: pro-rata by days used, rounded up to 100 yen, or the full fee from the 1st (8.1(2))."""
    require_fee(monthly_fee, "monthly_fee", "月額費用")
    if start.day == 1:
        return monthly_fee
    profile = profile or profile_for(start)
    days = days_in_month(start)
    used = days - start.day + 1
    return round_up(monthly_fee * used, days, profile.prorata_rounding_unit)


@dataclass(frozen=True)
class FeeChange:
    """A change contract (Art 10): a new monthly fee for the whole month in which the changed service starts."""

    effective_month: date
    monthly_fee: int
    one_time_fee: int = 0  # e.g. an initial fee charged again for relocation or configuration change
    description: str = ""

    def __post_init__(self) -> None:
        if self.effective_month.day != 1:
            object.__setattr__(self, "effective_month", month_first(self.effective_month))
        require_fee(self.monthly_fee, "new_monthly_fee", "変更後の月額費用")
        require_fee(self.one_time_fee, "one_time_fee", "一時費用")


@dataclass(frozen=True)
class FeeSchedule:
    """The monthly fee month by month: a base fee and change contracts.

    `changes` may also be given as (effective month, fee) pairs; they are normalised to FeeChange.
    """

    base_fee: int
    changes: tuple[FeeChange, ...] = ()
    decrease_effective: Literal["same_month", "next_month"] = "same_month"
    _steps: tuple[tuple[date, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        require_fee(self.base_fee, "monthly_fee", "月額費用")
        raw: tuple[object, ...] = tuple(self.changes)
        normalised = tuple(c if isinstance(c, FeeChange) else FeeChange(*c) for c in raw)  # type: ignore[misc]
        object.__setattr__(self, "changes", tuple(sorted(normalised, key=lambda c: c.effective_month)))
        object.__setattr__(self, "_steps", self._build_steps())

    @classmethod
    def for_profile(cls, base_fee: int, changes: tuple[FeeChange, ...], profile: TermsProfile) -> FeeSchedule:
        return cls(base_fee, changes, profile.decrease_effective)

    def _build_steps(self) -> tuple[tuple[date, int], ...]:
        """(first month it applies, fee) in month order, with the decrease reading applied."""
        steps: list[tuple[date, int]] = []
        fee = self.base_fee
        for change in self.changes:
            month = change.effective_month
            if change.monthly_fee < fee and self.decrease_effective == "next_month":
                month = add_months(month, 1)
            steps.append((month, change.monthly_fee))
            fee = change.monthly_fee
        steps.sort(key=lambda step: step[0])
        return tuple(steps)

    def fee_for_month(self, day: date) -> int:
        """The monthly fee in effect for the calendar month of `day`."""
        month = month_first(day)
        fee = self.base_fee
        for first, new_fee in self._steps:
            if first <= month:
                fee = new_fee
            else:
                break
        return fee

    def sum_months(self, first: date, last: date) -> int:
        """Sum of the monthly fees of the calendar months from `first`'s through `last`'s month."""
        if last < first:
            return 0
        return sum(self.fee_for_month(m) for m in months_from_to(first, last))


BillingKind = Literal["initial", "first_month", "monthly", "change", "one_time", "end_month"]


@dataclass(frozen=True)
class BillingLine:
    month: date  # first day of the calendar month billed
    kind: BillingKind
    amount: int
    note: str = ""
    flags: tuple[str, ...] = field(default=())


def billing_plan(
    start: date,
    schedule: FeeSchedule,
    *,
    initial_fee: int = 0,
    through: date,
    end: date | None = None,
    from_month: date | None = None,
    profile: TermsProfile | None = None,
) -> tuple[BillingLine, ...]:
    """What is billed month by month from the start month through `through` (or the end month).

    The initial fee once at the start (never on renewal); the start month pro-rated; each change
    contract's month at the new fee in full (10.2); one-time fees of change contracts in their month;
    the end month in full (profile reading). `from_month` leaves out the months before it.
    """
    profile = profile or profile_for(start)
    require_fee(initial_fee, "initial_fee", "初期費用")
    if end is not None and end < start:
        raise TermsInputError("終了日が開始日より前です", field="end")
    last = min(through, end) if end is not None else through
    lines: list[BillingLine] = []
    first = max(month_first(start), month_first(from_month)) if from_month is not None else month_first(start)
    if initial_fee and first == month_first(start):
        lines.append(BillingLine(month_first(start), "initial", initial_fee, "初期費用"))
    change_months = {c.effective_month: c for c in schedule.changes}
    for month in months_from_to(first, last):
        fee = schedule.fee_for_month(month)
        change = change_months.get(month)
        if month == month_first(start):
            flags: tuple[str, ...] = ()
            if change is not None and start.day != 1:
                flags = ("変更契約が日割月に開始: 要判断",)
            amount = first_month_charge(schedule.fee_for_month(month), start, profile)
            note = "初月（日割）" if start.day != 1 else "初月"
            lines.append(BillingLine(month, "first_month", amount, note, flags))
        elif end is not None and month == month_first(end):
            lines.append(BillingLine(month, "end_month", fee, "終了月（全額）"))
        elif change is not None:
            lines.append(BillingLine(month, "change", fee, "変更契約（当月全額）"))
        else:
            lines.append(BillingLine(month, "monthly", fee, "月額費用"))
        if change is not None and change.one_time_fee:
            lines.append(BillingLine(month, "one_time", change.one_time_fee, change.description or "一時費用"))
    return tuple(lines)
