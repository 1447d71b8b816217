"""apply_derived inside a use case's session: the change contracts and cure notices the session holds
count before they are written (it reads them through one EXISTS and skips the queries for a
contract that has none)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from app.models import ChangeContract, Contract, CureNotice
from app.usecases.context import UseCaseContext
from app.usecases.derived import apply_derived
from tests.usecases.conftest import new_contract


def test_a_change_contract_not_yet_written_counts(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx, fee=50_000)
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        assert contract is not None and contract.current_monthly_fee == 50_000
        session.add(ChangeContract(contract_id=contract_id, requested_date=date(2025, 7, 1),
                                   accepted_date=date(2025, 7, 2), effective_month=date(2025, 8, 1),
                                   new_monthly_fee=70_000))
        apply_derived(session, contract, ctx.today, ctx.reading)
        assert contract.current_monthly_fee == 70_000


def test_a_cure_notice_not_yet_written_counts_and_a_closed_one_does_not(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        assert contract is not None and contract.cure_deadline is None
        cure = CureNotice(contract_id=contract_id, dispatched_date=date(2025, 9, 1), breach="未払い",
                          cure_deadline=date(2025, 9, 30))
        session.add(cure)
        apply_derived(session, contract, ctx.today, ctx.reading)
        assert contract.cure_deadline == date(2025, 9, 30)
        session.flush()
        cure.closed = True  # written, then closed in the session only
        apply_derived(session, contract, ctx.today, ctx.reading)
        assert contract.cure_deadline is None


def test_a_contract_not_yet_written_needs_no_query(engine: Engine, ctx: UseCaseContext) -> None:
    """Its values are those it gets once written and recomputed from the database."""
    contract_id = new_contract(engine, ctx, start=date(2025, 5, 1))
    with Session(engine) as session:
        stored = session.get(Contract, contract_id)
        assert stored is not None
        fresh = Contract(**{k: v for k, v in stored.model_dump().items() if k not in ("id", "number")},
                         number="UNSAVED-1")
        apply_derived(session, fresh, ctx.today, ctx.reading)
        apply_derived(session, stored, ctx.today, ctx.reading)
        columns = ("current_term_end", "renewal_date", "non_renewal_deadline", "current_monthly_fee", "refresh_on")
        assert [getattr(fresh, c) for c in columns] == [getattr(stored, c) for c in columns]
        assert fresh.current_term_end is not None
