"""A database file holding one started contract with a change contract (the SPEC section 4 contract)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from sqlmodel import Session

from app.models import ChangeContract, Contract, Customer
from app.store.database import open_database
from app.store.paths import path_to_url

NUMBER = "SP-2025-00042"


def contract_database(path: Path, *, change: bool = True) -> Path:
    """Create the file with the contract: start 2025-04-15, 50,000/month, term to 2026-04-30, 70,000 from 2026-01."""
    database = open_database(path_to_url(path), backup_count=10, now=datetime(2025, 9, 1, 9, 0))
    with database, Session(database.engine) as session:
        customer = Customer(company_name="株式会社サンプル商事", department="情報システム部", contact_person="山田 花子",
                            postal_code="100-0005", address="東京都千代田区丸の内1-1-1",
                            created_at=datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc))
        session.add(customer)
        session.flush()
        contract = Contract(number=NUMBER, customer_id=customer.id, accepted_date=date(2025, 4, 1),
                            start_date=date(2025, 4, 15), initial_term_end=date(2026, 4, 30), term_confirmed=True,
                            monthly_fee=50_000, current_monthly_fee=50_000, note="値引き交渉中（社内）")
        session.add(contract)
        session.flush()
        if change:
            session.add(ChangeContract(contract_id=contract.id, requested_date=date(2025, 11, 1),
                                       accepted_date=date(2025, 11, 10), effective_month=date(2026, 1, 1),
                                       new_monthly_fee=70_000))
        session.commit()
    return path
