"""The penalty quote as a value: the exit options of `termination_options` as columns, the cheapest
marked, the differences to it, and the user's own end date as one more column (or its refusal).

No Qt, no clock: `issued_on` (today) is a parameter. Every number comes from app.terms.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from app.quote.articles import ArticleRef, articles_for
from app.quote.subject import QuoteSubject
from app.terms import (
    ExitOption,
    TerminationOptions,
    TermsInputError,
    days_after,
    month_last,
    termination_options,
    termination_quote_for_contract,
    to_japanese_date,
)
from app.terms.options import OptionKey, requested_end_option

USER_KEY: OptionKey = "user"  # the column of the end the customer asks for
DEFAULT_VALIDITY_DAYS = 30


class QuoteInputError(TermsInputError):
    """Input the quote cannot be computed for; `message` is Japanese, `field` the input it concerns,
    `allowed` the nearest allowed date (the same shape as the terms' own input errors)."""


@dataclass(frozen=True)
class QuoteColumn:
    """One exit option side by side with the others (all money int yen, tax exclusive unless named)."""

    key: str  # an OptionKey of app.terms, or "user"
    label: str
    available: bool
    notice_by: date  # the day the notice must arrive
    last_service_day: date
    suggested_end: date
    term_end: date | None  # end of the term the service ends in
    remaining_months: int  # months after the end month that the penalty covers
    fees_billed: int  # fees still billed from the notice month through the end month
    penalty: int  # 解約違約金
    fees_tax: int
    penalty_tax: int
    total: int
    note: str
    cheapest: bool = False
    difference: int = 0  # total minus the cheapest total (0 for the cheapest and for unavailable ones)

    @property
    def tax(self) -> int:
        return self.fees_tax + self.penalty_tax


@dataclass(frozen=True)
class Refusal:
    """A user end date outside [earliest, latest], with the allowed date to name."""

    end: date
    message: str  # app.terms' reason (western dates)
    allowed: date
    too_early: bool  # True: before the earliest end; False: after the latest end

    def text(self, format_day: Callable[[date], str]) -> str:
        """The refusal for the user, the allowed date written by `format_day` (the date style)."""
        if self.too_early:
            return f"ご希望の終了日は、通知到達日から1ヶ月以上後の日を指定してください。最も早い終了日は{format_day(self.allowed)}です"
        return f"この通知で終了できるのは{format_day(self.allowed)}（契約期間の満了日）までです。それより後の終了日は指定できません"


@dataclass(frozen=True)
class Quote:
    subject: QuoteSubject
    notice_date: date
    issued_on: date
    valid_until: date
    earliest_end: date
    latest_end: date
    columns: tuple[QuoteColumn, ...]  # the options in app.terms order, then the user's column
    requested_end: date | None
    refusal: Refusal | None
    penalty_tax_note: str
    profile_id: str
    earlier_terms_version: bool
    articles: tuple[ArticleRef, ...]
    options: TerminationOptions

    @property
    def available(self) -> tuple[QuoteColumn, ...]:
        return tuple(c for c in self.columns if c.available)

    @property
    def cheapest(self) -> QuoteColumn | None:
        return next((c for c in self.columns if c.cheapest), None)

    def column(self, key: str) -> QuoteColumn:
        return next(c for c in self.columns if c.key == key)


def _from_option(option: ExitOption) -> QuoteColumn:
    quote = option.quote
    return QuoteColumn(
        key=option.key,
        label=option.label,
        available=option.available,
        notice_by=option.notice_by,
        last_service_day=option.last_service_day,
        suggested_end=option.suggested_end,
        term_end=quote.term_end if quote else None,
        remaining_months=quote.remaining_months if quote else 0,
        fees_billed=option.fees_billed,
        penalty=option.penalty,
        fees_tax=option.fees_tax,
        penalty_tax=option.penalty_tax,
        total=option.total,
        note=option.note,
    )


def _user_column(subject: QuoteSubject, notice: date, end: date) -> QuoteColumn | Refusal:
    """The user's end date as app.terms computes the options: same billing window, same tax rules."""
    quote = termination_quote_for_contract(subject.terms, notice, end)
    if not quote.allowed:
        too_early = end < quote.earliest_end
        return Refusal(end, quote.reason, quote.earliest_end if too_early else quote.latest_end, too_early)
    note = "月末以外の終了日でも終了月は1ヶ月分の請求です" if end != month_last(end) else ""
    return _from_option(requested_end_option(subject.terms, notice, end, note))


def _mark_cheapest(columns: list[QuoteColumn]) -> tuple[QuoteColumn, ...]:
    """The first available column with the lowest total is the cheapest; differences are to its total."""
    available = [c for c in columns if c.available]
    if not available:
        return tuple(columns)
    best = min(available, key=lambda c: c.total)
    marked = []
    for c in columns:
        if not c.available:
            marked.append(c)
            continue
        marked.append(replace(c, cheapest=c is best, difference=c.total - best.total))
    return tuple(marked)


def build_quote(
    subject: QuoteSubject,
    notice_date: date,
    *,
    issued_on: date,
    requested_end: date | None = None,
    validity_days: int = DEFAULT_VALIDITY_DAYS,
) -> Quote:
    """The quote for a notice arriving on `notice_date`. Raises QuoteInputError for dates out of reach.

    A requested end outside the allowed range is not an error of the quote: it comes back as
    `refusal`, naming the allowed date, and the other columns stand.
    """
    terms = subject.terms
    if notice_date < terms.start:
        raise QuoteInputError(
            f"通知到達日（{to_japanese_date(notice_date)}）が本サービス開始日（{to_japanese_date(terms.start)}）より前です",
            field="notice", allowed=terms.start)
    try:
        options = termination_options(terms, notice_date)
        user = _user_column(subject, notice_date, requested_end) if requested_end is not None else None
        valid_until = days_after(issued_on, validity_days)
        articles = articles_for(terms, options)
    except TermsInputError as exc:
        raise QuoteInputError(exc.message, field=exc.field, allowed=exc.allowed) from None
    except (OverflowError, ValueError):
        raise QuoteInputError("日付が計算できる範囲（西暦9998年まで）を超えています", field="notice") from None
    columns = [_from_option(o) for o in options.options]
    refusal = user if isinstance(user, Refusal) else None
    if isinstance(user, QuoteColumn):
        columns.append(user)
    return Quote(
        subject=subject,
        notice_date=notice_date,
        issued_on=issued_on,
        valid_until=valid_until,
        earliest_end=options.earliest_end,
        latest_end=options.latest_end,
        columns=_mark_cheapest(columns),
        requested_end=requested_end,
        refusal=refusal,
        penalty_tax_note=options.penalty_tax_note,
        profile_id=options.profile_id,
        earlier_terms_version=options.earlier_terms_version,
        articles=articles,
        options=options,
    )
