"""The demo/benchmark seeder: realistic, deterministic, consistent with the use cases."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.models import (
    AuditEntry,
    ChangeContract,
    Charge,
    Contract,
    ContractStatus,
    CureNotice,
    Customer,
    ManagedDevice,
    Notice,
    NoticeDirection,
    Payment,
)
from app.usecases import contract_list, deadlines
from app.sample.seed import seed_contracts
from tests.usecases.conftest import db_state, new_contract

TODAY = date(2026, 11, 28)


def count(session: Session, model: type, *where: object) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def test_seed_is_realistic(engine: Engine) -> None:
    assert seed_contracts(engine, 1000, today=TODAY, rng_seed=1) == 1000
    with Session(engine) as session:
        n = count(session, Contract)
        assert n == 1000 and count(session, Customer) == 1000 and count(session, ManagedDevice) == 1000
        assert count(session, AuditEntry, AuditEntry.actor == "seed") == 1000
        with_changes = session.execute(select(func.count(func.distinct(ChangeContract.contract_id)))).scalar_one()
        assert 120 <= with_changes <= 260  # ~20%
        noticed = count(session, Notice, Notice.direction == NoticeDirection.RECEIVED)
        assert 60 <= noticed <= 140  # ~10%
        assert count(session, CureNotice) >= 3
        assert count(session, Contract, Contract.status == ContractStatus.ENDED) > 0
        late = session.execute(
            select(func.count()).select_from(Payment).join(Charge, Charge.id == Payment.charge_id)
            .where(Payment.paid_date > Charge.due_date)
        ).scalar_one()
        assert late > 0
        fees = [c.monthly_fee for c in session.exec(select(Contract)).scalars()]
        starts = [c.start_date for c in session.exec(select(Contract)).scalars() if c.start_date]
        customer = session.exec(select(Customer)).scalars().first()
    assert all(30_000 <= f <= 300_000 and f % 100 == 0 for f in fees)
    assert min(starts).year == 2019 and max(starts).year == 2026
    assert customer is not None and "会社" in customer.company_name and customer.contact_person
    assert customer.address.startswith(("東京都", "神奈川県", "埼玉県", "千葉県", "大阪府", "愛知県", "福岡県",
                                        "北海道", "宮城県", "広島県", "京都府", "兵庫県", "静岡県"))
    assert contract_list.list_contracts(engine, text="株式会社").total > 500
    assert deadlines.due_within(engine, TODAY, 60)


def test_seed_adds_to_a_database_in_use(engine: Engine) -> None:
    from app.usecases.context import UseCaseContext

    ctx = UseCaseContext("山田 太郎", TODAY)
    first = new_contract(engine, ctx, accepted=date(2026, 4, 1), start=date(2026, 4, 15))
    seed_contracts(engine, 50, today=TODAY, rng_seed=2)
    after = new_contract(engine, ctx, accepted=date(2026, 4, 2), start=date(2026, 4, 15))  # ids/sequences moved on
    with Session(engine) as session:
        numbers = [c.number for c in session.exec(select(Contract).order_by(Contract.id)).scalars()]
    assert len(set(numbers)) == len(numbers) == 52
    assert numbers[0] == "SP-2026-00001" and after > first


def test_seed_is_deterministic(tmp_path_factory: pytest.TempPathFactory) -> None:
    from app.store.database import open_database
    from app.store.paths import path_to_url

    states = []
    for name in ("one", "two"):
        path = tmp_path_factory.mktemp(name) / "seed.db"
        database = open_database(path_to_url(path), backup_count=10, now=datetime(2026, 11, 28, 9))
        seed_contracts(database.engine, 200, today=TODAY, rng_seed=5)
        states.append(db_state(database.engine)[0])  # type: ignore[index]
        database.close()
    assert states[0] == states[1]


def test_seed_rejects_bad_n(engine: Engine) -> None:
    with pytest.raises(ValueError):
        seed_contracts(engine, -1, today=TODAY)
