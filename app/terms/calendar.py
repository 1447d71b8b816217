"""Calendar arithmetic of the terms (SPEC section 1): months, periods, Civil Code 140/143."""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_months(d: date, n: int) -> date:
    """The same day-of-month n months later, clamped to the last day of the target month.

    Equal to ``d + dateutil.relativedelta(months=n)`` (a property test holds it to that), in
    integer arithmetic because the quote screen calls it thousands of times per keystroke.
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    month = month0 + 1
    last = monthrange(year, month)[1]
    return date(year, month, d.day if d.day <= last else last)


def period_end(first_day: date, months: int) -> date:
    """Last day of a period of `months` months whose first day counts (Civil Code 140 proviso, 143).

    The day before the corresponding day (応当日) `months` later; where the final month has no
    corresponding day, that month's last day.
    """
    corresponding = add_months(first_day, months)
    if corresponding.day == first_day.day:
        return corresponding - ONE_DAY
    return corresponding  # clamped: the final month has no corresponding day


def months_after(event: date, months: int) -> date:
    """End of a period of `months` months running after an event (初日不算入: it starts the next day)."""
    return period_end(event + ONE_DAY, months)


def days_after(event: date, days: int) -> date:
    """End of a period of `days` days running after an event (初日不算入)."""
    return event + timedelta(days=days)


def month_first(d: date) -> date:
    return d.replace(day=1)


def month_last(d: date) -> date:
    return d.replace(day=monthrange(d.year, d.month)[1])


def days_in_month(d: date) -> int:
    return monthrange(d.year, d.month)[1]


def next_month_first(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


def month_index(d: date) -> int:
    """Months since year 0, for counting whole calendar months between dates."""
    return d.year * 12 + d.month - 1


def months_from_to(first: date, last: date) -> Iterator[date]:
    """First days of the calendar months from `first`'s month through `last`'s month, inclusive."""
    current = month_first(first)
    stop = month_first(last)
    while current <= stop:
        yield current
        current = next_month_first(current)
