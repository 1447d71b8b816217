"""What the builders need of a stored contract, read in a few queries for a whole batch.

`load_facts(session, contract_ids)` reads the contracts with their customer, change contracts,
open cure notices, charges and payments (one query per table, in chunks), so that 1,000
notices do not cost 5,000 queries. The rows are plain values afterwards (no lazy loading).
The terms' view of each contract (fee schedule, `ContractTerms`) is the one bridge's,
`app.usecases.contract_terms.contract_facts`, built from the rows read here.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from app import terms
from app.models import (
    ChangeContract,
    Charge,
    ChargeKind,
    Contract,
    CureNotice,
    Customer,
    IssuedDocument,
    Payment,
)
from app.notices.addressee import Addressee, addressee_of
from app.notices.kinds import DocumentKind
from app.usecases.contract_terms import ContractFacts, contract_facts

CHUNK = 500


@dataclass(frozen=True)
class ChargeFacts:
    id: int
    kind: ChargeKind
    description: str
    amount: int  # tax included
    due_date: date
    payments: tuple[tuple[date, int], ...]  # (paid date, amount), in date order

    def paid_by(self, day: date) -> int:
        return sum(amount for paid, amount in self.payments if paid <= day)


@dataclass(frozen=True)
class LetterFacts:
    """What the builders need of a stored contract: the terms' view (`rules`, the one bridge's
    `ContractFacts`) and what the letters print besides."""

    contract_id: int
    number: str
    customer_id: int
    addressee: Addressee
    rules: ContractFacts  # fee schedule, ContractTerms (None before the service start), end date
    notice_date: date | None
    end_ground: str
    change_contracts: tuple[ChangeContract, ...]  # accepted order
    open_cures: tuple[CureNotice, ...]  # dispatch order
    charges: tuple[ChargeFacts, ...]  # due-date order
    last_interest_statement: date | None = None  # issue date of the latest 遅延利息のご請求 sent

    @property
    def schedule(self) -> terms.FeeSchedule:
        return self.rules.schedule

    @property
    def contract_terms(self) -> terms.ContractTerms | None:
        """The terms' view; None before the service start."""
        return self.rules.terms

    @property
    def end_date(self) -> date | None:
        return self.rules.end


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def latest_sent(session: Session, kind: DocumentKind, contract_ids: Iterable[int]) -> dict[int, date]:
    """The issue date of the latest document of `kind` sent for each of the contracts (that had one)."""
    ids = list(contract_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(IssuedDocument.contract_id, func.max(IssuedDocument.issue_date))
        .where(IssuedDocument.kind == kind.value, col(IssuedDocument.contract_id).in_(ids))
        .group_by(col(IssuedDocument.contract_id))
    ).all()
    return {int(cid): day for cid, day in rows if cid is not None}


def load_facts(session: Session, contract_ids: Iterable[int]) -> dict[int, LetterFacts]:
    """The facts of the given contracts (missing ids are simply absent from the result)."""
    ids = sorted(set(contract_ids))
    contracts: dict[int, tuple[Contract, Customer]] = {}
    changes: dict[int, list[ChangeContract]] = defaultdict(list)
    cures: dict[int, list[CureNotice]] = defaultdict(list)
    charges: dict[int, list[Charge]] = defaultdict(list)
    payments: dict[int, list[tuple[date, int]]] = defaultdict(list)
    statements: dict[int, date] = {}
    for chunk in _chunks(ids):
        for contract, customer in session.exec(
            select(Contract, Customer).join(Customer, col(Contract.customer_id) == col(Customer.id))
            .where(col(Contract.id).in_(chunk))
        ):
            contracts[int(contract.id)] = (contract, customer)  # type: ignore[arg-type]
        for change in session.exec(select(ChangeContract).where(col(ChangeContract.contract_id).in_(chunk))):
            changes[change.contract_id].append(change)
        for cure in session.exec(
            select(CureNotice).where(col(CureNotice.contract_id).in_(chunk), col(CureNotice.closed).is_(False))
        ):
            cures[cure.contract_id].append(cure)
        for charge in session.exec(select(Charge).where(col(Charge.contract_id).in_(chunk))):
            charges[charge.contract_id].append(charge)
        for payment in session.exec(
            select(Payment).join(Charge, col(Payment.charge_id) == col(Charge.id))
            .where(col(Charge.contract_id).in_(chunk))
        ):
            payments[payment.charge_id].append((payment.paid_date, payment.amount))
        statements.update(latest_sent(session, DocumentKind.LATE_INTEREST, chunk))
    result: dict[int, LetterFacts] = {}
    for contract_id, (contract, customer) in contracts.items():
        change_rows = sorted(changes[contract_id], key=lambda c: (c.accepted_date, c.id or 0))
        open_rows = sorted(cures[contract_id], key=lambda c: (c.dispatched_date, c.id or 0))
        result[contract_id] = LetterFacts(
            contract_id=contract_id,
            number=contract.number,
            customer_id=contract.customer_id,
            addressee=addressee_of(customer),
            rules=contract_facts(contract, change_rows, open_rows),
            notice_date=contract.notice_date,
            end_ground=contract.end_ground,
            change_contracts=tuple(change_rows),
            open_cures=tuple(open_rows),
            charges=tuple(
                ChargeFacts(int(c.id), ChargeKind(c.kind), c.description, c.amount, c.due_date,  # type: ignore[arg-type]
                            tuple(sorted(payments[int(c.id)])))  # type: ignore[arg-type]
                for c in sorted(charges[contract_id], key=lambda c: (c.due_date, c.id or 0))
            ),
            last_interest_statement=statements.get(contract_id),
        )
    return result
