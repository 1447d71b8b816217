"""Minimum term, term, renewal chain and notice deadlines (Art 9.1-9.3, SPEC section 3)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.terms.calendar import ONE_DAY, add_months, month_first, period_end
from app.terms.eras import to_japanese_date
from app.terms.errors import TermsInputError
from app.terms.profile import NoticeReading, TermsProfile, profile_for

# A renewal chain is walked term by term; this bounds the walk for absurd inputs.
MAX_TERMS = 1000


def minimum_term_end(start: date, profile: TermsProfile | None = None) -> date:
    """Last day of the minimum term: one year from start, or from the 1st of the next month (9.1)."""
    profile = profile or profile_for(start)
    anchor = start if start.day == 1 else add_months(month_first(start), 1)
    return period_end(anchor, profile.minimum_term_months)


def check_initial_end(start: date, initial_end: date | None, profile: TermsProfile | None = None) -> date:
    """The initial term's end: the notified one, or the minimum term when none was entered (9.2)."""
    minimum = minimum_term_end(start, profile)
    if initial_end is None:
        return minimum
    if initial_end < minimum:
        raise TermsInputError(
            f"契約期間の満了日は最低利用期間の満了日（{to_japanese_date(minimum)}）以降にしてください",
            field="initial_end",
            allowed=minimum,
        )
    return initial_end


@dataclass(frozen=True)
class Term:
    """One term of the renewal chain: index 0 is the initial term, k the k-th renewal."""

    index: int
    first_day: date
    last_day: date

    @property
    def is_renewal(self) -> bool:
        return self.index > 0

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class RenewalChain:
    """The initial term followed by renewals of `renewal_months` each (9.3)."""

    start: date
    initial_end: date
    renewal_months: int = 12

    @classmethod
    def of(cls, start: date, initial_end: date | None = None, profile: TermsProfile | None = None) -> RenewalChain:
        profile = profile or profile_for(start)
        return cls(start, check_initial_end(start, initial_end, profile), profile.renewal_months)

    def terms(self) -> Iterator[Term]:
        term = Term(0, self.start, self.initial_end)
        for _ in range(MAX_TERMS):
            yield term
            first = term.last_day + ONE_DAY
            term = Term(term.index + 1, first, period_end(first, self.renewal_months))
        raise TermsInputError("更新の回数が多すぎます（日付を確認してください）")

    def term_containing(self, day: date) -> Term:
        """The term that `day` falls in; the initial term for days before the start."""
        for term in self.terms():
            if day <= term.last_day:
                return term
        raise AssertionError("unreachable")  # pragma: no cover


def term_end_on(start: date, initial_end: date | None, day: date) -> date:
    """End of the term (initial or renewed) containing `day`."""
    return RenewalChain.of(start, initial_end).term_containing(day).last_day


def notice_in_time(notice: date, target: date, months: int = 1, reading: NoticeReading = "month") -> bool:
    """Whether a notice arriving on `notice` is "at least `months` month(s) before" `target`."""
    if reading == "month":
        return add_months(notice, months) <= target
    return period_end(notice + ONE_DAY, months) < target


def _latest_in_time(target: date, months: int, reading: NoticeReading) -> date:
    # Both predicates are monotone in the notice date: step from a close guess.
    guess = add_months(target, -months)
    while notice_in_time(guess + ONE_DAY, target, months, reading):
        guess += ONE_DAY
    while not notice_in_time(guess, target, months, reading):
        guess -= ONE_DAY
    return guess


def _earliest_target(notice: date, months: int, reading: NoticeReading) -> date:
    guess = add_months(notice, months)
    while notice_in_time(notice, guess - ONE_DAY, months, reading):
        guess -= ONE_DAY
    while not notice_in_time(notice, guess, months, reading):
        guess += ONE_DAY
    return guess


def notice_deadline(
    target: date, months: int = 1, *, reading: NoticeReading | None = None, profile: TermsProfile | None = None
) -> date:
    """The last day a notice may arrive to be in time for `target`, under the profile's reading."""
    profile = profile or profile_for(target)
    return _latest_in_time(target, months, reading or profile.notice_reading)


def strict_notice_deadline(target: date, months: int = 1) -> date:
    """The deadline under the strict "clear-month" reading: what the dashboard warns from."""
    return _latest_in_time(target, months, "clear-month")


def earliest_end(
    notice: date, months: int = 1, *, reading: NoticeReading | None = None, profile: TermsProfile | None = None
) -> date:
    """The earliest end date a notice arriving on `notice` can ask for (9.4)."""
    profile = profile or profile_for(notice)
    return _earliest_target(notice, months, reading or profile.notice_reading)


def latest_end_term(chain: RenewalChain, notice: date, profile: TermsProfile | None = None) -> Term:
    """The first term of the chain that a notice on `notice` is in time to end (9.3 with 9.4)."""
    profile = profile or profile_for(notice)
    for term in chain.terms():
        if notice_in_time(notice, term.last_day, profile.notice_months, profile.notice_reading):
            return term
    raise AssertionError("unreachable")  # pragma: no cover


def latest_end(start: date, notice: date, initial_end: date | None = None) -> date:
    """The latest end a notice arriving on `notice` can ask for: the end of the first term it is in time for."""
    return latest_end_term(RenewalChain.of(start, initial_end), notice).last_day
