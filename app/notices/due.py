"""Which contracts a batch takes, and what is due to be sent (the 通知・印刷 screen's list).

Batches (the command line and the screen):
    renewal_targets(session, month)       running contracts whose current term ends in `month`
    deadline_targets(session, today, n)   running contracts whose non-renewal deadline is within n days
    overdue_targets(session, today)       contracts with a charge past its due date and not fully paid
Each returns `IssueRequest`-ready (contract id, BuildOptions) pairs in contract-number order.

`due_to_send(session, today, days)` lists, per kind, what has not been sent yet: renewal notices
before the deadline, acceptance of a received notice of ending, cure notices recorded but not
printed, late interest on overdue payments, change contracts not yet announced.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from app.formatting import format_date
from app.models import ChangeContract, Charge, Contract, CureNotice, Customer, Payment
from app.notices.builders import BuildOptions
from app.notices.kinds import DocumentKind
from app.notices.sources import latest_sent
from app.terms import add_months, month_first, month_last
from app.usecases.contracts import RUNNING
from app.usecases.grounds import NOTICE_GROUNDS

INTEREST_REMINDER_DAYS = 30  # an overdue contract is listed again this long after its last statement


@dataclass(frozen=True)
class Target:
    contract_id: int
    options: BuildOptions = BuildOptions()


@dataclass(frozen=True)
class DueItem:
    kind: DocumentKind
    contract_id: int
    contract_number: str
    company: str
    day: date  # the deadline or event the document is about
    reason: str  # Japanese, one line
    options: BuildOptions = BuildOptions()


def _renewable(column: Any, first: date, last: date) -> tuple[ColumnElement[bool], ...]:
    """Running, started contracts without a fixed end whose `column` (a date) is within first..last."""
    return (col(column) >= first, col(column) <= last, col(Contract.end_date).is_(None),
            col(Contract.start_date).is_not(None), col(Contract.status).in_([s.value for s in RUNNING]))


def _renewal_requests(session: Session, column: Any, first: date, last: date) -> list[Target]:
    rows = session.exec(
        select(col(Contract.id), col(Contract.current_term_end))
        .where(*_renewable(column, first, last))
        .order_by(Contract.number)
    ).all()
    return [Target(int(cid), BuildOptions(term_end=end)) for cid, end in rows]  # type: ignore[arg-type]


def renewal_targets(session: Session, month: date) -> list[Target]:
    return _renewal_requests(session, Contract.current_term_end, month_first(month), month_last(month))


def deadline_targets(session: Session, today: date, days: int) -> list[Target]:
    return _renewal_requests(session, Contract.non_renewal_deadline, today, today + timedelta(days=days))


def _overdue_contracts(session: Session, today: date) -> list[int]:
    paid = (
        select(Payment.charge_id, func.sum(Payment.amount).label("paid"))
        .where(col(Payment.paid_date) <= today)
        .group_by(col(Payment.charge_id))
        .subquery()
    )
    rows = session.exec(
        select(Charge.contract_id)
        .join(paid, col(Charge.id) == paid.c.charge_id, isouter=True)
        .where(col(Charge.due_date) < today, col(Charge.amount) > func.coalesce(paid.c.paid, 0))
        .distinct()
    ).all()
    return sorted(int(r) for r in rows)


def overdue_targets(session: Session, today: date) -> list[Target]:
    ids = _overdue_contracts(session, today)
    if not ids:
        return []
    numbers = dict(session.exec(select(col(Contract.id), col(Contract.number)).where(col(Contract.id).in_(ids))).all())
    return [Target(cid) for cid in sorted(ids, key=lambda i: numbers.get(i, ""))]


def _with_contract(session: Session, model: Any, condition: ColumnElement[bool]) -> Sequence[Any]:
    """(row, contract number, company) of a table of contract events (cure notices, change contracts)."""
    return session.exec(
        select(model, Contract.number, Customer.company_name)
        .join(Contract, col(model.contract_id) == col(Contract.id))
        .join(Customer, col(Contract.customer_id) == col(Customer.id))
        .where(condition)
    ).all()


def due_to_send(session: Session, today: date, days: int) -> list[DueItem]:
    """What should be sent and has not been, soonest first."""
    items: list[DueItem] = []
    horizon = today + timedelta(days=days)

    def contract_rows(*where: object) -> list[tuple[Contract, str]]:
        query = select(Contract, Customer.company_name).join(Customer, col(Contract.customer_id) == col(Customer.id))
        for condition in where:
            query = query.where(condition)  # type: ignore[arg-type]
        return [(c, name) for c, name in session.exec(query.limit(2000)).all()]

    renewals = contract_rows(*_renewable(Contract.non_renewal_deadline, today, horizon))
    sent = latest_sent(session, DocumentKind.RENEWAL, [int(c.id) for c, _ in renewals])  # type: ignore[arg-type]
    for contract, company in renewals:
        term_end = contract.current_term_end
        assert term_end is not None and contract.non_renewal_deadline is not None
        last = sent.get(int(contract.id))  # type: ignore[arg-type]
        if last is not None and last > add_months(term_end, -12):
            continue
        items.append(DueItem(DocumentKind.RENEWAL, int(contract.id), contract.number, company,  # type: ignore[arg-type]
                             contract.non_renewal_deadline, "更新しない旨の申出期限が近づいています",
                             BuildOptions(term_end=term_end)))

    endings = contract_rows(col(Contract.notice_date).is_not(None), col(Contract.end_date).is_not(None),
                            col(Contract.end_ground).in_(NOTICE_GROUNDS), col(Contract.end_date) >= today)
    sent = latest_sent(session, DocumentKind.TERMINATION_ACCEPTANCE, [int(c.id) for c, _ in endings])  # type: ignore[arg-type]
    for contract, company in endings:
        assert contract.notice_date is not None and contract.end_date is not None
        last = sent.get(int(contract.id))  # type: ignore[arg-type]
        if last is not None and last >= contract.notice_date:
            continue
        items.append(DueItem(DocumentKind.TERMINATION_ACCEPTANCE, int(contract.id), contract.number, company,  # type: ignore[arg-type]
                             contract.notice_date, "解約のご通知を受領しました（受領通知・違約金請求が未送付）"))

    cures = _with_contract(session, CureNotice, col(CureNotice.closed).is_(False))
    sent = latest_sent(session, DocumentKind.CURE, [c.contract_id for c, _, _ in cures])
    for cure, number, company in cures:
        last = sent.get(cure.contract_id)
        if last is not None and last >= cure.dispatched_date:
            continue
        items.append(DueItem(DocumentKind.CURE, cure.contract_id, number, company, cure.dispatched_date,
                             f"催告書が未印刷です（是正期限 {format_date(cure.cure_deadline)}）",
                             BuildOptions(cure_id=cure.id)))

    overdue = _overdue_contracts(session, today)
    sent = latest_sent(session, DocumentKind.LATE_INTEREST, overdue)
    if overdue:
        for contract, company in contract_rows(col(Contract.id).in_(overdue)):
            last = sent.get(int(contract.id))  # type: ignore[arg-type]
            if last is not None and (today - last).days < INTEREST_REMINDER_DAYS:
                continue
            items.append(DueItem(DocumentKind.LATE_INTEREST, int(contract.id), contract.number, company,  # type: ignore[arg-type]
                                 today, "支払期日を過ぎた未入金があります"))

    changes = _with_contract(session, ChangeContract, col(ChangeContract.effective_month) >= month_first(today))
    sent = latest_sent(session, DocumentKind.CHANGE, [c.contract_id for c, _, _ in changes])
    for change, number, company in changes:
        last = sent.get(change.contract_id)
        if last is not None and last >= change.accepted_date:
            continue
        items.append(DueItem(DocumentKind.CHANGE, change.contract_id, number, company, change.effective_month,
                             "変更契約のご案内が未送付です", BuildOptions(change_id=change.id)))
    items.sort(key=lambda item: (item.day, item.contract_number, item.kind.value))
    return items
