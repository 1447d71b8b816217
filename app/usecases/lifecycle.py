"""Contracts whose last day of service has passed become 終了 (run at start and once a day).

A notice of ending (9.3, 9.4) fixes the end date while the contract runs on; the day after that
date the contract has ended. Each contract moved gets its audit entry, in the same transaction.
Contracts the provider terminated (解除) keep that status: it already says how they ended.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import select

from app.models import Contract, ContractStatus
from app.store.engine import session_scope
from app.terms.profile import NoticeReading
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.derived import apply_derived
from app.formatting import format_date

STILL_RUNNING = (ContractStatus.ACTIVE, ContractStatus.NOTICE_RECEIVED, ContractStatus.SUSPENDED)
BATCH = 500


def close_ended_contracts(engine: Engine, ctx: UseCaseContext, *, batch: int = BATCH) -> int:
    """Move every contract whose end date lies before `ctx.today` to 終了; returns how many moved.

    Cheap when there is nothing to do (one query on the indexed end date). Each batch is one
    transaction; a run interrupted half-way is simply run again.
    """
    moved = 0
    while True:
        with session_scope(engine) as session:
            due = session.exec(
                select(Contract)
                .where(Contract.end_date < ctx.today)  # type: ignore[operator]
                .where(Contract.status.in_(STILL_RUNNING))  # type: ignore[attr-defined]
                .order_by(Contract.id)  # type: ignore[arg-type]
                .limit(batch)
            ).all()
            if not due:
                return moved
            for contract in due:
                assert contract.end_date is not None
                before = snapshot(contract)
                contract.status = ContractStatus.ENDED
                apply_derived(session, contract, ctx.today, ctx.reading)
                write_audit(session, ctx, action="contract_ended", row=contract, before=before,
                            contract_id=contract.id,
                            summary=f"契約終了: {format_date(contract.end_date)}をもって終了（終了日の経過）")
            moved += len(due)


SYSTEM_ACTOR = "自動処理"  # the audit log's actor when no account manager's name is set


def close_ended_on(engine: Engine, today: date, *, actor: str = "", reading: NoticeReading | None = None) -> int:
    """The start-up and once-a-day run: `close_ended_contracts` as of `today`, acting as `actor`
    (the account manager from the settings, or "自動処理" when none is set)."""
    ctx = UseCaseContext(actor.strip() or SYSTEM_ACTOR, today, reading=reading)
    return close_ended_contracts(engine, ctx)
