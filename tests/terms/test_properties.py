"""Invariants of the terms arithmetic, checked with hypothesis."""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from app.terms import (
    FeeSchedule,
    RenewalChain,
    add_months,
    billing_plan,
    earliest_end,
    first_month_charge,
    late_interest,
    minimum_term_end,
    notice_deadline,
    notice_in_time,
    period_end,
    strict_notice_deadline,
    termination_quote,
    termination_quote_for,
)
from app.terms.calendar import days_in_month

DAY = timedelta(days=1)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
fees = st.integers(min_value=0, max_value=2_000_000)
readings = st.sampled_from(["month", "clear-month"])


@st.composite
def contracts(draw: st.DrawFn) -> tuple[date, date]:
    """A start and a notified initial term end at or after the minimum term end."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    extra = draw(st.sampled_from([0, 0, 0, 31, 92, 365, 400]))
    return start, minimum_term_end(start) + timedelta(days=extra)


@given(dates, readings)
def test_deadline_is_in_time_and_the_day_after_is_not(target: date, reading: str) -> None:
    deadline = notice_deadline(target, reading=reading)  # type: ignore[arg-type]
    assert notice_in_time(deadline, target, reading=reading)  # type: ignore[arg-type]
    assert not notice_in_time(deadline + DAY, target, reading=reading)  # type: ignore[arg-type]


@given(dates)
def test_strict_deadline_is_never_later_than_the_month_reading(target: date) -> None:
    assert strict_notice_deadline(target) <= notice_deadline(target)
    assert notice_deadline(target) - strict_notice_deadline(target) <= timedelta(days=4)


@given(dates, readings)
def test_earliest_end_is_in_time_and_the_day_before_is_not(notice: date, reading: str) -> None:
    first = earliest_end(notice, reading=reading)  # type: ignore[arg-type]
    assert notice_in_time(notice, first, reading=reading)  # type: ignore[arg-type]
    assert not notice_in_time(notice, first - DAY, reading=reading)  # type: ignore[arg-type]


@given(contracts(), fees, dates, st.integers(min_value=-400, max_value=800))
def test_end_outside_earliest_latest_is_refused(contract: tuple[date, date], fee: int, notice: date,
                                                offset: int) -> None:
    start, initial_end = contract
    end = notice + timedelta(days=offset)
    quote = termination_quote(start, fee, notice, end, initial_end)
    assert quote.earliest_end <= quote.latest_end
    assert quote.allowed == (quote.earliest_end <= end <= quote.latest_end)
    if not quote.allowed:
        assert quote.penalty == 0 and quote.remaining_months == 0 and quote.reason


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)).filter(lambda d: d.day != 1), fees)
def test_first_month_charge_bounds(start: date, fee: int) -> None:
    charge = first_month_charge(fee, start)
    days = days_in_month(start)
    exact = Fraction(fee * (days - start.day + 1), days)
    assert charge % 100 == 0
    assert exact <= charge <= -(-fee // 100) * 100


@given(contracts(), fees, dates, dates, st.integers(min_value=0, max_value=500))
def test_penalty_never_increases_with_an_earlier_notice_before_renewal(
    contract: tuple[date, date], fee: int, n1: date, n2: date, end_offset: int
) -> None:
    start, initial_end = contract
    early, late = sorted((n1, n2))
    assume(late <= initial_end)
    end = earliest_end(late) + timedelta(days=end_offset)
    q_early = termination_quote(start, fee, early, end, initial_end)
    q_late = termination_quote(start, fee, late, end, initial_end)
    assume(q_early.allowed and q_late.allowed)
    assert q_early.penalty <= q_late.penalty


@given(contracts(), fees, st.integers(min_value=1, max_value=2000), st.integers(min_value=0, max_value=800))
def test_no_penalty_for_any_notice_after_the_initial_term(contract: tuple[date, date], fee: int, after: int,
                                                         end_offset: int) -> None:
    start, initial_end = contract
    notice = initial_end + timedelta(days=after)
    quote = termination_quote(start, fee, notice, earliest_end(notice) + timedelta(days=end_offset), initial_end)
    assert quote.penalty == 0


@given(contracts(), fees, st.lists(st.tuples(dates, fees), max_size=4), st.integers(min_value=0, max_value=2000))
def test_every_billing_date_falls_in_exactly_one_term(contract: tuple[date, date], fee: int,
                                                     changes: list[tuple[date, int]], days: int) -> None:
    start, initial_end = contract
    chain = RenewalChain.of(start, initial_end)
    plan = billing_plan(start, FeeSchedule(fee, tuple(changes)), through=start + timedelta(days=days))
    terms = [t for _, t in zip(range(30), chain.terms())]
    for line in plan:
        day = max(line.month, start)
        assert sum(t.contains(day) for t in terms) == 1
    for previous, following in zip(terms, terms[1:]):
        assert following.first_day == previous.last_day + DAY  # contiguous, no gap, no overlap


@given(dates, st.integers(min_value=1, max_value=36))
def test_period_end_is_the_day_before_the_corresponding_day(first: date, months: int) -> None:
    end = period_end(first, months)
    if add_months(first, months).day == first.day:
        assert end + DAY == add_months(first, months)
    else:  # no corresponding day: the final month's last day
        assert (end + DAY).day == 1


@given(contracts(), fees, dates, st.integers(min_value=0, max_value=500))
def test_penalty_equals_fees_of_the_months_after_the_end_month(contract: tuple[date, date], fee: int,
                                                              notice: date, end_offset: int) -> None:
    start, initial_end = contract
    end = earliest_end(notice) + timedelta(days=end_offset)
    quote = termination_quote_for(start, FeeSchedule(fee), notice, end, initial_end)
    assume(quote.allowed and notice <= initial_end)
    assert quote.penalty == fee * quote.remaining_months


@given(st.integers(min_value=0, max_value=10_000_000), dates, st.integers(min_value=-30, max_value=400))
def test_late_interest_is_zero_on_time_and_grows_with_days(balance: int, due: date, late: int) -> None:
    paid = due + timedelta(days=late)
    interest = late_interest(balance, due, paid)
    if late <= 0:
        assert interest == 0
    else:
        assert late_interest(balance, due, paid + DAY) >= interest
        assert interest == balance * 146 * late // (1000 * 365)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(min_value=-1200, max_value=1200))
def test_add_months_equals_relativedelta(d: date, n: int) -> None:
    from dateutil.relativedelta import relativedelta

    assert add_months(d, n) == d + relativedelta(months=n)


@given(contracts(), fees, dates, st.integers(min_value=0, max_value=900))
def test_billing_plan_from_a_month_is_the_tail_of_the_whole_plan(contract: tuple[date, date], fee: int,
                                                                 from_day: date, days: int) -> None:
    start, _ = contract
    schedule = FeeSchedule(fee, ((start + timedelta(days=200), fee + 1000),))
    through = start + timedelta(days=days)
    whole = billing_plan(start, schedule, initial_fee=5000, through=through)
    tail = billing_plan(start, schedule, initial_fee=5000, through=through, from_month=from_day)
    assert tail == tuple(line for line in whole if line.month >= from_day.replace(day=1))
