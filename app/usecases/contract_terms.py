"""The one bridge from a stored contract to `app.terms`: its fee schedule, open cure notices and
`ContractTerms`, built from the contract row with its change contracts.

Every use case that needs the terms' view of a stored contract (derived dates, termination,
breach, the quote, notices, previews) starts here, so "load the change contracts, build the fee
schedule" and "the open cure notices" are written once.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlmodel import Session, select

from app import terms
from app.models import ChangeContract, Contract, CureNotice
from app.usecases.errors import StateError


def fee_schedule(monthly_fee: int, accepted_date: date,
                 change_contracts: Iterable[ChangeContract]) -> terms.FeeSchedule:
    """The fees: `monthly_fee` at start, then each change contract from its effective month.

    A later change for the same month replaces an earlier one; the decrease reading is the
    profile's in force when the contract was formed (`accepted_date`).
    """
    ordered = sorted(change_contracts, key=lambda c: (c.effective_month, c.accepted_date, c.id or 0))
    latest: dict[date, ChangeContract] = {}
    for change in ordered:
        latest[change.effective_month] = change
    changes = tuple(
        terms.FeeChange(c.effective_month, c.new_monthly_fee, c.one_time_fee, c.description)
        for c in latest.values()
    )
    return terms.FeeSchedule.for_profile(monthly_fee, changes, terms.profile_for(accepted_date))


def change_contracts_of(session: Session, contract_id: int | None) -> Sequence[ChangeContract]:
    return session.exec(select(ChangeContract).where(ChangeContract.contract_id == contract_id)).all()


def open_cures(session: Session, contract_id: int | None) -> Sequence[CureNotice]:
    """The contract's cure notices not yet closed (cured, or ended with the contract)."""
    return session.exec(
        select(CureNotice).where(CureNotice.contract_id == contract_id, CureNotice.closed == False)  # noqa: E712
    ).all()


def contract_schedule(session: Session, contract: Contract) -> terms.FeeSchedule:
    """The stored contract's fee schedule with its change contracts."""
    return fee_schedule(contract.monthly_fee, contract.accepted_date, change_contracts_of(session, contract.id))


def contract_terms_of(contract: Contract, schedule: terms.FeeSchedule) -> terms.ContractTerms:
    """`ContractTerms` of a started contract; StateError naming the contract before its service start."""
    if contract.start_date is None:
        raise StateError(f"契約 {contract.number} はサービス開始日が記録されていません")
    return terms.ContractTerms(contract.start_date, schedule, contract.initial_term_end, contract.initial_fee)


def load_contract_terms(session: Session, contract: Contract) -> terms.ContractTerms:
    """The terms' view of a stored, started contract (change contracts applied)."""
    return contract_terms_of(contract, contract_schedule(session, contract))
