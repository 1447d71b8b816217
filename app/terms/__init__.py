"""The terms of use as exact arithmetic: no Qt, no database, no clock (SPEC.md).

The flat-fee functions of SPEC section 11 are the stable front door; the richer forms (fee
schedules, billing plans, renewal chains, exit options, profiles) sit beside them.
"""
from app.terms.breach import GROUNDS, Ground, cure_deadline, cure_termination_from, provider_termination_sum
from app.terms.calendar import add_months, days_after, month_first, month_last, months_after, period_end
from app.terms.contract import ContractTerms
from app.terms.eras import to_japanese_date, to_wareki, wareki_year
from app.terms.errors import TermsInputError
from app.terms.fees import BillingLine, FeeChange, FeeSchedule, billing_plan, first_month_charge
from app.terms.interest import late_interest, late_interest_periods, statutory_interest
from app.terms.obligations import confidentiality_end, liability_cap, oral_disclosure_marking_deadline
from app.terms.options import ExitOption, TerminationOptions, termination_options
from app.terms.profile import ProfileError, TermsProfile, default_registry, load_registry, profile_for
from app.terms.renewal import (
    RenewalChain,
    Term,
    earliest_end,
    latest_end,
    minimum_term_end,
    notice_deadline,
    notice_in_time,
    strict_notice_deadline,
    term_end_on,
)
from app.terms.tax import document_tax, registration_number_valid, tax_on
from app.terms.termination import (
    TerminationQuote,
    require_allowed,
    termination_quote,
    termination_quote_for,
    termination_quote_for_contract,
)

__all__ = [
    "GROUNDS", "BillingLine", "ContractTerms", "ExitOption", "FeeChange", "FeeSchedule", "Ground",
    "ProfileError", "RenewalChain", "Term", "TerminationOptions", "TerminationQuote", "TermsInputError",
    "TermsProfile", "add_months", "billing_plan", "confidentiality_end", "cure_deadline",
    "cure_termination_from", "days_after", "default_registry", "document_tax", "earliest_end",
    "first_month_charge", "late_interest", "late_interest_periods", "latest_end", "liability_cap",
    "load_registry", "minimum_term_end", "month_first", "month_last", "months_after", "notice_deadline",
    "notice_in_time", "oral_disclosure_marking_deadline", "period_end", "profile_for",
    "provider_termination_sum", "registration_number_valid", "require_allowed", "statutory_interest",
    "strict_notice_deadline", "tax_on", "term_end_on", "termination_options", "termination_quote",
    "termination_quote_for", "termination_quote_for_contract", "to_japanese_date", "to_wareki", "wareki_year",
]
