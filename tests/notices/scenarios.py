"""The SPEC example contract brought into the state each notice needs (through the use cases)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from app.models import ChargeKind
from app.usecases import breach, change_contracts, payments, termination
from tests.notices.conftest import ctx_on, spec_contract

BREACH = "対象機器へのアズジェント指定の管理者登録の抹消（利用約款第7条第3号）"


def with_termination(engine: Engine) -> int:
    """SPEC 4: notice 2025-09-10, end 2025-10-31 -> 6 months after the end month, penalty 300,000."""
    cid = spec_contract(engine)
    termination.record_termination_notice(engine, ctx_on(date(2025, 9, 10)), cid, date(2025, 9, 10),
                                          date(2025, 10, 31), penalty_due=date(2025, 11, 30))
    return cid


def with_cure(engine: Engine, dispatched: date = date(2026, 3, 2)) -> int:
    """SPEC 5: dispatched 2026-03-02 -> cure by 2026-04-01, termination from 2026-04-02."""
    cid = spec_contract(engine)
    breach.record_cure_notice(engine, ctx_on(dispatched), cid, dispatched, BREACH)
    return cid


def with_late_fee(engine: Engine) -> int:
    """SPEC 6: 330,000 due 2025-05-31, paid 2025-07-15 (45 days) -> 5,940."""
    cid = spec_contract(engine)
    charge = payments.add_charge(engine, ctx_on(date(2025, 5, 1)), cid, ChargeKind.MONTHLY, 330_000,
                                 date(2025, 5, 31), description="2025年5月分 月額費用")
    payments.record_payment(engine, ctx_on(date(2025, 7, 15)), charge, date(2025, 7, 15), 330_000)
    return cid


def with_unpaid_penalty(engine: Engine) -> int:
    """The SPEC 4 penalty 300,000 due 2025-11-30, unpaid: statutory 3% -> 60 days to 2026-01-29 = 1,479."""
    return with_termination(engine)


def with_change(engine: Engine) -> int:
    """A change contract (Art 10): 50,000 -> 80,000 from September 2025."""
    cid = spec_contract(engine)
    change_contracts.add_change_contract(engine, ctx_on(date(2025, 8, 5)), cid, requested_date=date(2025, 8, 1),
                                         accepted_date=date(2025, 8, 5), effective_month=date(2025, 9, 1),
                                         new_monthly_fee=80_000, description="監視対象機器の追加")
    return cid
