"""Early termination and its penalty (Art 9.4, SPEC section 4)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.terms.calendar import add_months, month_first, month_index
from app.terms.contract import ContractTerms
from app.terms.errors import TermsInputError
from app.terms.eras import to_japanese_date
from app.terms.fees import FeeSchedule, billing_plan
from app.terms.profile import TermsProfile, default_registry
from app.terms.renewal import RenewalChain, earliest_end, latest_end_term
from app.terms.tax import tax_on


@dataclass(frozen=True)
class TerminationQuote:
    """The answer to "may the service end on `end` after a notice arriving on `notice`, and at what penalty"."""

    notice: date
    end: date
    allowed: bool
    earliest_end: date
    latest_end: date
    term_end: date  # end of the term the service ends in (= latest_end)
    term_index: int  # 0: initial term, k: k-th renewal
    remaining_months: int  # calendar months strictly after the end month, through term_end
    penalty: int  # tax-exclusive unless the profile says otherwise
    after_renewal: bool  # notice arrived after the initial term: no penalty (9.4 但し書)
    reason: str  # Japanese, empty when allowed
    profile_id: str
    earlier_terms_version: bool  # the notice precedes the oldest profile


def remaining_months(end: date, term_end: date) -> int:
    """Calendar months strictly after `end`'s month through `term_end`'s month."""
    return max(0, month_index(term_end) - month_index(end))


def fees_after_month(schedule: FeeSchedule, end: date, term_end: date) -> int:
    """Monthly fees of the months strictly after `end`'s month, through `term_end`'s month."""
    return schedule.sum_months(add_months(month_first(end), 1), term_end)


def penalty_amount(fees: int, profile: TermsProfile) -> int:
    if profile.penalty_basis == "tax_inclusive":
        return fees + tax_on(fees, profile)
    return fees


def termination_quote_for(
    start: date,
    schedule: FeeSchedule,
    notice: date,
    end: date,
    initial_end: date | None = None,
    *,
    profile: TermsProfile | None = None,
) -> TerminationQuote:
    registry = default_registry()
    profile = profile or registry.for_date(notice)
    chain = RenewalChain.of(start, initial_end, profile)
    first = earliest_end(notice, profile.notice_months, profile=profile)
    term = latest_end_term(chain, notice, profile)
    after_renewal = notice > chain.initial_end
    reason = ""
    if end < first:
        reason = f"終了希望日は通知到達日から1ヶ月以上後である必要があります。最も早い終了日は{to_japanese_date(first)}です"
    elif end > term.last_day:
        reason = f"この通知で終了できるのは{to_japanese_date(term.last_day)}（契約期間の満了日）までです"
    allowed = not reason
    months = remaining_months(end, term.last_day) if allowed else 0
    penalty = 0
    if allowed and (profile.penalty_after_renewal or not after_renewal):
        penalty = penalty_amount(fees_after_month(schedule, end, term.last_day), profile)
    return TerminationQuote(
        notice=notice,
        end=end,
        allowed=allowed,
        earliest_end=first,
        latest_end=term.last_day,
        term_end=term.last_day,
        term_index=term.index,
        remaining_months=months,
        penalty=penalty,
        after_renewal=after_renewal,
        reason=reason,
        profile_id=profile.id,
        earlier_terms_version=registry.is_earlier_version(notice),
    )


def termination_quote(
    start: date, monthly_fee: int, notice: date, end: date, initial_end: date | None = None
) -> TerminationQuote:
    """Flat-fee front door of SPEC section 11."""
    return termination_quote_for(start, FeeSchedule(monthly_fee), notice, end, initial_end)


def require_allowed(quote: TerminationQuote, field: str = "end") -> TerminationQuote:
    """Raise the refusal as a TermsInputError naming the allowed date (and the caller's field)."""
    if quote.allowed:
        return quote
    allowed = quote.earliest_end if quote.end < quote.earliest_end else quote.latest_end
    raise TermsInputError(quote.reason, field=field, allowed=allowed)


def termination_quote_for_contract(contract: ContractTerms, notice: date, end: date, *,
                                   profile: TermsProfile | None = None) -> TerminationQuote:
    return termination_quote_for(contract.start, contract.schedule, notice, end, contract.initial_end,
                                 profile=profile)


def fees_billed_from(contract: ContractTerms, first_month: date, end: date) -> int:
    """Fees billed for the months from `first_month` through the end month (pro-rata start month, one-time fees)."""
    if end < contract.start:
        return 0
    plan = billing_plan(contract.start, contract.schedule, initial_fee=contract.initial_fee, through=end, end=end,
                        from_month=first_month)
    return sum(line.amount for line in plan)
