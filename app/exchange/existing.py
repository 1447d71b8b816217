"""What the database already holds for an import: contracts by number, customers by name (reads only)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from app.models import Contract, ContractStatus, Customer

CHUNK = 500  # numbers per IN (...) list, under every database's parameter limit
CUSTOMER_COLUMNS = ("company_name", "company_kana", "department", "contact_person", "postal_code", "address", "phone",
                    "email")


@dataclass(frozen=True)
class StoredContract:
    id: int
    number: str
    status: ContractStatus
    customer_id: int
    customer: dict[str, str]  # CUSTOMER_COLUMNS -> value
    accepted_date: date
    start_date: date | None
    initial_term_end: date | None  # None unless confirmed (the minimum term is used)
    initial_fee: int
    monthly_fee: int  # at start
    current_monthly_fee: int  # in effect now (change contracts applied)
    note: str


def stored_contracts(engine: Engine, numbers: Iterable[str]) -> dict[str, StoredContract]:
    wanted = sorted(set(numbers))
    found: dict[str, StoredContract] = {}
    columns: list[Any] = [Contract.id, Contract.number, Contract.status, Contract.customer_id, Contract.accepted_date,
                          Contract.start_date, Contract.initial_term_end, Contract.term_confirmed, Contract.initial_fee,
                          Contract.monthly_fee, Contract.note, Contract.current_monthly_fee,
                          *(getattr(Customer, name) for name in CUSTOMER_COLUMNS)]
    with engine.connect() as connection:  # a read: a plain connection, nothing written
        for start in range(0, len(wanted), CHUNK):
            query = (
                select(*columns)
                .join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
                .where(Contract.number.in_(wanted[start:start + CHUNK]))  # type: ignore[attr-defined]
            )
            for r in connection.execute(query):
                found[r[1]] = StoredContract(
                    id=r[0], number=r[1], status=ContractStatus(r[2]), customer_id=r[3],
                    customer=dict(zip(CUSTOMER_COLUMNS, r[12:])), accepted_date=r[4], start_date=r[5],
                    initial_term_end=r[6] if r[7] else None, initial_fee=r[8], monthly_fee=r[9],
                    current_monthly_fee=r[11], note=r[10],
                )
    return found


def customers_by_name(engine: Engine, names: Iterable[str]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """company name -> [(customer id, CUSTOMER_COLUMNS -> value)] of the existing customers of that name."""
    wanted = sorted(set(names))
    found: dict[str, list[tuple[int, dict[str, str]]]] = {}
    columns: list[Any] = [Customer.id, *(getattr(Customer, name) for name in CUSTOMER_COLUMNS)]
    with engine.connect() as connection:
        for start in range(0, len(wanted), CHUNK):
            query = (select(*columns)
                     .where(Customer.company_name.in_(wanted[start:start + CHUNK]))  # type: ignore[attr-defined]
                     .order_by(Customer.id))  # type: ignore[arg-type]
            for row in connection.execute(query):
                details = dict(zip(CUSTOMER_COLUMNS, row[1:]))
                found.setdefault(details["company_name"], []).append((row[0], details))
    return found
