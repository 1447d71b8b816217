"""The customer's exit options side by side for a notice date (SPEC section 4, "A quote compares ...").

Fees still billed count from the calendar month of the notice date (or of the start, when later)
through the end month, so the options' totals are comparable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.terms.calendar import ONE_DAY, month_first, month_last
from app.terms.contract import ContractTerms
from app.terms.profile import TermsProfile, default_registry
from app.terms.renewal import earliest_end, notice_deadline
from app.terms.tax import tax_on
from app.terms.termination import (
    TerminationQuote,
    fees_billed_from,
    termination_quote_for_contract,
)

OptionKey = Literal["earliest", "latest", "renewal_deadline", "after_renewal", "user"]

OPTION_LABELS: dict[OptionKey, str] = {
    "earliest": "最短で終了",
    "latest": "契約期間満了で終了",
    "renewal_deadline": "更新拒絶期限までに通知",
    "after_renewal": "更新後に通知",
    "user": "ご希望の終了日",  # the end the customer asks for (requested_end_option; not among the four)
}


@dataclass(frozen=True)
class ExitOption:
    key: OptionKey
    label: str
    available: bool
    notice_by: date  # the day the notice must arrive
    last_service_day: date
    suggested_end: date  # month end of the end month: billed in full anyway (profile reading)
    fees_billed: int  # monthly (and one-time) fees still billed, end month included, tax excluded
    fees_tax: int
    penalty: int
    penalty_tax: int
    total: int
    note: str
    quote: TerminationQuote | None


@dataclass(frozen=True)
class TerminationOptions:
    notice_date: date
    earliest_end: date
    latest_end: date
    options: tuple[ExitOption, ...]
    penalty_tax_note: str  # "不課税（要確認）" until the tax adviser confirms
    profile_id: str
    earlier_terms_version: bool

    def option(self, key: OptionKey) -> ExitOption:
        return next(o for o in self.options if o.key == key)


def _penalty_tax(penalty: int, profile: TermsProfile) -> int:
    if profile.penalty_tax == "taxable" and profile.penalty_basis == "tax_exclusive":
        return tax_on(penalty, profile)
    return 0


def penalty_tax_label(profile: TermsProfile) -> str:
    """How the penalty is taxed under the profile: 不課税 or 課税."""
    return "不課税" if profile.penalty_tax == "outside" else "課税"


def _billing_from(contract: ContractTerms, notice_date: date) -> date:
    return max(month_first(notice_date), month_first(contract.start))


def _option(
    contract: ContractTerms,
    key: OptionKey,
    billing_from: date,
    notice_by: date,
    end: date,
    profile: TermsProfile,
    note: str = "",
) -> ExitOption:
    quote = termination_quote_for_contract(contract, notice_by, end)
    fees = fees_billed_from(contract, billing_from, end)
    fees_tax = tax_on(fees, profile)
    penalty_tax = _penalty_tax(quote.penalty, profile)
    suggested = min(month_last(end), quote.latest_end)
    return ExitOption(
        key=key,
        label=OPTION_LABELS[key],
        available=True,
        notice_by=notice_by,
        last_service_day=end,
        suggested_end=suggested,
        fees_billed=fees,
        fees_tax=fees_tax,
        penalty=quote.penalty,
        penalty_tax=penalty_tax,
        total=fees + fees_tax + quote.penalty + penalty_tax,
        note=note,
        quote=quote,
    )


def _unavailable(key: OptionKey, notice_by: date, end: date, note: str) -> ExitOption:
    return ExitOption(key, OPTION_LABELS[key], False, notice_by, end, end, 0, 0, 0, 0, 0, note, None)


def termination_options(contract: ContractTerms, notice_date: date) -> TerminationOptions:
    """Compare: end at the earliest end; at the latest end; notice by the renewal deadline; wait for the renewal."""
    registry = default_registry()
    profile = registry.for_date(notice_date)
    chain = contract.chain(profile)
    billing_from = _billing_from(contract, notice_date)
    first = earliest_end(notice_date, profile.notice_months, profile=profile)
    base = termination_quote_for_contract(contract, notice_date, first)

    options = [
        _option(contract, "earliest", billing_from, notice_date, first, profile),
        _option(contract, "latest", billing_from, notice_date, base.latest_end, profile),
    ]

    current = chain.term_containing(notice_date)
    deadline = notice_deadline(current.last_day, profile.notice_months, profile=profile)
    if notice_date <= deadline:
        options.append(
            _option(contract, "renewal_deadline", billing_from, deadline, current.last_day, profile,
                    "期限までに到達すれば違約金なしで満了終了")
        )
    else:
        options.append(_unavailable("renewal_deadline", deadline, current.last_day, "更新拒絶期限を経過しています"))

    if notice_date <= chain.initial_end:
        after = chain.initial_end + ONE_DAY
        options.append(
            _option(contract, "after_renewal", billing_from, after, earliest_end(after, profile=profile), profile,
                    "更新後の解約通知には違約金が発生しません")
        )
    else:
        options.append(_unavailable("after_renewal", notice_date, first, "既に更新後のため違約金は発生しません"))

    tax_note = penalty_tax_label(profile)
    if not profile.penalty_tax_confirmed:
        tax_note += "（要確認）"
    return TerminationOptions(
        notice_date=notice_date,
        earliest_end=first,
        latest_end=base.latest_end,
        options=tuple(options),
        penalty_tax_note=tax_note,
        profile_id=profile.id,
        earlier_terms_version=registry.is_earlier_version(notice_date),
    )


def requested_end_option(contract: ContractTerms, notice_date: date, end: date, note: str = "") -> ExitOption:
    """The end the customer asks for, figured like the four options (same billing window and tax).

    The end must be allowed for the notice (termination_quote_for_contract(...).allowed)."""
    profile = default_registry().for_date(notice_date)
    return _option(contract, "user", _billing_from(contract, notice_date), notice_date, end, profile, note)
