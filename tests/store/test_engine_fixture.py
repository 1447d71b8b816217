"""The shared `engine` fixture: a database at head, on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.models import Contract, ContractStatus, Customer
from app.store.engine import session_scope
from app.store.migrate import current_revision, head_revision


def test_insert_and_select(engine: Engine) -> None:
    with session_scope(engine) as session:
        customer = Customer(company_name="株式会社テスト", company_kana="テスト", created_at=datetime(2025, 4, 1, 9, tzinfo=timezone.utc))
        session.add(customer)
        session.flush()
        assert customer.id is not None
        session.add(
            Contract(number="C-0001", customer_id=customer.id, accepted_date=date(2025, 4, 1), monthly_fee=50_000)
        )
    with session_scope(engine) as session:
        contract = session.exec(select(Contract).where(Contract.number == "C-0001")).one()
        assert contract.monthly_fee == 50_000
        assert contract.status is ContractStatus.ACTIVE
        customer_row = session.get(Customer, contract.customer_id)
        assert customer_row is not None and customer_row.company_name == "株式会社テスト"


def test_schema_is_at_head(engine: Engine) -> None:
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(Contract(number="C-0404", customer_id=404, accepted_date=date(2025, 4, 1)))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM contract")).scalar_one() == 0


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_a_fresh_database(engine: Engine, round_: int) -> None:
    """Each round finds no rows and leaves one behind: whichever round runs second proves the
    fixture's isolation, also when this test is run alone (-k)."""
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM customer")).scalar_one() == 0
    with session_scope(engine) as session:
        session.add(Customer(company_name=f"残るはずのない会社{round_}", company_kana="ノコル",
                             created_at=datetime(2025, 4, 1, 9, tzinfo=timezone.utc)))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM customer")).scalar_one() == 1
