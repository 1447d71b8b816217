"""Customers after they exist: edit one (with its audit entry) and find them as the user types.

A change of the company name, kana or contact person rewrites the search text of the customer's
contracts in the same transaction, so the contract list finds the new name at once; notices read
the customer row when they are printed.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import Engine, or_
from sqlmodel import select

from app.models import Contract, Customer
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.contract_list import index_contract, normalize
from app.usecases.context import UseCaseContext
from app.usecases.customers import CustomerInput
from app.usecases.errors import translates_terms_errors

SEARCHED = ("company_name", "company_kana", "contact_person")
MAX_MATCHES = 20


def customer_input(row: Customer) -> CustomerInput:
    return CustomerInput(**{f.name: getattr(row, f.name) for f in fields(CustomerInput)})


def load_customer(engine: Engine, customer_id: int) -> CustomerInput:
    """The customer's values as the edit form shows them (NotFoundError when it does not exist)."""
    with session_scope(engine) as session:
        return customer_input(checks.get_or_error(session, Customer, customer_id, "顧客"))


def customer_of_contract(engine: Engine, contract_id: int) -> int:
    with session_scope(engine) as session:
        return int(checks.get_or_error(session, Contract, contract_id, "契約").customer_id)


@translates_terms_errors
def update_customer(engine: Engine, ctx: UseCaseContext, customer_id: int, data: CustomerInput) -> bool:
    """Save the edited customer; returns False (and writes nothing) when nothing changed."""
    values = data.validated()
    with session_scope(engine) as session:
        row = checks.get_or_error(session, Customer, customer_id, "顧客")
        if customer_input(row) == values:
            return False
        before = snapshot(row)
        for name, value in values.to_row().items():
            setattr(row, name, value)
        session.add(row)
        changed = [f.name for f in fields(CustomerInput) if before and before.get(f.name) != getattr(row, f.name)]
        if any(name in SEARCHED for name in changed):
            for contract in session.exec(select(Contract).where(Contract.customer_id == customer_id)).all():
                index_contract(session, contract, row)
        write_audit(session, ctx, action="update_customer", row=row, before=before, contract_id=None,
                    summary=f"顧客「{row.company_name}」の情報を変更")
        return True


@dataclass(frozen=True)
class CustomerMatch:
    id: int
    company_name: str
    company_kana: str
    department: str
    contact_person: str
    address: str

    @property
    def label(self) -> str:
        extra = "　".join(v for v in (self.department, self.contact_person) if v)
        return f"{self.company_name}（{extra}）" if extra else self.company_name


def find_customers(engine: Engine, text: str, limit: int = MAX_MATCHES) -> list[CustomerMatch]:
    """Customers whose name, kana or contact person contains the typed text (nothing for empty text)."""
    word = text.strip()
    if not word:
        return []
    variants = {word, normalize(word)}
    conditions = [getattr(Customer, column).contains(v) for column in SEARCHED for v in variants]
    with session_scope(engine) as session:
        rows = session.exec(select(Customer).where(or_(*conditions)).order_by(Customer.company_kana)
                            .limit(limit)).all()
        return [CustomerMatch(int(r.id or 0), r.company_name, r.company_kana, r.department, r.contact_person,
                              r.address) for r in rows]
