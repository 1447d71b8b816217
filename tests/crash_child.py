"""Child process of tests/test_crash_safety.py: use-case calls in a loop until it is killed.

    python -m tests.crash_child DB_FILE RNG_SEED

After each use case returns (its transaction committed) it prints one line "<what> <id>" (a
table name, or application_checked / contract_started for a change of state) and flushes, so
the parent knows what must be in the database whenever it kills us.
"""
from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.models import Charge, ChargeKind, Contract, ContractStatus, Payment, Prerequisite
from app.store.engine import make_engine
from app.store.paths import path_to_url
from app.usecases import breach, contracts, payments, screening, termination
from app.usecases.change_contracts import add_change_contract
from app.usecases.context import UseCaseContext
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError

TODAY = date(2026, 3, 1)
Op = Callable[[Engine, UseCaseContext, random.Random], Iterator[str]]


def _pick(engine: Engine, *where: object) -> int | None:
    with Session(engine) as session:
        return session.execute(select(Contract.id).where(*where).order_by(func.random()).limit(1)).scalar()


def _running(engine: Engine) -> int | None:
    return _pick(engine, Contract.status == ContractStatus.ACTIVE, Contract.start_date.is_not(None))  # type: ignore[union-attr]


def new_contract(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    received = TODAY - timedelta(days=rng.randint(60, 400))
    customer = CustomerInput(f"株式会社試験{rng.randint(1, 10**6)}", "シケン", contact_person="佐藤 花子")
    application = screening.submit_application(engine, ctx, customer, received, monthly_fee=rng.randint(300, 3000) * 100)
    yield f"application {application}"
    screening.record_prerequisite_check(engine, ctx, application, {n: Prerequisite.MET for n in (1, 2, 3, 4)})
    yield f"application_checked {application}"
    contract = screening.accept_application(engine, ctx, application, received + timedelta(days=5))
    yield f"contract {contract}"
    contracts.record_service_start(engine, ctx, contract, received + timedelta(days=rng.randint(10, 40)))
    yield f"contract_started {contract}"


def charge_and_pay(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    contract = _running(engine)
    if contract is None:
        return
    amount = rng.randint(100, 3000) * 110
    charge = payments.add_charge(engine, ctx, contract, ChargeKind.MONTHLY, amount, TODAY - timedelta(days=40))
    yield f"charge {charge}"
    for part in (amount // 2, amount - amount // 2):
        payment = payments.record_payment(engine, ctx, charge, TODAY - timedelta(days=rng.randint(0, 30)), part)
        yield f"payment {payment}"


def pay_older(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    with Session(engine) as session:
        open_charge = session.execute(
            select(Charge.id, Charge.amount - func.coalesce(func.sum(Payment.amount), 0))
            .outerjoin(Payment, Payment.charge_id == Charge.id).group_by(Charge.id, Charge.amount)
            .having(Charge.amount > func.coalesce(func.sum(Payment.amount), 0)).limit(1)
        ).first()
    if open_charge is not None:
        payment = payments.record_payment(engine, ctx, open_charge[0], TODAY, int(open_charge[1]))
        yield f"payment {payment}"


def notice(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    contract = _running(engine)
    if contract is None:
        return
    day = TODAY - timedelta(days=rng.randint(0, 20))
    quote = termination.quote_termination(engine, contract, day, day + timedelta(days=40))
    end = quote.latest_end if rng.random() < 0.5 else max(quote.earliest_end, min(quote.latest_end, day + timedelta(days=40)))
    result = termination.record_termination_notice(engine, ctx, contract, day, end, penalty_due=end + timedelta(days=30))
    yield f"notice {result.notice_id}"


def change(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    contract = _running(engine)
    if contract is None:
        return
    month = date(2026, 3, 1) if rng.random() < 0.5 else date(2026, 4, 1)
    result = add_change_contract(engine, ctx, contract, requested_date=TODAY - timedelta(days=5),
                                 accepted_date=TODAY, effective_month=month,
                                 new_monthly_fee=rng.randint(300, 3000) * 100)
    yield f"change_contract {result.change_id}"


def cure_and_terminate(engine: Engine, ctx: UseCaseContext, rng: random.Random) -> Iterator[str]:
    contract = _running(engine)
    if contract is None:
        return
    cure = breach.record_cure_notice(engine, ctx, contract, TODAY - timedelta(days=rng.randint(0, 45)), "支払遅滞")
    yield f"cure_notice {cure}"
    if rng.random() < 0.5:
        result = breach.terminate_by_provider(engine, ctx, contract, "16.2(1)", TODAY, sum_due=TODAY + timedelta(days=30))
        yield f"notice {result.notice_id}"


OPS: tuple[tuple[Op, int], ...] = (
    (new_contract, 3), (charge_and_pay, 4), (pay_older, 1), (notice, 1), (change, 2), (cure_and_terminate, 1),
)


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    engine = make_engine(path_to_url(path))
    ctx = UseCaseContext("耐障害試験", TODAY)
    operations = [op for op, _ in OPS]
    weights = [w for _, w in OPS]
    print("ready", flush=True)
    while True:
        op = rng.choices(operations, weights)[0]
        try:
            for line in op(engine, ctx, rng):
                print(line, flush=True)
        except ValidationError as exc:
            print(f"refused {exc.message}", flush=True)


if __name__ == "__main__":
    main()
