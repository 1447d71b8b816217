"""The one bridge from a stored contract to `app.terms`: the terms profile it was made under, its
fee schedule with the change contracts, its open cure notices, and `ContractTerms`.

Every use case that needs the terms' view of a stored contract (derived dates, termination,
breach, quotes, notices, previews) starts here, and the sample data builds its rows through the
same functions, so "load the change contracts, build the fee schedule" and "the open cure
notices" are written once.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app import terms
from app.models import ChangeContract, Contract, CureNotice
from app.usecases.errors import StateError


def contract_profile(profile_id: str, accepted_date: date) -> terms.TermsProfile:
    """The terms profile a contract was made under (stored as `Contract.profile_id`); for an id no
    longer shipped, the profile in force on its acceptance date."""
    try:
        return terms.default_registry().by_id(profile_id)
    except KeyError:
        return terms.profile_for(accepted_date)


def fee_schedule(monthly_fee: int, accepted_date: date, change_contracts: Iterable[ChangeContract], *,
                 profile: terms.TermsProfile | None = None) -> terms.FeeSchedule:
    """The fees: `monthly_fee` at start, then each change contract from its effective month.

    A later change for the same month replaces an earlier one; the decrease reading is that of
    the profile the contract was made under (`profile`; None: the one in force on `accepted_date`).
    """
    ordered = sorted(change_contracts, key=lambda c: (c.effective_month, c.accepted_date, c.id or 0))
    latest: dict[date, ChangeContract] = {}
    for change in ordered:
        latest[change.effective_month] = change
    changes = tuple(
        terms.FeeChange(c.effective_month, c.new_monthly_fee, c.one_time_fee, c.description)
        for c in latest.values()
    )
    return terms.FeeSchedule.for_profile(monthly_fee, changes, profile or terms.profile_for(accepted_date))


@dataclass(frozen=True)
class ContractFacts:
    """What the rules need of a stored contract: its fee schedule, its `ContractTerms` (None before
    the service start), the end fixed for it (None while it runs) and its open cure deadlines."""

    schedule: terms.FeeSchedule
    terms: terms.ContractTerms | None
    end: date | None
    open_cure_deadlines: tuple[date, ...] = ()


def contract_facts(contract: Contract, change_contracts: Iterable[ChangeContract],
                   open_cures: Iterable[CureNotice] = ()) -> ContractFacts:
    """The facts of `contract` from its rows (no database access: bulk callers load the rows)."""
    profile = contract_profile(contract.profile_id, contract.accepted_date)
    schedule = fee_schedule(contract.monthly_fee, contract.accepted_date, change_contracts, profile=profile)
    contract_terms = None
    if contract.start_date is not None:
        contract_terms = terms.ContractTerms(contract.start_date, schedule, contract.initial_term_end,
                                             contract.initial_fee)
    deadlines = tuple(sorted(c.cure_deadline for c in open_cures if not c.closed))
    return ContractFacts(schedule, contract_terms, contract.end_date, deadlines)


def change_contracts_of(session: Session, contract_id: int | None) -> Sequence[ChangeContract]:
    return session.exec(select(ChangeContract).where(ChangeContract.contract_id == contract_id)).all()


def open_cures(session: Session, contract_id: int | None) -> Sequence[CureNotice]:
    """The contract's cure notices not yet closed (cured, or ended with the contract)."""
    return session.exec(
        select(CureNotice).where(CureNotice.contract_id == contract_id, col(CureNotice.closed).is_(False))
    ).all()


def load_contract_facts(session: Session, contract: Contract) -> ContractFacts:
    return contract_facts(contract, change_contracts_of(session, contract.id), open_cures(session, contract.id))


def not_started(number: str) -> str:
    """The message for a contract that has no terms' view yet (no service start recorded)."""
    return f"契約 {number} はサービス開始日が記録されていません"


def load_contract_terms(session: Session, contract: Contract) -> terms.ContractTerms:
    """The terms' view of a stored, started contract (change contracts applied); StateError naming
    the contract before its service start."""
    found = contract_facts(contract, change_contracts_of(session, contract.id)).terms
    if found is None:
        raise StateError(not_started(contract.number))
    return found
