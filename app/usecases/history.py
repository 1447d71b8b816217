"""A contract's history: its events by their own dates, and the audit log (who changed what, when)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Engine, or_
from sqlmodel import Session, col, select

from app.formatting import format_date, yen
from app.labels import NOTICE_DIRECTION_LABELS, NOTICE_KIND_LABELS
from app.models import (
    AuditEntry,
    ChangeContract,
    Charge,
    Contract,
    CureNotice,
    Notice,
    NoticeDirection,
    NoticeKind,
    Payment,
)
from app.usecases.context import JST
from app.usecases.errors import NotFoundError


@dataclass(frozen=True)
class HistoryItem:
    day: date  # when it happened (a notice's arrival, a payment's date; for audit entries the day recorded)
    at: datetime | None  # audit entries: when it was recorded
    source: str  # "audit", "notice", "change_contract", "charge", "payment", "cure_notice"
    source_id: int
    summary: str
    actor: str = ""


_SOURCE_ORDER = {"change_contract": 0, "notice": 1, "cure_notice": 2, "charge": 3, "payment": 4, "audit": 5}


def contract_history(engine: Engine, contract_id: int) -> list[HistoryItem]:
    """Everything about one contract in date order: events by their own dates, plus the audit log."""
    items: list[HistoryItem] = []
    with Session(engine) as session:  # read only: never committed
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError(f"契約（ID {contract_id}）が見つかりません")
        audit: list[ColumnElement[bool]] = [col(AuditEntry.contract_id) == contract_id]
        if contract.application_id is not None:  # the screening before the contract
            audit.append((col(AuditEntry.entity) == "application")
                         & (col(AuditEntry.entity_id) == contract.application_id))
        for a in session.exec(select(AuditEntry).where(or_(*audit))):
            at = a.at.astimezone(JST)
            items.append(HistoryItem(at.date(), at, "audit", int(a.id or 0), a.summary or a.action, a.actor))
        for n in session.exec(select(Notice).where(Notice.contract_id == contract_id)):
            arrow = NOTICE_DIRECTION_LABELS[NoticeDirection(n.direction)]
            extra = f"、終了日 {format_date(n.requested_end)}" if n.requested_end else ""
            extra += f"、{yen(n.penalty)}" if n.penalty else ""
            items.append(HistoryItem(n.notice_date, None, "notice", int(n.id or 0),
                                     f"{NOTICE_KIND_LABELS[NoticeKind(n.kind)]}（{arrow}）{extra}"))
        for c in session.exec(select(ChangeContract).where(ChangeContract.contract_id == contract_id)):
            items.append(HistoryItem(c.accepted_date, None, "change_contract", int(c.id or 0),
                                     f"変更契約: {c.effective_month.year}年{c.effective_month.month}月から月額 "
                                     f"{yen(c.new_monthly_fee)} {c.description}".rstrip()))
        for k in session.exec(select(CureNotice).where(CureNotice.contract_id == contract_id)):
            items.append(HistoryItem(k.dispatched_date, None, "cure_notice", int(k.id or 0),
                                     f"是正催告（是正期限 {format_date(k.cure_deadline)}）: {k.breach}"))
        charges = {c.id: c for c in session.exec(select(Charge).where(Charge.contract_id == contract_id))}
        for charge in charges.values():
            items.append(HistoryItem(charge.due_date, None, "charge", int(charge.id or 0),
                                     f"支払期日: {charge.description} {yen(charge.amount)}"))
        if charges:
            for p in session.scalars(select(Payment).where(Payment.charge_id.in_(list(charges)))):  # type: ignore[attr-defined]
                paid_for = charges[p.charge_id]
                late = "（期日後）" if p.paid_date > paid_for.due_date else ""
                items.append(HistoryItem(p.paid_date, None, "payment", int(p.id or 0),
                                         f"入金: {yen(p.amount)}（{paid_for.description}）{late}"))
    items.sort(key=lambda i: (i.day, _SOURCE_ORDER[i.source], i.source_id))
    return items
